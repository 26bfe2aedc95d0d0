package torch4j.cuda.internal;

import static torch4j.cuda.internal.Native.DOUBLE;
import static torch4j.cuda.internal.Native.INT;
import static torch4j.cuda.internal.Native.LONG;
import static torch4j.cuda.internal.Native.PTR;
import static torch4j.cuda.internal.Native.fn;
import static torch4j.cuda.internal.Native.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS ({@code libcublas.so.13}) through FFM: handle setup and the strided-batched GEMMs that every matrix product
 * of the backend goes through. Scalars (alpha, beta) are passed from host memory (the default pointer mode).
 */
public final class Cublas {
    private static final String LIB = "libcublas.so.13";
    public static final int OP_N = 0, OP_T = 1;
    /** cudaDataType_t. */
    public static final int R_32F = 0, R_64F = 1, R_16F = 2, R_16BF = 14;
    /** cublasComputeType_t. */
    public static final int COMPUTE_32F = 68, COMPUTE_32F_FAST_TF32 = 77, COMPUTE_64F = 70;
    /** cublasMath_t. */
    public static final int DEFAULT_MATH = 0, TF32_TENSOR_OP_MATH = 3;
    private static final int GEMM_DEFAULT = -1;

    private static volatile Object loaded;

    private final MethodHandle create, setStream, setMathMode, sgemmBatched, dgemmBatched, gemmBatchedEx;

    Cublas(SymbolLookup l) {
        create = fn(l, LIB, "cublasCreate_v2", PTR);
        setStream = fn(l, LIB, "cublasSetStream_v2", PTR, PTR);
        setMathMode = fn(l, LIB, "cublasSetMathMode", PTR, INT);
        sgemmBatched = fn(l, LIB, "cublasSgemmStridedBatched", PTR, INT, INT, INT, INT, INT, PTR, LONG, INT, LONG,
                LONG, INT, LONG, PTR, LONG, INT, LONG, INT);
        dgemmBatched = fn(l, LIB, "cublasDgemmStridedBatched", PTR, INT, INT, INT, INT, INT, PTR, LONG, INT, LONG,
                LONG, INT, LONG, PTR, LONG, INT, LONG, INT);
        gemmBatchedEx = fn(l, LIB, "cublasGemmStridedBatchedEx", PTR, INT, INT, INT, INT, INT, PTR, LONG, INT, INT,
                LONG, LONG, INT, INT, LONG, PTR, LONG, INT, INT, LONG, INT, INT, INT);
    }

    /** The library, found once; null with {@link #unavailableReason()} when absent. */
    public static Cublas get() {
        if (loaded == null) {
            synchronized (Cublas.class) {
                if (loaded == null) {
                    LibraryFinder.Found f = LibraryFinder.find(LIB, "libcublas.so");
                    loaded = f.lookup() == null
                            ? "no cuBLAS found (looked for " + LIB + " in " + String.join(", ", f.searched()) + ")"
                            : new Cublas(f.lookup());
                }
            }
        }
        return loaded instanceof Cublas c ? c : null;
    }

    public static String unavailableReason() {
        get();
        return loaded instanceof String s ? s : null;
    }

    private static void check(int status, String call) {
        if (status != 0) throw new CudaException(call + " failed: cublasStatus_t " + status, status);
    }

    /** A handle bound to stream. */
    public MemorySegment createHandle(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check((int) create.invokeExact(p), "cublasCreate_v2");
            MemorySegment h = p.get(ValueLayout.ADDRESS, 0);
            check((int) setStream.invokeExact(h, stream), "cublasSetStream_v2");
            return h;
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** TF32 tensor-op math on or off (PyTorch's {@code torch.backends.cuda.matmul.allow_tf32}). */
    public void setTf32(MemorySegment handle, boolean allow) {
        try { check((int) setMathMode.invokeExact(handle, allow ? TF32_TENSOR_OP_MATH : DEFAULT_MATH), "cublasSetMathMode"); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** Column-major C = alpha·op(A)·op(B) + beta·C over a batch, float32. */
    public void sgemm(MemorySegment h, int ta, int tb, int m, int n, int k, float alpha, long a, int lda, long sa,
                      long b, int ldb, long sb, float beta, long c, int ldc, long sc, int batch) {
        try (Arena ar = Arena.ofConfined()) {
            MemorySegment al = ar.allocateFrom(ValueLayout.JAVA_FLOAT, alpha), be = ar.allocateFrom(ValueLayout.JAVA_FLOAT, beta);
            check((int) sgemmBatched.invokeExact(h, ta, tb, m, n, k, al, a, lda, sa, b, ldb, sb, be, c, ldc, sc, batch),
                    "cublasSgemmStridedBatched");
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** As {@link #sgemm}, float64. */
    public void dgemm(MemorySegment h, int ta, int tb, int m, int n, int k, double alpha, long a, int lda, long sa,
                      long b, int ldb, long sb, double beta, long c, int ldc, long sc, int batch) {
        try (Arena ar = Arena.ofConfined()) {
            MemorySegment al = ar.allocateFrom(DOUBLE, alpha), be = ar.allocateFrom(DOUBLE, beta);
            check((int) dgemmBatched.invokeExact(h, ta, tb, m, n, k, al, a, lda, sa, b, ldb, sb, be, c, ldc, sc, batch),
                    "cublasDgemmStridedBatched");
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** As {@link #sgemm} for 16-bit operands (type R_16F or R_16BF) with float32 accumulation and scalars. */
    public void gemmEx(MemorySegment h, int type, int ta, int tb, int m, int n, int k, float alpha, long a, int lda,
                       long sa, long b, int ldb, long sb, float beta, long c, int ldc, long sc, int batch) {
        try (Arena ar = Arena.ofConfined()) {
            MemorySegment al = ar.allocateFrom(ValueLayout.JAVA_FLOAT, alpha), be = ar.allocateFrom(ValueLayout.JAVA_FLOAT, beta);
            check((int) gemmBatchedEx.invokeExact(h, ta, tb, m, n, k, al, a, type, lda, sa, b, type, ldb, sb, be, c,
                    type, ldc, sc, batch, COMPUTE_32F, GEMM_DEFAULT), "cublasGemmStridedBatchedEx");
        } catch (Throwable t) { throw rethrow(t); }
    }
}
