package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static torch4j.testing.Json.doubles;
import static torch4j.testing.Json.ints;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Json;
import torch4j.testing.TestTensors;

/** Reads refs/models.json and the LeNet-5 safetensors fixtures written by tools/gen_refs_models.py. */
final class ModelsRefs {
    private ModelsRefs() {}

    static Map<String, Object> root() { return Json.cachedObject("/refs/models.json"); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) { return (Map<String, Object>) m.get(key); }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) { return (List<Object>) m.get(key); }

    /** A {"dtype", "shape", "data"} reference tensor. */
    @SuppressWarnings("unchecked")
    static Tensor tensor(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        int[] shape = ints(m.get("shape"));
        String dt = (String) m.get("dtype");
        List<?> data = (List<?>) m.get("data");
        int[] flat = {data.size()};
        Tensor t = dt.startsWith("float")
                ? Torch.fromArray(doubles(data), flat)
                : Torch.fromArray(data.stream().mapToLong(v -> ((Number) v).longValue()).toArray(), flat);
        return t.to(TestTensors.dtype(dt)).reshape(shape).clone();
    }

    /** Asserts shape and |a - e| ≤ atol + rtol·|e| element-wise. */
    static void assertClose(Tensor expected, Tensor actual, double atol, double rtol, String what) {
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++)
            if (!(Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i])))
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
    }

    /** The test resource {@code refs/name} as a file path. */
    static Path resource(String name) {
        try {
            return Path.of(ModelsRefs.class.getResource("/refs/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("refs/" + name + " missing: run tools/gen_refs_models.py", e);
        }
    }
}
