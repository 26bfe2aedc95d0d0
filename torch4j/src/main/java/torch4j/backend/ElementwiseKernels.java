package torch4j.backend;

import torch4j.Tensor;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.CompareOp;
import torch4j.internal.ops.UnaryOp;

/**
 * Pointwise kernels. Inputs arrive already broadcast to the output's shape (stride 0 where expanded) and, except
 * for {@link #copy}, already of the output's dtype (compare: of a common dtype, output bool). {@code out} may
 * alias an input element for element (in-place ops).
 */
public interface ElementwiseKernels {
    void unary(UnaryOp op, Tensor x, Tensor out);

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    void compare(CompareOp op, Tensor a, Tensor b, Tensor out);

    /** out = cond ? a : b (cond bool). */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /** Strided copy with dtype conversion; shapes are equal. */
    void copy(Tensor src, Tensor dst);

    void fill(Tensor dst, double value);
}
