package torch4j.vision.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.utils.data.Dataset;
import torch4j.utils.data.Sample;
import torch4j.vision.transforms.TF;
import torch4j.vision.transforms.Transform;

/**
 * {@code torchvision.datasets.ImageFolder}: root/class_x/xxx.png … — one class per subfolder, class indices by
 * sorted folder name, files walked recursively (sorted) and kept when their lower-cased name ends with one of the
 * extensions. Images are decoded with javax.imageio (PNG, JPEG, BMP, GIF, TIFF…) into a uint8 [H, W, 3] RGB tensor,
 * as {@code pil_loader}'s {@code convert("RGB")} array; a custom loader may return a BufferedImage instead, which
 * the transform receives as torchvision's transforms receive a PIL image.
 * <pre>{@code
 * var ds = new ImageFolder(Path.of("data/train"), new Compose(new ToTensor(), new Resize(64)));
 * ds.classes();       // [cat, dog]
 * }</pre>
 */
public class ImageFolder implements Dataset<Sample> {
    /** torchvision's IMG_EXTENSIONS (javax.imageio cannot decode .ppm, .pgm and .webp). */
    public static final List<String> IMG_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    /** One (path, class index) pair of {@link #samples()}. */
    public record Entry(Path path, int classIndex) {}

    /** Keyword arguments of {@code ImageFolder}. */
    public static final class Options {
        Transform transform, targetTransform;
        Function<Path, Object> loader = ImageFolder::defaultLoader;
        List<String> extensions;
        Predicate<Path> isValidFile;

        public Options() {}

        public Options transform(Transform v) { transform = v; return this; }

        public Options targetTransform(Transform v) { targetTransform = v; return this; }

        /** Reads one file: returns a tensor or a BufferedImage. */
        public Options loader(Function<Path, Object> v) { loader = v; return this; }

        /** File name endings to keep, e.g. ".png" (default {@link #IMG_EXTENSIONS}). */
        public Options extensions(String... v) { extensions = List.of(v); return this; }

        /** Which files to keep (instead of extensions). */
        public Options isValidFile(Predicate<Path> v) { isValidFile = v; return this; }
    }

    private final Path root;
    private final List<String> classes;
    private final Map<String, Integer> classToIdx;
    private final List<Entry> samples;
    private final Options o;

    public ImageFolder(Path root) { this(root, new Options()); }

    public ImageFolder(Path root, Transform transform) { this(root, new Options().transform(transform)); }

    public ImageFolder(Path root, Options options) {
        this.root = root;
        this.o = options;
        this.classes = findClasses(root);
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) map.put(classes.get(i), i);
        this.classToIdx = Collections.unmodifiableMap(map);
        List<String> ext = o.extensions;
        if (ext == null && o.isValidFile == null) ext = IMG_EXTENSIONS;
        this.samples = List.copyOf(makeDataset(root, classToIdx, ext, o.isValidFile));
    }

    /** Same as torchvision's find_classes: the sorted names of root's subfolders. */
    public static List<String> findClasses(Path dir) {
        if (!Files.isDirectory(dir)) throw new TorchException("[Errno 2] No such file or directory: '" + dir + "'");
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new TorchException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) throw new TorchException("Couldn't find any class folder in " + dir + ".");
        Collections.sort(names);
        return List.copyOf(names);
    }

    /** Same as torchvision's make_dataset: (path, class index) for every valid file, class by class, sorted. */
    public static List<Entry> makeDataset(Path dir, Map<String, Integer> classToIdx, List<String> extensions, Predicate<Path> isValidFile) {
        if ((extensions == null) == (isValidFile == null))
            throw new TorchException("Both extensions and is_valid_file cannot be None or not None at the same time");
        Predicate<Path> valid = isValidFile != null ? isValidFile : p -> {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            for (String e : extensions) if (n.endsWith(e.toLowerCase(Locale.ROOT))) return true;
            return false;
        };
        List<Entry> out = new ArrayList<>();
        TreeSet<String> available = new TreeSet<>();
        for (String cls : new TreeSet<>(classToIdx.keySet())) {
            Path target = dir.resolve(cls);
            if (!Files.isDirectory(target)) continue;
            // os.walk order sorted by folder path, then file names sorted within each folder
            TreeMap<String, List<Path>> byDir = new TreeMap<>();
            try (Stream<Path> s = Files.walk(target, FileVisitOption.FOLLOW_LINKS)) {
                s.filter(Files::isRegularFile).forEach(p -> byDir.computeIfAbsent(p.getParent().toString(), k -> new ArrayList<>()).add(p));
            } catch (IOException e) {
                throw new TorchException("Cannot list " + target + ": " + e.getMessage(), e);
            }
            for (List<Path> files : byDir.values()) {
                files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
                for (Path f : files)
                    if (valid.test(f)) {
                        out.add(new Entry(f, classToIdx.get(cls)));
                        available.add(cls);
                    }
            }
        }
        TreeSet<String> empty = new TreeSet<>(classToIdx.keySet());
        empty.removeAll(available);
        if (!empty.isEmpty()) {
            String msg = "Found no valid file for the classes " + String.join(", ", empty) + ". ";
            if (extensions != null) msg += "Supported extensions are: " + String.join(", ", extensions);
            throw new TorchException(msg);
        }
        return out;
    }

    /** Decodes an image file into a uint8 [H, W, 3] RGB tensor (grey is replicated, alpha dropped, as PIL's convert("RGB")). */
    public static Tensor defaultLoader(Path path) {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(path)) {
            img = ImageIO.read(in);
        } catch (IOException e) {
            throw new TorchException("Cannot read image file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TorchException("Cannot decode image file " + path + ": " + e, e);
        }
        if (img == null)
            throw new TorchException("Cannot decode image file " + path + ": not an image javax.imageio can read, or the file is corrupt");
        Tensor chw = TF.pilToTensor(img);
        int c = chw.size(0);
        if (c == 1) chw = chw.expand(3, chw.size(1), chw.size(2));
        else if (c == 4) chw = chw.narrow(0, 0, 3);
        return chw.permute(1, 2, 0).contiguous();
    }

    /** The class names, sorted ({@code .classes}). */
    public List<String> classes() { return classes; }

    /** Class name → index ({@code .class_to_idx}). */
    public Map<String, Integer> classToIdx() { return classToIdx; }

    /** Every (path, class index) ({@code .samples}, also {@code .imgs}). */
    public List<Entry> samples() { return samples; }

    /** The class index of every sample ({@code .targets}). */
    public List<Integer> targets() { return samples.stream().map(Entry::classIndex).toList(); }

    @Override public Sample get(int index) {
        Entry e = samples.get(index);
        Object x = o.loader.apply(e.path());
        if (o.transform != null) x = o.transform.apply(x);
        if (x instanceof BufferedImage bi) x = TF.pilToTensor(bi).permute(1, 2, 0).contiguous();
        Object t = Torch.tensor((long) e.classIndex());
        if (o.targetTransform != null) t = o.targetTransform.apply(t);
        if (!(x instanceof Tensor xt) || !(t instanceof Tensor tt))
            throw new TorchException("ImageFolder transforms must return tensors (or a BufferedImage) to form a Sample");
        return new Sample(xt, tt);
    }

    @Override public int size() { return samples.size(); }

    @Override public String toString() {
        return "Dataset " + getClass().getSimpleName() + "\n    Number of datapoints: " + size() + "\n    Root location: " + root;
    }
}
