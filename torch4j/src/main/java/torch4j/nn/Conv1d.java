package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.Conv1d}: a 1-D convolution over [N, C, L] (or unbatched [C, L]) inputs.
 * <pre>{@code
 * Conv1d c = new Conv1d(16, 33, 3);
 * Conv1d d = new Conv1d(new Conv1d.Options(16, 33, 3).stride(2).padding(1));
 * }</pre>
 */
public class Conv1d extends ConvNd {
    /** Keyword arguments of torch.nn.Conv1d. */
    public static final class Options extends ConvNd.Options<Options> {
        public Options(int inChannels, int outChannels, int... kernelSize) { super(inChannels, outChannels, kernelSize); }
    }

    /** Same as torch.nn.Conv1d(in_channels, out_channels, kernel_size). */
    public Conv1d(int inChannels, int outChannels, int... kernelSize) { this(new Options(inChannels, outChannels, kernelSize)); }

    public Conv1d(Options o) { super(o, 1, false); }

    @Override public Tensor forward(Tensor input) {
        if (paddingString != null) return F.conv1d(input, weight, bias, stride, paddingString, dilation, groups);
        return F.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }
}
