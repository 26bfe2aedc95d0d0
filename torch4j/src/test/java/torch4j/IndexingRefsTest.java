package torch4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static torch4j.testing.TestTensors.assertClose;
import static torch4j.testing.TestTensors.tensor;
import static torch4j.testing.TestTensors.transposedLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.testing.Refs;
import torch4j.testing.Refs.RefCase;

/**
 * The joining and indexing cases of refs/shape.json (tools/gen_refs.py, PyTorch 1.13): outputs and the gradients of
 * every differentiated input, once on contiguous inputs and once with every input laid out transposed in memory.
 */
class IndexingRefsTest {
    static final Set<String> OPS = Set.of("cat", "stack", "split", "chunk", "index_select", "gather", "scatter",
            "scatter_add", "index_add", "masked_fill", "masked_select", "nonzero", "take", "flip", "roll", "repeat",
            "tile", "tril", "triu", "diag", "index", "index_put");

    static Stream<RefCase> cases() { return Refs.load("shape").stream().filter(c -> OPS.contains(c.op())); }

    /** Python index syntax with {@code Tk} naming input k, as tools/gen_refs.py writes it. */
    static Object[] parseIndex(String s, List<Tensor> ts) {
        List<Object> out = new ArrayList<>();
        if (s.isBlank()) return new Object[0];
        for (String raw : s.split(",")) {
            String p = raw.strip();
            if (p.startsWith("T")) out.add(ts.get(Integer.parseInt(p.substring(1))));
            else out.add(Index.parse(p)[0]);
        }
        return out.toArray();
    }

    static Tensor[] run(RefCase c, List<Tensor> in) {
        Tensor x = in.get(0);
        return switch (c.op()) {
            case "cat" -> one(Torch.cat(in, c.intArg("dim")));
            case "stack" -> one(Torch.stack(in, c.intArg("dim")));
            case "split" -> c.argIsList("split_size_or_sections")
                    ? x.split(c.intList("split_size_or_sections"), c.intArg("dim", 0))
                    : x.split(c.intArg("split_size_or_sections"), c.intArg("dim", 0));
            case "chunk" -> x.chunk(c.intArg("chunks"), c.intArg("dim", 0));
            case "index_select" -> one(x.indexSelect(c.intArg("dim"), in.get(1)));
            case "gather" -> one(x.gather(c.intArg("dim"), in.get(1)));
            case "scatter" -> one(c.hasArg("value") ? x.scatter(c.intArg("dim"), in.get(1), c.doubleArg("value"))
                    : x.scatter(c.intArg("dim"), in.get(1), in.get(2)));
            case "scatter_add" -> one(x.scatterAdd(c.intArg("dim"), in.get(1), in.get(2)));
            case "index_add" -> one(x.indexAdd(c.intArg("dim"), in.get(1), in.get(2), c.doubleArg("alpha", 1)));
            case "masked_fill" -> one(x.maskedFill(in.get(1), c.doubleArg("value")));
            case "masked_select" -> one(x.maskedSelect(in.get(1)));
            case "nonzero" -> one(x.nonzero());
            case "take" -> one(x.take(in.get(1)));
            case "flip" -> one(x.flip(c.intList("dims")));
            case "roll" -> one(c.hasArg("dims") ? x.roll(c.intList("shifts"), c.intList("dims")) : x.roll(c.intArg("shifts")));
            case "repeat" -> one(x.repeat(c.intList("repeats")));
            case "tile" -> one(x.tile(c.intList("dims")));
            case "tril" -> one(x.tril(c.intArg("diagonal", 0)));
            case "triu" -> one(x.triu(c.intArg("diagonal", 0)));
            case "diag" -> one(Torch.diag(x, c.intArg("diagonal", 0)));
            case "index" -> one(x.index(parseIndex(c.stringArg("index"), in)));
            case "index_put" -> {
                Object[] parts = parseIndex(c.stringArg("index"), in);
                Tensor[] idx = new Tensor[parts.length];
                for (int i = 0; i < parts.length; i++) idx[i] = (Tensor) parts[i];
                yield one(x.indexPut(idx, in.get(in.size() - 1), c.boolArg("accumulate")));
            }
            default -> throw new AssertionError("no mapping for op " + c.op());
        };
    }

    private static Tensor[] one(Tensor t) { return new Tensor[]{t}; }

    private static void check(RefCase c, boolean nonContiguous) {
        String what = c.id() + (nonContiguous ? " (non-contiguous)" : "");
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; i < c.numInputs(); i++) {
            Tensor t = tensor(c.input(i));
            if (nonContiguous) t = transposedLayout(t);
            if (c.hasGrads() && c.grad(i) != null) t.requiresGrad_(true);
            in.add(t);
        }
        Tensor[] out = run(c, in);
        assertEquals(c.outputs().size(), out.length, what + ": number of outputs");
        for (int i = 0; i < out.length; i++) assertClose(c.output(i), out[i], what + ": output " + i);
        if (!c.hasGrads()) return;
        out[0].backward(tensor(c.gradOutput()));
        for (int i = 0; i < in.size(); i++) {
            if (c.grad(i) == null) continue;
            assertNotNull(in.get(i).grad(), what + ": grad " + i);
            assertClose(c.grad(i), in.get(i).grad(), what + ": grad " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(RefCase c) { check(c, false); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchNonContiguous(RefCase c) { check(c, true); }
}
