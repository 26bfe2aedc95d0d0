package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static torch4j.testing.Json.doubles;
import static torch4j.testing.Json.ints;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;
import torch4j.nn.functional.InterpolationMode;
import torch4j.nn.functional.PadMode;
import torch4j.testing.Json;
import torch4j.testing.TestTensors;

/**
 * Reads refs/pool.json (tools/gen_refs_pool.py, layout documented there) and runs its cases through torch4j's F with
 * the same arguments, so the pooling, interpolation and padding tests share one driver.
 */
final class PoolRefs {
    private PoolRefs() {}

    static Map<String, Object> root() { return Json.cachedObject("/refs/pool.json"); }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> cases(String key, Predicate<String> op) {
        return ((List<Map<String, Object>>) root().get(key)).stream().filter(c -> op.test((String) c.get("op")))
                .map(c -> Arguments.of(c.get("id"), c));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> reprs() {
        Map<String, String> r = new java.util.LinkedHashMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) root().get("reprs"))
            r.put((String) m.get("id"), (String) m.get("repr"));
        return r;
    }

    static int i(Map<String, Object> a, String k) { return ((Number) a.get(k)).intValue(); }

    static boolean b(Map<String, Object> a, String k) { return (Boolean) a.get(k); }

    private static Integer opt(List<Object> o, int i) { return o.get(i) == null ? null : ((Number) o.get(i)).intValue(); }

    /** The F call for a case: values, or (values, indices) for max pooling. */
    @SuppressWarnings("unchecked")
    static Object run(String op, Tensor x, Map<String, Object> a) {
        return switch (op) {
            case "max_pool2d" -> F.maxPool2dWithIndices(x, ints(a.get("k")), ints(a.get("s")), ints(a.get("p")),
                    ints(a.get("d")), b(a, "ceil"));
            case "max_pool1d" -> F.maxPool1dWithIndices(x, i(a, "k"), i(a, "s"), i(a, "p"), i(a, "d"), b(a, "ceil"));
            case "avg_pool2d" -> F.avgPool2d(x, ints(a.get("k")), ints(a.get("s")), ints(a.get("p")), b(a, "ceil"),
                    b(a, "cip"), a.get("div") == null ? null : i(a, "div"));
            case "avg_pool1d" -> F.avgPool1d(x, i(a, "k"), i(a, "s"), i(a, "p"), b(a, "ceil"), b(a, "cip"));
            case "adaptive_avg_pool2d" -> {
                List<Object> o = (List<Object>) a.get("out");
                yield F.adaptiveAvgPool2d(x, opt(o, 0), opt(o, 1));
            }
            case "adaptive_avg_pool1d" -> F.adaptiveAvgPool1d(x, i(a, "out"));
            case "adaptive_max_pool2d" -> {
                List<Object> o = (List<Object>) a.get("out");
                yield F.adaptiveMaxPool2dWithIndices(x, opt(o, 0), opt(o, 1));
            }
            case "adaptive_max_pool1d" -> F.adaptiveMaxPool1dWithIndices(x, i(a, "out"));
            case "interpolate" -> F.interpolate(x, a.get("size") == null ? null : ints(a.get("size")),
                    a.get("scale") == null ? null : doubles(a.get("scale")), mode((String) a.get("mode")),
                    (Boolean) a.get("align"), (Boolean) a.get("recompute"));
            case "pad" -> F.pad(x, ints(a.get("pad")), PadMode.valueOf(((String) a.get("mode")).toUpperCase()),
                    a.get("value") == null ? null : ((Number) a.get("value")).doubleValue());
            case "pixel_shuffle" -> F.pixelShuffle(x, i(a, "r"));
            case "pixel_unshuffle" -> F.pixelUnshuffle(x, i(a, "r"));
            default -> throw new IllegalArgumentException(op);
        };
    }

    static InterpolationMode mode(String m) {
        for (InterpolationMode v : InterpolationMode.values()) if (v.pyName().equals(m)) return v;
        throw new IllegalArgumentException(m);
    }

    static Tensor values(Object r) { return r instanceof ValuesIndices vi ? vi.values() : (Tensor) r; }

    /** The same values in a non-contiguous layout (last two dims stored transposed). */
    static Tensor strided(Tensor x) {
        if (x.dim() < 2) return x;
        return x.transpose(-1, -2).contiguous().transpose(-1, -2);
    }

    /** Forward, indices, input gradient and grad_fn name against PyTorch, for a contiguous and a strided input. */
    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> c) {
        String op = (String) c.get("op");
        Map<String, Object> a = (Map<String, Object>) c.get("args");
        for (boolean strided : new boolean[]{false, true}) {
            Tensor x0 = NnRefs.tensor(c.get("input"));
            Tensor x = (strided ? strided(x0) : x0).detach().requiresGrad_(true);
            String what = c.get("id") + (strided ? " (strided)" : "");
            Object r = run(op, x, a);
            Tensor y = values(r);
            NnRefs.assertClose(c.get("output"), y, 1, what + " output");
            if (r instanceof ValuesIndices vi) NnRefs.assertClose(c.get("indices"), vi.indices(), 1, what + " indices");
            String gf = (String) c.get("grad_fn");
            // PyTorch 1.13 pads circularly with slicing (CopySlices); torch4j has its own node
            if (gf != null && !gf.equals("CopySlices")) assertEquals(gf, y.gradFn().name(), what + " grad_fn");
            Tensor go = NnRefs.tensor(c.get("grad_output"));
            y.backward(go);
            NnRefs.assertClose(c.get("grad_input"), x.grad(), 1, what + " grad_input");
        }
    }

    /** The error PyTorch raised for the same call, message for message. */
    @SuppressWarnings("unchecked")
    static void checkError(Map<String, Object> e) {
        int[] shape = ints(e.get("shape"));
        Tensor x = Torch.zeros(shape, TestTensors.dtype((String) e.get("dtype")));
        if ((Boolean) e.get("requires_grad")) x.requiresGrad_(true);
        Map<String, Object> a = (Map<String, Object>) e.get("args");
        String op = (String) e.get("op");
        TorchException ex = assertThrows(TorchException.class, () -> run(op, x, a), (String) e.get("id"));
        assertEquals(e.get("message"), ex.getMessage(), (String) e.get("id"));
    }

    static Tensor randn(long seed, int... shape) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[(int) torch4j.internal.Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
        return Torch.fromArray(v, shape).to(DType.FLOAT64);
    }

    /**
     * Gradcheck of the backward itself: the input gradient as a function of the upstream gradient (for these linear
     * maps the second derivative in the input is zero, so this is what double backward exercises).
     */
    static boolean backwardGradcheck(java.util.function.Function<Tensor, Tensor> fn, Tensor x) {
        Tensor go;
        try (var _ = torch4j.autograd.GradMode.scope(false)) {
            go = randn(99, fn.apply(x).shapeArray()).requiresGrad_(true);
        }
        return torch4j.autograd.GradCheck.gradcheck(in -> {
            try (var _ = torch4j.autograd.GradMode.scope(true)) {
                Tensor y = fn.apply(x);
                return torch4j.autograd.Autograd.grad(new Tensor[]{y}, new Tensor[]{x}, new Tensor[]{in[0]}, true, true,
                        true)[0];
            }
        }, go);
    }
}
