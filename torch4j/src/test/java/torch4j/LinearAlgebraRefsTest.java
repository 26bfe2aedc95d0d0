package torch4j;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static torch4j.testing.TestTensors.assertClose;
import static torch4j.testing.TestTensors.tensor;
import static torch4j.testing.TestTensors.transposedLayout;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.linalg.Linalg;
import torch4j.testing.Refs;
import torch4j.testing.Refs.RefCase;

/**
 * Every case of refs/linalg.json (tools/gen_refs.py) and refs/linalg_extra.json (tools/gen_refs_linalg.py), both
 * from PyTorch 1.13: outputs and input gradients, once on contiguous inputs and once on the same values laid out
 * transposed in memory (so the kernel sees transposed strides).
 */
class LinearAlgebraRefsTest {
    static Stream<RefCase> cases() {
        return Stream.concat(Refs.load("linalg").stream(), Refs.load("linalg_extra").stream());
    }

    private static int[] dims(RefCase c) { return c.hasArg("dim") ? c.intList("dim") : null; }

    /** The op as the generator called it. */
    static Tensor run(RefCase c, Tensor[] in) {
        boolean kd = c.boolArg("keepdim", false);
        return switch (c.op()) {
            case "matmul" -> Torch.matmul(in[0], in[1]);
            case "mm" -> Torch.mm(in[0], in[1]);
            case "bmm" -> Torch.bmm(in[0], in[1]);
            case "mv" -> Torch.mv(in[0], in[1]);
            case "dot" -> Torch.dot(in[0], in[1]);
            case "outer" -> Torch.outer(in[0], in[1]);
            case "addmm" -> Torch.addmm(in[0], in[1], in[2], c.doubleArg("beta", 1), c.doubleArg("alpha", 1));
            case "baddbmm" -> Torch.baddbmm(in[0], in[1], in[2], c.doubleArg("beta", 1), c.doubleArg("alpha", 1));
            case "einsum" -> Torch.einsum(c.stringArg("equation"), in);
            case "linalg.vector_norm" -> Linalg.vectorNorm(in[0], c.doubleArg("ord", 2), dims(c), kd);
            case "linalg.matrix_norm" -> c.hasArg("ord") && !c.argIsString("ord")
                    ? Linalg.matrixNorm(in[0], c.doubleArg("ord"), dims(c), kd)
                    : Linalg.matrixNorm(in[0], c.stringArg("ord", "fro"), dims(c), kd);
            case "linalg.norm" -> c.hasArg("ord") && c.argIsString("ord")
                    ? Linalg.norm(in[0], c.stringArg("ord"), dims(c), kd)
                    : Linalg.norm(in[0], c.hasArg("ord") ? c.doubleArg("ord") : null, dims(c), kd);
            case "linalg.svdvals" -> Linalg.svdvals(in[0]);
            default -> throw new AssertionError("no mapping for op " + c.op());
        };
    }

    private static void check(RefCase c, boolean nonContiguous) {
        String what = c.id() + (nonContiguous ? " (non-contiguous)" : "");
        Tensor[] in = new Tensor[c.numInputs()];
        boolean anyGrad = false;
        for (int i = 0; i < in.length; i++) {
            in[i] = tensor(c.input(i));
            if (nonContiguous) in[i] = transposedLayout(in[i]);
            if (c.hasGrads() && c.grad(i) != null) {
                in[i].requiresGrad_(true);
                anyGrad = true;
            }
        }
        Tensor out = run(c, in);
        assertClose(c.output(), out, 1e-5, 1e-5, what + ": output");
        if (!anyGrad) return;
        out.backward(tensor(c.gradOutput()));
        for (int i = 0; i < in.length; i++) {
            if (c.grad(i) == null) continue;
            assertNotNull(in[i].grad(), what + ": grad " + i);
            assertClose(c.grad(i), in[i].grad(), 2e-5, 2e-5, what + ": grad " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(RefCase c) { check(c, false); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchNonContiguous(RefCase c) { check(c, true); }
}
