package torch4j.nn;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.modules.conv._ConvNd}: the parameters, initialisation and printing shared by
 * {@link Conv1d}, {@link Conv2d}, {@link Conv3d}, {@link ConvTranspose1d} and {@link ConvTranspose2d}.
 */
public abstract class ConvNd extends Module {
    /** The padding_mode argument; only zero padding is implemented. */
    public enum PaddingMode { ZEROS }

    /** Keyword arguments of the convolution layers; each layer's {@code Options} fixes O to itself. */
    @SuppressWarnings("unchecked")
    public abstract static class Options<O extends Options<O>> {
        final int inChannels, outChannels;
        final int[] kernelSize;
        int[] stride = {1}, padding = {0}, dilation = {1}, outputPadding = {0};
        F.Padding paddingString;
        int groups = 1;
        boolean bias = true;
        PaddingMode paddingMode = PaddingMode.ZEROS;
        DType dtype;

        protected Options(int inChannels, int outChannels, int... kernelSize) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelSize = kernelSize.clone();
        }

        /** stride (one value or one per spatial dim; default 1). */
        public O stride(int... v) {
            stride = v.clone();
            return (O) this;
        }

        /** Zero padding added on both sides (one value or one per spatial dim; default 0). */
        public O padding(int... v) {
            padding = v.clone();
            paddingString = null;
            return (O) this;
        }

        /** padding="same" or "valid". */
        public O padding(F.Padding p) {
            paddingString = p;
            return (O) this;
        }

        /** dilation (one value or one per spatial dim; default 1). */
        public O dilation(int... v) {
            dilation = v.clone();
            return (O) this;
        }

        /** Number of blocked connections from input to output channels (default 1). */
        public O groups(int g) {
            groups = g;
            return (O) this;
        }

        /** Whether the layer learns an additive bias (default true). */
        public O bias(boolean on) {
            bias = on;
            return (O) this;
        }

        /** padding_mode (only ZEROS). */
        public O paddingMode(PaddingMode m) {
            paddingMode = m;
            return (O) this;
        }

        /** The parameters' dtype (default: the default float dtype). */
        public O dtype(DType d) {
            dtype = d;
            return (O) this;
        }
    }

    public final int inChannels, outChannels, groups;
    public final int[] kernelSize, stride, padding, dilation, outputPadding;
    /** padding="same"/"valid", or null for explicit {@link #padding}. */
    public final F.Padding paddingString;
    public final boolean transposed;
    public final PaddingMode paddingMode;
    public final Parameter weight;
    public final Parameter bias;

    private static int[] nd(int[] v, int n, String what) {
        if (v.length == n) return v.clone();
        if (v.length == 1) {
            int[] r = new int[n];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new TorchException(what + " must be an int or a tuple of " + n + " ints, got " + PyRepr.tuple(v));
    }

    protected ConvNd(Options<?> o, int spatial, boolean transposed) {
        if (o.groups <= 0) throw new TorchException("groups must be a positive integer");
        if (o.inChannels % o.groups != 0) throw new TorchException("in_channels must be divisible by groups");
        if (o.outChannels % o.groups != 0) throw new TorchException("out_channels must be divisible by groups");
        inChannels = o.inChannels;
        outChannels = o.outChannels;
        groups = o.groups;
        this.transposed = transposed;
        kernelSize = nd(o.kernelSize, spatial, "kernel_size");
        stride = nd(o.stride, spatial, "stride");
        dilation = nd(o.dilation, spatial, "dilation");
        outputPadding = nd(o.outputPadding, spatial, "output_padding");
        paddingString = o.paddingString;
        paddingMode = o.paddingMode;
        if (paddingString != null && transposed)
            throw new TorchException("padding='" + paddingString.name().toLowerCase() + "' is not supported for "
                    + getClass().getSimpleName());
        if (paddingString == F.Padding.SAME)
            for (int s : stride)
                if (s != 1) throw new TorchException("padding='same' is not supported for strided convolutions");
        if (paddingString == null) {
            padding = nd(o.padding, spatial, "padding");
        } else {
            // the padding the layer applies, for introspection (PyTorch keeps the string in .padding)
            padding = new int[spatial];
            if (paddingString == F.Padding.SAME)
                for (int i = 0; i < spatial; i++) padding[i] = dilation[i] * (kernelSize[i] - 1) / 2;
        }
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        int[] ws = new int[spatial + 2];
        ws[0] = transposed ? inChannels : outChannels;
        ws[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernelSize, 0, ws, 2, spatial);
        weight = new Parameter(Tensor.empty(ws, dt, Device.CPU));
        bias = o.bias ? new Parameter(Tensor.empty(new int[]{outChannels}, dt, Device.CPU)) : null;
        resetParameters();
    }

    /** Same as _ConvNd.reset_parameters: kaiming_uniform_(a=√5) weight, bias uniform in ±1/√fan_in. */
    public void resetParameters() {
        Init.kaimingUniform_(weight, Math.sqrt(5));
        if (bias != null) {
            int fanIn = Init.calculateFanInAndFanOut(weight).fanIn();
            if (fanIn != 0) {
                double bound = 1 / Math.sqrt(fanIn);
                Init.uniform_(bias, -bound, bound);
            }
        }
    }

    private static boolean all(int[] v, int x) {
        for (int e : v) if (e != x) return false;
        return true;
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(PyRepr.tuple(kernelSize)).append(", stride=").append(PyRepr.tuple(stride));
        if (paddingString != null) s.append(", padding=").append(paddingString.name().toLowerCase());
        else if (!all(padding, 0)) s.append(", padding=").append(PyRepr.tuple(padding));
        if (!all(dilation, 1)) s.append(", dilation=").append(PyRepr.tuple(dilation));
        if (!all(outputPadding, 0)) s.append(", output_padding=").append(PyRepr.tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        if (paddingMode != PaddingMode.ZEROS) s.append(", padding_mode=").append(paddingMode.name().toLowerCase());
        return s.toString();
    }
}
