package torch4j.nn;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.Linear}: y = x·Wᵀ + b, with W [out_features, in_features] initialised as PyTorch's
 * (kaiming_uniform_ with a = √5, bias uniform in ±1/√in_features) from the default generator.
 * <pre>{@code
 * Linear fc = new Linear(784, 128);
 * Linear head = new Linear(new Linear.Options(128, 10).bias(false));
 * }</pre>
 */
public class Linear extends Module {
    /** Keyword arguments of torch.nn.Linear. */
    public static final class Options {
        final int inFeatures, outFeatures;
        boolean bias = true;
        DType dtype;

        public Options(int inFeatures, int outFeatures) {
            this.inFeatures = inFeatures;
            this.outFeatures = outFeatures;
        }

        /** Whether the layer learns an additive bias (default true). */
        public Options bias(boolean on) {
            bias = on;
            return this;
        }

        /** The parameters' dtype (default: the default float dtype). */
        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    public final int inFeatures, outFeatures;
    public final Parameter weight;
    public final Parameter bias;

    /** Same as torch.nn.Linear(in_features, out_features). */
    public Linear(int inFeatures, int outFeatures) { this(new Options(inFeatures, outFeatures)); }

    /** Same as torch.nn.Linear(in_features, out_features, bias). */
    public Linear(int inFeatures, int outFeatures, boolean bias) { this(new Options(inFeatures, outFeatures).bias(bias)); }

    public Linear(Options o) {
        inFeatures = o.inFeatures;
        outFeatures = o.outFeatures;
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        weight = new Parameter(Tensor.empty(new int[]{outFeatures, inFeatures}, dt, torch4j.Device.CPU));
        bias = o.bias ? new Parameter(Tensor.empty(new int[]{outFeatures}, dt, torch4j.Device.CPU)) : null;
        resetParameters();
    }

    /** Same as torch.nn.Linear.reset_parameters. */
    public void resetParameters() {
        Init.kaimingUniform_(weight, Math.sqrt(5));
        if (bias != null) {
            int fanIn = Init.calculateFanInAndFanOut(weight).fanIn();
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(bias, -bound, bound);
        }
    }

    @Override public Tensor forward(Tensor input) { return F.linear(input, weight, bias); }

    @Override public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.b(bias != null);
    }
}
