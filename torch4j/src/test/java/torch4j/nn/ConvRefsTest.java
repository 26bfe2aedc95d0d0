package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.testing.Json;

/**
 * Every case of refs/conv.json (tools/gen_refs_conv.py, real PyTorch 1.13): output and the input, weight and bias
 * gradients of (out·gy).sum(), each with a contiguous input and with a non-contiguous one (same values, transposed
 * storage).
 */
class ConvRefsTest {
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.resource("/refs/conv.json")).get("cases");
    }

    static Stream<Arguments> params() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c.get("id"), c, false), Arguments.of(c.get("id"), c, true)));
    }

    static int[] ints(Object o) {
        if (o instanceof Number n) return new int[]{n.intValue()};
        List<?> l = (List<?>) o;
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).intValue();
        return r;
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Object enc, DType dt) {
        if (enc == null) return null;
        Map<String, Object> m = (Map<String, Object>) enc;
        List<?> data = (List<?>) m.get("data");
        double[] d = new double[data.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) data.get(i)).doubleValue();
        int[] shape = ints(m.get("shape"));
        return Torch.fromArray(d, new int[]{d.length}).reshape(shape).to(dt).clone();
    }

    /** Same values, non-contiguous strides: the last two dims transposed in storage. */
    static Tensor nonContiguous(Tensor t) {
        Tensor r = t.transpose(-1, -2).contiguous().transpose(-1, -2);
        // size-1 dims can leave that contiguous: interleave with a copy instead (stride 2 along dim 1)
        if (r.isContiguous()) r = Torch.stack(new Tensor[]{t, t}, 2).select(2, 1);
        return r;
    }

    static void close(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        boolean f32 = expected.dtype() == DType.FLOAT32;
        double atol = f32 ? 2e-4 : 1e-10, rtol = f32 ? 2e-4 : 1e-9;
        for (int i = 0; i < e.length; i++)
            if (Math.abs(e[i] - a[i]) > atol + rtol * Math.abs(e[i]))
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
    }

    @SuppressWarnings("unchecked")
    static Tensor run(String fn, Map<String, Object> args, Tensor x, Tensor w, Tensor b) {
        int[] stride = args.containsKey("stride") ? ints(args.get("stride")) : new int[]{1};
        int[] dil = args.containsKey("dilation") ? ints(args.get("dilation")) : new int[]{1};
        int groups = args.containsKey("groups") ? ((Number) args.get("groups")).intValue() : 1;
        Object pad = args.getOrDefault("padding", 0L);
        int[] outPad = args.containsKey("output_padding") ? ints(args.get("output_padding")) : new int[]{0};
        return switch (fn) {
            case "conv1d", "conv2d", "conv3d" -> {
                if (pad instanceof String s) {
                    F.Padding p = s.equals("same") ? F.Padding.SAME : F.Padding.VALID;
                    yield switch (fn) {
                        case "conv1d" -> F.conv1d(x, w, b, stride, p, dil, groups);
                        case "conv2d" -> F.conv2d(x, w, b, stride, p, dil, groups);
                        default -> F.conv3d(x, w, b, stride, p, dil, groups);
                    };
                }
                int[] p = ints(pad);
                yield switch (fn) {
                    case "conv1d" -> F.conv1d(x, w, b, stride, p, dil, groups);
                    case "conv2d" -> F.conv2d(x, w, b, stride, p, dil, groups);
                    default -> F.conv3d(x, w, b, stride, p, dil, groups);
                };
            }
            case "conv_transpose1d" -> F.convTranspose1d(x, w, b, stride, ints(pad), outPad, groups, dil);
            case "conv_transpose2d" -> F.convTranspose2d(x, w, b, stride, ints(pad), outPad, groups, dil);
            case "unfold" -> F.unfold(x, ints(args.get("kernel_size")), dil, ints(pad), stride);
            case "fold" -> F.fold(x, ints(args.get("output_size")), ints(args.get("kernel_size")), dil, ints(pad), stride);
            default -> throw new IllegalArgumentException(fn);
        };
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0} noncontiguous={2}")
    @MethodSource("params")
    void matchesPyTorch(String id, Map<String, Object> c, boolean nonContiguous) {
        DType dt = c.get("dtype").equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        Tensor x0 = tensor(c.get("x"), dt), w0 = tensor(c.get("w"), dt), b = tensor(c.get("b"), dt);
        if (nonContiguous) x0 = nonContiguous(x0);
        Tensor x = x0.requiresGrad_(true);
        Tensor w = w0 == null ? null : (nonContiguous ? nonContiguous(w0) : w0).requiresGrad_(true);
        if (b != null) b.requiresGrad_(true);
        Tensor out = run((String) c.get("fn"), (Map<String, Object>) c.get("args"), x, w, b);
        close(tensor(c.get("out"), dt), out, id + " out");
        out.mul(tensor(c.get("gy"), dt)).sum().backward();
        close(tensor(c.get("gx"), dt), x.grad(), id + " grad input");
        if (w != null) close(tensor(c.get("gw"), dt), w.grad(), id + " grad weight");
        if (b != null) close(tensor(c.get("gb"), dt), b.grad(), id + " grad bias");
        else if (c.get("gb") == null) assertNull(c.get("gb"));
    }
}
