package torch4j;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import torch4j.autograd.GradCheck;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.Pointwise;
import torch4j.internal.ops.UnaryOp;

/** Pointwise ops: gradients, dtype promotion, broadcasting, strides, in-place forms and error messages. */
class PointwiseTest {
    /** A float64 input inside each op's domain, avoiding kinks (0 for abs/relu, integers for floor). */
    static Tensor sample(UnaryOp op) {
        double[] v = switch (op) {
            case LOG, LOG2, LOG10, SQRT, RSQRT -> new double[]{0.3, 1.7, 2.9, 0.8, 4.1, 1.1};
            case ASIN, ACOS -> new double[]{-0.7, -0.2, 0.1, 0.45, 0.8, 0.33};
            case LOG1P -> new double[]{-0.5, 0.2, 1.5, 3.0, 0.01, 2.2};
            default -> new double[]{-1.3, -0.4, 0.35, 0.9, 1.7, 2.6};
        };
        return Torch.tensor(v, DType.FLOAT64).reshape(2, 3);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryGradcheck(UnaryOp op) {
        if (op.grad == null) return;
        Tensor x = sample(op).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Pointwise.unary(op, in[0]), x));
        // and through a transposed (non-contiguous) view
        Tensor xt = sample(op).t().requiresGrad_(true);
        assertFalse(xt.isContiguous());
        assertTrue(GradCheck.gradcheck(in -> Pointwise.unary(op, in[0]), xt));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryFloat32MatchesReference(UnaryOp op) {
        // the vectorised float32 kernels against the op's double reference, over a long row and a strided view
        Tensor x64 = sample(op).reshape(-1).expand(41, 6).contiguous().reshape(-1);
        Tensor x32 = x64.to(DType.FLOAT32);
        Tensor y = Pointwise.unary(op, x32);
        double[] xs = x32.toDoubleArray(), ys = y.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double want = op.fn.applyAsDouble(xs[i]);
            assertEquals(want, ys[i], 2e-6 * Math.max(1, Math.abs(want)), op + " at " + xs[i]);
        }
        Tensor strided = x32.slice(0, 0, x32.size(0), 3);
        double[] ss = strided.toDoubleArray(), sy = Pointwise.unary(op, strided).toDoubleArray();
        for (int i = 0; i < ss.length; i++)
            assertEquals(op.fn.applyAsDouble(ss[i]), sy[i], 2e-6 * Math.max(1, Math.abs(sy[i])), op.name());
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"FLOOR_DIVIDE", "TRUNC_DIVIDE"}, mode = EnumSource.Mode.EXCLUDE)
    void binaryGradcheckWithBroadcasting(BinaryOp op) {
        Tensor a = Torch.tensor(new double[][]{{1.3, 0.7, 2.2}, {0.4, 1.9, 0.6}}, DType.FLOAT64).requiresGrad_(true);
        Tensor b = Torch.tensor(new double[]{0.9, 1.7, 0.35}, DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Pointwise.binary(op, in[0], in[1]), a, b));
        assertTrue(GradCheck.gradcheck(in -> Pointwise.binary(op, in[1], in[0]), a, b));
    }

    @Test
    void typePromotionFollowsResultType() {
        Tensor i = Torch.tensor(new long[]{1, 2});
        Tensor f = Torch.tensor(new double[]{0.5, 0.5});
        Tensor d = Torch.tensor(new double[]{0.5, 0.5}, DType.FLOAT64);
        assertEquals(DType.FLOAT32, i.add(f).dtype());
        assertEquals(DType.FLOAT64, f.add(d).dtype());
        assertEquals(DType.FLOAT32, i.add(2.5).dtype());
        assertEquals(DType.INT64, i.add(2).dtype());
        assertEquals(DType.FLOAT32, i.div(i).dtype());          // true division
        assertEquals(DType.FLOAT32, f.mul(Torch.tensor(2.0, DType.FLOAT64)).dtype()); // 0-dim does not promote
        assertEquals(DType.FLOAT64, i.mul(Torch.tensor(2.0, DType.FLOAT64)).dtype()); // higher category does
        Tensor i32 = Torch.tensor(new int[]{1, 2}, DType.INT32);
        assertEquals(DType.INT32, i32.add(3).dtype());
        assertEquals(DType.BOOL, i.gt(1).dtype());
        assertArrayEquals(new double[]{1.5, 2.5}, i.add(f).toDoubleArray());
        // Java doubles promote as Python floats, Java ints/longs as Python ints
        Tensor u8 = Torch.tensor(new int[]{100, 200}, DType.UINT8);
        assertEquals(DType.FLOAT32, u8.mul(2.0).dtype());
        assertArrayEquals(new double[]{200, 400}, u8.mul(2.0).toDoubleArray());
        assertEquals(DType.UINT8, u8.mul(2).dtype());
        assertArrayEquals(new long[]{200, 144}, u8.mul(2).toLongArray());
        assertEquals(DType.INT64, i.pow(2).dtype());
        assertEquals(DType.FLOAT32, i.pow(2.0).dtype());
        assertEquals(DType.INT64, i.clamp(0, 1).dtype());
        assertTrue(Torch.tensor(new long[]{(1L << 40) + 1}).eq((1L << 40) + 1).itemBool()); // exact, not via float
    }

    @Test
    void integerSemantics() {
        Tensor a = Torch.tensor(new long[]{7, -7, 7, -7});
        Tensor b = Torch.tensor(new long[]{2, 2, -2, -2});
        assertArrayEquals(new long[]{3, -4, -4, 3}, a.div(b, RoundingMode.FLOOR).toLongArray());
        assertArrayEquals(new long[]{3, -3, -3, 3}, a.div(b, RoundingMode.TRUNC).toLongArray());
        assertArrayEquals(new long[]{1, 1, -1, -1}, a.remainder(b).toLongArray());
        assertArrayEquals(new long[]{1, -1, 1, -1}, a.fmod(b).toLongArray());
        assertArrayEquals(new double[]{3.5, -3.5, -3.5, 3.5}, a.div(b).toDoubleArray());
        assertArrayEquals(new long[]{49, 49, 49, 49}, a.pow(2).toLongArray());
        assertEquals(Long.MAX_VALUE - 1, Torch.tensor(new long[]{Long.MAX_VALUE - 2}).add(1).itemLong());
    }

    @Test
    void broadcastingShapesAndErrors() {
        Tensor a = Torch.ones(3, 1, 4);
        Tensor b = Torch.ones(2, 1);
        assertArrayEquals(new int[]{3, 2, 4}, a.add(b).shapeArray());
        var e = assertThrows(TorchException.class, () -> Torch.ones(3).add(Torch.ones(4)));
        assertEquals("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0", e.getMessage());
    }

    @Test
    void inPlaceOpsWriteThroughViews() {
        Tensor x = Torch.zeros(3, 4);
        x.select(1, 2).add_(5.0);
        x.slice(0, 0, 3, 2).mul_(Torch.full(new int[]{4}, 2.0)).add_(1.0);
        assertArrayEquals(new double[]{1, 1, 11, 1, 0, 0, 5, 0, 1, 1, 11, 1}, x.toDoubleArray());
        var e = assertThrows(TorchException.class, () -> Torch.ones(3).add_(Torch.ones(2, 3)));
        assertEquals("output with shape [3] doesn't match the broadcast shape [2, 3]", e.getMessage());
        var e2 = assertThrows(TorchException.class, () -> Torch.arange(3).add_(1.5));
        assertEquals("result type Float can't be cast to the desired output type Long", e2.getMessage());
        assertEquals(2, x.version() > 0 ? 2 : 0);
    }

    @Test
    void vectorPathsMatchScalarForOddLengthsAndBroadcastScalars() {
        for (int n : new int[]{1, 7, 8, 9, 31, 33, 100_003}) {
            Tensor a = Torch.arange(0.0, n, 1.0).mul(0.37).sin();
            Tensor b = Torch.arange(0.0, n, 1.0).mul(0.11).cos().add(2.0);
            double[] x = a.toDoubleArray(), y = b.toDoubleArray();
            double[] s = a.add(b).toDoubleArray(), m = a.mul(3.0).toDoubleArray(), r = Torch.tensor(2.0).div(b).toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals((float) (x[i] + y[i]), s[i], 1e-6);
                assertEquals((float) x[i] * 3f, m[i], 1e-6);
                assertEquals(2f / (float) y[i], r[i], 1e-6);
            }
        }
    }

    @Test
    void comparisonsWhereAndNan() {
        Tensor x = Torch.tensor(new double[]{Double.NaN, 1, Double.POSITIVE_INFINITY, -2});
        assertArrayEquals(new boolean[]{true, false, false, false}, x.isnan().toBooleanArray());
        assertArrayEquals(new boolean[]{false, true, false, true}, x.isfinite().toBooleanArray());
        assertArrayEquals(new double[]{0, 1, Float.MAX_VALUE, -2}, x.nanToNum().toDoubleArray());
        assertArrayEquals(new double[]{Double.NaN, 1, 1, 0}, x.clamp(0.0, 1.0).toDoubleArray());
        assertArrayEquals(new double[]{Double.NaN, 1, Double.POSITIVE_INFINITY, 0}, x.relu().toDoubleArray());
        Tensor w = Torch.where(x.gt(0.0), x, Torch.zeros(4));
        assertArrayEquals(new double[]{0, 1, Double.POSITIVE_INFINITY, 0}, w.toDoubleArray());
        var e = assertThrows(TorchException.class, () -> Torch.where(Torch.ones(2), Torch.ones(2), Torch.ones(2)));
        assertTrue(e.getMessage().startsWith("where expected condition to be a boolean tensor"));
    }

    @Test
    void clampSoftplusNanToNumGradcheck() {
        Tensor x = Torch.tensor(new double[]{-2.5, -0.4, 0.3, 1.2, 30}, DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> in[0].clamp(-1.0, 1.0), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].softplus(2, 20), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].lerp(in[0].mul(in[0]), 0.3), x));
        assertTrue(GradCheck.gradcheck(in -> in[0].addcdiv(in[0].exp(), in[0].mul(in[0]).add(1.0), 0.5), x));
        assertEquals("ClampBackward1", x.clamp(-1.0, 1.0).gradFn().name());
        assertEquals("SoftplusBackward0", x.softplus().gradFn().name());
    }

    @Test
    void unsupportedDtypeMessages() {
        var e = assertThrows(TorchException.class, () -> Torch.tensor(new boolean[]{true}).sub(Torch.tensor(new boolean[]{true})));
        assertTrue(e.getMessage().startsWith("Subtraction, the `-` operator, with two bool tensors is not supported."));
        assertEquals(EnumSet.allOf(UnaryOp.Out.class).size(), 3);
    }
}
