package torch4j.linalg;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.internal.ops.LinearAlgebra;

/**
 * The {@code torch.linalg} module: norms, singular values and products. Orders are Java numbers ({@code 1},
 * {@code Double.POSITIVE_INFINITY}, …) or, for matrices, {@link MatrixOrd} / the strings {@code "fro"} and
 * {@code "nuc"}; a null order or dim means PyTorch's {@code None}.
 * <pre>{@code
 * Linalg.norm(x);                                        // 2-norm of all elements
 * Linalg.vectorNorm(x, 1, new int[]{-1}, true);          // L1 over the last dim
 * Linalg.matrixNorm(m, MatrixOrd.NUC);                   // nuclear norm
 * }</pre>
 */
public final class Linalg {
    private Linalg() {}

    /** Named matrix norm orders. */
    public enum MatrixOrd {
        /** Frobenius. */
        FRO,
        /** Nuclear: the sum of singular values. */
        NUC;

        String pytorchName() { return this == FRO ? "fro" : "nuc"; }
    }

    // ------------------------------------------------------------------ norm

    /** Same as torch.linalg.norm(A): the 2-norm of the flattened input. */
    public static Tensor norm(Tensor a) { return norm(a, (Double) null, null, false); }

    /** Same as torch.linalg.norm(A, ord): a vector norm for 1-D input, a matrix norm for 2-D input. */
    public static Tensor norm(Tensor a, double ord) { return norm(a, (Double) ord, null, false); }

    /** Same as torch.linalg.norm(A, ord) with ord 'fro' or 'nuc' (2-D input). */
    public static Tensor norm(Tensor a, String ord) { return norm(a, ord, null, false); }

    /** Same as torch.linalg.norm(A, dim=dim, keepdim=keepdim): a vector norm over one dim, a matrix norm over two. */
    public static Tensor norm(Tensor a, int[] dim, boolean keepdim) { return norm(a, (Double) null, dim, keepdim); }

    /** Same as torch.linalg.norm(A, ord, dim, keepdim); ord and dim may be null (None). */
    public static Tensor norm(Tensor a, Double ord, int[] dim, boolean keepdim) {
        if (dim != null) {
            if (dim.length == 1) return LinearAlgebra.vectorNorm(a, ord == null ? 2 : ord, dim, keepdim, null);
            if (dim.length == 2)
                return ord == null ? LinearAlgebra.matrixNorm(a, "fro", dim, keepdim) : LinearAlgebra.matrixNorm(a, ord, dim, keepdim);
            throw new TorchException("linalg.norm: If dim is specified, it must be of length 1 or 2. Got " + list(dim));
        }
        if (ord == null) return LinearAlgebra.vectorNorm(a, 2, null, keepdim, null);
        if (a.dim() == 1) return LinearAlgebra.vectorNorm(a, ord, null, keepdim, null);
        if (a.dim() == 2) return LinearAlgebra.matrixNorm(a, ord, null, keepdim);
        throw new TorchException("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                + a.dim() + "D.");
    }

    /** Same as torch.linalg.norm(A, ord, dim, keepdim) with ord 'fro' or 'nuc'. */
    public static Tensor norm(Tensor a, String ord, int[] dim, boolean keepdim) {
        if (dim == null && a.dim() > 2)
            throw new TorchException("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                    + a.dim() + "D.");
        return LinearAlgebra.matrixNorm(a, ord, dim, keepdim);
    }

    /** Same as torch.linalg.norm(A, ord) with a named matrix order. */
    public static Tensor norm(Tensor a, MatrixOrd ord) { return norm(a, ord.pytorchName(), null, false); }

    // ------------------------------------------------------------------ vector_norm

    /** Same as torch.linalg.vector_norm(x): the 2-norm of all elements. */
    public static Tensor vectorNorm(Tensor x) { return LinearAlgebra.vectorNorm(x, 2, null, false, null); }

    /** Same as torch.linalg.vector_norm(x, ord) over all elements; ord is any double, including ±inf and 0. */
    public static Tensor vectorNorm(Tensor x, double ord) { return LinearAlgebra.vectorNorm(x, ord, null, false, null); }

    /** Same as torch.linalg.vector_norm(x, ord, dim, keepdim); null or empty dims mean all dims. */
    public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
        return LinearAlgebra.vectorNorm(x, ord, dims, keepdim, null);
    }

    /** Same as torch.linalg.vector_norm(x, ord, dim, keepdim, dtype=dtype): x is converted to dtype first. */
    public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim, DType dtype) {
        return LinearAlgebra.vectorNorm(x, ord, dims, keepdim, dtype);
    }

    // ------------------------------------------------------------------ matrix_norm

    /** Same as torch.linalg.matrix_norm(A): the Frobenius norm over the last two dims. */
    public static Tensor matrixNorm(Tensor a) { return LinearAlgebra.matrixNorm(a, "fro", null, false); }

    /** Same as torch.linalg.matrix_norm(A, ord) with ord 'fro' or 'nuc'. */
    public static Tensor matrixNorm(Tensor a, String ord) { return LinearAlgebra.matrixNorm(a, ord, null, false); }

    /** Same as torch.linalg.matrix_norm(A, ord) with a named order. */
    public static Tensor matrixNorm(Tensor a, MatrixOrd ord) { return LinearAlgebra.matrixNorm(a, ord.pytorchName(), null, false); }

    /** Same as torch.linalg.matrix_norm(A, ord) with ord 1, -1, inf, -inf, 2 or -2. */
    public static Tensor matrixNorm(Tensor a, double ord) { return LinearAlgebra.matrixNorm(a, ord, null, false); }

    /** Same as torch.linalg.matrix_norm(A, ord, dim, keepdim); dim null means (-2, -1). */
    public static Tensor matrixNorm(Tensor a, String ord, int[] dim, boolean keepdim) {
        return LinearAlgebra.matrixNorm(a, ord, dim, keepdim);
    }

    /** Same as torch.linalg.matrix_norm(A, ord, dim, keepdim) with a numeric ord. */
    public static Tensor matrixNorm(Tensor a, double ord, int[] dim, boolean keepdim) {
        return LinearAlgebra.matrixNorm(a, ord, dim, keepdim);
    }

    // ------------------------------------------------------------------ decompositions and products

    /** Same as torch.linalg.svdvals: singular values of each matrix in the last two dims, descending. */
    public static Tensor svdvals(Tensor a) { return LinearAlgebra.svdvals(a); }

    /** Same as torch.linalg.matmul (an alias of torch.matmul). */
    public static Tensor matmul(Tensor a, Tensor b) { return LinearAlgebra.matmul(a, b); }

    /** Same as torch.linalg.vecdot(x, y, dim=-1) for real inputs: sum over dim of x·y, broadcast. */
    public static Tensor vecdot(Tensor x, Tensor y, int dim) { return x.mul(y).sum(dim); }

    private static String list(int[] d) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < d.length; i++) sb.append(i == 0 ? "" : ", ").append(d[i]);
        return sb.append(']').toString();
    }
}
