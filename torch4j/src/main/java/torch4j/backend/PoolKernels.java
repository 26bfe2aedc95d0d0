package torch4j.backend;

import torch4j.Tensor;

/**
 * Pooling, resampling and padding. Every tensor arrives contiguous and is seen as a stack of planes: x [P, H, W]
 * (1-D ops use H = 1). Pooling with averaging weights, adaptive average pooling and every interpolation mode are
 * one separable linear map (a few weighted taps per output row and column), so a backend writes that map and its
 * adjoint once; max pooling keeps int64 indices into each input plane and is differentiated by scattering through
 * them.
 */
public interface PoolKernels {
    /**
     * Max pooling of x [P, H, W] into out [P, OH, OW] (x's dtype) and indices [P, OH, OW] (int64, flat into H·W).
     * A NaN counts as the maximum, as in PyTorch.
     */
    void maxPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, Tensor out, Tensor indices);

    /** Adaptive max pooling of x [P, H, W] into out [P, OH, OW] and int64 indices, windows as PyTorch's. */
    void adaptiveMaxPool2d(Tensor x, Tensor out, Tensor indices);

    /** out[p, j] = src[p, indices[p, j]] for src [P, M], int64 indices [P, L] and out [P, L]. */
    void gatherPlanes(Tensor src, Tensor indices, Tensor out);

    /** out[p, :] = 0, then out[p, indices[p, j]] += src[p, j] for src [P, L], indices [P, L], out [P, M]. */
    void scatterAddPlanes(Tensor src, Tensor indices, Tensor out);

    /**
     * The separable linear map out[p, oh, ow] = Σ_t Σ_u wh[oh·tH + t] · ww[ow·tW + u] · x[p, ih[oh·tH + t], iw[ow·tW + u]]
     * of x [P, H, W] into out [P, OH, OW]; a tap whose index is -1 is skipped (so padding never reads a NaN).
     */
    void separable2d(Tensor x, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW, Tensor out);

    /** The adjoint of {@link #separable2d}: gradIn [P, H, W] is zeroed, then receives each g [P, OH, OW] tap. */
    void separable2dAdjoint(Tensor g, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW, Tensor gradIn);

    /**
     * Copies through per-dim index maps: x is [B, d1..dk], out [B, o1..ok], out[b, j1..jk] = x[b, maps[0][j1], ...]
     * or fill where any map entry is -1 (constant, reflection, replication and circular padding).
     */
    void indexMap(Tensor x, int[][] maps, double fill, Tensor out);

    /** The adjoint of {@link #indexMap} (fill ignored): gradIn [B, d1..dk] is zeroed, then accumulates g. */
    void indexMapAdjoint(Tensor g, int[][] maps, Tensor gradIn);
}
