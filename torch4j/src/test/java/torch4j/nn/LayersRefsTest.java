package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Every layer against PyTorch 1.13 (tools/gen_refs_nn_layers.py): with PyTorch's parameters loaded, the forward
 * output, the input and parameter gradients, the state after the training passes (running statistics,
 * renormalised embeddings), the eval output, the state_dict keys and shapes, and the repr.
 */
class LayersRefsTest {
    /** The torch4j module for each case id, built as the generator built PyTorch's. */
    static Module build(String id) {
        String act = id.startsWith("act_") ? id.substring(4).replace("_f32", "") : null;
        if (act != null) return activation(act);
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        m.put("linear_2d", () -> new Linear(4, 3));
        m.put("linear_3d", () -> new Linear(4, 3));
        m.put("linear_4d", () -> new Linear(4, 3));
        m.put("linear_nobias", () -> new Linear(4, 3, false));
        m.put("linear_1d", () -> new Linear(4, 3));
        m.put("linear_f32", () -> new Linear(6, 5));
        m.put("bilinear", () -> new Bilinear(3, 4, 2));
        m.put("bilinear_nobias", () -> new Bilinear(new Bilinear.Options(3, 3, 2).bias(false)));
        m.put("identity", Identity::new);
        m.put("flatten", Flatten::new);
        m.put("flatten_0_2", () -> new Flatten(0, 2));
        m.put("unflatten", () -> new Unflatten(1, 2, 3));
        m.put("embedding", () -> new Embedding(10, 3));
        m.put("embedding_padding", () -> new Embedding(new Embedding.Options(10, 3).paddingIdx(2)));
        m.put("embedding_padding_neg", () -> new Embedding(new Embedding.Options(6, 2).paddingIdx(-1)));
        m.put("embedding_maxnorm", () -> new Embedding(new Embedding.Options(10, 3).maxNorm(1.0)));
        m.put("layernorm", () -> new LayerNorm(5));
        m.put("layernorm_2d_shape", () -> new LayerNorm(new LayerNorm.Options(4, 5).eps(1e-3)));
        m.put("layernorm_noaffine", () -> new LayerNorm(new LayerNorm.Options(6).elementwiseAffine(false)));
        m.put("layernorm_f32", () -> new LayerNorm(16));
        m.put("batchnorm1d", () -> new BatchNorm1d(4));
        m.put("batchnorm1d_3d", () -> new BatchNorm1d(4));
        m.put("batchnorm1d_cumulative", () -> new BatchNorm1d(new BatchNorm.Options(3).momentum(null)));
        m.put("batchnorm1d_noaffine", () -> new BatchNorm1d(new BatchNorm.Options(3).affine(false).momentum(0.3)));
        m.put("batchnorm1d_nostats", () -> new BatchNorm1d(new BatchNorm.Options(3).trackRunningStats(false)));
        m.put("batchnorm1d_evalgrad", () -> new BatchNorm1d(3));
        m.put("batchnorm2d", () -> new BatchNorm2d(3));
        m.put("batchnorm2d_f32", () -> new BatchNorm2d(new BatchNorm.Options(4).eps(1e-3)));
        m.put("groupnorm", () -> new GroupNorm(2, 4));
        m.put("groupnorm_4d", () -> new GroupNorm(new GroupNorm.Options(3, 6).eps(1e-3)));
        m.put("groupnorm_noaffine", () -> new GroupNorm(new GroupNorm.Options(1, 3).affine(false)));
        m.put("model", () -> new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Linear(8, 3)));
        Supplier<Module> s = m.get(id);
        if (s == null) throw new IllegalArgumentException("no torch4j module for case " + id);
        return s.get();
    }

    static Module activation(String name) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "leakyrelu" -> new LeakyReLU();
            case "leakyrelu_02" -> new LeakyReLU(0.2);
            case "elu" -> new ELU();
            case "elu_07" -> new ELU(0.7);
            case "gelu" -> new GELU();
            case "gelu_tanh" -> new GELU(GELU.Approximate.TANH);
            case "silu" -> new SiLU();
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "softmax_1" -> new Softmax(1);
            case "softmax_0" -> new Softmax(0);
            case "logsoftmax_1" -> new LogSoftmax(1);
            case "softplus" -> new Softplus();
            case "softplus_2_1" -> new Softplus(2, 1);
            case "hardtanh" -> new Hardtanh();
            case "hardtanh_m05_15" -> new Hardtanh(-0.5, 1.5);
            case "relu6" -> new ReLU6();
            case "mish" -> new Mish();
            case "hardswish" -> new Hardswish();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<Map<String, Object>> layers() { return NnRefs.list("layers").stream(); }

    private static Tensor forward(Module m, Tensor[] in) {
        if (m instanceof Bilinear b) return b.forward(in[0], in[1]);
        return m.call(in[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void layerMatchesPyTorch(Map<String, Object> c) {
        String id = (String) c.get("id");
        Module m = build(id);
        assertEquals(c.get("repr"), m.toString(), id + ": repr");
        // state_dict keys and shapes, in order
        List<String> keys = new ArrayList<>();
        List<List<Integer>> shapes = new ArrayList<>();
        for (var e : m.stateDict().entrySet()) {
            keys.add(e.getKey());
            List<Integer> sh = new ArrayList<>();
            for (int d : e.getValue().shapeArray()) sh.add(d);
            shapes.add(sh);
        }
        List<String> ek = new ArrayList<>();
        List<List<Integer>> es = new ArrayList<>();
        for (Object o : (List<?>) c.get("state_dict")) {
            List<?> kv = (List<?>) o;
            ek.add((String) kv.get(0));
            List<Integer> sh = new ArrayList<>();
            for (Object d : (List<?>) kv.get(1)) sh.add(((Number) d).intValue());
            es.add(sh);
        }
        assertEquals(ek, keys, id + ": state_dict keys");
        assertEquals(es, shapes, id + ": state_dict shapes");

        Map<String, Object> params = NnRefs.map(c, "params");
        Map<String, Tensor> state = new LinkedHashMap<>();
        DType dt = null;
        for (var e : params.entrySet()) {
            Tensor t = NnRefs.tensor(e.getValue());
            state.put(e.getKey(), t);
            if (t.isFloatingPoint()) dt = t.dtype();
        }
        List<?> rawIn = (List<?>) c.get("inputs");
        Tensor[] inputs = new Tensor[rawIn.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = NnRefs.tensor(rawIn.get(i));
            if (dt == null && inputs[i].isFloatingPoint()) dt = inputs[i].dtype();
        }
        if (dt == DType.FLOAT64) m.to(DType.FLOAT64);
        m.loadStateDict(state);

        int steps = ((Number) c.get("steps")).intValue();
        if (steps == 0) m.eval();
        Tensor gout = NnRefs.tensor(c.get("grad_output"));
        Tensor out = null;
        Tensor[] ins = null;
        for (int s = 0; s < Math.max(steps, 1); s++) {
            ins = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++)
                ins[i] = inputs[i].isFloatingPoint() ? inputs[i].clone().requiresGrad_(true) : inputs[i];
            out = forward(m, ins);
            out.backward(gout);
        }
        double tol = id.contains("gelu") ? 10 : 1;
        NnRefs.assertClose(c.get("output"), out, tol, id + ": output");
        List<?> gin = (List<?>) c.get("grad_inputs");
        for (int i = 0; i < ins.length; i++) {
            if (gin.get(i) == null) continue;
            NnRefs.assertClose(gin.get(i), ins[i].grad(), tol * 10, id + ": grad of input " + i);
        }
        Map<String, Object> grads = NnRefs.map(c, "grads");
        Map<String, Parameter> named = m.namedParameters();
        for (var e : named.entrySet()) {
            Object exp = grads.get(e.getKey());
            if (exp == null) assertNull(e.getValue().grad(), id + ": grad of " + e.getKey());
            else NnRefs.assertClose(exp, e.getValue().grad(), tol * 10, id + ": grad of " + e.getKey());
        }
        Map<String, Tensor> after = m.stateDict();
        for (var e : NnRefs.map(c, "after").entrySet())
            NnRefs.assertClose(e.getValue(), after.get(e.getKey()), 10, id + ": state after training: " + e.getKey());
        if (c.containsKey("eval_output")) {
            m.eval();
            try (var _ = Torch.noGrad()) {
                NnRefs.assertClose(c.get("eval_output"), forward(m, inputs), 10, id + ": eval output");
            }
        }
    }

    @Test
    void nestedModelKeysAndRepr() {
        Map<String, Object> model = NnRefs.map(NnRefs.root(), "model");
        Module m = build("model");
        assertEquals(model.get("repr"), m.toString());
        List<String> keys = new ArrayList<>(m.stateDict().keySet());
        List<String> exp = new ArrayList<>();
        for (Object o : (List<?>) model.get("state_dict")) exp.add((String) ((List<?>) o).get(0));
        assertEquals(exp, keys);
        assertEquals(model.get("named_parameters"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(model.get("named_buffers"), new ArrayList<>(m.namedBuffers().keySet()));
        assertEquals(DType.INT64, m.stateDict().get("1.num_batches_tracked").dtype());
    }

    static Stream<Map<String, Object>> dropouts() { return NnRefs.list("dropout").stream(); }

    /** The same seed gives the same dropout mask as PyTorch (bernoulli_ from the default generator). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dropouts")
    void dropoutMatchesPyTorchMask(Map<String, Object> c) {
        String id = (String) c.get("id");
        Module m = switch (id) {
            case "dropout" -> new Dropout(0.3);
            case "dropout_big" -> new Dropout(0.5);
            case "dropout1d" -> new Dropout1d(0.4);
            case "dropout2d" -> new Dropout2d(0.5);
            default -> throw new IllegalArgumentException(id);
        };
        assertEquals(c.get("repr"), m.toString());
        Tensor x = NnRefs.tensor(c.get("input")).requiresGrad_(true);
        Torch.manualSeed(((Number) c.get("seed")).longValue());
        Tensor out = m.call(x);
        out.backward(Tensor.onesLike(out));
        NnRefs.assertClose(c.get("output"), out, 1, id + ": output");
        NnRefs.assertClose(c.get("grad_input"), x.grad(), 1, id + ": grad");
        assertEquals("MulBackward0", out.gradFn().name());
        m.eval();
        assertNotNull(m.call(x));
        assertEquals(x, m.call(x), "eval dropout is the identity");
    }
}
