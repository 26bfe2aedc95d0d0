package torch4j;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static torch4j.testing.TestTensors.assertClose;
import static torch4j.testing.TestTensors.tensor;
import static torch4j.testing.TestTensors.transposedLayout;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.testing.Refs;
import torch4j.testing.Refs.RefCase;
import torch4j.testing.TestTensors;

/**
 * Every case of refs/reduce.json (tools/gen_refs.py, PyTorch 1.13): values, indices and input gradients, once
 * on a contiguous input and once on the same values laid out transposed in memory.
 */
class ReductionsRefsTest {
    static Stream<RefCase> cases() { return Refs.load("reduce").stream(); }

    private static boolean keepdim(RefCase c) { return c.boolArg("keepdim", false); }

    private static int[] dims(RefCase c) { return c.hasArg("dim") ? c.intList("dim") : null; }

    private static DType dtypeArg(RefCase c) { return c.hasArg("dtype") ? TestTensors.dtype(c.stringArg("dtype")) : null; }

    /** The op as the generator called it; a values+indices result comes back as {values, indices}. */
    static Tensor[] run(RefCase c, Tensor x) {
        boolean kd = keepdim(c);
        boolean hasDim = c.hasArg("dim");
        return switch (c.op()) {
            case "sum" -> one(dtypeArg(c) != null ? x.sum(dtypeArg(c)) : hasDim ? x.sum(dims(c), kd) : x.sum());
            case "mean" -> one(hasDim ? x.mean(dims(c), kd) : x.mean());
            case "prod" -> one(hasDim ? x.prod(c.intArg("dim"), kd) : x.prod());
            case "var", "std" -> {
                boolean std = c.op().equals("std");
                int corr = c.hasArg("correction") ? c.intArg("correction") : c.boolArg("unbiased", true) ? 1 : 0;
                yield one(std ? x.std(dims(c), corr, kd) : x.var(dims(c), corr, kd));
            }
            case "max", "min" -> {
                boolean max = c.op().equals("max");
                if (!hasDim) yield one(max ? x.max() : x.min());
                ValuesIndices r = max ? x.max(c.intArg("dim"), kd) : x.min(c.intArg("dim"), kd);
                yield new Tensor[]{r.values(), r.indices()};
            }
            case "argmax" -> one(hasDim ? x.argmax(c.intArg("dim"), kd) : kd ? argAllKeepdim(x, true) : x.argmax());
            case "argmin" -> one(hasDim ? x.argmin(c.intArg("dim"), kd) : kd ? argAllKeepdim(x, false) : x.argmin());
            case "amax" -> one(hasDim ? x.amax(dims(c), kd) : x.amax());
            case "amin" -> one(hasDim ? x.amin(dims(c), kd) : x.amin());
            case "logsumexp" -> one(x.logsumexp(dims(c), kd));
            case "norm" -> {
                if (c.hasArg("p") && c.argIsString("p") && c.stringArg("p").equals("fro")) yield one(x.norm("fro", dims(c), kd));
                yield one(x.norm(c.doubleArg("p", 2), dims(c), kd));
            }
            case "all" -> one(hasDim ? x.all(c.intArg("dim"), kd) : x.all());
            case "any" -> one(hasDim ? x.any(c.intArg("dim"), kd) : x.any());
            case "cumsum" -> one(x.cumsum(c.intArg("dim"), dtypeArg(c)));
            case "cumprod" -> one(x.cumprod(c.intArg("dim"), dtypeArg(c)));
            case "softmax" -> one(x.softmax(c.intArg("dim"), dtypeArg(c)));
            case "log_softmax" -> one(x.logSoftmax(c.intArg("dim"), dtypeArg(c)));
            case "topk" -> pair(x.topk(c.intArg("k"), c.intArg("dim", -1), c.boolArg("largest", true), c.boolArg("sorted", true)));
            case "sort" -> pair(x.sort(c.intArg("dim", -1), c.boolArg("descending", false)));
            case "argsort" -> one(x.argsort(c.intArg("dim", -1), c.boolArg("descending", false)));
            default -> throw new AssertionError("no mapping for op " + c.op());
        };
    }

    private static Tensor argAllKeepdim(Tensor x, boolean max) {
        return torch4j.internal.ops.Reductions.argmax(x, null, true, max);
    }

    private static Tensor[] one(Tensor t) { return new Tensor[]{t}; }

    private static Tensor[] pair(ValuesIndices r) { return new Tensor[]{r.values(), r.indices()}; }

    private static void check(RefCase c, boolean nonContiguous) {
        String what = c.id() + (nonContiguous ? " (non-contiguous)" : "");
        Tensor x = tensor(c.input(0));
        if (nonContiguous) x = transposedLayout(x);
        boolean grad = c.hasGrads() && c.grad(0) != null;
        if (grad) x.requiresGrad_(true);
        Tensor[] out = run(c, x);
        boolean loose = c.op().equals("softmax") || c.op().equals("log_softmax") || c.op().equals("logsumexp")
                || c.op().equals("norm");
        for (int i = 0; i < c.outputs().size(); i++) {
            if (loose) assertClose(c.output(i), out[i], 2e-6, 2e-6, what + ": output " + i);
            else assertClose(c.output(i), out[i], what + ": output " + i);
        }
        if (!grad) return;
        out[0].backward(tensor(c.gradOutput()));
        assertNotNull(x.grad(), what + ": grad");
        assertClose(c.grad(0), x.grad(), 2e-5, 2e-5, what + ": grad");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(RefCase c) { check(c, false); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchNonContiguous(RefCase c) { check(c, true); }
}
