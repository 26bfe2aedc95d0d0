package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.Unfold}: extracts sliding blocks (im2col), [N, C, H, W] to [N, C·kH·kW, L].
 * <pre>{@code
 * Unfold u = new Unfold(new Unfold.Options(3).padding(1));
 * }</pre>
 */
public class Unfold extends Module {
    /** Keyword arguments of torch.nn.Unfold; each takes one value or a (height, width) pair. */
    public static final class Options extends WindowOptions<Options> {
        public Options(int... kernelSize) { super(kernelSize); }
    }

    /** The sliding-window arguments Unfold and Fold share. */
    @SuppressWarnings("unchecked")
    abstract static class WindowOptions<O extends WindowOptions<O>> {
        final int[] kernelSize;
        int[] dilation = {1}, padding = {0}, stride = {1};

        WindowOptions(int[] kernelSize) { this.kernelSize = kernelSize.clone(); }

        /** dilation (default 1). */
        public O dilation(int... v) {
            dilation = v.clone();
            return (O) this;
        }

        /** Implicit zero padding on both sides (default 0). */
        public O padding(int... v) {
            padding = v.clone();
            return (O) this;
        }

        /** stride (default 1). */
        public O stride(int... v) {
            stride = v.clone();
            return (O) this;
        }
    }

    public final int[] kernelSize, dilation, padding, stride;

    /** Same as torch.nn.Unfold(kernel_size). */
    public Unfold(int... kernelSize) { this(new Options(kernelSize)); }

    public Unfold(Options o) {
        kernelSize = o.kernelSize;
        dilation = o.dilation;
        padding = o.padding;
        stride = o.stride;
    }

    @Override public Tensor forward(Tensor input) { return F.unfold(input, kernelSize, dilation, padding, stride); }

    @Override public String extraRepr() { return repr(kernelSize, dilation, padding, stride); }

    /** The sizes as the user gave them (an int prints as an int, a pair as a tuple); also Fold's repr. */
    static String repr(int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return "kernel_size=" + PoolRepr.v(kernelSize) + ", dilation=" + PoolRepr.v(dilation) + ", padding="
                + PoolRepr.v(padding) + ", stride=" + PoolRepr.v(stride);
    }
}
