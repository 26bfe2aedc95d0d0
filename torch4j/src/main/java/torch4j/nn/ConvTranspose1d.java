package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.ConvTranspose1d}: the transposed 1-D convolution (the gradient of conv1d with respect to its input), weight [in, out/groups, k].
 * <pre>{@code
 * ConvTranspose1d c = new ConvTranspose1d(16, 33, 3);
 * ConvTranspose1d d = new ConvTranspose1d(new ConvTranspose1d.Options(16, 33, 3).stride(2).outputPadding(1));
 * }</pre>
 */
public class ConvTranspose1d extends ConvNd {
    /** Keyword arguments of torch.nn.ConvTranspose1d. */
    public static final class Options extends ConvNd.Options<Options> {
        public Options(int inChannels, int outChannels, int... kernelSize) { super(inChannels, outChannels, kernelSize); }

        /** Extra size added to one side of each output dim (default 0; must be smaller than stride or dilation). */
        public Options outputPadding(int... v) {
            outputPadding = v.clone();
            return this;
        }
    }

    /** Same as torch.nn.ConvTranspose1d(in_channels, out_channels, kernel_size). */
    public ConvTranspose1d(int inChannels, int outChannels, int... kernelSize) { this(new Options(inChannels, outChannels, kernelSize)); }

    public ConvTranspose1d(Options o) { super(o, 1, true); }

    @Override public Tensor forward(Tensor input) {
        return F.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
}
