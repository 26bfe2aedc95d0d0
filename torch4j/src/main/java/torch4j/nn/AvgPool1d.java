package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.AvgPool1d}: the mean over each window of [N, C, L] or [C, L]. */
public class AvgPool1d extends Module {
    /** Keyword arguments of torch.nn.AvgPool1d (stride defaults to kernel_size). */
    public static final class Options {
        final int kernelSize;
        Integer stride;
        int padding;
        boolean ceilMode, countIncludePad = true;

        public Options(int kernelSize) { this.kernelSize = kernelSize; }

        public Options stride(int v) {
            stride = v;
            return this;
        }

        public Options padding(int v) {
            padding = v;
            return this;
        }

        public Options ceilMode(boolean on) {
            ceilMode = on;
            return this;
        }

        public Options countIncludePad(boolean on) {
            countIncludePad = on;
            return this;
        }
    }

    public final int kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;

    /** Same as torch.nn.AvgPool1d(kernel_size). */
    public AvgPool1d(int kernelSize) { this(new Options(kernelSize)); }

    /** Same as torch.nn.AvgPool1d(kernel_size, stride). */
    public AvgPool1d(int kernelSize, int stride) { this(new Options(kernelSize).stride(stride)); }

    /** Same as torch.nn.AvgPool1d with keyword arguments. */
    public AvgPool1d(Options o) {
        kernelSize = o.kernelSize;
        stride = o.stride == null ? o.kernelSize : o.stride;
        padding = o.padding;
        ceilMode = o.ceilMode;
        countIncludePad = o.countIncludePad;
    }

    @Override public Tensor forward(Tensor input) {
        return F.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    // PyTorch stores AvgPool1d's sizes as 1-tuples
    @Override public String extraRepr() {
        return "kernel_size=(" + kernelSize + ",), stride=(" + stride + ",), padding=(" + padding + ",)";
    }
}
