package torch4j.cuda.internal;

import java.lang.foreign.MemorySegment;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.Backends;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.CompareOp;
import torch4j.internal.ops.UnaryOp;
import torch4j.internal.ops.Views;

/**
 * Pointwise kernels and host transfers. Copies between the host and a GPU move raw bytes of a contiguous buffer (a
 * cast or a strided layout is done on the side that has the data first) and wait for the stream only when the data
 * must reach a Java array.
 */
final class CudaElementwise implements ElementwiseKernels {
    private final CudaBackend b;

    CudaElementwise(CudaBackend b) { this.b = b; }

    /** Kernel codes of elementwise.cu (a switch, so a new UnaryOp fails to compile here until it has a kernel). */
    static int code(UnaryOp op) {
        return switch (op) {
            case NEG -> 0; case ABS -> 1; case SIGN -> 2; case EXP -> 3; case EXP2 -> 4; case EXPM1 -> 5; case LOG -> 6;
            case LOG2 -> 7; case LOG10 -> 8; case LOG1P -> 9; case SQRT -> 10; case RSQRT -> 11; case RECIPROCAL -> 12;
            case SIN -> 13; case COS -> 14; case TAN -> 15; case ASIN -> 16; case ACOS -> 17; case ATAN -> 18;
            case SINH -> 19; case COSH -> 20; case TANH -> 21; case SIGMOID -> 22; case RELU -> 23; case GELU -> 24;
            case GELU_TANH -> 25; case SILU -> 26; case ERF -> 27; case FLOOR -> 28; case CEIL -> 29; case ROUND -> 30;
            case TRUNC -> 31; case FRAC -> 32; case ISNAN -> 33; case ISINF -> 34; case ISFINITE -> 35;
            case LOGICAL_NOT -> 36;
        };
    }

    static int code(BinaryOp op) {
        return switch (op) {
            case ADD -> 0; case SUB -> 1; case MUL -> 2; case DIV -> 3; case POW -> 4; case ATAN2 -> 5; case MINIMUM -> 6;
            case MAXIMUM -> 7; case FMOD -> 8; case REMAINDER -> 9; case FLOOR_DIVIDE -> 10; case TRUNC_DIVIDE -> 11;
            case THRESHOLD_BACKWARD -> 12;
        };
    }

    static int code(CompareOp op) {
        return switch (op) {
            case EQ -> 0; case NE -> 1; case LT -> 2; case LE -> 3; case GT -> 4; case GE -> 5; case LOGICAL_AND -> 6;
            case LOGICAL_OR -> 7; case LOGICAL_XOR -> 8;
        };
    }

    private static DevPtr ptr(Tensor t) { return DevPtr.base(t); }

    /** The device address of t's first element, for copies (the caller keeps t reachable until they are queued). */
    private static long addr(Tensor t) { return CudaBackend.storage(t).ptr() + t.storageOffset() * t.dtype().itemSize(); }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out) {
        DeviceContext d = b.of(out);
        String k = out.dtype() == DType.BOOL && op.out == UnaryOp.Out.BOOL ? "unarybool_" : "unary_";
        d.launch("elementwise", k + CudaBackend.sfx(x.dtype()), out.numel(), code(op), TensorArg.of(x),
                TensorArg.of(out), out.numel(), ptr(x), ptr(out));
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor bb, Tensor out) {
        b.of(out).launch("elementwise", "binary_" + CudaBackend.sfx(out.dtype()), out.numel(), code(op), TensorArg.of(a),
                TensorArg.of(bb), TensorArg.of(out), out.numel(), ptr(a), ptr(bb), ptr(out));
    }

    @Override public void compare(CompareOp op, Tensor a, Tensor bb, Tensor out) {
        b.of(out).launch("elementwise", "compare_" + CudaBackend.sfx(a.dtype()), out.numel(), code(op), TensorArg.of(a),
                TensorArg.of(bb), TensorArg.of(out), out.numel(), ptr(a), ptr(bb), ptr(out));
    }

    @Override public void where(Tensor cond, Tensor a, Tensor bb, Tensor out) {
        b.of(out).launch("elementwise", "where_" + CudaBackend.sfx(out.dtype()), out.numel(), TensorArg.of(cond),
                TensorArg.of(a), TensorArg.of(bb), TensorArg.of(out), out.numel(), ptr(cond), ptr(a), ptr(bb), ptr(out));
    }

    @Override public void fill(Tensor dst, double value) {
        b.of(dst).launch("elementwise", "fill_" + CudaBackend.sfx(dst.dtype()), dst.numel(), TensorArg.of(dst),
                dst.numel(), value, (long) value, ptr(dst));
    }

    @Override public void copy(Tensor src, Tensor dst) {
        if (dst.numel() == 0) return;
        boolean srcGpu = !src.device().isCpu(), dstGpu = !dst.device().isCpu();
        if (srcGpu && dstGpu) {
            if (!src.device().equals(dst.device())) throw Unsupported.op("copy between two GPUs");
            deviceCopy(src, dst);
        } else if (dstGpu) {
            upload(src, dst);
        } else {
            download(src, dst);
        }
    }

    /** A casting strided copy on one GPU. */
    void deviceCopy(Tensor src, Tensor dst) {
        DeviceContext d = b.of(dst);
        if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
            long es = dst.dtype().itemSize();
            d.copyDtoD(addr(dst), addr(src), dst.numel() * es);
            java.lang.ref.Reference.reachabilityFence(src);
            java.lang.ref.Reference.reachabilityFence(dst);
            return;
        }
        d.launch("copy", "copy_" + CudaBackend.sfx(src.dtype()) + "_" + CudaBackend.sfx(dst.dtype()), dst.numel(),
                TensorArg.of(src), TensorArg.of(dst), dst.numel(), ptr(src), ptr(dst));
    }

    private void upload(Tensor src, Tensor dst) {
        DeviceContext d = b.of(dst);
        CpuStorage host = Views.contiguousCpu(src, dst.dtype());
        Tensor target = dst.isContiguous() ? dst : d.empty(dst.shapeArray(), dst.dtype());
        long es = dst.dtype().itemSize();
        d.copyHtoD(addr(target), heap(host), dst.numel() * es);
        if (target != dst) deviceCopy(target, dst);
        java.lang.ref.Reference.reachabilityFence(dst);
    }

    private void download(Tensor src, Tensor dst) {
        DeviceContext d = b.of(src);
        Tensor s = src;
        if (!s.isContiguous() || s.dtype() != dst.dtype()) {
            s = d.empty(src.shapeArray(), dst.dtype());
            deviceCopy(src, s);
        }
        long es = dst.dtype().itemSize(), bytes = s.numel() * es;
        CpuStorage host = CpuStorage.allocate(dst.dtype(), (int) s.numel());
        d.copyDtoH(heap(host), addr(s), bytes);
        java.lang.ref.Reference.reachabilityFence(s);
        Tensor h = Tensor.wrap(host, src.shapeArray(), torch4j.internal.Shapes.contiguousStrides(src.shapeArray()), 0);
        Backends.cpu().elementwise().copy(h, dst);
    }

    private static MemorySegment heap(CpuStorage s) {
        return switch (s.array()) {
            case float[] x -> MemorySegment.ofArray(x);
            case double[] x -> MemorySegment.ofArray(x);
            case long[] x -> MemorySegment.ofArray(x);
            case int[] x -> MemorySegment.ofArray(x);
            case short[] x -> MemorySegment.ofArray(x);
            case byte[] x -> MemorySegment.ofArray(x);
            default -> throw new IllegalStateException("CPU storage of " + s.array().getClass());
        };
    }
}
