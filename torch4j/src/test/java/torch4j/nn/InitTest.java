package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.init.Init;
import torch4j.nn.init.Init.FanMode;
import torch4j.nn.init.Init.Nonlinearity;
import torch4j.testing.Json;

/** nn.init against PyTorch 1.13 with the same seeds, default layer initialisations, gains, fans and distributions. */
class InitTest {
    static Stream<Map<String, Object>> inits() { return NnRefs.list("init").stream(); }

    private static double arg(Map<String, Object> a, String k, double d) { return a.containsKey(k) ? Json.num(a.get(k)) : d; }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inits")
    void initMatchesPyTorch(Map<String, Object> c) {
        Map<String, Object> a = NnRefs.map(c, "args");
        Tensor expected = NnRefs.tensor(c.get("output"));
        Tensor t = Tensor.empty(expected.shapeArray(), expected.dtype(), torch4j.Device.CPU);
        t = new Parameter(t); // init works on parameters that require grad
        Torch.manualSeed(((Number) c.get("seed")).longValue());
        FanMode mode = "fan_out".equals(a.get("mode")) ? FanMode.FAN_OUT : FanMode.FAN_IN;
        Nonlinearity nl = "relu".equals(a.get("nonlinearity")) ? Nonlinearity.RELU : Nonlinearity.LEAKY_RELU;
        switch ((String) c.get("fn")) {
            case "uniform_" -> Init.uniform_(t, arg(a, "a", 0), arg(a, "b", 1));
            case "normal_" -> Init.normal_(t, arg(a, "mean", 0), arg(a, "std", 1));
            case "constant_" -> Init.constant_(t, arg(a, "val", 0));
            case "eye_" -> Init.eye_(t);
            case "xavier_uniform_" -> Init.xavierUniform_(t, arg(a, "gain", 1));
            case "xavier_normal_" -> Init.xavierNormal_(t, arg(a, "gain", 1));
            case "kaiming_uniform_" -> Init.kaimingUniform_(t, arg(a, "a", 0), mode, nl);
            case "kaiming_normal_" -> Init.kaimingNormal_(t, arg(a, "a", 0), mode, nl);
            case "orthogonal_" -> Init.orthogonal_(t, arg(a, "gain", 1));
            default -> throw new IllegalArgumentException((String) c.get("fn"));
        }
        // float32 normals of 16+ elements agree with PyTorch to float32 rounding only (see Generator)
        NnRefs.assertClose(c.get("output"), t, expected.dtype() == DType.FLOAT64 ? 1e4 : 1, (String) c.get("id"));
        assertTrue(t.isLeaf() && t.gradFn() == null);
    }

    static Stream<Map<String, Object>> defaults() { return NnRefs.list("defaults").stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void defaultInitialisationMatchesPyTorch(Map<String, Object> c) {
        Torch.manualSeed(((Number) c.get("seed")).longValue());
        Module m = switch ((String) c.get("id")) {
            case "linear" -> new Linear(5, 3);
            case "bilinear" -> new Bilinear(2, 3, 4);
            case "embedding" -> new Embedding(new Embedding.Options(5, 3).paddingIdx(1));
            default -> throw new IllegalArgumentException();
        };
        Map<String, Tensor> sd = m.stateDict();
        for (var e : NnRefs.map(c, "state").entrySet())
            NnRefs.assertClose(e.getValue(), sd.get(e.getKey()), 1, c.get("id") + "." + e.getKey());
    }

    @Test
    void gains() {
        Map<String, Object> g = NnRefs.map(NnRefs.root(), "gains");
        for (var e : g.entrySet()) {
            String[] k = e.getKey().split(":");
            Nonlinearity nl = Nonlinearity.valueOf(k[0].toUpperCase());
            double got = k.length == 1 ? Init.calculateGain(nl) : Init.calculateGain(nl, Double.parseDouble(k[1]));
            assertEquals(Json.num(e.getValue()), got, 1e-15, e.getKey());
        }
    }

    @Test
    void fans() {
        assertEquals(new Init.Fans(5 * 9, 4 * 9), Init.calculateFanInAndFanOut(Torch.empty(4, 5, 3, 3)));
        assertEquals(new Init.Fans(7, 2), Init.calculateFanInAndFanOut(Torch.empty(2, 7)));
        assertEquals("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
                assertThrows(RuntimeException.class, () -> Init.calculateFanInAndFanOut(Torch.empty(3))).getMessage());
    }

    @Test
    void kaimingUniformBoundsAndSpread() {
        Tensor w = Torch.empty(256, 400);
        Init.kaimingUniform_(w, 0, FanMode.FAN_IN, Nonlinearity.RELU, new Generator(3));
        double bound = Math.sqrt(2.0) * Math.sqrt(3.0 / 400);
        assertTrue(w.abs().max().item() <= bound);
        assertTrue(w.abs().max().item() > 0.99 * bound);
        assertEquals(0, w.mean().item(), 0.01 * bound);
        assertEquals(bound / Math.sqrt(3), w.std().item(), 0.01 * bound); // U(-b, b) has std b/√3
        Linear lin = new Linear(400, 10);
        double lb = 1 / Math.sqrt(400); // kaiming_uniform_(a=√5) reduces to U(±1/√fan_in)
        assertTrue(lin.weight.abs().max().item() <= lb && lin.weight.abs().max().item() > 0.95 * lb);
        assertTrue(lin.bias.abs().max().item() <= lb);
    }

    @Test
    void normalInitsHaveTheRightStd() {
        Tensor w = Torch.empty(300, 200);
        Init.xavierNormal_(w, 1, new Generator(4));
        assertEquals(Math.sqrt(2.0 / 500), w.std().item(), 0.02 * Math.sqrt(2.0 / 500));
        Init.kaimingNormal_(w, 0, FanMode.FAN_OUT, Nonlinearity.RELU, new Generator(5));
        assertEquals(Math.sqrt(2.0 / 300), w.std().item(), 0.02 * Math.sqrt(2.0 / 300));
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        for (int[] shape : List.of(new int[]{7, 4}, new int[]{4, 7}, new int[]{5, 5}, new int[]{3, 2, 2})) {
            Tensor t = Torch.empty(shape);
            Init.orthogonal_(t, 1, new Generator(9));
            Tensor m = t.reshape(shape[0], -1);
            Tensor gram = m.size(0) >= m.size(1) ? m.t().matmul(m) : m.matmul(m.t());
            assertTrue(gram.allclose(Torch.eye(gram.size(0)), 1e-5, 1e-5), "Q^T Q = I for " + java.util.Arrays.toString(shape));
        }
        Tensor t = Torch.empty(new int[]{6, 3}, DType.FLOAT64);
        Init.orthogonal_(t, 2.0, new Generator(1));
        assertTrue(t.t().matmul(t).allclose(Torch.eye(3, 3, DType.FLOAT64).mul(4.0), 1e-12, 1e-12));
    }

    @Test
    void generatorMakesInitReproducible() {
        Tensor a = Torch.empty(4, 4), b = Torch.empty(4, 4);
        Init.xavierUniform_(a, 1, new Generator(42));
        Init.xavierUniform_(b, 1, new Generator(42));
        assertTrue(a.equal(b));
    }
}
