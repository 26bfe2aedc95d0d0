package torch4j.cuda.internal;

import torch4j.Tensor;
import torch4j.backend.NormKernels;

/** Layer, group and batch normalisation (norm.cu); tensors arrive contiguous, statistics accumulate in double. */
final class CudaNorm implements NormKernels {
    private static final int MAX_BLOCKS = 65535 * 8;
    private final CudaBackend b;

    CudaNorm(CudaBackend b) { this.b = b; }

    /** Device address of element 0 of t, or 0 (a null pointer) for an absent operand. */
    private static DevPtr p(Tensor t) { return DevPtr.at(t); }

    private static int blocks(long n) { return (int) Math.max(1, Math.min(n, MAX_BLOCKS)); }

    @Override public void rowNorm(Tensor x, Tensor w, Tensor bias, int groups, int spatial, double eps, Tensor y,
                                  Tensor mean, Tensor rstd) {
        long rows = mean.dim() == 0 ? 1 : mean.numel(), len = rows == 0 ? 0 : x.numel() / rows;
        if (rows == 0) return;
        b.of(x).launchBlocks("norm", "row_norm_" + CudaBackend.sfx(x.dtype()), blocks(rows), rows, len, groups,
                (long) spatial, eps, p(x), p(w), p(bias), p(y), p(mean), p(rstd));
    }

    @Override public void rowNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor w, int groups,
                                          int spatial, Tensor dx, Tensor dw, Tensor db) {
        long rows = mean.dim() == 0 ? 1 : mean.numel(), len = rows == 0 ? 0 : x.numel() / rows;
        if (rows == 0) return;
        String s = CudaBackend.sfx(x.dtype());
        DeviceContext d = b.of(x);
        if (dx != null)
            d.launchBlocks("norm", "row_norm_back_dx_" + s, blocks(rows), rows, len, groups, (long) spatial, p(dy), p(x),
                    p(mean), p(rstd), p(w), p(dx));
        if (dw != null || db != null) {
            long nAffine = groups * (len / spatial);
            d.launchBlocks("norm", "row_norm_back_affine_" + s, blocks(nAffine), rows, len, groups, (long) spatial,
                    p(dy), p(x), p(mean), p(rstd), p(dw), p(db));
        }
    }

    private static long spatial(Tensor x, int channels) {
        long n = x.numel(), batch = x.size(0);
        return channels == 0 || batch == 0 ? 0 : n / (batch * channels);
    }

    @Override public void channelStats(Tensor x, int channels, Tensor mean, Tensor var) {
        if (channels == 0) return;
        b.of(x).launchBlocks("norm", "channel_stats_" + CudaBackend.sfx(x.dtype()), blocks(channels), (long) x.size(0),
                (long) channels, spatial(x, channels), p(x), p(mean), p(var));
    }

    @Override public void channelNorm(Tensor x, Tensor mean, Tensor invstd, Tensor w, Tensor bias, Tensor y) {
        int channels = (int) mean.numel();
        b.of(x).launch("norm", "channel_norm_" + CudaBackend.sfx(x.dtype()), x.numel(), x.numel(), (long) channels,
                spatial(x, channels), p(x), p(mean), p(invstd), p(w), p(bias), p(y));
    }

    @Override public void channelNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor invstd, Tensor w,
                                              boolean training, Tensor dx, Tensor dw, Tensor db) {
        int channels = (int) mean.numel();
        if (channels == 0) return;
        b.of(x).launchBlocks("norm", "channel_norm_back_" + CudaBackend.sfx(x.dtype()), blocks(channels),
                (long) x.size(0), (long) channels, spatial(x, channels), training ? 1 : 0, p(dy), p(x), p(mean),
                p(invstd), p(w), p(dx), p(dw), p(db));
    }
}
