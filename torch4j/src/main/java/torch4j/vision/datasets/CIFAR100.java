package torch4j.vision.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.vision.transforms.Transform;

/**
 * {@code torchvision.datasets.CIFAR100} from the binary version ({@code cifar-100-binary/train.bin}, {@code test.bin}:
 * records of a coarse label byte, a fine label byte and 3072 image bytes). Targets are the 100 fine labels, as
 * torchvision's; {@link #coarseTargets()} has the 20 superclasses.
 */
public class CIFAR100 extends CIFAR10 {
    /** The fine class names, as {@code CIFAR100(...).classes}. */
    public static final List<String> CLASSES = List.of("apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee",
            "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle",
            "caterpillar", "cattle", "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile",
            "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo",
            "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle",
            "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck",
            "pine_tree", "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
            "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider", "squirrel",
            "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
            "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm");
    /** The 20 superclass names of the coarse labels. */
    public static final List<String> COARSE_CLASSES = List.of("aquatic_mammals", "fish", "flowers", "food_containers",
            "fruit_and_vegetables", "household_electrical_devices", "household_furniture", "insects", "large_carnivores",
            "large_man-made_outdoor_things", "large_natural_outdoor_scenes", "large_omnivores_and_herbivores",
            "medium_mammals", "non-insect_invertebrates", "people", "reptiles", "small_mammals", "trees", "vehicles_1",
            "vehicles_2");

    private final List<String> classes;

    public CIFAR100(Path root, boolean train) { this(root, new Options().train(train)); }

    public CIFAR100(Path root, boolean train, Transform transform) { this(root, new Options().train(train).transform(transform)); }

    public CIFAR100(Path root, boolean train, Transform transform, Transform targetTransform) {
        this(root, new Options().train(train).transform(transform).targetTransform(targetTransform));
    }

    public CIFAR100(Path root, Options o) {
        super(root, o);
        this.classes = readNames(root.resolve("cifar-100-binary").resolve("fine_label_names.txt"));
    }

    // the archive ships the names; the built-in list is the same, for folders that lack the file
    private static List<String> readNames(Path p) {
        if (!Files.isRegularFile(p)) return CLASSES;
        try {
            List<String> names = Files.readAllLines(p).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() != 100) throw new TorchException("Invalid " + p + ": expected 100 class names, got " + names.size());
            return names;
        } catch (IOException e) {
            throw new TorchException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override protected String baseFolder() { return "cifar-100-binary"; }

    @Override protected String archive() { return "cifar-100-binary.tar.gz"; }

    @Override protected List<String> trainFiles() { return List.of("train.bin"); }

    @Override protected List<String> testFiles() { return List.of("test.bin"); }

    @Override protected int labelBytes() { return 2; }

    @Override protected int numClasses() { return 100; }

    @Override public List<String> classes() { return classes; }

    /** The coarse (superclass) labels, int64 [N]. */
    public Tensor coarseTargets() { return coarse(); }
}
