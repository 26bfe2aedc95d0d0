package torch4j.nn;

import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.MaxPool2d}: the maximum over each (dilated) window of [N, C, H, W] or [C, H, W].
 * Sizes are one int ({@code 2}) or an (h, w) pair, printed the way they were given.
 */
public class MaxPool2d extends Module {
    /** Keyword arguments of torch.nn.MaxPool2d (stride defaults to kernel_size). */
    public static final class Options {
        final int[] kernelSize;
        int[] stride;
        int[] padding = {0};
        int[] dilation = {1};
        boolean returnIndices, ceilMode;

        public Options(int... kernelSize) { this.kernelSize = kernelSize.clone(); }

        public Options stride(int... v) {
            stride = v.clone();
            return this;
        }

        public Options padding(int... v) {
            padding = v.clone();
            return this;
        }

        public Options dilation(int... v) {
            dilation = v.clone();
            return this;
        }

        public Options returnIndices(boolean on) {
            returnIndices = on;
            return this;
        }

        public Options ceilMode(boolean on) {
            ceilMode = on;
            return this;
        }
    }

    public final int[] kernelSize, stride, padding, dilation;
    public final boolean returnIndices, ceilMode;

    /** Same as torch.nn.MaxPool2d(kernel_size). */
    public MaxPool2d(int kernelSize) { this(new Options(kernelSize)); }

    /** Same as torch.nn.MaxPool2d(kernel_size, stride). */
    public MaxPool2d(int kernelSize, int stride) { this(new Options(kernelSize).stride(stride)); }

    /** Same as torch.nn.MaxPool2d with keyword arguments. */
    public MaxPool2d(Options o) {
        kernelSize = o.kernelSize;
        stride = o.stride == null ? o.kernelSize : o.stride;
        padding = o.padding;
        dilation = o.dilation;
        returnIndices = o.returnIndices;
        ceilMode = o.ceilMode;
    }

    @Override public Tensor forward(Tensor input) {
        return F.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** The forward with return_indices=True: values and int64 indices into each input plane. */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return F.maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override public String extraRepr() {
        return "kernel_size=" + PoolRepr.v(kernelSize) + ", stride=" + PoolRepr.v(stride) + ", padding=" + PoolRepr.v(padding)
                + ", dilation=" + PoolRepr.v(dilation) + ", ceil_mode=" + PyRepr.b(ceilMode);
    }
}
