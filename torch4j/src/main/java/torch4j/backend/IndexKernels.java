package torch4j.backend;

import torch4j.Tensor;

/** Gather/scatter style kernels; index tensors are int64 and already bounds-checked by the op. */
public interface IndexKernels {
    /** out[..., i, ...] = x[..., index[i], ...] along dim. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /** out[..., index[i], ...] += src[..., i, ...] along dim (out is modified). */
    void indexAdd(Tensor out, int dim, Tensor index, Tensor src, double alpha);

    /** torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for dim 1. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** torch.scatter(_add): out[i][index[i][j][k]][k] (=|+=) src[i][j][k] for dim 1. */
    void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add);
}
