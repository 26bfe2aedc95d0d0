package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static torch4j.testing.Json.ints;
import static torch4j.testing.Json.num;

import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.testing.Json;
import torch4j.testing.TestTensors;

/** Reads refs/nn_layers.json (tools/gen_refs_nn_layers.py; layout documented there). */
final class NnRefs {
    private NnRefs() {}

    static Map<String, Object> root() { return Json.cachedObject("/refs/nn_layers.json"); }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(String key) { return (List<Map<String, Object>>) root().get(key); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) { return (Map<String, Object>) m.get(key); }

    /** A fresh tensor holding an encoded tensor's data. */
    @SuppressWarnings("unchecked")
    static Tensor tensor(Object enc) {
        Map<String, Object> m = (Map<String, Object>) enc;
        DType dt = TestTensors.dtype((String) m.get("dtype"));
        int[] shape = ints(m.get("shape"));
        List<Object> data = (List<Object>) m.get("data");
        if (dt == DType.INT64) {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = ((Number) data.get(i)).longValue();
            return Torch.fromArray(v, v.length).reshape(shape).clone();
        }
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = num(data.get(i));
        return Torch.fromArray(v, v.length).reshape(shape).to(dt).clone();
    }

    /** Asserts shape, dtype and values within a tolerance suited to the dtype (scaled by tolScale). */
    static void assertClose(Object expectedEnc, Tensor actual, double tolScale, String what) {
        Tensor e = tensor(expectedEnc);
        if (actual == null) fail(what + ": missing (null)");
        assertArrayEquals(e.shapeArray(), actual.shapeArray(), what + ": shape");
        assertEquals(e.dtype(), actual.dtype(), what + ": dtype");
        double[] ev = e.toDoubleArray(), av = actual.toDoubleArray();
        boolean f32 = e.dtype() == DType.FLOAT32;
        double atol = (f32 ? 2e-6 : 1e-12) * tolScale, rtol = (f32 ? 2e-5 : 1e-10) * tolScale;
        for (int i = 0; i < ev.length; i++) {
            if (Double.isNaN(ev[i]) && Double.isNaN(av[i])) continue;
            if (Math.abs(ev[i] - av[i]) > atol + rtol * Math.abs(ev[i]))
                fail(what + ": element " + i + " expected " + ev[i] + " but was " + av[i]);
        }
    }
}
