package torch4j;

import static org.junit.jupiter.api.Assertions.*;
import static torch4j.testing.TestTensors.assertClose;
import static torch4j.testing.TestTensors.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.testing.Refs;
import torch4j.testing.Refs.RefCase;

/** Pointwise ops and factories against values and gradients computed by PyTorch 1.13 (tools/gen_refs.py). */
class PointwiseRefsTest {
    static Stream<RefCase> pointwise() {
        return Stream.concat(Refs.load("unary").stream(), Refs.load("binary").stream());
    }

    static Stream<RefCase> factories() {
        return Refs.load("misc").stream().filter(c -> !c.op().equals("repr"));
    }

    private static double scalar(RefCase c, String name) { return c.doubleArg(name); }

    /** Runs the case's op on the given inputs, as the generator called it in PyTorch. */
    static Tensor run(RefCase c, Tensor[] in) {
        Tensor x = in.length > 0 ? in[0] : null;
        boolean sc = c.hasArg("other_scalar");
        return switch (c.op()) {
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "sign" -> x.sign();
            case "exp" -> x.exp();
            case "exp2" -> x.exp2();
            case "expm1" -> x.expm1();
            case "log" -> x.log();
            case "log2" -> x.log2();
            case "log10" -> x.log10();
            case "log1p" -> x.log1p();
            case "sqrt" -> x.sqrt();
            case "rsqrt" -> x.rsqrt();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tan" -> x.tan();
            case "asin" -> x.asin();
            case "acos" -> x.acos();
            case "atan" -> x.atan();
            case "sinh" -> x.sinh();
            case "cosh" -> x.cosh();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "silu" -> x.silu();
            case "erf" -> x.erf();
            case "floor" -> x.floor();
            case "ceil" -> x.ceil();
            case "trunc" -> x.trunc();
            case "frac" -> x.frac();
            case "gelu" -> x.gelu("tanh".equals(c.stringArg("approximate", "none")));
            case "softplus" -> x.softplus(c.doubleArg("beta", 1), c.doubleArg("threshold", 20));
            case "round" -> x.round(c.intArg("decimals", 0));
            case "isnan" -> x.isnan();
            case "isinf" -> x.isinf();
            case "isfinite" -> x.isfinite();
            case "nan_to_num" -> x.nanToNum(c.doubleArg("nan", 0),
                    c.hasArg("posinf") ? c.doubleArg("posinf") : null, c.hasArg("neginf") ? c.doubleArg("neginf") : null);
            case "clamp" -> clamp(c, x);
            case "add" -> sc ? (isInt(c, "other_scalar") ? x.add(c.longArg("other_scalar")) : x.add(scalar(c, "other_scalar")))
                    : isInt(c, "alpha") ? x.add(in[1], c.longArg("alpha")) : x.add(in[1], c.doubleArg("alpha", 1));
            case "sub" -> sc ? (isInt(c, "other_scalar") ? x.sub(c.longArg("other_scalar")) : x.sub(scalar(c, "other_scalar")))
                    : isInt(c, "alpha") ? x.sub(in[1], c.longArg("alpha")) : x.sub(in[1], c.doubleArg("alpha", 1));
            case "mul" -> sc ? (isInt(c, "other_scalar") ? x.mul(c.longArg("other_scalar")) : x.mul(scalar(c, "other_scalar")))
                    : x.mul(in[1]);
            case "div" -> {
                RoundingMode m = switch (c.stringArg("rounding_mode", "none")) {
                    case "trunc" -> RoundingMode.TRUNC;
                    case "floor" -> RoundingMode.FLOOR;
                    default -> RoundingMode.NONE;
                };
                yield sc ? (isInt(c, "other_scalar") ? x.div(c.longArg("other_scalar"), m) : x.div(scalar(c, "other_scalar"), m))
                        : x.div(in[1], m);
            }
            case "pow" -> c.hasArg("self_scalar") ? (isInt(c, "self_scalar") ? Tensor.pow(c.longArg("self_scalar"), x)
                    : Tensor.pow(c.doubleArg("self_scalar"), x))
                    : sc ? (isInt(c, "other_scalar") ? x.pow(c.longArg("other_scalar")) : x.pow(scalar(c, "other_scalar")))
                    : x.pow(in[1]);
            case "atan2" -> x.atan2(in[1]);
            case "minimum" -> x.minimum(in[1]);
            case "maximum" -> x.maximum(in[1]);
            case "fmod" -> sc ? (isInt(c, "other_scalar") ? x.fmod(c.longArg("other_scalar")) : x.fmod(scalar(c, "other_scalar")))
                    : x.fmod(in[1]);
            case "remainder" -> sc ? (isInt(c, "other_scalar") ? x.remainder(c.longArg("other_scalar"))
                    : x.remainder(scalar(c, "other_scalar"))) : x.remainder(in[1]);
            case "lerp" -> in.length == 3 ? x.lerp(in[1], in[2]) : x.lerp(in[1], c.doubleArg("weight"));
            case "addcmul" -> !c.hasArg("value") || isInt(c, "value") ? x.addcmul(in[1], in[2], c.hasArg("value") ? c.longArg("value") : 1L)
                    : x.addcmul(in[1], in[2], c.doubleArg("value"));
            case "addcdiv" -> x.addcdiv(in[1], in[2], c.doubleArg("value", 1));
            case "eq" -> sc ? x.eq(scalar(c, "other_scalar")) : x.eq(in[1]);
            case "ne" -> sc ? x.ne(scalar(c, "other_scalar")) : x.ne(in[1]);
            case "lt" -> sc ? x.lt(scalar(c, "other_scalar")) : x.lt(in[1]);
            case "le" -> sc ? x.le(scalar(c, "other_scalar")) : x.le(in[1]);
            case "gt" -> sc ? x.gt(scalar(c, "other_scalar")) : x.gt(in[1]);
            case "ge" -> sc ? x.ge(scalar(c, "other_scalar")) : x.ge(in[1]);
            case "logical_and" -> x.logicalAnd(in[1]);
            case "logical_or" -> x.logicalOr(in[1]);
            case "logical_xor" -> x.logicalXor(in[1]);
            case "logical_not" -> x.logicalNot();
            case "where" -> sc ? in[1].where(x, scalar(c, "other_scalar")) : Torch.where(x, in[1], in[2]);
            default -> throw new AssertionError("no mapping for op " + c.op());
        };
    }

