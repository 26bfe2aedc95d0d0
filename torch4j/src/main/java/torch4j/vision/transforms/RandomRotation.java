package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.TorchException;
import torch4j.nn.PyRepr;

/**
 * {@code torchvision.transforms.RandomRotation}: rotates by an angle drawn uniformly from degrees (a number d
 * means [-d, d]), counter-clockwise, nearest or bilinear, filling the uncovered area with fill.
 * <pre>{@code
 * new RandomRotation(10)
 * new RandomRotation(new RandomRotation.Options(-15, 15).interpolation(InterpolationMode.BILINEAR).fill(0.5))
 * }</pre>
 */
public final class RandomRotation implements Transform {
    /** Keyword arguments of {@code RandomRotation}. */
    public static final class Options {
        final double[] degrees;
        InterpolationMode interpolation = InterpolationMode.NEAREST;
        boolean expand;
        double[] center;
        double[] fill = {0};
        Generator generator;

        /** degrees d: the range [-d, d]. */
        public Options(double degrees) {
            if (degrees < 0) throw new TorchException("If degrees is a single number, it must be positive.");
            this.degrees = new double[]{-degrees, degrees};
        }

        public Options(double min, double max) { this.degrees = new double[]{min, max}; }

        public Options interpolation(InterpolationMode v) { interpolation = v; return this; }

        public Options expand(boolean v) { expand = v; return this; }

        /** Centre of rotation in pixel coordinates {x, y} (default: the image centre). */
        public Options center(double x, double y) { center = new double[]{x, y}; return this; }

        /** One fill value for all channels, or one per channel. */
        public Options fill(double... v) { fill = v.clone(); return this; }

        /** The generator to draw from (null: the default one). */
        public Options generator(Generator v) { generator = v; return this; }
    }

    private final Options o;

    public RandomRotation(double degrees) { this(new Options(degrees)); }

    public RandomRotation(Options options) { this.o = options; }

    /** Same as RandomRotation.get_params: the angle in degrees. */
    public static double getParams(double[] degrees, Generator generator) { return Draw.uniform(degrees[0], degrees[1], generator); }

    @Override public Object apply(Object input) {
        return TF.onImage(input, img -> {
            int c = TF.getDimensions(img)[0];
            double[] fill = o.fill.length == 1 ? filled(c, o.fill[0]) : o.fill;
            double angle = getParams(o.degrees, o.generator);
            return TF.rotate(img, angle, o.interpolation, o.expand, o.center, fill);
        });
    }

    private static double[] filled(int n, double v) {
        double[] f = new double[n];
        java.util.Arrays.fill(f, v);
        return f;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("RandomRotation(degrees=").append(Repr.floatList(o.degrees))
                .append(", interpolation=").append(o.interpolation.value()).append(", expand=").append(PyRepr.b(o.expand));
        if (o.center != null) sb.append(", center=[").append(PyRepr.num(o.center[0])).append(", ").append(PyRepr.num(o.center[1])).append("]");
        if (o.fill.length == 1) sb.append(", fill=").append(PyRepr.num(o.fill[0]));
        else {
            sb.append(", fill=(");
            for (int i = 0; i < o.fill.length; i++) sb.append(i == 0 ? "" : ", ").append(PyRepr.num(o.fill[i]));
            sb.append(")");
        }
        return sb.append(")").toString();
    }
}
