package torch4j.backend;

import torch4j.Tensor;

/** Normalisation kernels of a backend. Tensors are contiguous and of one floating dtype; w, b may be null. */
public interface NormKernels {
    /**
     * Normalises each of the rows of x (row count = mean.numel()) over its elements. The affine parameters
     * have groups × (len / spatial) elements; element j of row r uses index (r % groups)·(len/spatial) + j/spatial
     * (layer norm: groups = spatial = 1; group norm: rows = N·G, spatial = H·W…).
     */
    void rowNorm(Tensor x, Tensor w, Tensor b, int groups, int spatial, double eps, Tensor y, Tensor mean, Tensor rstd);

    /** The gradients of {@link #rowNorm}; dx, dw, db may each be null when not needed. */
    void rowNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor w, int groups, int spatial,
                         Tensor dx, Tensor dw, Tensor db);

    /** Per-channel mean and biased variance of x [N, C, *] over every dim but 1. */
    void channelStats(Tensor x, int channels, Tensor mean, Tensor var);

    /** y = (x - mean[c])·invstd[c]·w[c] + b[c] for x [N, C, *]. */
    void channelNorm(Tensor x, Tensor mean, Tensor invstd, Tensor w, Tensor b, Tensor y);

    /** The gradients of {@link #channelNorm}; in training mode mean and invstd are functions of x. */
    void channelNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor invstd, Tensor w, boolean training,
                             Tensor dx, Tensor dw, Tensor db);
}
