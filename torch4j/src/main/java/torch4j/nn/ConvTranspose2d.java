package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.ConvTranspose2d}: the transposed 2-D convolution (the gradient of conv2d with respect to its input), weight [in, out/groups, kH, kW].
 * <pre>{@code
 * ConvTranspose2d c = new ConvTranspose2d(16, 33, 3);
 * ConvTranspose2d d = new ConvTranspose2d(new ConvTranspose2d.Options(16, 33, 3).stride(2).outputPadding(1));
 * }</pre>
 */
public class ConvTranspose2d extends ConvNd {
    /** Keyword arguments of torch.nn.ConvTranspose2d. */
    public static final class Options extends ConvNd.Options<Options> {
        public Options(int inChannels, int outChannels, int... kernelSize) { super(inChannels, outChannels, kernelSize); }

        /** Extra size added to one side of each output dim (default 0; must be smaller than stride or dilation). */
        public Options outputPadding(int... v) {
            outputPadding = v.clone();
            return this;
        }
    }

    /** Same as torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size). */
    public ConvTranspose2d(int inChannels, int outChannels, int... kernelSize) { this(new Options(inChannels, outChannels, kernelSize)); }

    public ConvTranspose2d(Options o) { super(o, 2, true); }

    @Override public Tensor forward(Tensor input) {
        return F.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }
}
