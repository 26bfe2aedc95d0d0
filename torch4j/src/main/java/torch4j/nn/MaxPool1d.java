package torch4j.nn;

import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.MaxPool1d}: the maximum over each (dilated) window of [N, C, L] or [C, L]. */
public class MaxPool1d extends Module {
    /** Keyword arguments of torch.nn.MaxPool1d (stride defaults to kernel_size). */
    public static final class Options {
        final int kernelSize;
        Integer stride;
        int padding, dilation = 1;
        boolean returnIndices, ceilMode;

        public Options(int kernelSize) { this.kernelSize = kernelSize; }

        public Options stride(int v) {
            stride = v;
            return this;
        }

        public Options padding(int v) {
            padding = v;
            return this;
        }

        public Options dilation(int v) {
            dilation = v;
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

    public final int kernelSize, stride, padding, dilation;
    public final boolean returnIndices, ceilMode;

    /** Same as torch.nn.MaxPool1d(kernel_size). */
    public MaxPool1d(int kernelSize) { this(new Options(kernelSize)); }

    /** Same as torch.nn.MaxPool1d(kernel_size, stride). */
    public MaxPool1d(int kernelSize, int stride) { this(new Options(kernelSize).stride(stride)); }

    /** Same as torch.nn.MaxPool1d with keyword arguments. */
    public MaxPool1d(Options o) {
        kernelSize = o.kernelSize;
        stride = o.stride == null ? o.kernelSize : o.stride;
        padding = o.padding;
        dilation = o.dilation;
        returnIndices = o.returnIndices;
        ceilMode = o.ceilMode;
    }

    @Override public Tensor forward(Tensor input) { return F.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode); }

    /** The forward with return_indices=True. */
    public ValuesIndices forwardWithIndices(Tensor input) {
        return F.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override public String extraRepr() {
        return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + PyRepr.b(ceilMode);
    }
}
