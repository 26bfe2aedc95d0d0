package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.PyRepr;

/**
 * {@code torchvision.transforms.ColorJitter}: brightness, contrast, saturation and hue changed by random factors,
 * in a random order ({@code torch.randperm(4)} then one uniform draw per enabled factor, as torchvision). A number
 * v means the factor range [max(0, 1 - v), 1 + v] (hue: [-v, v]); use {@link Options} for explicit ranges.
 * <pre>{@code
 * new ColorJitter(0.4, 0.4, 0.4, 0.1)
 * }</pre>
 */
public final class ColorJitter implements Transform {
    /** Keyword arguments of {@code ColorJitter}: each an explicit [min, max] range. */
    public static final class Options {
        double[] brightness, contrast, saturation, hue;
        Generator generator;

        public Options() {}

        public Options brightness(double v) { brightness = number(v, "brightness", 1, true); return this; }

        public Options brightness(double min, double max) { brightness = range(min, max, "brightness", 1, 0, Double.POSITIVE_INFINITY); return this; }

        public Options contrast(double v) { contrast = number(v, "contrast", 1, true); return this; }

        public Options contrast(double min, double max) { contrast = range(min, max, "contrast", 1, 0, Double.POSITIVE_INFINITY); return this; }

        public Options saturation(double v) { saturation = number(v, "saturation", 1, true); return this; }

        public Options saturation(double min, double max) { saturation = range(min, max, "saturation", 1, 0, Double.POSITIVE_INFINITY); return this; }

        public Options hue(double v) { hue = number(v, "hue", 0, false); return this; }

        public Options hue(double min, double max) { hue = range(min, max, "hue", 0, -0.5, 0.5); return this; }

        /** The generator to draw from (null: the default one). */
        public Options generator(Generator v) { generator = v; return this; }

        private static double[] number(double v, String name, double center, boolean clipFirstOnZero) {
            if (v < 0) throw new TorchException("If " + name + " is a single number, it must be non negative.");
            double[] r = {center - v, center + v};
            if (clipFirstOnZero) r[0] = Math.max(r[0], 0.0);
            return r[0] == center && r[1] == center ? null : r;
        }

        private static double[] range(double min, double max, String name, double center, double lo, double hi) {
            if (!(lo <= min && min <= max && max <= hi))
                throw new TorchException(name + " values should be between (" + PyRepr.num(lo) + ", " + PyRepr.num(hi).replace("Infinity", "inf") + ")");
            return min == center && max == center ? null : new double[]{min, max};
        }
    }

    private final Options o;

    /** ColorJitter(brightness, contrast, saturation, hue) with single numbers. */
    public ColorJitter(double brightness, double contrast, double saturation, double hue) {
        this(new Options().brightness(brightness).contrast(contrast).saturation(saturation).hue(hue));
    }

    public ColorJitter(Options options) { this.o = options; }

    @Override public Object apply(Object input) {
        return TF.onImage(input, img -> {
            long[] order = Torch.randperm(4, o.generator).toLongArray();
            Double b = o.brightness == null ? null : Draw.uniform(o.brightness[0], o.brightness[1], o.generator);
            Double c = o.contrast == null ? null : Draw.uniform(o.contrast[0], o.contrast[1], o.generator);
            Double s = o.saturation == null ? null : Draw.uniform(o.saturation[0], o.saturation[1], o.generator);
            Double h = o.hue == null ? null : Draw.uniform(o.hue[0], o.hue[1], o.generator);
            Tensor t = img;
            for (long fn : order) {
                if (fn == 0 && b != null) t = TF.adjustBrightness(t, b);
                else if (fn == 1 && c != null) t = TF.adjustContrast(t, c);
                else if (fn == 2 && s != null) t = TF.adjustSaturation(t, s);
                else if (fn == 3 && h != null) t = TF.adjustHue(t, h);
            }
            return t;
        });
    }

    @Override public String toString() {
        return "ColorJitter(brightness=" + r(o.brightness) + ", contrast=" + r(o.contrast) + ", saturation=" + r(o.saturation)
                + ", hue=" + r(o.hue) + ")";
    }

    private static String r(double[] v) { return v == null ? "None" : Repr.floatList(v); }
}
