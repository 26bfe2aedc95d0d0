package torch4j.vision.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.utils.data.Dataset;
import torch4j.utils.data.Sample;
import torch4j.vision.transforms.Transform;

/**
 * {@code torchvision.datasets.CIFAR10}, read from the binary version ({@code cifar-10-batches-bin/data_batch_1.bin}
 * … {@code data_batch_5.bin}, {@code test_batch.bin}: records of a label byte and 3072 bytes of 32×32 R, G, B planes)
 * rather than torchvision's Python pickles. Items are {@link Sample}s of the image, a uint8 [32, 32, 3] HWC tensor
 * as a PIL image's array (or the transform's result), and the int64 label. Transforms that expect CHW tensors
 * (RandomCrop, flips…) go after {@code ToTensor()} or {@code PILToTensor()}.
 * <pre>{@code
 * var train = new CIFAR10(root, true, new Compose(new ToTensor(), new RandomCrop(new RandomCrop.Options(32).padding(4)),
 *         new RandomHorizontalFlip(), new Normalize(new double[]{0.4914, 0.4822, 0.4465}, new double[]{0.247, 0.243, 0.261})));
 * }</pre>
 */
public class CIFAR10 implements Dataset<Sample> {
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /** Keyword arguments of {@code CIFAR10}/{@code CIFAR100}. */
    public static final class Options {
        boolean train = true;
        Transform transform, targetTransform;
        boolean download;
        List<String> mirrors = Download.CIFAR_MIRRORS;
        Duration timeout = Download.DEFAULT_TIMEOUT;

        public Options() {}

        public Options train(boolean v) { train = v; return this; }

        public Options transform(Transform v) { transform = v; return this; }

        public Options targetTransform(Transform v) { targetTransform = v; return this; }

        /** Fetch the archive when the batch files are missing (see {@link Download}). */
        public Options download(boolean v) { download = v; return this; }

        /** Base URLs the archive is fetched from when downloading. */
        public Options mirrors(List<String> v) { mirrors = List.copyOf(v); return this; }

        public Options timeout(Duration v) { timeout = v; return this; }
    }

    private final Path root;
    private final boolean train;
    private final Tensor data;        // uint8 [N, 32, 32, 3]
    private final Tensor targets;     // int64 [N]
    private final Tensor coarse;      // int64 [N] for CIFAR-100, else null
    private final Transform transform, targetTransform;

    public CIFAR10(Path root, boolean train) { this(root, new Options().train(train)); }

    public CIFAR10(Path root, boolean train, Transform transform) { this(root, new Options().train(train).transform(transform)); }

    public CIFAR10(Path root, boolean train, Transform transform, Transform targetTransform) {
        this(root, new Options().train(train).transform(transform).targetTransform(targetTransform));
    }

    public CIFAR10(Path root, Options o) {
        this.root = root;
        this.train = o.train;
        List<String> all = new ArrayList<>(trainFiles());
        all.addAll(testFiles());
        if (o.download) Download.cifar(root, baseFolder(), all, archive(), o.mirrors, o.timeout);
        List<String> names = o.train ? trainFiles() : testFiles();
        int labels = labelBytes(), rec = labels + 3072;
        List<byte[]> contents = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        long n = 0;
        for (String name : names) {
            Path p = find(root, name);
            byte[] b;
            try {
                b = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new TorchException("Cannot read CIFAR batch file " + p + ": " + e.getMessage(), e);
            }
            if (b.length == 0 || b.length % rec != 0)
                throw new TorchException("Invalid CIFAR batch file " + p + ": its size " + b.length + " is not a multiple of the "
                        + rec + "-byte record size (truncated or not the binary version?)");
            contents.add(b);
            paths.add(p);
            n += b.length / rec;
        }
        if (n * 3072 > Integer.MAX_VALUE - 8) throw new TorchException("Too many CIFAR images: " + n);
        byte[] img = new byte[(int) n * 3072];
        long[] fine = new long[(int) n], crs = labels == 2 ? new long[(int) n] : null;
        int classes = numClasses();
        int k = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] b = contents.get(f);
            for (int r = 0; r < b.length / rec; r++, k++) {
                int off = r * rec;
                int label = b[off + labels - 1] & 0xFF;
                if (label >= classes)
                    throw new TorchException("Invalid CIFAR batch file " + paths.get(f) + ": record " + r + " has label " + label
                            + ", expected 0.." + (classes - 1));
                fine[k] = label;
                if (crs != null) crs[k] = b[off] & 0xFF;
                // CHW planes in the file, HWC in memory, as the arrays torchvision builds
                int px = off + labels, out = k * 3072;
                for (int i = 0; i < 1024; i++) {
                    img[out + 3 * i] = b[px + i];
                    img[out + 3 * i + 1] = b[px + 1024 + i];
                    img[out + 3 * i + 2] = b[px + 2048 + i];
                }
            }
        }
        this.data = Torch.fromArray(img, DType.UINT8, (int) n, 32, 32, 3);
        this.targets = Torch.fromArray(fine, (int) n);
        this.coarse = crs == null ? null : Torch.fromArray(crs, (int) n);
        this.transform = o.transform;
        this.targetTransform = o.targetTransform;
    }

    private Path find(Path root, String name) {
        Path a = root.resolve(baseFolder()).resolve(name), b = root.resolve(name);
        if (Files.isRegularFile(a)) return a;
        if (Files.isRegularFile(b)) return b;
        throw new TorchException("Dataset not found: " + name + " is missing. Place the binary version's files (from "
                + archive() + ") in " + root.resolve(baseFolder()) + ", or pass download=true; looked for " + a + " and " + b);
    }

    /** The folder the binary archive unpacks to. */
    protected String baseFolder() { return "cifar-10-batches-bin"; }

    protected String archive() { return "cifar-10-binary.tar.gz"; }

    protected List<String> trainFiles() {
        return List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    }

    protected List<String> testFiles() { return List.of("test_batch.bin"); }

    /** Label bytes before each image: 1 (CIFAR-10) or 2 (CIFAR-100: coarse then fine). */
    protected int labelBytes() { return 1; }

    protected int numClasses() { return 10; }

    /** The class names, as {@code .classes}. */
    public List<String> classes() { return CLASSES; }

    /** All images, uint8 [N, 32, 32, 3] HWC ({@code .data}). */
    public Tensor data() { return data; }

    /** All labels, int64 [N] ({@code .targets}). */
    public Tensor targets() { return targets; }

    /** CIFAR-100's coarse (superclass) labels, int64 [N]; null for CIFAR-10. */
    protected Tensor coarse() { return coarse; }

    /** Whether this is the training split. */
    public boolean train() { return train; }

    @Override public Sample get(int index) {
        Tensor img = data.select(0, index);
        Object x = transform == null ? img : transform.apply(img);
        Tensor y = targets.select(0, index);
        Object t = targetTransform == null ? y : targetTransform.apply(y);
        if (x instanceof java.awt.image.BufferedImage bi) x = torch4j.vision.transforms.TF.pilToTensor(bi).permute(1, 2, 0).contiguous();
        if (!(x instanceof Tensor xt) || !(t instanceof Tensor tt))
            throw new TorchException(getClass().getSimpleName() + " transforms must return tensors to form a Sample");
        return new Sample(xt, tt);
    }

    @Override public int size() { return data.size(0); }

    @Override public String toString() {
        return "Dataset " + getClass().getSimpleName() + "\n    Number of datapoints: " + size() + "\n    Root location: " + root
                + "\n    Split: " + (train ? "Train" : "Test");
    }
}
