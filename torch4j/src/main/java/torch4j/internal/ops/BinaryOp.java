package torch4j.internal.ops;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import torch4j.Tensor;

/**
 * Pointwise binary ops with their scalar references (floating and integer) and one derivative per input, as
 * derivatives.yaml. Broadcasting is undone by the engine (gradients are summed back to each input's shape).
 */
public enum BinaryOp {
    ADD("AddBackward0", false, Double::sum, Long::sum, (a, b, y, g) -> g, (a, b, y, g) -> g),
    SUB("SubBackward0", false, (p, q) -> p - q, (p, q) -> p - q, (a, b, y, g) -> g, (a, b, y, g) -> g.neg()),
    MUL("MulBackward0", false, (p, q) -> p * q, (p, q) -> p * q, (a, b, y, g) -> g.mul(b), (a, b, y, g) -> g.mul(a)),
    DIV("DivBackward0", true, (p, q) -> p / q, null, (a, b, y, g) -> g.div(b), (a, b, y, g) -> g.neg().mul(a).div(b.mul(b))),
    // d/da a^b = b a^(b-1) (0 where b == 0, as PyTorch's pow_backward masks it); d/db = a^b log a (0 where a == 0 and b >= 0)
    POW("PowBackward1", false, Math::pow, MathFns::ipow,
            (a, b, y, g) -> Tensor.where(b.eq(0.0), Tensor.zerosLike(g).to(g.dtype()), g.mul(b).mul(a.pow(b.sub(1.0)))),
            (a, b, y, g) -> Tensor.where(a.eq(0.0).logicalAnd(b.ge(0.0)), Tensor.zerosLike(g).to(g.dtype()),
                    g.mul(y).mul(a.log()))),
    ATAN2("Atan2Backward0", true, Math::atan2, null,
            (a, b, y, g) -> g.mul(b).div(a.mul(a).add(b.mul(b))),
            (a, b, y, g) -> g.neg().mul(a).div(a.mul(a).add(b.mul(b)))),
    // NaN propagates; ties split the gradient in half, as PyTorch's masked formulas do
    MINIMUM("MinimumBackward0", false, (p, q) -> Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : Math.min(p, q), Math::min,
            (a, b, y, g) -> g.mul(a.lt(b).to(g.dtype()).add(a.eq(b).to(g.dtype()).mul(0.5))),
            (a, b, y, g) -> g.mul(b.lt(a).to(g.dtype()).add(a.eq(b).to(g.dtype()).mul(0.5)))),
    MAXIMUM("MaximumBackward0", false, (p, q) -> Double.isNaN(p) || Double.isNaN(q) ? Double.NaN : Math.max(p, q), Math::max,
            (a, b, y, g) -> g.mul(a.gt(b).to(g.dtype()).add(a.eq(b).to(g.dtype()).mul(0.5))),
            (a, b, y, g) -> g.mul(b.gt(a).to(g.dtype()).add(a.eq(b).to(g.dtype()).mul(0.5)))),
    FMOD("FmodBackward0", false, (p, q) -> p % q, (p, q) -> {
        if (q == 0) throw new ArithmeticException("ZeroDivisionError");
        return p % q;
    }, (a, b, y, g) -> g, (a, b, y, g) -> g.neg().mul(a.div(b).trunc())),
    REMAINDER("RemainderBackward0", false, MathFns::remainder, MathFns::remainder,
            (a, b, y, g) -> g, (a, b, y, g) -> g.neg().mul(a.div(b).floor())),
    /** Floor division ({@code //}, div with rounding_mode="floor"); not differentiable (zero gradient). */
    FLOOR_DIVIDE("DivBackward1", false, (p, q) -> Math.floor(p / q), MathFns::floorDiv,
            (a, b, y, g) -> g.mul(0.0), (a, b, y, g) -> g.mul(0.0)),
    /** div with rounding_mode="trunc". */
    TRUNC_DIVIDE("DivBackward1", false, (p, q) -> {
        double r = p / q;
        return r < 0 ? Math.ceil(r) : Math.floor(r);
    }, (p, q) -> {
        if (q == 0) throw new ArithmeticException("ZeroDivisionError");
        return p / q;
    }, (a, b, y, g) -> g.mul(0.0), (a, b, y, g) -> g.mul(0.0)),
    /**
     * ReLU's backward, PyTorch's threshold_backward(grad, result, 0): a where b > 0 (or NaN), else 0. One pass with no
     * mask tensor, where g·(y > 0) took three (compare, cast, multiply) and two temporaries.
     */
    THRESHOLD_BACKWARD("ThresholdBackwardBackward0", false, (p, q) -> q <= 0 ? 0 : p, (p, q) -> q <= 0 ? 0 : p,
            (a, b, y, g) -> Pointwise.thresholdBackward(g, b), (a, b, y, g) -> g.mul(0.0));

    /** The derivative for one input: a, b the inputs, y the result, g the incoming gradient. */
    @FunctionalInterface
    public interface Grad {
        Tensor apply(Tensor a, Tensor b, Tensor y, Tensor g);
    }

    public final String nodeName;
    /** True when integer inputs give a floating result (true division, atan2). */
    public final boolean floatResult;
    public final DoubleBinaryOperator fn;
    /** The integer reference, or null when integer inputs compute in floating point. */
    public final LongBinaryOperator longFn;
    public final Grad gradA;
    public final Grad gradB;

    BinaryOp(String nodeName, boolean floatResult, DoubleBinaryOperator fn, LongBinaryOperator longFn, Grad gradA, Grad gradB) {
        this.nodeName = nodeName;
        this.floatResult = floatResult;
        this.fn = fn;
        this.longFn = longFn;
        this.gradA = gradA;
        this.gradB = gradB;
    }
}
