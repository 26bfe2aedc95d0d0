package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.Conv3d}: a 3-D convolution over [N, C, D, H, W] (or unbatched [C, D, H, W]) inputs.
 * <pre>{@code
 * Conv3d c = new Conv3d(16, 33, 3);
 * Conv3d d = new Conv3d(new Conv3d.Options(16, 33, 3).stride(2).padding(1));
 * }</pre>
 */
public class Conv3d extends ConvNd {
    /** Keyword arguments of torch.nn.Conv3d. */
    public static final class Options extends ConvNd.Options<Options> {
        public Options(int inChannels, int outChannels, int... kernelSize) { super(inChannels, outChannels, kernelSize); }
    }

    /** Same as torch.nn.Conv3d(in_channels, out_channels, kernel_size). */
    public Conv3d(int inChannels, int outChannels, int... kernelSize) { this(new Options(inChannels, outChannels, kernelSize)); }

    public Conv3d(Options o) { super(o, 3, false); }

    @Override public Tensor forward(Tensor input) {
        if (paddingString != null) return F.conv3d(input, weight, bias, stride, paddingString, dilation, groups);
        return F.conv3d(input, weight, bias, stride, padding, dilation, groups);
    }
}
