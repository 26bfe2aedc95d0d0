package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Json;

/**
 * Runs the cases of refs/nn_rnn.json (tools/gen_refs_nn_rnn.py; layout documented there): loads PyTorch's
 * parameters into the torch4j module with loadStateDict under PyTorch's keys, then compares the state-dict keys,
 * the repr, every output, and the gradients of the inputs and of every parameter for the recorded upstream gradient.
 */
final class RnnRefCases {
    private RnnRefCases() {}

    static Map<String, Object> root() { return Json.cachedObject("/refs/nn_rnn.json"); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> find(String id) {
        for (Object o : (List<Object>) root().get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (c.get("id").equals(id)) return c;
        }
        throw new IllegalArgumentException("no case " + id + " in nn_rnn.json");
    }

    /** Case ids starting with prefix, in file order. */
    @SuppressWarnings("unchecked")
    static List<String> ids(String... prefixes) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) root().get("cases")) {
            String id = (String) ((Map<String, Object>) o).get("id");
            for (String p : prefixes) if (id.startsWith(p)) out.add(id);
        }
        return out;
    }

    /** A tensor from its encoding, bool included. */
    @SuppressWarnings("unchecked")
    static Tensor tensor(Object enc) {
        Map<String, Object> m = (Map<String, Object>) enc;
        if (!"bool".equals(m.get("dtype"))) return NnRefs.tensor(enc);
        List<Object> data = (List<Object>) m.get("data");
        boolean[] v = new boolean[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = (Boolean) data.get(i);
        return Torch.tensor(v).reshape(Json.ints(m.get("shape")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Tensor> tensors(Map<String, Object> c, String key) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, Object> m = (Map<String, Object>) c.get(key);
        if (m != null) for (var e : m.entrySet()) out.put(e.getKey(), tensor(e.getValue()));
        return out;
    }

    private static boolean isMask(String name) { return name.endsWith("mask"); }

    /** A case's torch4j module (null for functional cases) and the call mapping its named inputs to named outputs. */
    record Built(Module module, Function<Map<String, Tensor>, Map<String, Tensor>> fn) {}

    /** Runs case id: the built module gets PyTorch's parameters, then its call runs on the case's inputs. */
    @SuppressWarnings("unchecked")
    static void run(String id, Built built) {
        Module module = built.module();
        Function<Map<String, Tensor>, Map<String, Tensor>> fn = built.fn();
        Map<String, Object> c = find(id);
        if (module != null) {
            module.to(DType.FLOAT64).eval();
            // the state-dict keys and shapes must be PyTorch's, in PyTorch's order
            List<String> want = new ArrayList<>();
            for (Object kv : (List<Object>) c.get("state_dict")) want.add((String) ((List<Object>) kv).get(0));
            assertEquals(want, new ArrayList<>(module.stateDict().keySet()), id + ": state_dict keys");
            module.loadStateDict(tensors(c, "params"));
            assertEquals(c.get("repr"), module.toString(), id + ": repr");
        }
        Map<String, Tensor> inputs = tensors(c, "inputs");
        for (var e : inputs.entrySet())
            if (e.getValue().isFloatingPoint() && !isMask(e.getKey())) e.getValue().requiresGrad_(true);
        Map<String, Tensor> outs = fn.apply(inputs);
        Map<String, Object> wantOut = (Map<String, Object>) c.get("outputs");
        Map<String, Tensor> gouts = tensors(c, "grad_outputs");
        assertEquals(wantOut.keySet(), nonNull(outs).keySet(), id + ": output names");
        Tensor loss = null;
        for (var e : wantOut.entrySet()) {
            Tensor y = outs.get(e.getKey());
            NnRefs.assertClose(e.getValue(), y, 10, id + ": " + e.getKey());
            Tensor l = y.mul(gouts.get(e.getKey())).sum();
            loss = loss == null ? l : loss.add(l);
        }
        loss.backward();
        Map<String, Object> gin = (Map<String, Object>) c.get("grad_inputs");
        for (var e : gin.entrySet()) {
            Tensor g = inputs.get(e.getKey()).grad();
            assertNotNull(g, id + ": grad of " + e.getKey());
            NnRefs.assertClose(e.getValue(), g, 10, id + ": grad of input " + e.getKey());
        }
        if (module != null) {
            Map<String, Object> grads = (Map<String, Object>) c.get("grads");
            Map<String, Parameter> params = module.namedParameters();
            assertEquals(grads.keySet(), params.keySet(), id + ": parameter names");
            for (var e : grads.entrySet())
                NnRefs.assertClose(e.getValue(), params.get(e.getKey()).grad(), 10, id + ": grad of " + e.getKey());
        }
    }

    private static Map<String, Tensor> nonNull(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) if (e.getValue() != null) out.put(e.getKey(), e.getValue());
        return out;
    }

    /** An ordered map of names to tensors (nulls allowed, dropped when compared). */
    static Map<String, Tensor> named(Object... kv) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Tensor) kv[i + 1]);
        return m;
    }
}
