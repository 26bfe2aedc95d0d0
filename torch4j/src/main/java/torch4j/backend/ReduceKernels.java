package torch4j.backend;

import torch4j.Tensor;
import torch4j.internal.ops.ReduceOp;

/**
 * Reductions. {@code mask[d]} marks the reduced dims of x; {@code out} has x's rank with 1 in reduced dims
 * (keepdim shape), and the op squeezes afterwards.
 */
public interface ReduceKernels {
    void reduce(ReduceOp op, Tensor x, boolean[] mask, Tensor out);

    /** Index (int64) of the max/min along one dim; out has size 1 there. NaN counts as the extreme, as in PyTorch. */
    void argReduce(boolean max, Tensor x, int dim, Tensor outIndices);

    /** Inclusive scan along dim (cumsum when sum, else cumprod); out has x's shape. */
    void scan(boolean sum, Tensor x, int dim, Tensor out);

    /** Stable sort along dim into values and int64 indices. */
    void sort(Tensor x, int dim, boolean descending, Tensor values, Tensor indices);

    /** softmax (or log_softmax) of x along dim into out (same shape and dtype). */
    void softmax(Tensor x, int dim, boolean log, Tensor out);

    /** The input gradient of softmax (log_softmax) from its output y and the output gradient g. */
    void softmaxBackward(Tensor y, Tensor g, int dim, boolean log, Tensor gradIn);
}
