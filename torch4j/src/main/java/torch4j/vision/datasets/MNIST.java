package torch4j.vision.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.utils.data.Dataset;
import torch4j.utils.data.Sample;
import torch4j.vision.transforms.Transform;

/**
 * {@code torchvision.datasets.MNIST}: 28×28 digits from the four IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-…}, gzipped or not), looked for in {@code root},
 * {@code root/MNIST/raw} and {@code root/raw}. Items are {@link Sample}s: the image (a uint8 [28, 28] tensor, or
 * whatever the transform makes of it) and the label (an int64 scalar, or the target transform's result).
 * <pre>{@code
 * var train = new MNIST(Path.of("data/mnist-10k"), true, new Compose(new ToTensor(), new Normalize(0.5, 0.5)));
 * }</pre>
 */
public class MNIST implements Dataset<Sample> {
    /** The class names, as {@code MNIST.classes}. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
            "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    private final Tensor data;     // uint8 [N, 28, 28]
    private final Tensor targets;  // int64 [N]
    private final Transform transform;
    private final Transform targetTransform;

    public MNIST(Path root, boolean train) { this(root, train, null, null); }

    public MNIST(Path root, boolean train, Transform transform) { this(root, train, transform, null); }

    public MNIST(Path root, boolean train, Transform transform, Transform targetTransform) {
        String prefix = train ? "train" : "t10k";
        Path images = find(root, prefix + "-images-idx3-ubyte");
        Path labels = find(root, prefix + "-labels-idx1-ubyte");
        this.data = Idx.read(images);
        this.targets = Idx.read(labels).to(DType.INT64);
        if (data.dim() != 3) throw new TorchException("Invalid MNIST image file " + images + ": expected 3 dimensions, got " + data.shape());
        if (targets.dim() != 1 || targets.size(0) != data.size(0))
            throw new TorchException("MNIST files disagree: " + data.size(0) + " images in " + images + " but "
                    + (targets.dim() == 1 ? targets.size(0) : -1) + " labels in " + labels);
        this.transform = transform;
        this.targetTransform = targetTransform;
    }

    /** The folder name under root that torchvision uses for this dataset. */
    protected String folder() { return "MNIST"; }

    private Path find(Path root, String name) {
        List<Path> tried = new ArrayList<>();
        for (Path dir : new Path[]{root, root.resolve(folder()).resolve("raw"), root.resolve("raw")})
            for (String n : new String[]{name, name + ".gz"}) {
                Path p = dir.resolve(n);
                if (Files.isRegularFile(p)) return p;
                tried.add(p);
            }
        throw new TorchException("Dataset not found: " + name + "(.gz) is missing. Place the " + folder()
                + " IDX files in " + root + " (or " + root.resolve(folder()).resolve("raw") + "); looked for " + tried);
    }

    /** All images, uint8 [N, 28, 28] ({@code .data}). */
    public Tensor data() { return data; }

    /** All labels, int64 [N] ({@code .targets}). */
    public Tensor targets() { return targets; }

    @Override public Sample get(int index) {
        Tensor img = data.select(0, index);
        Object x = transform == null ? img : transform.apply(img);
        Tensor y = targets.select(0, index);
        Object t = targetTransform == null ? y : targetTransform.apply(y);
        if (!(x instanceof Tensor xt) || !(t instanceof Tensor tt))
            throw new TorchException("MNIST transforms must return tensors to form a Sample");
        return new Sample(xt, tt);
    }

    @Override public int size() { return data.size(0); }
}
