package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static torch4j.testing.Json.doubles;
import static torch4j.testing.Json.ints;
import static torch4j.testing.TestTensors.dtype;

import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Json;

/** Reader of refs/vision.json (written by tools/gen_refs_vision.py). */
final class VisionRefs {
    private VisionRefs() {}

    static Map<String, Object> load() { return Json.cachedObject("/refs/vision.json"); }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(String key) { return (List<Map<String, Object>>) load().get(key); }

    @SuppressWarnings("unchecked")
    static Tensor input(String name) { return tensor((Map<String, Object>) ((Map<String, Object>) load().get("inputs")).get(name)); }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Map<String, Object> m) {
        int[] shape = ints(m.get("shape"));
        double[] data = doubles(m.get("data"));
        return Torch.fromArray(data, data.length).reshape(shape).to(dtype((String) m.get("dtype"))).contiguous();
    }

    /**
     * Compares dtype, shape and values: floats within atol + rtol*|e|; integer images exactly except for at most
     * maxOffByOne elements that differ by one (a float32 intermediate that lands on the other side of .5).
     */
    @SuppressWarnings("unchecked")
    static void assertClose(Object expectedJson, Tensor actual, double atol, double rtol, int maxOffByOne, String what) {
        Map<String, Object> m = (Map<String, Object>) expectedJson;
        assertEquals(m.get("dtype"), actual.dtype().toString().substring("torch.".length()), what + ": dtype");
        assertArrayEquals(ints(m.get("shape")), actual.shapeArray(), what + ": shape");
        double[] e = doubles(m.get("data")), a = actual.toDoubleArray();
        int off = 0;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(e[i] - a[i]);
            if (actual.isFloatingPoint()) {
                if (d > atol + rtol * Math.abs(e[i])) fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            } else if (d != 0) {
                if (d > 1 || ++off > maxOffByOne) fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }
}
