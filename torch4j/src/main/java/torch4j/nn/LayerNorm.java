package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.LayerNorm}: normalises over the trailing normalizedShape dims (biased variance, eps),
 * then applies the elementwise weight (ones) and bias (zeros).
 */
public class LayerNorm extends Module {
    /** Keyword arguments of torch.nn.LayerNorm. */
    public static final class Options {
        final int[] normalizedShape;
        double eps = 1e-5;
        boolean elementwiseAffine = true;
        DType dtype;

        public Options(int... normalizedShape) { this.normalizedShape = normalizedShape.clone(); }

        public Options eps(double v) {
            eps = v;
            return this;
        }

        public Options elementwiseAffine(boolean on) {
            elementwiseAffine = on;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    private final int[] normalizedShape;
    public final double eps;
    public final boolean elementwiseAffine;
    public final Parameter weight;
    public final Parameter bias;

    /** Same as torch.nn.LayerNorm(normalized_shape). */
    public LayerNorm(int... normalizedShape) { this(new Options(normalizedShape)); }

    public LayerNorm(Options o) {
        normalizedShape = o.normalizedShape.clone();
        eps = o.eps;
        elementwiseAffine = o.elementwiseAffine;
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        weight = elementwiseAffine ? new Parameter(Tensor.empty(normalizedShape, dt, Device.CPU)) : null;
        bias = elementwiseAffine ? new Parameter(Tensor.empty(normalizedShape, dt, Device.CPU)) : null;
        resetParameters();
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }

    /** Same as torch.nn.LayerNorm.reset_parameters. */
    public void resetParameters() {
        if (elementwiseAffine) {
            Init.ones_(weight);
            Init.zeros_(bias);
        }
    }

    @Override public Tensor forward(Tensor input) { return F.layerNorm(input, normalizedShape, weight, bias, eps); }

    @Override public String extraRepr() {
        return PyRepr.tuple(normalizedShape) + ", eps=" + PyRepr.f(eps) + ", elementwise_affine=" + PyRepr.b(elementwiseAffine);
    }
}
