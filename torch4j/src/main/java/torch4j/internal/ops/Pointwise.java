package torch4j.internal.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;
import torch4j.internal.trace.Tracer;

/**
 * Dispatch of pointwise ops: device check, broadcasting, type promotion, output allocation, the backend call,
 * and the autograd record built from the op's declared derivatives.
 */
public final class Pointwise {
    private Pointwise() {}

    /**
     * A Java double as a 0-dim tensor that promotes like a Python float: next to an integer tensor the result is
     * floating point ({@code uint8Tensor.mul(2.0)} is float32), next to a floating tensor it takes that dtype.
     */
    public static Tensor wrap(double v, Tensor like) {
        return Tensor.scalar(v, like.dtype().isFloatingPoint() ? like.dtype() : DType.FLOAT64);
    }

    /** A Java long as a 0-dim tensor that promotes like a Python int ({@code int32Tensor.add(1)} stays int32). */
    public static Tensor wrap(long v, Tensor like) {
        return Tensor.scalar(v, like.dtype().isFloatingPoint() ? like.dtype() : DType.INT64);
    }

    /** {@code torch.result_type} over dimensioned tensors, then 0-dim tensors, then wrapped numbers. */
    public static DType resultType(Tensor a, Tensor b) {
        DType[] tier = new DType[3];
        for (Tensor t : new Tensor[]{a, b}) {
            int k = t.isWrappedNumber() ? 2 : t.dim() == 0 ? 1 : 0;
            DType d = t.dtype();
            if (k == 2) d = d.isFloatingPoint() ? DType.defaultFloat() : d == DType.BOOL ? DType.BOOL : DType.INT64;
            tier[k] = tier[k] == null ? d : DType.promote(tier[k], d);
        }
        DType r = null;
        for (DType d : tier) {
            if (d == null) continue;
            if (r == null) r = d;
            else if (d.kind().ordinal() > r.kind().ordinal()) r = d;
        }
        return r;
    }

    static void sameDevice(Tensor a, Tensor b) {
        if (!a.device().equals(b.device()) && !a.isWrappedNumber() && !b.isWrappedNumber())
            throw deviceMismatch(a.device(), b.device());
    }

    /** Fails as PyTorch does when the tensors (nulls and wrapped numbers skipped) are not all on one device. */
    public static void sameDevice(Tensor... ts) {
        Device first = null;
        for (Tensor t : ts) {
            if (t == null || t.isWrappedNumber()) continue;
            if (first == null) first = t.device();
            else if (!first.equals(t.device())) throw deviceMismatch(first, t.device());
        }
    }

    /**
     * PyTorch's message names the common device first, and its common device is the first non-CPU one (a CPU
     * tensor next to a CUDA tensor reads "cuda:0 and cpu" whichever operand came first).
     */
    public static TorchException deviceMismatch(Device a, Device b) {
        Device common = a.isCpu() ? b : a, other = common == a ? b : a;
        return new TorchException("Expected all tensors to be on the same device, but found at least two devices, "
                + common + " and " + other + "!");
    }

    private static Device deviceOf(Tensor a, Tensor b) { return a.isWrappedNumber() ? b.device() : a.device(); }

    /** Input converted to dtype and device for a kernel, without recording (the node keeps the originals). */
    private static Tensor operand(Tensor t, DType dtype, Device device, int[] shape) {
        Tensor c = t;
        if (c.dtype() != dtype || !c.device().equals(device)) {
            try (var _ = GradMode.scope(false)) {
                c = cast(c, dtype, device);
            }
        }
        return Arrays.equals(c.shapeArray(), shape) ? c : c.viewAs(shape, Shapes.expandStrides(c.shapeArray(), c.strideArray(), shape), c.storageOffset());
    }

