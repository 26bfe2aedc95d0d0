package torch4j.internal.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.ElementwiseKernels;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.CompareOp;
import torch4j.internal.ops.MathFns;
import torch4j.internal.ops.UnaryOp;

/**
 * CPU pointwise kernels. float32 rows with unit (or zero, for a broadcast scalar) strides run on the Vector
 * API; everything else runs a scalar loop over the op's reference function, in double for floating dtypes and
 * in long for integers, so every dtype is covered by one generic path.
 */
final class CpuElementwise implements ElementwiseKernels {
    static final CpuElementwise INSTANCE = new CpuElementwise();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static CpuStorage st(Tensor t) { return (CpuStorage) t.storage(); }

    // ------------------------------------------------------------------ unary

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        CpuStorage xs = st(x), os = st(out);
        DType dt = x.dtype();
        Loop loop = Loop.of(out, x);
        if (op.out == UnaryOp.Out.BOOL) {
            byte[] o = os.i8();
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], px = off[1]; i < n; i++, po += s[0], px += s[1])
                    o[po] = (byte) op.fn.applyAsDouble(xs.getDouble(px));
            });
            return;
        }
        if (dt == DType.FLOAT32) {
            float[] a = xs.f32(), o = os.f32();
            loop.run((n, off, s) -> {
                if (s[0] == 1 && s[1] == 1 && unaryVec(op, a, off[1], o, off[0], n)) return;
                for (int i = 0, po = off[0], px = off[1]; i < n; i++, po += s[0], px += s[1])
                    o[po] = (float) op.fn.applyAsDouble(a[px]);
            });
        } else if (dt == DType.FLOAT64) {
            double[] a = xs.f64(), o = os.f64();
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], px = off[1]; i < n; i++, po += s[0], px += s[1])
                    o[po] = op.fn.applyAsDouble(a[px]);
            });
        } else if (dt.isFloatingPoint()) {
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], px = off[1]; i < n; i++, po += s[0], px += s[1])
                    os.setDouble(po, op.fn.applyAsDouble(xs.getDouble(px)));
            });
        } else {
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], px = off[1]; i < n; i++, po += s[0], px += s[1]) {
                    long v = xs.getLong(px);
                    long r = switch (op) {
                        case NEG -> -v;
                        case ABS -> Math.abs(v);
                        case SIGN -> Long.signum(v);
                        case RELU -> Math.max(v, 0);
                        case FLOOR, CEIL, ROUND, TRUNC -> v;
                        default -> (long) op.fn.applyAsDouble(v);
                    };
                    os.setLong(po, r);
                }
            });
        }
    }

    /** op over n contiguous float32 elements (o may be a); what a fused elementwise chain runs per link. */
    public static void unaryRow(UnaryOp op, float[] a, int ia, float[] o, int io, int n) {
        if (!unaryVec(op, a, ia, o, io, n)) for (int i = 0; i < n; i++) o[io + i] = (float) op.fn.applyAsDouble(a[ia + i]);
    }

    /** op over n float32 elements, each input with stride 1 or 0 (a scalar); the eager kernels' arithmetic. */
    public static void binaryRow(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        if (binaryVec(op, a, ia, sa, b, ib, sb, o, io, n)) return;
        for (int i = 0; i < n; i++) o[io + i] = (float) op.fn.applyAsDouble(a[ia + i * sa], b[ib + i * sb]);
    }

    /** The vectorised contiguous float32 forms; false when the op has none (the caller runs the scalar loop). */
    private static boolean unaryVec(UnaryOp op, float[] a, int ia, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        switch (op) {
            case NEG -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).neg().intoArray(o, io + i); }
            case ABS -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).abs().intoArray(o, io + i); }
            case EXP -> i = expVec(a, ia, o, io, bound);
            case EXPM1 -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.EXPM1).intoArray(o, io + i); }
            case LOG -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.LOG).intoArray(o, io + i); }
            case LOG1P -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.LOG1P).intoArray(o, io + i); }
            case LOG10 -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.LOG10).intoArray(o, io + i); }
            case SQRT -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).sqrt().intoArray(o, io + i); }
            case RSQRT -> { for (; i < bound; i += L) FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, a, ia + i).sqrt()).intoArray(o, io + i); }
            case RECIPROCAL -> { for (; i < bound; i += L) FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, a, ia + i)).intoArray(o, io + i); }
            case SIN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.SIN).intoArray(o, io + i); }
            case COS -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.COS).intoArray(o, io + i); }
            case TAN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.TAN).intoArray(o, io + i); }
            case ATAN -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.ATAN).intoArray(o, io + i); }
            case SINH -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.SINH).intoArray(o, io + i); }
            case COSH -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.COSH).intoArray(o, io + i); }
            case TANH -> { for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.TANH).intoArray(o, io + i); }
            case SIGMOID -> i = sigmoidVec(a, ia, o, io, bound, false);
            case SILU -> i = sigmoidVec(a, ia, o, io, bound, true);
            case RELU -> {
                var zero = FloatVector.zero(S);
                for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).max(zero).intoArray(o, io + i);
            }
            default -> { return false; }
        }
        for (; i < n; i++) o[io + i] = (float) op.fn.applyAsDouble(a[ia + i]);
        return true;
    }

    // Loops around VecMath.exp live in small methods of their own: inside the big switch above C2 ran out of inlining
    // budget, called exp out of line and boxed every vector (10× slower).

    private static int expVec(float[] a, int ia, float[] o, int io, int bound) {
        int i = 0;
        for (; i < bound; i += L) VecMath.exp(FloatVector.fromArray(S, a, ia + i)).intoArray(o, io + i);
        return i;
    }

    /** sigmoid(x) = 1 / (1 + e^-x), or silu(x) = x · sigmoid(x). */
    private static int sigmoidVec(float[] a, int ia, float[] o, int io, int bound, boolean silu) {
        int i = 0;
        var one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += L) {
            var v = FloatVector.fromArray(S, a, ia + i);
            var sg = one.div(one.add(VecMath.exp(v.neg())));
            (silu ? v.mul(sg) : sg).intoArray(o, io + i);
        }
        return i;
    }

    // ------------------------------------------------------------------ binary

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        CpuStorage as = st(a), bs = st(b), os = st(out);
        DType dt = out.dtype();
        Loop loop = Loop.of(out, a, b);
        if (dt == DType.FLOAT32) {
            float[] x = as.f32(), y = bs.f32(), o = os.f32();
            loop.run((n, off, s) -> {
                if (s[0] == 1 && s[1] <= 1 && s[2] <= 1 && (s[1] | s[2]) != 0 && binaryVec(op, x, off[1], s[1], y, off[2], s[2], o, off[0], n))
                    return;
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    o[po] = (float) op.fn.applyAsDouble(x[pa], y[pb]);
            });
        } else if (dt == DType.FLOAT64) {
            double[] x = as.f64(), y = bs.f64(), o = os.f64();
            loop.run((n, off, s) -> {
                if (op == BinaryOp.ADD || op == BinaryOp.MUL || op == BinaryOp.SUB) {
                    for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                        o[po] = op == BinaryOp.ADD ? x[pa] + y[pb] : op == BinaryOp.MUL ? x[pa] * y[pb] : x[pa] - y[pb];
                    return;
                }
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    o[po] = op.fn.applyAsDouble(x[pa], y[pb]);
            });
        } else if (dt.isFloatingPoint()) {
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    os.setDouble(po, op.fn.applyAsDouble(as.getDouble(pa), bs.getDouble(pb)));
            });
        } else if (dt == DType.BOOL) {
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2]) {
                    long p = as.getLong(pa), q = bs.getLong(pb);
                    os.setLong(po, op == BinaryOp.MUL || op == BinaryOp.MINIMUM ? (p & q) : (p | q));
                }
            });
        } else {
            if (op.longFn == null) throw new IllegalStateException(op + " has no integer kernel");
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    os.setLong(po, op.longFn.applyAsLong(as.getLong(pa), bs.getLong(pb)));
            });
        }
    }

    /**
     * Contiguous float32 rows where each input has stride 1 or 0 (a broadcast scalar). One method per operator: the
     * Vector API intrinsifies a lanewise op only when its operator is a constant where it is called, and a shared
     * helper taking the operator as a parameter ran ~20× slower whenever C2 did not inline it.
     */
    private static boolean binaryVec(BinaryOp op, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        switch (op) {
            case ADD -> addVec(a, ia, sa, b, ib, sb, o, io, n);
            case SUB -> subVec(a, ia, sa, b, ib, sb, o, io, n);
            case MUL -> mulVec(a, ia, sa, b, ib, sb, o, io, n);
            case DIV -> divVec(a, ia, sa, b, ib, sb, o, io, n);
            case MINIMUM -> minVec(a, ia, sa, b, ib, sb, o, io, n);
            case MAXIMUM -> maxVec(a, ia, sa, b, ib, sb, o, io, n);
            case ATAN2 -> atan2Vec(a, ia, sa, b, ib, sb, o, io, n);
            case THRESHOLD_BACKWARD -> {
                if (sa != 1 || sb != 1) return false;
                thresholdBackwardVec(a, ia, b, ib, o, io, n);
            }
            case POW -> {
                if (sb == 0 && b[ib] == 2f) mulVec(a, ia, sa, a, ia, sa, o, io, n); // x^2, the common power: exact
                else powVec(a, ia, sa, b, ib, sb, o, io, n);
            }
            default -> { return false; }
        }
        return true;
    }

    private static void addVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.ADD, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.ADD, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.ADD, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.ADD, bv).intoArray(o, io + i, m);
        }
    }

    /** ReLU's backward: o = b <= 0 ? 0 : a (NaN in b passes a, as PyTorch's threshold_backward). */
    private static void thresholdBackwardVec(float[] a, int ia, float[] b, int ib, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        var zero = FloatVector.zero(S);
        for (; i < bound; i += L) {
            var bv = FloatVector.fromArray(S, b, ib + i);
            FloatVector.fromArray(S, a, ia + i).blend(zero, bv.compare(VectorOperators.LE, 0f)).intoArray(o, io + i);
        }
        for (; i < n; i++) o[io + i] = b[ib + i] <= 0 ? 0 : a[ia + i];
    }

    private static void subVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.SUB, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.SUB, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.SUB, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.SUB, bv).intoArray(o, io + i, m);
        }
    }

    private static void mulVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.MUL, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.MUL, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.MUL, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.MUL, bv).intoArray(o, io + i, m);
        }
    }

    private static void divVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.DIV, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.DIV, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.DIV, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.DIV, bv).intoArray(o, io + i, m);
        }
    }

    private static void minVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.MIN, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.MIN, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.MIN, bv).intoArray(o, io + i, m);
        }
    }

    private static void maxVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.MAX, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.MAX, bv).intoArray(o, io + i, m);
        }
    }

    private static void atan2Vec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.ATAN2, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.ATAN2, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.ATAN2, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.ATAN2, bv).intoArray(o, io + i, m);
        }
    }

    private static void powVec(float[] a, int ia, int sa, float[] b, int ib, int sb, float[] o, int io, int n) {
        int i = 0, bound = S.loopBound(n);
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += L)
                FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.POW, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        } else if (sb == 0) {
            var bv = FloatVector.broadcast(S, b[ib]);
            for (; i < bound; i += L) FloatVector.fromArray(S, a, ia + i).lanewise(VectorOperators.POW, bv).intoArray(o, io + i);
        } else {
            var av = FloatVector.broadcast(S, a[ia]);
            for (; i < bound; i += L) av.lanewise(VectorOperators.POW, FloatVector.fromArray(S, b, ib + i)).intoArray(o, io + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            var av = sa == 0 ? FloatVector.broadcast(S, a[ia]) : FloatVector.fromArray(S, a, ia + i, m);
            var bv = sb == 0 ? FloatVector.broadcast(S, b[ib]) : FloatVector.fromArray(S, b, ib + i, m);
            av.lanewise(VectorOperators.POW, bv).intoArray(o, io + i, m);
        }
    }

    // ------------------------------------------------------------------ compare, where

    @Override
    public void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
        CpuStorage as = st(a), bs = st(b);
        byte[] o = st(out).i8();
        Loop loop = Loop.of(out, a, b);
        DType dt = a.dtype();
        if (dt == DType.FLOAT32) {
            float[] x = as.f32(), y = bs.f32();
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    o[po] = op.test(x[pa], y[pb]) ? (byte) 1 : 0;
            });
        } else if (dt.isFloatingPoint()) {
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    o[po] = op.test(as.getDouble(pa), bs.getDouble(pb)) ? (byte) 1 : 0;
            });
        } else {
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pa = off[1], pb = off[2]; i < n; i++, po += s[0], pa += s[1], pb += s[2])
                    o[po] = op.test(as.getLong(pa), bs.getLong(pb)) ? (byte) 1 : 0;
            });
        }
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        byte[] c = st(cond).i8();
        CpuStorage as = st(a), bs = st(b), os = st(out);
        Loop loop = Loop.of(out, cond, a, b);
        DType dt = out.dtype();
        if (dt == DType.FLOAT32) {
            float[] x = as.f32(), y = bs.f32(), o = os.f32();
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pc = off[1], pa = off[2], pb = off[3]; i < n;
                     i++, po += s[0], pc += s[1], pa += s[2], pb += s[3])
                    o[po] = c[pc] != 0 ? x[pa] : y[pb];
            });
        } else {
            boolean fl = dt.isFloatingPoint();
            loop.run((n, off, s) -> {
                for (int i = 0, po = off[0], pc = off[1], pa = off[2], pb = off[3]; i < n;
                     i++, po += s[0], pc += s[1], pa += s[2], pb += s[3]) {
                    if (fl) os.setDouble(po, c[pc] != 0 ? as.getDouble(pa) : bs.getDouble(pb));
                    else os.setLong(po, c[pc] != 0 ? as.getLong(pa) : bs.getLong(pb));
                }
            });
        }
    }

    // ------------------------------------------------------------------ copy, fill

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuStorage ss = st(src), ds = st(dst);
        DType from = src.dtype(), to = dst.dtype();
        Loop loop = Loop.of(dst, src);
        if (from == to) {
            Object s = ss.array(), d = ds.array();
            loop.run((n, off, st) -> {
                if (st[0] == 1 && st[1] == 1) {
                    System.arraycopy(s, off[1], d, off[0], n);
                    return;
                }
                switch (from) {
                    case FLOAT32 -> {
                        float[] x = (float[]) s, y = (float[]) d;
                        for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
                    }
                    case FLOAT64 -> {
                        double[] x = (double[]) s, y = (double[]) d;
                        for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
                    }
                    case INT64 -> {
                        long[] x = (long[]) s, y = (long[]) d;
                        for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
                    }
                    case INT32 -> {
                        int[] x = (int[]) s, y = (int[]) d;
                        for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
                    }
                    case INT16, FLOAT16, BFLOAT16 -> {
                        short[] x = (short[]) s, y = (short[]) d;
                        for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
                    }
                    default -> {
                        byte[] x = (byte[]) s, y = (byte[]) d;
                        for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
                    }
                }
            });
            return;
        }
        if (from == DType.FLOAT32 && to == DType.FLOAT64) {
            float[] x = ss.f32();
            double[] y = ds.f64();
            loop.run((n, off, st) -> {
                for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = x[ps];
            });
        } else if (from == DType.FLOAT64 && to == DType.FLOAT32) {
            double[] x = ss.f64();
            float[] y = ds.f32();
            loop.run((n, off, st) -> {
                for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) y[pd] = (float) x[ps];
            });
        } else if (to == DType.BOOL) {
            byte[] y = ds.i8();
            loop.run((n, off, st) -> {
                for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1])
                    y[pd] = ss.getDouble(ps) != 0 ? (byte) 1 : 0;
            });
        } else if (from.isFloatingPoint() || to.isFloatingPoint()) {
            loop.run((n, off, st) -> {
                for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) {
                    double v = ss.getDouble(ps);
                    if (to.isFloatingPoint()) ds.setDouble(pd, v);
                    else ds.setLong(pd, truncToLong(v));
                }
            });
        } else {
            loop.run((n, off, st) -> {
                for (int i = 0, pd = off[0], ps = off[1]; i < n; i++, pd += st[0], ps += st[1]) ds.setLong(pd, ss.getLong(ps));
            });
        }
    }

    /** Float to integer conversion truncates toward zero, as C casts (and PyTorch) do. */
    private static long truncToLong(double v) { return (long) v; }

    @Override
    public void fill(Tensor dst, double value) {
        CpuStorage ds = st(dst);
        Loop loop = Loop.of(dst);
        DType dt = dst.dtype();
        loop.run((n, off, s) -> {
            if (s[0] == 1) {
                switch (dt) {
                    case FLOAT32 -> { Arrays.fill(ds.f32(), off[0], off[0] + n, (float) value); return; }
                    case FLOAT64 -> { Arrays.fill(ds.f64(), off[0], off[0] + n, value); return; }
                    case INT64 -> { Arrays.fill(ds.i64(), off[0], off[0] + n, (long) value); return; }
                    case INT32 -> { Arrays.fill(ds.i32(), off[0], off[0] + n, (int) value); return; }
                    default -> { }
                }
            }
            for (int i = 0, p = off[0]; i < n; i++, p += s[0]) {
                if (dt.isFloatingPoint()) ds.setDouble(p, value);
                else ds.setLong(p, (long) value);
            }
        });
    }

    static float erfApprox(float x) { return (float) MathFns.erf(x); }
}
