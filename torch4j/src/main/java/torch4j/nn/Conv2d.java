package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.Conv2d}: a 2-D convolution over [N, C, H, W] (or unbatched [C, H, W]) inputs, weight [out, in/groups, kH, kW] initialised as PyTorch's (kaiming_uniform_ with a = √5, bias uniform in ±1/√fan_in).
 * <pre>{@code
 * Conv2d c = new Conv2d(1, 6, 5);
 * Conv2d d = new Conv2d(new Conv2d.Options(1, 6, 5).stride(2).padding(1).bias(false));
 * }</pre>
 */
public class Conv2d extends ConvNd {
    /** Keyword arguments of torch.nn.Conv2d. */
    public static final class Options extends ConvNd.Options<Options> {
        public Options(int inChannels, int outChannels, int... kernelSize) { super(inChannels, outChannels, kernelSize); }
    }

    /** Same as torch.nn.Conv2d(in_channels, out_channels, kernel_size). */
    public Conv2d(int inChannels, int outChannels, int... kernelSize) { this(new Options(inChannels, outChannels, kernelSize)); }

    public Conv2d(Options o) { super(o, 2, false); }

    @Override public Tensor forward(Tensor input) {
        if (paddingString != null) return F.conv2d(input, weight, bias, stride, paddingString, dilation, groups);
        return F.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }
}
