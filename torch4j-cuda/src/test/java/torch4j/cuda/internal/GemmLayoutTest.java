package torch4j.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * The mapping of row-major strided operands onto cuBLAS's column-major GEMM (C' = B'·A'), checked without a GPU: the
 * plan CudaLinalg would pass to cublasSgemmStridedBatched is executed by a Java reference of cuBLAS's definition and
 * compared with the CPU's bmm, over transposed, sliced, broadcast and degenerate layouts.
 */
class GemmLayoutTest {
    /** cuBLAS's strided-batched GEMM, by its definition (column-major, op N or T, beta = 0). */
    static void refGemm(int opA, int opB, int m, int n, int k, float[] a, long aOff, int lda, long sa, float[] b,
                        long bOff, int ldb, long sb, float[] c, int ldc, long sc, int batch) {
        for (int p = 0; p < batch; p++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int l = 0; l < k; l++) {
                        float x = opA == Cublas.OP_N ? a[(int) (aOff + p * sa + i + (long) l * lda)] : a[(int) (aOff + p * sa + l + (long) i * lda)];
                        float y = opB == Cublas.OP_N ? b[(int) (bOff + p * sb + l + (long) j * ldb)] : b[(int) (bOff + p * sb + j + (long) l * ldb)];
                        acc += (double) x * y;
                    }
                    c[(int) (p * sc + i + (long) j * ldc)] = (float) acc;
                }
    }

    /** Runs the plan for a [B,M,K] · b [B,K,N] into a contiguous [B,M,N], copying an operand the plan can't read. */
    static float[] viaPlan(Tensor a, Tensor b) {
        int batch = Math.max(a.size(0), b.size(0)), m = a.size(1), k = a.size(2), n = b.size(2);
        CudaLinalg.Side pa = CudaLinalg.side(a.size(0), m, k, a.stride(0), a.stride(1), a.stride(2));
        if (pa == null) { a = a.contiguous(); pa = CudaLinalg.side(a.size(0), m, k, a.stride(0), a.stride(1), a.stride(2)); }
        CudaLinalg.Side pb = CudaLinalg.side(b.size(0), k, n, b.stride(0), b.stride(1), b.stride(2));
        if (pb == null) { b = b.contiguous(); pb = CudaLinalg.side(b.size(0), k, n, b.stride(0), b.stride(1), b.stride(2)); }
        assertNotNull(pa);
        assertNotNull(pb);
        float[] c = new float[batch * m * n];
        int ldc = CudaLinalg.ldc(m, n, n);
        refGemm(pb.op(), pa.op(), n, m, k, storage(b), b.storageOffset(), pb.ld(), pb.batchStride(), storage(a),
                a.storageOffset(), pa.ld(), pa.batchStride(), c, ldc, (long) m * n, batch);
        return c;
    }

    private static float[] storage(Tensor t) { return ((torch4j.backend.CpuStorage) t.storage()).f32(); }

    private static void check(Tensor a, Tensor b) {
        Tensor expected = a.expand(Math.max(a.size(0), b.size(0)), a.size(1), a.size(2))
                .bmm(b.expand(Math.max(a.size(0), b.size(0)), b.size(1), b.size(2)));
        assertArrayEquals(expected.contiguous().toFloatArray(), viaPlan(a, b), 1e-4f);
    }

    @Test
    void everyLayoutReadsAsTheSameProduct() {
        Torch.manualSeed(0);
        int[][] sizes = {{3, 5, 4, 6}, {1, 1, 7, 5}, {2, 6, 1, 3}, {2, 4, 5, 1}, {1, 1, 1, 1}, {4, 9, 8, 2}};
        for (int[] s : sizes) {
            int bt = s[0], m = s[1], k = s[2], n = s[3];
            Tensor a = Torch.randn(bt, m, k), b = Torch.randn(bt, k, n);
            check(a, b);                                                        // contiguous
            check(Torch.randn(bt, k, m).transpose(1, 2), b);                    // a transposed
            check(a, Torch.randn(bt, n, k).transpose(1, 2));                    // b transposed
            check(Torch.randn(bt, k, m).transpose(1, 2), Torch.randn(bt, n, k).transpose(1, 2));
            check(Torch.randn(bt, m, k + 3).narrow(2, 1, k), b);                // row stride > cols
            check(Torch.randn(bt, m, 2 * k).slice(2, 0, 2 * k, 2), b);          // column stride 2: copied
            check(Torch.randn(1, m, k), b);                                     // broadcast batch of a
            check(a, Torch.randn(1, k, n).expand(bt, k, n));                    // stride-0 batch of b
            check(Torch.randn(m, bt, k).transpose(0, 1), b);                    // batch not outermost
        }
    }
}
