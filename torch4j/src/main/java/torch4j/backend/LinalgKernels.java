package torch4j.backend;

import torch4j.Tensor;

/** Matrix products. */
public interface LinalgKernels {
    /**
     * Batched out[b] = a[b]·b[b] (+ out[b] when accumulate): a is [B,M,K], b is [B,K,N] with any strides (stride 0 for
     * a broadcast batch), out is a contiguous [B,M,N].
     */
    void bmm(Tensor a, Tensor b, Tensor out, boolean accumulate);
}
