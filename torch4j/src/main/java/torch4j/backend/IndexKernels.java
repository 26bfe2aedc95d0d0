package torch4j.backend;

import torch4j.Tensor;

/**
 * Gather/scatter style kernels. Index tensors are int64 (any strides) and already bounds-checked and wrapped to
 * non-negative values by the op; value operands already have the output's dtype.
 */
public interface IndexKernels {
    /** out[..., i, ...] = x[..., index[i], ...] along dim (index 1-D). */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /** out[..., index[i], ...] += alpha * src[..., i, ...] along dim (out is modified). */
    void indexAdd(Tensor out, int dim, Tensor index, Tensor src, double alpha);

    /** out[..., index[i], ...] = src[..., i, ...] along dim (out is modified; src may be a stride-0 scalar). */
    void indexCopy(Tensor out, int dim, Tensor index, Tensor src);

    /** torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for dim 1. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** torch.scatter(_add): out[i][index[i][j][k]][k] (=|+=) src[i][j][k] for dim 1. */
    void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add);

    /** torch.nonzero: the int64 [n, ndim] coordinates of x's non-zero elements in row-major order. */
    Tensor nonzero(Tensor x);
}
