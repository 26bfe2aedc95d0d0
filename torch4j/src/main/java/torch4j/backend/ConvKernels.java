package torch4j.backend;

import torch4j.Tensor;

/**
 * Convolution kernels. Every tensor is contiguous, of one floating dtype and 5-D: inputs [N, C, D, H, W], weights
 * [O, C/groups, kD, kH, kW] (1-D and 2-D convolutions use size-1 leading spatial dims). stride, padding (the padding
 * before each spatial dim; the padding after is implied by the output size) and dilation have three entries.
 */
public interface ConvKernels {
    /** out[n, o] = Σ w[o, c]⋆x[n, g·C/groups + c] (+ bias[o] when bias is not null) for out's given shape. */
    void convForward(Tensor x, Tensor w, Tensor bias, Tensor out, int[] stride, int[] padding, int[] dilation, int groups);

    /** The input gradient of {@link #convForward} (a transposed convolution): gradIn is overwritten. */
    void convBackwardInput(Tensor gradOut, Tensor w, Tensor gradIn, int[] stride, int[] padding, int[] dilation, int groups);

    /** The weight gradient of {@link #convForward}: gradW is overwritten. */
    void convBackwardWeight(Tensor gradOut, Tensor x, Tensor gradW, int[] stride, int[] padding, int[] dilation, int groups);

    /**
     * im2col: cols [N, C·kD·kH·kW, oD·oH·oW] gets the sliding blocks of x (zero outside); kernel holds the three
     * kernel sizes and the output block counts come from cols' last dim split as the caller computed them (outSize).
     */
    void im2col(Tensor x, Tensor cols, int[] kernel, int[] outSize, int[] stride, int[] padding, int[] dilation);

    /** col2im: the adjoint of {@link #im2col}; out is overwritten with the sums of the overlapping blocks. */
    void col2im(Tensor cols, Tensor out, int[] kernel, int[] outSize, int[] stride, int[] padding, int[] dilation);
}
