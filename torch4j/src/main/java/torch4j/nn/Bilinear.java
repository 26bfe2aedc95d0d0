package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.Bilinear}: y[o] = x1ᵀ·W[o]·x2 + b[o], W [out, in1, in2], all initialised uniform in
 * ±1/√in1. It takes two inputs: call {@link #forward(Tensor, Tensor)}.
 */
public class Bilinear extends Module {
    /** Keyword arguments of torch.nn.Bilinear. */
    public static final class Options {
        final int in1Features, in2Features, outFeatures;
        boolean bias = true;
        DType dtype;

        public Options(int in1Features, int in2Features, int outFeatures) {
            this.in1Features = in1Features;
            this.in2Features = in2Features;
            this.outFeatures = outFeatures;
        }

        public Options bias(boolean on) {
            bias = on;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    public final int in1Features, in2Features, outFeatures;
    public final Parameter weight;
    public final Parameter bias;

    /** Same as torch.nn.Bilinear(in1_features, in2_features, out_features). */
    public Bilinear(int in1Features, int in2Features, int outFeatures) { this(new Options(in1Features, in2Features, outFeatures)); }

    public Bilinear(Options o) {
        in1Features = o.in1Features;
        in2Features = o.in2Features;
        outFeatures = o.outFeatures;
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        weight = new Parameter(Tensor.empty(new int[]{outFeatures, in1Features, in2Features}, dt, Device.CPU));
        bias = o.bias ? new Parameter(Tensor.empty(new int[]{outFeatures}, dt, Device.CPU)) : null;
        resetParameters();
    }

    /** Same as torch.nn.Bilinear.reset_parameters. */
    public void resetParameters() {
        double bound = 1 / Math.sqrt(weight.size(1));
        Init.uniform_(weight, -bound, bound);
        if (bias != null) Init.uniform_(bias, -bound, bound);
    }

    /** The forward pass over the two inputs. */
    public Tensor forward(Tensor input1, Tensor input2) { return F.bilinear(input1, input2, weight, bias); }

    @Override public String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
                + ", bias=" + PyRepr.b(bias != null);
    }
}