    public static Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = unaryUntraced(op, x);
        if (Tracer.on()) Tracer.record(op.name().toLowerCase(), Tracer.attrs(), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor unaryUntraced(UnaryOp op, Tensor x) {
        DType outType = switch (op.out) {
            case SAME -> x.dtype();
            case FLOAT -> x.dtype().isFloatingPoint() ? x.dtype() : DType.defaultFloat();
            case BOOL -> DType.BOOL;
        };
        if (op.out == UnaryOp.Out.SAME && x.dtype() == DType.BOOL && op != UnaryOp.RELU)
            throw new TorchException(op.name().toLowerCase() + " is not supported for bool tensors");
        Tensor in = op.out == UnaryOp.Out.BOOL ? x : operand(x, outType, x.device(), x.shapeArray());
        Tensor out = Tensor.empty(x.shapeArray(), outType, x.device());
        x.backend().elementwise().unary(op, in, out);
        if (op.grad != null && Node.needed(x)) {
            UnaryOp.Grad g = op.grad;
            Node.of(op.nodeName, x).saves(x, out).grad(0, gr -> g.apply(x, out, gr)).attach(out);
        }
        return out;
    }

    /** In place: the kernel writes into x; under autograd, the functional form is recorded and x rebased onto it. */
    public static Tensor unaryInPlace(UnaryOp op, Tensor x) {
        Tensor out = unaryInPlaceUntraced(op, x);
        if (Tracer.on()) Tracer.record(op.name().toLowerCase(), Tracer.attrs(), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor unaryInPlaceUntraced(UnaryOp op, Tensor x) {
        x.checkInplace();
        if (Node.needed(x)) return inPlace(x, unary(op, x.clone()));
        if (op.out == UnaryOp.Out.FLOAT && !x.dtype().isFloatingPoint())
            throw new TorchException("result type Float can't be cast to the desired output type " + x.typeName()
                    .replace("torch.", "").replace("Tensor", ""));
        x.backend().elementwise().unary(op, x, x);
        x.bumpVersion();
        return x;
    }

    /**
     * Makes x hold the value of result (computed from x out of place) and take over its history: how in-place ops
     * are recorded. The view-of-a-graph-tensor case, which needs PyTorch's CopySlices, is refused.
     */
    public static Tensor inPlace(Tensor x, Tensor result) {
        x.checkInplace();
        if (result.requiresGrad() && GradMode.isEnabled() && x.base() != null && x.base().requiresGrad())
            throw new TorchException("torch4j does not yet support in-place operations on a view of a tensor that "
                    + "requires grad; use the out-of-place op instead");
        if (!Arrays.equals(Shapes.broadcast(x.shapeArray(), result.shapeArray()), x.shapeArray()))
            throw new TorchException("output with shape " + Shapes.str(x.shapeArray())
                    + " doesn't match the broadcast shape " + Shapes.str(Shapes.broadcast(x.shapeArray(), result.shapeArray())));
        Tensor src = result;
        try (var _ = GradMode.scope(false)) {
            if (src.dtype() != x.dtype()) {
                if (src.dtype().kind().ordinal() > x.dtype().kind().ordinal())
                    throw new TorchException("result type " + shortName(src.dtype()) + " can't be cast to the desired output type "
                            + shortName(x.dtype()));
            }
            x.backend().elementwise().copy(operand(src, src.dtype(), x.device(), x.shapeArray()), x);
        }
        x.bumpVersion();
        if (result.requiresGrad() && GradMode.isEnabled()) x.setGradFn(result.gradFn());
        return x;
    }

    /** An in-place op written as its functional form f: under autograd f sees a clone, so f may save its input. */
    public static Tensor inPlace(Tensor x, java.util.function.UnaryOperator<Tensor> f) {
        x.checkInplace();
        return inPlace(x, f.apply(Node.needed(x) ? x.clone() : x));
    }

    static String shortName(DType d) { return d.scalarName(); }

    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = binaryUntraced(op, a, b);
        if (Tracer.on()) Tracer.binary(op.name().toLowerCase(), a, b, out);
        return out;
    }

    private static Tensor binaryUntraced(BinaryOp op, Tensor a, Tensor b) {
        sameDevice(a, b);
        DType t = resultType(a, b);
        if (op.floatResult && !t.isFloatingPoint()) t = DType.defaultFloat();
        if (op.longFn == null && !t.isFloatingPoint()) t = DType.defaultFloat();
        if (t == DType.BOOL && (op == BinaryOp.SUB))
            throw new TorchException("Subtraction, the `-` operator, with two bool tensors is not supported. "
                    + "Use the `^` or `logical_xor()` operator instead.");
        if (t == DType.BOOL) t = op == BinaryOp.ADD || op == BinaryOp.MUL || op == BinaryOp.MAXIMUM || op == BinaryOp.MINIMUM
                ? DType.BOOL : DType.INT64;
        int[] shape = Shapes.broadcast(a.shapeArray(), b.shapeArray());
        Device dev = deviceOf(a, b);
        Tensor out = Tensor.empty(shape, t, dev);
        out.backend().elementwise().binary(op, operand(a, t, dev, shape), operand(b, t, dev, shape), out);
        record(op, a, b, out);
        return out;
    }

    /** ReLU's derivative, PyTorch's threshold_backward(g, result, 0): g where result > 0, else 0. */
    static Tensor thresholdBackward(Tensor g, Tensor result) { return binary(BinaryOp.THRESHOLD_BACKWARD, g, result); }

    private static void record(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!Node.needed(a, b) || !out.dtype().isFloatingPoint()) return;
        BinaryOp.Grad ga = op.gradA, gb = op.gradB;
        String name = op.nodeName;
        if (op == BinaryOp.POW && b.isWrappedNumber()) name = "PowBackward0";
        Node.of(name, a, b).saves(a, b)
                .grad(0, g -> ga.apply(a, b, out, g))
                .grad(1, g -> gb.apply(a, b, out, g))
                .attach(out);
    }

    public static Tensor binaryInPlace(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = binaryInPlaceUntraced(op, a, b);
        if (Tracer.on()) Tracer.binary(op.name().toLowerCase(), a, b, out);
        return out;
    }

    private static Tensor binaryInPlaceUntraced(BinaryOp op, Tensor a, Tensor b) {
        a.checkInplace();
        if (Node.needed(a, b)) return inPlace(a, binary(op, a.clone(), b));
        sameDevice(a, b);
        DType t = resultType(a, b);
        if ((op.floatResult || op.longFn == null) && !t.isFloatingPoint()) t = DType.defaultFloat();
        if (t.kind().ordinal() > a.dtype().kind().ordinal())
            throw new TorchException("result type " + shortName(t) + " can't be cast to the desired output type "
                    + shortName(a.dtype()));
        int[] shape = a.shapeArray();
        int[] bs = Shapes.broadcast(shape, b.shapeArray());
        if (!Arrays.equals(bs, shape))
            throw new TorchException("output with shape " + Shapes.str(shape) + " doesn't match the broadcast shape "
                    + Shapes.str(bs));
        DType k = a.dtype(); // computed in self's dtype, as PyTorch casts the result into self
        if (k == DType.BOOL) k = DType.BOOL;
        a.backend().elementwise().binary(op, a, operand(b, k, a.device(), shape), a);
        a.bumpVersion();
        return a;
    }

    /** {@code x.pow(double)}: PowBackward0 with a scalar exponent. */
    public static Tensor powScalar(Tensor x, double e) { return powScalar(x, e, wrap(e, x)); }

    /** {@code x.pow(long)}: an integer tensor to an integer power stays integer. */
    public static Tensor powScalar(Tensor x, long e) { return powScalar(x, e, wrap(e, x)); }

    private static Tensor powScalar(Tensor x, double e, Tensor wrapped) {
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = binary(BinaryOp.POW, x, wrapped);
        }
        if (Node.needed(x) && out.dtype().isFloatingPoint())
            Node.of("PowBackward0", x).saves(x)
                    .grad(0, g -> e == 0 ? g.mul(0.0) : g.mul(x.pow(e - 1)).mul(e))
                    .attach(out);
        return out;
    }

