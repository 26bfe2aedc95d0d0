package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.PyRepr;

/**
 * {@code torchvision.transforms.RandomErasing}: with probability p, overwrites a random rectangle (area fraction in
 * scale, aspect ratio log-uniform in ratio) of a CHW tensor with value (one number, one per channel, or
 * {@link Options#valueRandom() random} normal noise). Tensor images only, as torchvision.
 */
public final class RandomErasing implements Transform {
    /** Keyword arguments of {@code RandomErasing}. */
    public static final class Options {
        double p = 0.5;
        double[] scale = {0.02, 0.33};
        double[] ratio = {0.3, 3.3};
        double[] value = {0};
        boolean inplace;
        Generator generator;

        public Options() {}

        public Options p(double v) {
            if (v < 0 || v > 1) throw new TorchException("Random erasing probability should be between 0 and 1");
            p = v;
            return this;
        }

        public Options scale(double min, double max) {
            if (min < 0 || max > 1) throw new TorchException("Scale should be between 0 and 1");
            scale = new double[]{min, max};
            return this;
        }

        public Options ratio(double min, double max) { ratio = new double[]{min, max}; return this; }

        /** One value for every channel or one per channel. */
        public Options value(double... v) { value = v.clone(); return this; }

        /** value='random': erase with standard normal noise. */
        public Options valueRandom() { value = null; return this; }

        public Options inplace(boolean v) { inplace = v; return this; }

        /** The generator to draw from (null: the default one). */
        public Options generator(Generator v) { generator = v; return this; }
    }

    private final Options o;

    public RandomErasing() { this(new Options()); }

    public RandomErasing(Options options) { this.o = options; }

    /** The erased box and its values, as RandomErasing.get_params returns them. */
    public record Params(int i, int j, int h, int w, Tensor v) {}

    /** Same as RandomErasing.get_params (value null: random normal values). */
    public static Params getParams(Tensor img, double[] scale, double[] ratio, double[] value, Generator generator) {
        int c = img.size(-3), ih = img.size(-2), iw = img.size(-1);
        double area = (double) ih * iw;
        for (int attempt = 0; attempt < 10; attempt++) {
            double eraseArea = area * Draw.uniform(scale[0], scale[1], generator);
            double aspect = Draw.logUniformRatio(ratio, generator);
            int h = (int) Math.rint(Math.sqrt(eraseArea * aspect));
            int w = (int) Math.rint(Math.sqrt(eraseArea / aspect));
            if (!(h < ih && w < iw)) continue;
            Tensor v = value == null ? Torch.empty(c, h, w).normal_(0, 1, generator) : Torch.tensor(value).reshape(value.length, 1, 1);
            int i = Draw.randint(ih - h + 1, generator);
            int j = Draw.randint(iw - w + 1, generator);
            return new Params(i, j, h, w, v);
        }
        return new Params(0, 0, ih, iw, img);
    }

    @Override public Object apply(Object input) {
        if (!(input instanceof Tensor img)) throw new TorchException("img should be Tensor Image. Got " + (input == null ? "null" : input.getClass().getName()));
        if (img.dim() < 3) throw new TorchException("RandomErasing expects a tensor image of shape (..., C, H, W). Got " + img.shape());
        if (!Draw.below(o.p, o.generator)) return img;
        if (o.value != null && o.value.length != 1 && o.value.length != img.size(-3))
            throw new TorchException("If value is a sequence, it should have either a single value or " + img.size(-3) + " (number of input channels)");
        Params p = getParams(img, o.scale, o.ratio, o.value, o.generator);
        return TF.erase(img, p.i(), p.j(), p.h(), p.w(), p.v(), o.inplace);
    }

    @Override public String toString() {
        String v;
        if (o.value == null) v = "random";
        else if (o.value.length == 1) v = PyRepr.num(o.value[0]);
        else {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < o.value.length; i++) sb.append(i == 0 ? "" : ", ").append(PyRepr.num(o.value[i]));
            v = sb.append(")").toString();
        }
        return "RandomErasing(p=" + PyRepr.num(o.p) + ", scale=" + Repr.floatTuple(o.scale) + ", ratio=" + Repr.floatTuple(o.ratio)
                + ", value=" + v + ", inplace=" + PyRepr.b(o.inplace) + ")";
    }
}
