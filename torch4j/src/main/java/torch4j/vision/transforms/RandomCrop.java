package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * {@code torchvision.transforms.RandomCrop}: optional padding first, then a crop at a random position (two
 * {@code torch.randint} draws, so the same seed picks the same crop as torchvision).
 * <pre>{@code
 * new RandomCrop(new RandomCrop.Options(32).padding(4))      // CIFAR augmentation
 * }</pre>
 */
public final class RandomCrop implements Transform {
    /** Keyword arguments of {@code RandomCrop}. */
    public static final class Options {
        final int[] size;
        int[] padding;
        boolean padIfNeeded;
        double fill;
        PaddingMode paddingMode = PaddingMode.CONSTANT;
        Generator generator;

        /** size {n} for a square crop or {height, width}. */
        public Options(int... size) { this.size = TF.size2(size, "size"); }

        public Options padding(int... v) { padding = v.clone(); return this; }

        public Options padIfNeeded(boolean v) { padIfNeeded = v; return this; }

        public Options fill(double v) { fill = v; return this; }

        public Options paddingMode(PaddingMode v) { paddingMode = v; return this; }

        /** The generator to draw from (null: the default one). */
        public Options generator(Generator v) { generator = v; return this; }
    }

    private final Options o;

    public RandomCrop(int... size) { this(new Options(size)); }

    public RandomCrop(Options options) { this.o = options; }

    /** Same as RandomCrop.get_params: {top, left, height, width} of a random crop of the given size. */
    public static int[] getParams(Tensor img, int[] outputSize, Generator generator) {
        int[] d = TF.getDimensions(img);
        int h = d[1], w = d[2], th = outputSize[0], tw = outputSize[1];
        if (h < th || w < tw)
            throw new TorchException("Required crop size (" + th + ", " + tw + ") is larger than input image size (" + h + ", " + w + ")");
        if (w == tw && h == th) return new int[]{0, 0, h, w};
        int i = Draw.randint(h - th + 1, generator);
        int j = Draw.randint(w - tw + 1, generator);
        return new int[]{i, j, th, tw};
    }

    @Override public Object apply(Object input) {
        return TF.onImage(input, img -> {
            if (o.padding != null) img = TF.pad(img, o.padding, o.fill, o.paddingMode);
            int height = img.size(-2), width = img.size(-1);
            if (o.padIfNeeded && width < o.size[1]) img = TF.pad(img, new int[]{o.size[1] - width, 0}, o.fill, o.paddingMode);
            if (o.padIfNeeded && height < o.size[0]) img = TF.pad(img, new int[]{0, o.size[0] - height}, o.fill, o.paddingMode);
            int[] p = getParams(img, o.size, o.generator);
            return TF.crop(img, p[0], p[1], p[2], p[3]);
        });
    }

    @Override public String toString() {
        return "RandomCrop(size=(" + o.size[0] + ", " + o.size[1] + "), padding=" + (o.padding == null ? "None" : Repr.ints(o.padding)) + ")";
    }
}
