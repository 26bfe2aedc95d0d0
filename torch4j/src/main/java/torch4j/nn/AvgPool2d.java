package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.AvgPool2d}: the mean over each window of [N, C, H, W] or [C, H, W]. */
public class AvgPool2d extends Module {
    /** Keyword arguments of torch.nn.AvgPool2d (stride defaults to kernel_size). */
    public static final class Options {
        final int[] kernelSize;
        int[] stride;
        int[] padding = {0};
        boolean ceilMode, countIncludePad = true;
        Integer divisorOverride;

        public Options(int... kernelSize) { this.kernelSize = kernelSize.clone(); }

        public Options stride(int... v) {
            stride = v.clone();
            return this;
        }

        public Options padding(int... v) {
            padding = v.clone();
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

        public Options divisorOverride(Integer v) {
            divisorOverride = v;
            return this;
        }
    }

    public final int[] kernelSize, stride, padding;
    public final boolean ceilMode, countIncludePad;
    public final Integer divisorOverride;

    /** Same as torch.nn.AvgPool2d(kernel_size). */
    public AvgPool2d(int kernelSize) { this(new Options(kernelSize)); }

    /** Same as torch.nn.AvgPool2d(kernel_size, stride). */
    public AvgPool2d(int kernelSize, int stride) { this(new Options(kernelSize).stride(stride)); }

    /** Same as torch.nn.AvgPool2d with keyword arguments. */
    public AvgPool2d(Options o) {
        kernelSize = o.kernelSize;
        stride = o.stride == null ? o.kernelSize : o.stride;
        padding = o.padding;
        ceilMode = o.ceilMode;
        countIncludePad = o.countIncludePad;
        divisorOverride = o.divisorOverride;
    }

    @Override public Tensor forward(Tensor input) {
        return F.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override public String extraRepr() {
        return "kernel_size=" + PoolRepr.v(kernelSize) + ", stride=" + PoolRepr.v(stride) + ", padding=" + PoolRepr.v(padding);
    }
}
