package torch4j.internal.ops;

import java.util.function.DoubleUnaryOperator;
import torch4j.Tensor;

/**
 * Pointwise unary ops. Each constant is the op's whole declaration: its scalar reference (the slow-path kernel
 * and the test oracle), how it types its output, and its derivative as in PyTorch's derivatives.yaml, written
 * with tensor ops so that double backward works. Kernels may add a fast path per constant.
 */
public enum UnaryOp {
    NEG("NegBackward0", Out.SAME, x -> -x, (x, y, g) -> g.neg()),
    ABS("AbsBackward0", Out.SAME, Math::abs, (x, y, g) -> g.mul(x.sign())),
    SIGN("SignBackward0", Out.SAME, Math::signum, (x, y, g) -> g.mul(0.0)),
    EXP("ExpBackward0", Out.FLOAT, Math::exp, (x, y, g) -> g.mul(y)),
    EXP2("Exp2Backward0", Out.FLOAT, x -> Math.pow(2, x), (x, y, g) -> g.mul(y).mul(Math.log(2))),
    EXPM1("Expm1Backward0", Out.FLOAT, Math::expm1, (x, y, g) -> g.mul(y.add(1.0))),
    LOG("LogBackward0", Out.FLOAT, Math::log, (x, y, g) -> g.div(x)),
    LOG2("Log2Backward0", Out.FLOAT, x -> Math.log(x) / Math.log(2), (x, y, g) -> g.div(x.mul(Math.log(2)))),
    LOG10("Log10Backward0", Out.FLOAT, Math::log10, (x, y, g) -> g.div(x.mul(Math.log(10)))),
    LOG1P("Log1PBackward0", Out.FLOAT, Math::log1p, (x, y, g) -> g.div(x.add(1.0))),
    SQRT("SqrtBackward0", Out.FLOAT, Math::sqrt, (x, y, g) -> g.div(y.mul(2.0))),
    RSQRT("RsqrtBackward0", Out.FLOAT, x -> 1 / Math.sqrt(x), (x, y, g) -> g.mul(y.pow(3.0)).mul(-0.5)),
    RECIPROCAL("ReciprocalBackward0", Out.FLOAT, x -> 1 / x, (x, y, g) -> g.mul(y.mul(y)).neg()),
    SIN("SinBackward0", Out.FLOAT, Math::sin, (x, y, g) -> g.mul(x.cos())),
    COS("CosBackward0", Out.FLOAT, Math::cos, (x, y, g) -> g.mul(x.sin()).neg()),
    TAN("TanBackward0", Out.FLOAT, Math::tan, (x, y, g) -> g.mul(y.mul(y).add(1.0))),
    ASIN("AsinBackward0", Out.FLOAT, Math::asin, (x, y, g) -> g.mul(x.mul(x).rsub(1.0).rsqrt())),
    ACOS("AcosBackward0", Out.FLOAT, Math::acos, (x, y, g) -> g.mul(x.mul(x).rsub(1.0).rsqrt()).neg()),
    ATAN("AtanBackward0", Out.FLOAT, Math::atan, (x, y, g) -> g.div(x.mul(x).add(1.0))),
    SINH("SinhBackward0", Out.FLOAT, Math::sinh, (x, y, g) -> g.mul(x.cosh())),
    COSH("CoshBackward0", Out.FLOAT, Math::cosh, (x, y, g) -> g.mul(x.sinh())),
    TANH("TanhBackward0", Out.FLOAT, Math::tanh, (x, y, g) -> g.mul(y.mul(y).rsub(1.0))),
    SIGMOID("SigmoidBackward0", Out.FLOAT, MathFns::sigmoid, (x, y, g) -> g.mul(y.mul(y.rsub(1.0)))),
    // threshold_backward(grad, result, 0): the gradient is 0 where the output is 0
    RELU("ReluBackward0", Out.SAME, x -> x > 0 ? x : (Double.isNaN(x) ? x : 0), (x, y, g) -> Pointwise.thresholdBackward(g, y)),
    GELU("GeluBackward0", Out.FLOAT, MathFns::gelu, (x, y, g) -> {
        Tensor cdf = x.mul(0.7071067811865476).erf().add(1.0).mul(0.5);
        Tensor pdf = x.mul(x).mul(-0.5).exp().mul(0.3989422804014327);
        return g.mul(cdf.add(x.mul(pdf)));
    }),
    GELU_TANH("GeluBackward0", Out.FLOAT, MathFns::geluTanh, (x, y, g) -> {
        double k = 0.7978845608028654, c = 0.044715;
        Tensor inner = x.add(x.pow(3.0).mul(c)).mul(k);
        Tensor t = inner.tanh();
        Tensor dInner = x.mul(x).mul(3 * c).add(1.0).mul(k);
        Tensor left = t.add(1.0).mul(0.5);
        Tensor right = x.mul(0.5).mul(t.mul(t).rsub(1.0)).mul(dInner);
        return g.mul(left.add(right));
    }),
    SILU("SiluBackward0", Out.FLOAT, x -> x * MathFns.sigmoid(x), (x, y, g) -> {
        Tensor s = x.sigmoid();
        return g.mul(s.mul(x.mul(s.rsub(1.0)).add(1.0)));
    }),
    ERF("ErfBackward0", Out.FLOAT, MathFns::erf, (x, y, g) -> g.mul(x.mul(x).neg().exp().mul(1.1283791670955126))),
    FLOOR("FloorBackward0", Out.SAME, Math::floor, (x, y, g) -> g.mul(0.0)),
    CEIL("CeilBackward0", Out.SAME, Math::ceil, (x, y, g) -> g.mul(0.0)),
    ROUND("RoundBackward0", Out.SAME, Math::rint, (x, y, g) -> g.mul(0.0)),
    TRUNC("TruncBackward0", Out.SAME, x -> x < 0 ? Math.ceil(x) : Math.floor(x), (x, y, g) -> g.mul(0.0)),
    FRAC("FracBackward0", Out.FLOAT, x -> x - (x < 0 ? Math.ceil(x) : Math.floor(x)), (x, y, g) -> g),
    ISNAN(null, Out.BOOL, x -> Double.isNaN(x) ? 1 : 0, null),
    ISINF(null, Out.BOOL, x -> Double.isInfinite(x) ? 1 : 0, null),
    ISFINITE(null, Out.BOOL, x -> Double.isFinite(x) ? 1 : 0, null),
    LOGICAL_NOT(null, Out.BOOL, x -> x == 0 ? 1 : 0, null);

    /** How the output dtype follows the input's. */
    public enum Out {
        /** Same dtype as the input. */
        SAME,
        /** Floating input keeps its dtype; integer and bool inputs give the default float dtype. */
        FLOAT,
        /** Always bool. */
        BOOL
    }

    /** The derivative: x the input, y the result, g the incoming gradient. */
    @FunctionalInterface
    public interface Grad {
        Tensor apply(Tensor x, Tensor y, Tensor g);
    }

    public final String nodeName;
    public final Out out;
    public final DoubleUnaryOperator fn;
    public final Grad grad;

    UnaryOp(String nodeName, Out out, DoubleUnaryOperator fn, Grad grad) {
        this.nodeName = nodeName;
        this.out = out;
        this.fn = fn;
        this.grad = grad;
    }
}