    public static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        sameDevice(a, b);
        DType t = resultType(a, b);
        int[] shape = Shapes.broadcast(a.shapeArray(), b.shapeArray());
        Device dev = deviceOf(a, b);
        Tensor out = Tensor.empty(shape, DType.BOOL, dev);
        out.backend().elementwise().compare(op, operand(a, t, dev, shape), operand(b, t, dev, shape), out);
        return out;
    }

    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL && cond.dtype() != DType.UINT8)
            throw new TorchException("where expected condition to be a boolean tensor, but got a tensor with dtype "
                    + shortName(cond.dtype()));
        sameDevice(a, b);
        DType t = resultType(a, b);
        int[] shape = Shapes.broadcast(Shapes.broadcast(cond.shapeArray(), a.shapeArray()), b.shapeArray());
        Device dev = deviceOf(a, b);
        Tensor out = Tensor.empty(shape, t, dev);
        out.backend().elementwise().where(operand(cond, DType.BOOL, dev, shape), operand(a, t, dev, shape),
                operand(b, t, dev, shape), out);
        if (Node.needed(a, b) && t.isFloatingPoint()) {
            Node.of("WhereBackward0", a, b).saves(cond)
                    .grad(0, g -> where(cond, g, zerosOf(g)))
                    .grad(1, g -> where(cond, zerosOf(g), g))
                    .attach(out);
        }
        return out;
    }

    private static Tensor zerosOf(Tensor g) { return Tensor.scalar(0, g.dtype()); }

    /** {@code to(dtype/device)}: a copy; differentiable (ToCopyBackward0). */
    public static Tensor cast(Tensor x, DType dtype, Device device) {
        Tensor out = castUntraced(x, dtype, device);
        if (Tracer.on()) Tracer.record("cast", Tracer.attrs("dtype", dtype.name()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor castUntraced(Tensor x, DType dtype, Device device) {
        Tensor out = Tensor.empty(x.shapeArray(), dtype, device);
        (device.isCpu() ? x.backend() : out.backend()).elementwise().copy(x, out);
        if (Node.needed(x) && dtype.isFloatingPoint()) {
            DType from = x.dtype();
            Device fromDev = x.device();
            Node.of("ToCopyBackward0", x).grad(0, g -> g.to(fromDev, from)).attach(out);
        }
        return out;
    }

    /** {@code dst.copy_(src)}: broadcasts and casts src into dst; the gradient flows to src (CopyBackwards). */
    public static Tensor copyInto(Tensor dst, Tensor src) {
        dst.checkInplace();
        boolean rec = GradMode.isEnabled() && (src.requiresGrad() || dst.requiresGrad());
        if (rec && dst.base() != null && dst.base().requiresGrad())
            throw new TorchException("torch4j does not yet support in-place operations on a view of a tensor that "
                    + "requires grad; use the out-of-place op instead");
        Shapes.expandStrides(src.shapeArray(), src.strideArray(), dst.shapeArray()); // shape check
        try (var _ = GradMode.scope(false)) {
            dst.backend().elementwise().copy(operand(src, src.dtype(), dst.device(), dst.shapeArray()), dst);
        }
        dst.bumpVersion();
        if (rec) {
            if (src.requiresGrad() && dst.dtype().isFloatingPoint()) Node.of("CopyBackwards", src).grad(0, g -> g).attach(dst);
            else dst.setGradFn(null);
        }
        return dst;
    }

    public static Tensor fill_(Tensor x, double v) {
        x.checkInplace();
        x.backend().elementwise().fill(x, v);
        x.bumpVersion();
        if (x.gradFn() != null && GradMode.isEnabled()) Node.of("FillBackward0", new Tensor[0]).attach(x);
        return x;
    }

    public static Tensor full(int[] shape, double v, DType dtype, Device device) {
        Tensor t = Tensor.empty(shape, dtype, device);
        if (v != 0 || !device.isCpu()) t.backend().elementwise().fill(t, v);
        return t;
    }

    public static Tensor softplus(Tensor x, double beta, double threshold) {
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            Tensor bx = x.mul(beta);
            out = where(bx.gt(threshold), x, bx.exp().log1p().div(beta));
        }
        if (Node.needed(x)) {
            Node.of("SoftplusBackward0", x).saves(x).grad(0, g -> {
                Tensor bx = x.mul(beta);
                return where(bx.gt(threshold), g, g.mul(bx.sigmoid()));
            }).attach(out);
        }
        return out;
    }

    public static Tensor clamp(Tensor x, Double min, Double max) {
        Tensor out = clampUntraced(x, min, max);
        if (Tracer.on()) Tracer.record("clamp", Tracer.attrs("min", min, "max", max), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor clampUntraced(Tensor x, Double min, Double max) {
        if (min == null && max == null) throw new TorchException("torch.clamp: At least one of 'min' or 'max' must not be None");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = x;
            if (min != null) out = binary(BinaryOp.MAXIMUM, out, wrap(min, x));
            if (max != null) out = binary(BinaryOp.MINIMUM, out, wrap(max, x));
            if (out == x) out = x.clone();
        }
        if (Node.needed(x) && out.dtype().isFloatingPoint()) {
            Node.of(min != null && max == null ? "ClampMinBackward0" : max != null && min == null ? "ClampMaxBackward0"
                    : "ClampBackward1", x).saves(x).grad(0, g -> {
                Tensor m = null;
                if (min != null) m = x.ge(min);
                if (max != null) m = m == null ? x.le(max) : m.logicalAnd(x.le(max));
                return g.mul(m);
            }).attach(out);
        }
        return out;
    }

    public static Tensor nanToNum(Tensor x, double nan, Double posinf, Double neginf) {
        if (!x.dtype().isFloatingPoint()) return x.clone();
        double big = x.dtype() == DType.FLOAT64 ? Double.MAX_VALUE : x.dtype() == DType.FLOAT32 ? Float.MAX_VALUE
                : x.dtype() == DType.FLOAT16 ? 65504.0 : 3.3895313892515355E38;
        double pi = posinf == null ? big : posinf, ni = neginf == null ? -big : neginf;
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = where(x.isnan(), wrap(nan, x), where(x.isinf().logicalAnd(x.gt(0.0)), wrap(pi, x),
                    where(x.isinf().logicalAnd(x.lt(0.0)), wrap(ni, x), x)));
        }
        if (Node.needed(x)) Node.of("NanToNumBackward0", x).saves(x).grad(0, g -> g.mul(x.isfinite())).attach(out);
        return out;
    }
}