    private static boolean isInt(RefCase c, String name) { return c.hasArg(name) && c.argIsInteger(name); }

    /** clamp with Python ints keeps an integer tensor integer; with floats it promotes. */
    private static Tensor clamp(RefCase c, Tensor x) {
        boolean ints = (!c.hasArg("min") || c.argIsInteger("min")) && (!c.hasArg("max") || c.argIsInteger("max"));
        if (ints && c.hasArg("min") && c.hasArg("max")) return x.clamp(c.longArg("min"), c.longArg("max"));
        if (ints && c.hasArg("min")) return x.clampMin(c.longArg("min"));
        if (ints && c.hasArg("max")) return x.clampMax(c.longArg("max"));
        return x.clamp(c.hasArg("min") ? c.doubleArg("min") : null, c.hasArg("max") ? c.doubleArg("max") : null);
    }

    /** A Python scalar argument keeps its int-ness: an int64 tensor plus 7 stays int64, plus 2.5 becomes float32. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pointwise")
    void matchesPyTorch(RefCase c) {
        Tensor[] in = new Tensor[c.numInputs()];
        for (int i = 0; i < in.length; i++) {
            in[i] = tensor(c.input(i));
            if (c.requiresGrad(i)) in[i].requiresGrad_(true);
        }
        Tensor y = run(c, in);
        double tol = c.op().equals("lerp") || c.op().equals("addcdiv") ? 3e-5 : -1;
        if (tol > 0) torch4j.testing.TestTensors.assertClose(c.output(), y, tol, tol, c.id());
        else assertClose(c.output(), y, c.id());
        if (!c.hasGrads()) return;
        y.backward(tensor(c.gradOutput()));
        for (int i = 0; i < in.length; i++) {
            if (c.grad(i) == null) continue;
            assertNotNull(in[i].grad(), c.id() + ": grad of input " + i);
            torch4j.testing.TestTensors.assertClose(c.grad(i), in[i].grad(), 2e-5, 2e-5, c.id() + ": grad " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factories")
    void factoriesMatchPyTorch(RefCase c) {
        DType dt = c.hasArg("dtype") ? torch4j.testing.TestTensors.dtype(c.stringArg("dtype")) : null;
        Tensor t = switch (c.op()) {
            case "linspace" -> Torch.linspace(c.doubleArg("start"), c.doubleArg("end"), c.intArg("steps"),
                    dt == null ? DType.FLOAT32 : dt);
            case "logspace" -> Torch.logspace(c.doubleArg("start"), c.doubleArg("end"), c.intArg("steps"),
                    c.doubleArg("base", 10), dt == null ? DType.FLOAT32 : dt);
            case "arange" -> arange(c, dt);
            case "eye" -> Torch.eye(c.intArg("n"), c.intArg("m", c.intArg("n")), dt == null ? DType.FLOAT32 : dt);
            case "full" -> {
                int[] size = c.intList("size");
                if (c.arg("fill_value") instanceof Boolean b) yield Torch.full(size, b.booleanValue());
                if (dt != null) yield Torch.full(size, c.doubleArg("fill_value"), dt);
                yield c.argIsInteger("fill_value") ? Torch.full(size, c.longArg("fill_value"))
                        : Torch.full(size, c.doubleArg("fill_value"));
            }
            default -> throw new AssertionError(c.op());
        };
        assertClose(c.output(), t, c.id());
    }

    private static Tensor arange(RefCase c, DType dt) {
        List<String> names = new ArrayList<>(List.of("start", "end", "step"));
        boolean ints = names.stream().filter(c::hasArg).allMatch(c::argIsInteger);
        if (ints && (dt == null || dt == DType.INT64))
            return Torch.arange((c.hasArg("start") ? c.longArg("start") : 0), c.longArg("end"), (c.hasArg("step") ? c.longArg("step") : 1));
        if (dt != null && !dt.isFloatingPoint()) // PyTorch truncates start and step first
            return Torch.arange((long) c.doubleArg("start", 0), (long) Math.ceil(c.doubleArg("end")), (long) c.doubleArg("step", 1))
                    .to(dt);
        Tensor t = Torch.arange(c.doubleArg("start", 0), c.doubleArg("end"), c.doubleArg("step", 1), dt == null ? DType.FLOAT32 : dt);
        assertEquals(dt == null ? DType.FLOAT32 : dt, t.dtype());
        return t;
    }
}
