package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.Fold}: sums sliding blocks back into an image (col2im), [N, C·kH·kW, L] to [N, C, H, W].
 * <pre>{@code
 * Fold f = new Fold(new Fold.Options(new int[]{4, 5}, 2, 3).stride(2));
 * }</pre>
 */
public class Fold extends Module {
    /** Keyword arguments of torch.nn.Fold; each takes one value or a (height, width) pair. */
    public static final class Options extends Unfold.WindowOptions<Options> {
        final int[] outputSize;

        public Options(int[] outputSize, int... kernelSize) {
            super(kernelSize);
            this.outputSize = outputSize.clone();
        }
    }

    public final int[] outputSize, kernelSize, dilation, padding, stride;

    /** Same as torch.nn.Fold(output_size, kernel_size). */
    public Fold(int[] outputSize, int... kernelSize) { this(new Options(outputSize, kernelSize)); }

    public Fold(Options o) {
        outputSize = o.outputSize;
        kernelSize = o.kernelSize;
        dilation = o.dilation;
        padding = o.padding;
        stride = o.stride;
    }

    @Override public Tensor forward(Tensor input) {
        return F.fold(input, outputSize, kernelSize, dilation, padding, stride);
    }

    @Override public String extraRepr() {
        return "output_size=" + PoolRepr.v(outputSize) + ", " + Unfold.repr(kernelSize, dilation, padding, stride);
    }
}
