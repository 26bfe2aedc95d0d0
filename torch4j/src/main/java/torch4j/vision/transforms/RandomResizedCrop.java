package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Tensor;

/**
 * {@code torchvision.transforms.RandomResizedCrop}: a crop of random area (scale × image area) and aspect ratio
 * (log-uniform in ratio), resized to size; up to 10 tries, then a central crop, with torchvision's draws.
 * <pre>{@code
 * new RandomResizedCrop(224)
 * new RandomResizedCrop(new RandomResizedCrop.Options(224).scale(0.5, 1.0))
 * }</pre>
 */
public final class RandomResizedCrop implements Transform {
    /** Keyword arguments of {@code RandomResizedCrop}. */
    public static final class Options {
        final int[] size;
        double[] scale = {0.08, 1.0};
        double[] ratio = {3.0 / 4.0, 4.0 / 3.0};
        InterpolationMode interpolation = InterpolationMode.BILINEAR;
        Boolean antialias;
        Generator generator;

        /** size {n} for a square output or {height, width}. */
        public Options(int... size) { this.size = TF.size2(size, "size"); }

        public Options scale(double min, double max) { scale = new double[]{min, max}; return this; }

        public Options ratio(double min, double max) { ratio = new double[]{min, max}; return this; }

        public Options interpolation(InterpolationMode v) { interpolation = v; return this; }

        public Options antialias(Boolean v) { antialias = v; return this; }

        /** The generator to draw from (null: the default one). */
        public Options generator(Generator v) { generator = v; return this; }
    }

    private final Options o;

    public RandomResizedCrop(int... size) { this(new Options(size)); }

    public RandomResizedCrop(Options options) { this.o = options; }

    /** Same as RandomResizedCrop.get_params: {top, left, height, width}. */
    public static int[] getParams(Tensor img, double[] scale, double[] ratio, Generator generator) {
        int[] d = TF.getDimensions(img);
        int height = d[1], width = d[2];
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * Draw.uniform(scale[0], scale[1], generator);
            double aspect = Draw.logUniformRatio(ratio, generator);
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < w && w <= width && 0 < h && h <= height) {
                int i = Draw.randint(height - h + 1, generator);
                int j = Draw.randint(width - w + 1, generator);
                return new int[]{i, j, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w, h;
        double rmin = Math.min(ratio[0], ratio[1]), rmax = Math.max(ratio[0], ratio[1]);
        if (inRatio < rmin) {
            w = width;
            h = (int) Math.rint(w / rmin);
        } else if (inRatio > rmax) {
            h = height;
            w = (int) Math.rint(h * rmax);
        } else {
            w = width;
            h = height;
        }
        return new int[]{(height - h) / 2, (width - w) / 2, h, w};
    }

    @Override public Object apply(Object input) {
        Boolean aa = o.antialias;
        if (input instanceof java.awt.image.BufferedImage && aa == null && o.interpolation == InterpolationMode.BILINEAR) aa = true;
        Boolean antialias = aa;
        return TF.onImage(input, img -> {
            int[] p = getParams(img, o.scale, o.ratio, o.generator);
            return TF.resizedCrop(img, p[0], p[1], p[2], p[3], o.size, o.interpolation, antialias);
        });
    }

    // torchvision 0.14 prints a stray ")" after the interpolation; kept so reprs compare equal
    @Override public String toString() {
        return "RandomResizedCrop(size=(" + o.size[0] + ", " + o.size[1] + "), scale=(" + Repr.round4(o.scale[0]) + ", "
                + Repr.round4(o.scale[1]) + "), ratio=(" + Repr.round4(o.ratio[0]) + ", " + Repr.round4(o.ratio[1])
                + "), interpolation=" + o.interpolation.value() + "), antialias=" + Resize.bool(o.antialias) + ")";
    }
}
