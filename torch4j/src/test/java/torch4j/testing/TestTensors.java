package torch4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;

/** Conversions between reference tensors (from real PyTorch) and torch4j tensors, and closeness checks. */
public final class TestTensors {
    private TestTensors() {}

    public static DType dtype(String name) {
        return switch (name) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "float16" -> DType.FLOAT16;
            case "bfloat16" -> DType.BFLOAT16;
            case "int64" -> DType.INT64;
            case "int32" -> DType.INT32;
            case "int16" -> DType.INT16;
            case "int8" -> DType.INT8;
            case "uint8" -> DType.UINT8;
            case "bool" -> DType.BOOL;
            default -> throw new IllegalArgumentException("unknown dtype " + name);
        };
    }

    /** A fresh tensor holding the reference data (int64 exactly). */
    public static Tensor tensor(Refs.RefTensor r) {
        DType dt = dtype(r.dtype());
        Tensor t;
        if (r.longData() != null) t = Torch.fromArray(r.longData().clone(), r.shape().length == 0 ? new int[]{1} : r.shape());
        else t = Torch.fromArray(r.data().clone(), r.shape().length == 0 ? new int[]{1} : r.shape());
        t = t.reshape(r.shape()).to(dt);
        return t.isContiguous() && t.dtype() == dt ? t.clone() : t;
    }

    /** Asserts dtype, shape and values (NaN equals NaN; infinities exact) within atol + rtol*|expected|. */
    public static void assertClose(Refs.RefTensor expected, Tensor actual, double atol, double rtol, String what) {
        assertEquals(expected.dtype(), name(actual.dtype()), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shapeArray(), what + ": shape");
        if (expected.longData() != null) {
            assertArrayEquals(expected.longData(), actual.toLongArray(), what + ": values");
            return;
        }
        double[] e = expected.data(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            if (e[i] == a[i]) continue;
            if (Double.isInfinite(e[i]) || Double.isNaN(e[i]) || Math.abs(e[i] - a[i]) > atol + rtol * Math.abs(e[i]))
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
        }
    }

    /** Tolerances by dtype: float32 results from different libraries agree to a few ulps. */
    public static void assertClose(Refs.RefTensor expected, Tensor actual, String what) {
        boolean f32 = expected.dtype().equals("float32");
        assertClose(expected, actual, f32 ? 1e-5 : 1e-10, f32 ? 1e-5 : 1e-9, what);
    }

    /** The same values with all dims reversed in memory (t.T().contiguous().T()), so kernels see non-unit strides. */
    public static Tensor transposedLayout(Tensor t) {
        if (t.dim() < 2) return t;
        try (var _ = Torch.noGrad()) {
            Tensor nc = t.T().contiguous().T();
            assertArrayEquals(t.shapeArray(), nc.shapeArray());
            return nc;
        }
    }

    public static String name(DType d) { return d.toString().substring("torch.".length()); }
}
