package torch4j.cuda.internal;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.LinalgKernels;

/**
 * Matrix products through cuBLAS's strided-batched GEMMs. cuBLAS is column-major, so the row-major product
 * C = A·B is computed as Cᵀ = Bᵀ·Aᵀ: a row-major operand is a column-major one transposed, with no copy as long as
 * one of its two matrix strides is 1 (otherwise it is made contiguous first). float32 runs with TF32 off unless
 * {@code Cuda.setAllowTf32(true)}; bfloat16 and float16 accumulate in float32, as PyTorch's do.
 */
final class CudaLinalg implements LinalgKernels {
    private final CudaBackend b;

    CudaLinalg(CudaBackend b) { this.b = b; }

    @Override public void bmm(Tensor a, Tensor bb, Tensor out, boolean accumulate) {
        gemm(a, bb, out, accumulate ? 1 : 0);
    }

    /**
     * out[i] = a[i]·b[i] + beta·out[i] for a [B,M,K], b [B,K,N] (any strides) and out [B,M,N] whose columns are
     * unit-stride (rows and batches may be strided, so a group's slice of a larger output works).
     */
    void gemm(Tensor a, Tensor bb, Tensor out, double beta) {
        DType t = out.dtype();
        if (!t.isFloatingPoint()) throw new TorchException("\"addmm_cuda\" not implemented for '" + t.scalarName() + "'");
        int batch = out.size(0), m = out.size(1), n = out.size(2), k = a.size(2);
        if (batch == 0 || m == 0 || n == 0) return;
        if (out.stride(2) != 1 && n > 1) throw new IllegalStateException("gemm output needs unit column stride");
        DeviceContext d = b.of(out);
        if (k == 0) {
            if (beta == 0) b.elementwise().fill(out, 0);
            return;
        }
        // column-major view: C' [n x m] = B' [n x k] · A' [k x m]
        Operand pa = operand(a, m, k), pb = operand(bb, k, n);
        int ldc = ldc(m, n, out.stride(1));
        long es = t.itemSize();
        long cPtr = CudaBackend.storage(out).ptr() + out.storageOffset() * es;
        long sc = batch == 1 ? (long) m * ldc : out.stride(0);
        d.gemm(t, pb.op, pa.op, n, m, k, pb.ptr, pb.ld, pb.batchStride, pa.ptr, pa.ld, pa.batchStride, beta, cPtr, ldc,
                sc, batch);
        // keep the operands (and a contiguous copy made here) reachable until the GEMM is queued
        java.lang.ref.Reference.reachabilityFence(pa.t);
        java.lang.ref.Reference.reachabilityFence(pb.t);
        java.lang.ref.Reference.reachabilityFence(out);
    }

    /** One operand as cuBLAS sees it: pointer, transpose flag, leading dimension, batch stride. */
    private record Operand(Tensor t, long ptr, int op, int ld, long batchStride) {}

    /**
     * How a row-major [rows x cols] batch operand with strides (batch, row, col) reads as a column-major cuBLAS
     * operand of the swapped product, or null when it cannot be read in place (then it is made contiguous first): a
     * unit column stride means the stored column-major matrix is its transpose (op N), a unit row stride op T.
     */
    record Side(int op, int ld, long batchStride) {}

    static Side side(int batch, int rows, int cols, int sb, int sr, int sc) {
        long b = batch == 1 ? 0 : sb;
        if ((sc == 1 || cols == 1) && (rows == 1 || sr >= Math.max(1, cols)))
            return new Side(Cublas.OP_N, rows == 1 ? Math.max(1, cols) : sr, b);
        if ((sr == 1 || rows == 1) && (cols == 1 || sc >= Math.max(1, rows)))
            return new Side(Cublas.OP_T, cols == 1 ? Math.max(1, rows) : sc, b);
        return null;
    }

    /** The leading dimension of the output [m x n] (unit column stride) read as column-major [n x m]. */
    static int ldc(int m, int n, int rowStride) { return m == 1 ? Math.max(n, 1) : rowStride; }

    private Operand operand(Tensor x, int rows, int cols) {
        long es = x.dtype().itemSize();
        Side s = side(x.size(0), rows, cols, x.stride(0), x.stride(1), x.stride(2));
        if (s != null) return new Operand(x, ptr(x, es), s.op, s.ld, s.batchStride);
        Tensor c = b.of(x).empty(x.shapeArray(), x.dtype());
        ((CudaElementwise) b.elementwise()).deviceCopy(x, c);
        s = side(c.size(0), rows, cols, c.stride(0), c.stride(1), c.stride(2));
        return new Operand(c, ptr(c, es), s.op, s.ld, s.batchStride);
    }

    private static long ptr(Tensor t, long es) { return CudaBackend.storage(t).ptr() + t.storageOffset() * es; }
}
