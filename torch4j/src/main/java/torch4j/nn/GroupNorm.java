package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.GroupNorm}: x [N, C, *] normalised over each of numGroups groups of channels, then a
 * per-channel weight (ones) and bias (zeros).
 */
public class GroupNorm extends Module {
    /** Keyword arguments of torch.nn.GroupNorm. */
    public static final class Options {
        final int numGroups, numChannels;
        double eps = 1e-5;
        boolean affine = true;
        DType dtype;

        public Options(int numGroups, int numChannels) {
            this.numGroups = numGroups;
            this.numChannels = numChannels;
        }

        public Options eps(double v) {
            eps = v;
            return this;
        }

        public Options affine(boolean on) {
            affine = on;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    public final int numGroups, numChannels;
    public final double eps;
    public final boolean affine;
    public final Parameter weight;
    public final Parameter bias;

    /** Same as torch.nn.GroupNorm(num_groups, num_channels). */
    public GroupNorm(int numGroups, int numChannels) { this(new Options(numGroups, numChannels)); }

    public GroupNorm(Options o) {
        if (o.numGroups <= 0 || o.numChannels % o.numGroups != 0)
            throw new TorchException("num_channels must be divisible by num_groups");
        numGroups = o.numGroups;
        numChannels = o.numChannels;
        eps = o.eps;
        affine = o.affine;
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        weight = affine ? new Parameter(Tensor.empty(new int[]{numChannels}, dt, Device.CPU)) : null;
        bias = affine ? new Parameter(Tensor.empty(new int[]{numChannels}, dt, Device.CPU)) : null;
        resetParameters();
    }

    /** Same as torch.nn.GroupNorm.reset_parameters. */
    public void resetParameters() {
        if (affine) {
            Init.ones_(weight);
            Init.zeros_(bias);
        }
    }

    @Override public Tensor forward(Tensor input) { return F.groupNorm(input, numGroups, weight, bias, eps); }

    @Override public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + PyRepr.f(eps) + ", affine=" + PyRepr.b(affine);
    }
}
