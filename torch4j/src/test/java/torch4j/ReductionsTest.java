package torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import torch4j.autograd.Autograd;
import torch4j.autograd.GradCheck;

/**
 * var/std, max/min with indices, argmax/argmin, logsumexp, norm, cumsum/cumprod, softmax/log_softmax, topk, sort,
 * argsort and median: the issue's acceptance example, gradchecks in float64, node names, error messages and
 * strided inputs. Values against PyTorch for the common cases are in {@link ReductionsRefsTest}.
 */
class ReductionsTest {
    private static final double[] ISSUE = {36, 55, 68, 82, 91, 29, 48, 46, 37, 60, 72, 78, 61, 32, 7, 48, 55, 0, 8,
            80, 60, 52, 81, 41, 30, 43, 35, 47, 57, 26};

    /** Deterministic distinct-ish float64 values in [-2, 2). */
    private static Tensor data(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 7919L + 13) % 401) / 100.0 - 2.0 + i * 1e-4;
        return Torch.fromArray(v, shape);
    }

    private static Tensor leaf(int... shape) { return data(shape).requiresGrad_(true); }

    private static void gradcheck(Function<Tensor[], Tensor> fn, Tensor... in) {
        assertTrue(GradCheck.gradcheck(fn, in));
    }

    private static void assertValues(double[] expected, Tensor actual, double tol) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "numel");
        for (int i = 0; i < a.length; i++)
            if (!(Double.isNaN(expected[i]) && Double.isNaN(a[i])))
                assertEquals(expected[i], a[i], tol, "element " + i);
    }

    // ------------------------------------------------------------------ var / std

    @Test
    void issueAcceptanceExample() {
        Tensor t = Torch.tensor(ISSUE);
        assertEquals(DType.FLOAT32, t.var().dtype());
        // torch: 522.3505859375 and 504.93890380859375 (float32)
        assertEquals(522.3505859375, t.var().item(), 0);
        assertEquals(504.93890380859375, t.var(null, 0, false).item(), 0);
        assertEquals(504.93890380859375, t.var(false).item(), 0);
        assertEquals(22.854990005493164, t.std().item(), 0);
    }

    @Test
    void varEdgeCasesFollowPyTorch() {
        // N - correction <= 0 divides by 0: inf for a non-zero sum of squares, nan for a single element
        Tensor x = Torch.tensor(new double[][]{{1, 2, 4}, {0, 5, 1}});
        assertValues(new double[]{Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                x.var(new int[]{0}, 3, false), 0);
        assertTrue(Double.isNaN(Torch.tensor(5.0).var().item()));
        assertTrue(Double.isNaN(Torch.zeros(0).var().item()));
        assertEquals(0.0, Torch.tensor(5.0).var(false).item());
        assertArrayEquals(new int[]{2, 1}, x.var(1, true, true).shapeArray());
        assertArrayEquals(new int[]{1, 1}, x.std(null, 1, true).shapeArray());
        Tensor[] vm = x.varMean(new int[]{1}, 1, false);
        assertValues(new double[]{7.0 / 3, 7}, vm[0], 1e-6);
        assertValues(new double[]{7.0 / 3, 2}, vm[1], 1e-6);
        Tensor[] sm = x.stdMean();
        assertEquals(Math.sqrt(x.var().item()), sm[0].item(), 1e-6);
        assertEquals(13.0 / 6, sm[1].item(), 1e-6);
        var e = assertThrows(TorchException.class, () -> Torch.arange(5).var());
        assertEquals("std and var only support floating point and complex dtypes", e.getMessage());
    }

    @Test
    void varStdGradcheck() {
        Tensor x = leaf(3, 4);
        gradcheck(in -> in[0].var(), x);
        gradcheck(in -> in[0].var(1, true, false), x);
        gradcheck(in -> in[0].var(new int[]{0}, 0, true), x);
        gradcheck(in -> in[0].var(new int[]{0, 1}, 2, false), x);
        gradcheck(in -> in[0].std(), x);
        gradcheck(in -> in[0].std(0, false, true), x);
        gradcheck(in -> in[0].std(new int[]{-1}, 2, false), x);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].var(1), leaf(2, 3)));
        assertEquals("VarBackward0", x.var().gradFn().name());
        assertEquals("StdBackward0", x.std(1).gradFn().name());
    }

    @Test
    void stdGradientIsZeroForConstantInput() {
        Tensor x = Torch.ones(new int[]{4}, DType.FLOAT64).requiresGrad_(true);
        x.std().backward();
        assertValues(new double[]{0, 0, 0, 0}, x.grad(), 0);
    }

    // ------------------------------------------------------------------ max / min / argmax / argmin

    @Test
    void maxMinWithIndices() {
        Tensor x = Torch.tensor(new double[][]{{1, 5, 5, -2}, {-2, 5, -2, 7}});
        ValuesIndices r = x.max(1);
        assertValues(new double[]{5, 7}, r.values(), 0);
        assertArrayEquals(new long[]{1, 3}, r.indices().toLongArray());
        assertEquals(DType.INT64, r.indices().dtype());
        ValuesIndices m = x.min(0, true);
        assertArrayEquals(new int[]{1, 4}, m.values().shapeArray());
        assertArrayEquals(new long[]{1, 0, 1, 0}, m.indices().toLongArray());
        ValuesIndices s = Torch.tensor(5.0).max(0);
        assertEquals(0, s.values().dim());
        assertEquals(0L, s.indices().itemLong());
        ValuesIndices b = Torch.tensor(new boolean[]{true, false}).max(0);
        assertTrue(b.values().itemBool());
        ValuesIndices nan = Torch.tensor(new double[]{1, Double.NaN, 3, Double.NaN}).max(0);
        assertTrue(Double.isNaN(nan.values().item()));
        assertEquals(1L, nan.indices().itemLong());
        assertEquals(1L, Torch.tensor(new double[]{1, Double.NaN, -3}).min(0).indices().itemLong());
    }

    @Test
    void maxDimGradientGoesToTheSelectedIndexOnly() {
        Tensor x = Torch.tensor(new double[]{1, 5, 5, -2}, DType.FLOAT64).requiresGrad_(true);
        ValuesIndices r = x.max(0);
        assertEquals("MaxBackward0", r.values().gradFn().name());
        assertFalse(r.indices().requiresGrad());
        r.values().backward();
        assertValues(new double[]{0, 1, 0, 0}, x.grad(), 0);
        assertEquals("MinBackward0", x.min(0).values().gradFn().name());
        Tensor y = leaf(3, 4, 2);
        gradcheck(in -> in[0].max(1).values(), y);
        gradcheck(in -> in[0].max(-1, true).values(), y);
        gradcheck(in -> in[0].min(0).values(), y);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].max(1).values().mul(in[0].max(1).values()), leaf(2, 3)));
    }

    @Test
    void argmaxArgmin() {
        Tensor x = Torch.tensor(new double[][]{{1, 5, 5, -2}, {-2, 5, -2, 5}});
        assertEquals(1L, x.argmax().itemLong());
        assertEquals(0, x.argmax().dim());
        assertEquals(3L, x.argmin().itemLong());
        assertArrayEquals(new long[]{1, 1}, x.argmax(1).toLongArray());
        assertArrayEquals(new long[]{3, 0}, x.argmin(1).toLongArray());
        assertArrayEquals(new int[]{2, 1}, x.argmax(-1, true).shapeArray());
        assertArrayEquals(new long[]{0, 0, 0, 1}, x.argmax(0).toLongArray());
        assertEquals(1L, Torch.tensor(new double[]{1, Double.NaN, 3, Double.NaN}).argmax().itemLong());
        assertEquals(1L, Torch.tensor(new double[]{1, Double.NaN, -3}).argmin().itemLong());
        assertEquals(2L, Torch.tensor(new long[]{4, 1, 9, 9}).argmax().itemLong());
        assertEquals(0L, Torch.tensor(3.0).argmax(0).itemLong());
        assertArrayEquals(new int[]{1, 1}, torch4j.internal.ops.Reductions.argmax(x, null, true, true).shapeArray());
    }

    @Test
    void maxArgmaxErrors() {
        Tensor empty = Torch.zeros(2, 0);
        assertEquals("max(): Expected reduction dim 1 to have non-zero size.",
                assertThrows(IndexOutOfBoundsException.class, () -> empty.max(1)).getMessage());
        assertEquals("min(): Expected reduction dim 1 to have non-zero size.",
                assertThrows(IndexOutOfBoundsException.class, () -> empty.min(-1)).getMessage());
        assertEquals(0, empty.argmax(0).numel());
        assertEquals("argmax(): Expected reduction dim 1 to have non-zero size.",
                assertThrows(IndexOutOfBoundsException.class, () -> empty.argmax(1)).getMessage());
        assertEquals("argmin(): Expected reduction dim to be specified for input.numel() == 0.",
                assertThrows(IndexOutOfBoundsException.class, () -> empty.argmin()).getMessage());
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 2)",
                assertThrows(IndexOutOfBoundsException.class, () -> Torch.zeros(2, 3).max(2)).getMessage());
        assertEquals("\"argmax_cpu\" not implemented for 'Bool'",
                assertThrows(TorchException.class, () -> Torch.tensor(new boolean[]{true}).argmax()).getMessage());
    }

    // ------------------------------------------------------------------ logsumexp / norm

    @Test
    void logsumexpIsStable() {
        Tensor x = Torch.tensor(new double[][]{{1000, 1000}, {-1000, -1000}});
        assertValues(new double[]{1000 + Math.log(2), -1000 + Math.log(2)}, x.logsumexp(1), 1e-3);
        Tensor inf = Torch.tensor(new double[][]{{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                {Double.POSITIVE_INFINITY, 0}});
        assertValues(new double[]{Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, inf.logsumexp(1), 0);
        assertValues(new double[]{Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                Torch.zeros(3, 0).logsumexp(1), 0);
        Tensor i = Torch.tensor(new long[]{1, 2}).logsumexp(0);
        assertEquals(DType.FLOAT32, i.dtype());
        assertEquals(2.3132617, i.item(), 1e-6);
    }

    @Test
    void logsumexpGradcheck() {
        Tensor x = leaf(2, 3, 4);
        gradcheck(in -> in[0].logsumexp(1), x);
        gradcheck(in -> in[0].logsumexp(new int[]{0, 2}, true), x);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].logsumexp(-1), leaf(2, 3)));
        assertEquals("LogsumexpBackward0", x.logsumexp(0).gradFn().name());
    }

    @Test
    void norms() {
        Tensor x = Torch.tensor(new double[][]{{3, -4}, {0, 1}});
        assertEquals(Math.sqrt(26), x.norm().item(), 1e-6);
        assertEquals(8, x.norm(1).item(), 1e-6);
        assertEquals(4, x.norm(Double.POSITIVE_INFINITY).item(), 0);
        assertEquals(0, x.norm(Double.NEGATIVE_INFINITY).item(), 0);
        assertEquals(3, x.norm(0).item(), 0);
        assertEquals(Math.cbrt(27 + 64 + 1), x.norm(3).item(), 1e-5);
        assertValues(new double[]{5, 1}, x.norm(2, 1), 1e-6);
        assertArrayEquals(new int[]{1, 2}, x.norm(2, 0, true).shapeArray());
        assertEquals(Math.sqrt(26), x.norm("fro", null, false).item(), 1e-6);
        assertValues(new double[]{0, 0, 0}, Torch.zeros(3, 0).norm(Double.POSITIVE_INFINITY, 1), 0);
        assertEquals("norm(): input dtype should be either floating point or complex. Got Long instead.",
                assertThrows(TorchException.class, () -> Torch.arange(3).norm()).getMessage());
    }

    @Test
    void normGradcheck() {
        Tensor x = leaf(3, 4);
        for (double p : new double[]{2, 1, 3, 1.5, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            gradcheck(in -> in[0].norm(p), x);
            gradcheck(in -> in[0].norm(p, 1, true), x);
        }
        gradcheck(in -> in[0].norm(2, new int[]{0, 1}, false), x);
        assertEquals("NormBackward1", x.norm().gradFn().name());
        assertEquals("NormBackward1", x.norm(1, 0).gradFn().name());
        // the 2-norm of zeros has a zero (not NaN) subgradient
        Tensor z = Torch.zeros(new int[]{3}, DType.FLOAT64).requiresGrad_(true);
        z.norm().backward();
        assertValues(new double[]{0, 0, 0}, z.grad(), 0);
        // ties of the inf-norm share the gradient
        Tensor t = Torch.tensor(new double[]{3, -3, 1}, DType.FLOAT64).requiresGrad_(true);
        t.norm(Double.POSITIVE_INFINITY).backward();
        assertValues(new double[]{0.5, -0.5, 0}, t.grad(), 0);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].norm(), leaf(2, 3)));
    }

    // ------------------------------------------------------------------ cumsum / cumprod

    @Test
    void cumsumCumprod() {
        Tensor x = Torch.tensor(new double[][]{{1, 2, 3}, {4, 5, 6}});
        assertValues(new double[]{1, 3, 6, 4, 9, 15}, x.cumsum(1), 0);
        assertValues(new double[]{1, 2, 3, 5, 7, 9}, x.cumsum(0), 0);
        assertValues(new double[]{1, 2, 6, 4, 20, 120}, x.cumprod(-1), 0);
        Tensor b = Torch.tensor(new boolean[]{true, false, true}).cumsum(0);
        assertEquals(DType.INT64, b.dtype());
        assertArrayEquals(new long[]{1, 1, 2}, b.toLongArray());
        assertEquals(DType.FLOAT64, Torch.arange(4).cumsum(0, DType.FLOAT64).dtype());
        assertEquals(5.0, Torch.tensor(5.0).cumsum(0).item());
        assertEquals(0, Torch.zeros(0, 3).cumsum(0).numel());
        assertEquals("CumsumBackward0", leaf(3).cumsum(0).gradFn().name());
        assertEquals("CumprodBackward0", leaf(3).cumprod(0).gradFn().name());
    }

    @Test
    void cumsumCumprodGradcheck() {
        Tensor x = leaf(2, 3, 4);
        gradcheck(in -> in[0].cumsum(1), x);
        gradcheck(in -> in[0].cumsum(-1), x);
        gradcheck(in -> in[0].cumprod(1), x);
        gradcheck(in -> in[0].cumprod(0), x);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].cumprod(1), leaf(2, 4)));
    }

    @Test
    void cumprodGradientWithZeros() {
        // one zero, two zeros, a zero first and last in a line
        Tensor x = Torch.tensor(new double[][]{{1.5, -2, 0, 3, 0.5}, {1.5, 0, 2, 0, 0.5}, {0, 1, 2, 3, 4},
                {1, 2, 3, 4, 0}}, DType.FLOAT64).requiresGrad_(true);
        gradcheck(in -> in[0].cumprod(1), x);
        gradcheck(in -> in[0].cumprod(0), x);
    }

    // ------------------------------------------------------------------ softmax / log_softmax

    @Test
    void softmaxValues() {
        Tensor x = Torch.tensor(new double[][]{{1, 2, 3}, {1000, 1001, 999}});
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] row = {Math.exp(1) / s, Math.exp(2) / s, Math.exp(3) / s};
        double[] big = {Math.exp(0) / (1 + Math.E + Math.exp(-1)), Math.E / (1 + Math.E + Math.exp(-1)),
                Math.exp(-1) / (1 + Math.E + Math.exp(-1))};
        assertValues(new double[]{row[0], row[1], row[2], big[0], big[1], big[2]}, x.softmax(1), 1e-6);
        Tensor ls = x.logSoftmax(1);
        for (int i = 0; i < 3; i++) assertEquals(Math.log(row[i]), ls.toDoubleArray()[i], 1e-5);
        assertEquals(1.0, Torch.tensor(3.0).softmax(0).item());
        assertEquals(0.0, Torch.tensor(3.0).logSoftmax(0).item());
        assertEquals(0, Torch.zeros(0, 3).softmax(0).numel());
        assertEquals("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'",
                assertThrows(TorchException.class, () -> Torch.arange(5).softmax(0)).getMessage());
        assertEquals("\"log_softmax_kernel_impl\" not implemented for 'Long'",
                assertThrows(TorchException.class, () -> Torch.arange(6).reshape(2, 3).logSoftmax(0)).getMessage());
        assertEquals(DType.FLOAT64, Torch.arange(3).softmax(0, DType.FLOAT64).dtype());
    }

    @Test
    void softmaxGradcheck() {
        Tensor x = leaf(2, 3, 4);
        for (int d : new int[]{0, 1, -1}) {
            gradcheck(in -> in[0].softmax(d), x);
            gradcheck(in -> in[0].logSoftmax(d), x);
        }
        assertTrue(GradCheck.gradgradcheck(in -> in[0].softmax(1), leaf(2, 3)));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].logSoftmax(0), leaf(2, 3)));
        assertEquals("SoftmaxBackward0", x.softmax(0).gradFn().name());
        assertEquals("LogSoftmaxBackward0", x.logSoftmax(0).gradFn().name());
    }

    /**
     * The float32 kernels (short rows, vectorised rows, and dims before the last vectorised across the inner
     * columns, with a partial column chunk) agree with the float64 generic path, forward and backward.
     */
    @Test
    void softmaxFastPathsMatchFloat64() {
        int[][][] cases = {{{64, 10}, {1}}, {{7, 37}, {1, 0}}, {{3, 1000}, {1}}, {{300, 130}, {1}},
                {{4, 37, 33}, {1, 0}}, {{2, 5, 1100}, {1}}, {{3, 4, 2, 5}, {1, 2}}};
        for (int[][] c : cases) {
            int[] shape = c[0];
            Tensor x64 = data(shape).mul(3.0);
            Tensor g64 = data(shape).mul(1.7).sin();
            for (int dim : c[1]) {
                for (boolean log : new boolean[]{false, true}) {
                    Tensor x32 = x64.to(DType.FLOAT32).requiresGrad_(true);
                    Tensor xd = x64.clone().requiresGrad_(true);
                    Tensor y32 = log ? x32.logSoftmax(dim) : x32.softmax(dim);
                    Tensor yd = log ? xd.logSoftmax(dim) : xd.softmax(dim);
                    assertClose(yd, y32, 3e-6);
                    y32.backward(g64.to(DType.FLOAT32));
                    yd.backward(g64);
                    assertClose(xd.grad(), x32.grad(), 2e-5);
                }
            }
        }
    }

    /** The fused backward is used without create_graph; with it, the tensor-op formula gives the same. */
    @Test
    void softmaxBackwardWithAndWithoutGraph() {
        Tensor x = data(4, 5).to(DType.FLOAT32).requiresGrad_(true);
        Tensor g = data(4, 5).to(DType.FLOAT32).mul(0.5);
        for (boolean log : new boolean[]{false, true}) {
            Tensor a = Autograd.grad(new Tensor[]{log ? x.logSoftmax(1) : x.softmax(1)}, new Tensor[]{x},
                    new Tensor[]{g}, false, false, false)[0];
            Tensor b = Autograd.grad(new Tensor[]{log ? x.logSoftmax(1) : x.softmax(1)}, new Tensor[]{x},
                    new Tensor[]{g}, true, true, false)[0];
            assertTrue(b.requiresGrad());
            assertClose(a, b, 1e-6);
        }
    }

    // ------------------------------------------------------------------ sort / argsort / topk / median

    @Test
    void sortIsStableAndOrdersNaNLast() {
        Tensor x = Torch.tensor(new double[]{2, 1, 2, 1, 0, 2});
        ValuesIndices r = x.sort();
        assertValues(new double[]{0, 1, 1, 2, 2, 2}, r.values(), 0);
        assertArrayEquals(new long[]{4, 1, 3, 0, 2, 5}, r.indices().toLongArray());
        ValuesIndices d = x.sort(0, true);
        assertArrayEquals(new long[]{0, 2, 5, 1, 3, 4}, d.indices().toLongArray());
        for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            Tensor n = Torch.tensor(new double[]{3, Double.NaN, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    0.5, -0.0, 0.0}).to(dt);
            assertArrayEquals(new long[]{4, 2, 6, 7, 5, 0, 3, 1}, n.argsort().toLongArray(), dt.toString());
            assertArrayEquals(new long[]{1, 3, 0, 5, 6, 7, 2, 4}, n.argsort(0, true).toLongArray(), dt.toString());
        }
        Tensor ints = Torch.tensor(new long[]{3, -1, 3, Long.MIN_VALUE, Long.MAX_VALUE});
        assertArrayEquals(new long[]{3, 1, 0, 2, 4}, ints.argsort().toLongArray());
        assertArrayEquals(new long[]{4, 0, 2, 1, 3}, ints.argsort(0, true).toLongArray());
        ValuesIndices bools = Torch.tensor(new boolean[]{true, false}).sort();
        assertArrayEquals(new long[]{1, 0}, bools.indices().toLongArray());
        assertEquals(0, Torch.tensor(5.0).sort().indices().dim());
        assertEquals(0, Torch.zeros(0, 3).sort(0).values().numel());
    }

    @Test
    void longLinesSortLikeJava() {
        // long enough for the merge sort's merge phase (float64) and many lines (parallel chunks)
        Tensor x = data(40, 257).mul(10.0).round();
        Tensor xt = x.t();
        for (Tensor t : new Tensor[]{x, x.to(DType.FLOAT32), x.to(DType.INT64)}) {
            ValuesIndices r = t.sort(1);
            double[] v = r.values().toDoubleArray(), src = t.toDoubleArray();
            long[] idx = r.indices().toLongArray();
            for (int row = 0; row < 40; row++) {
                for (int j = 0; j < 257; j++) {
                    assertEquals(src[row * 257 + (int) idx[row * 257 + j]], v[row * 257 + j]);
                    if (j > 0) {
                        assertTrue(v[row * 257 + j - 1] <= v[row * 257 + j]);
                        if (v[row * 257 + j - 1] == v[row * 257 + j])
                            assertTrue(idx[row * 257 + j - 1] < idx[row * 257 + j], "stable");
                    }
                }
            }
        }
        // sorting the transposed view along dim 0 walks strided lines
        assertArrayEquals(x.sort(1).indices().toLongArray(), xt.sort(0).indices().t().contiguous().toLongArray());
    }

    @Test
    void topkAndErrors() {
        Tensor x = Torch.tensor(new double[][]{{1, 7, 3, 5}, {2, 0, 9, 4}});
        ValuesIndices r = x.topk(2);
        assertValues(new double[]{7, 5, 9, 4}, r.values(), 0);
        assertArrayEquals(new long[]{1, 3, 2, 3}, r.indices().toLongArray());
        ValuesIndices s = x.topk(1, 0, false, true);
        assertValues(new double[]{1, 0, 3, 4}, s.values(), 0);
        assertArrayEquals(new int[]{1, 4}, s.values().shapeArray());
        assertArrayEquals(new int[]{2, 0}, x.topk(0).values().shapeArray());
        assertEquals(3.0, Torch.tensor(3.0).topk(1).values().item());
        assertEquals("selected index k out of range",
                assertThrows(TorchException.class, () -> x.topk(5)).getMessage());
        assertEquals("selected index k out of range",
                assertThrows(TorchException.class, () -> x.topk(-1)).getMessage());
        assertEquals("selected index k out of range",
                assertThrows(TorchException.class, () -> Torch.tensor(3.0).topk(2)).getMessage());
        assertEquals("Dimension out of range (expected to be in range of [-2, 1], but got 3)",
                assertThrows(IndexOutOfBoundsException.class, () -> x.topk(2, 3)).getMessage());
    }

    @Test
    void sortTopkGradcheck() {
        Tensor x = leaf(3, 5);
        gradcheck(in -> in[0].sort(1).values(), x);
        gradcheck(in -> in[0].sort(0, true).values(), x);
        gradcheck(in -> in[0].topk(2).values(), x);
        gradcheck(in -> in[0].topk(2, 0, false, true).values(), x);
        gradcheck(in -> in[0].topk(1, 1, true, true).values(), x);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].topk(2).values().pow(2.0), leaf(2, 4)));
        assertEquals("SortBackward0", x.sort().values().gradFn().name());
        assertEquals("TopkBackward0", x.topk(1).values().gradFn().name());
        assertNull(x.argsort().gradFn());
    }

    @Test
    void median() {
        Tensor x = Torch.tensor(new double[][]{{1, 7, 3, 5}, {2, 0, 9, 4}});
        assertEquals(3.0, x.median().item());
        ValuesIndices r = x.median(1);
        assertValues(new double[]{3, 2}, r.values(), 0);
        assertArrayEquals(new long[]{2, 0}, r.indices().toLongArray());
        assertArrayEquals(new int[]{2, 1}, x.median(1, true).values().shapeArray());
        Tensor n = Torch.tensor(new double[][]{{1, Double.NaN, 3}, {4, 5, 6}});
        assertTrue(Double.isNaN(n.median().item()));
        ValuesIndices rn = n.median(1);
        assertTrue(Double.isNaN(rn.values().toDoubleArray()[0]));
        assertArrayEquals(new long[]{1, 1}, rn.indices().toLongArray());
        Tensor y = leaf(3, 5);
        gradcheck(in -> in[0].median(), y);
        gradcheck(in -> in[0].median(1).values(), y);
        assertEquals("MedianBackward0", y.median().gradFn().name());
        assertEquals("MedianBackward1", y.median(0).values().gradFn().name());
    }

    /** Upstream gradients that are expanded (stride 0), as sum() produces, flow through the index scatter. */
    @Test
    void expandedUpstreamGradients() {
        Tensor x = Torch.tensor(new double[][]{{1, 7, 3}, {9, 0, 4}}, DType.FLOAT64).requiresGrad_(true);
        x.max(1).values().sum().backward();
        assertValues(new double[]{0, 1, 0, 1, 0, 0}, x.grad(), 0);
        x.setGrad(null);
        x.topk(2, 1, true, true).values().sum().backward();
        assertValues(new double[]{0, 1, 1, 1, 0, 1}, x.grad(), 0);
        x.setGrad(null);
        x.sort(0, true).values().mul(Torch.tensor(new double[]{1, 2, 3}, DType.FLOAT64)).sum().backward();
        assertValues(new double[]{1, 2, 3, 1, 2, 3}, x.grad(), 0);
        x.setGrad(null);
        x.softmax(1).sum().backward(); // softmax rows sum to 1: zero gradient
        assertValues(new double[6], x.grad(), 1e-12);
    }

    @Test
    void cumprodDoubleBackwardWithZeros() {
        Tensor x = Torch.tensor(new double[][]{{1.5, 0, 2, -0.5}, {0.5, 1.5, 0, 0}}, DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].cumprod(1), x));
    }

    // ------------------------------------------------------------------ strided inputs

    /** Sliced with steps, transposed and expanded inputs give what their contiguous copies give. */
    @Test
    void stridedInputsMatchContiguousCopies() {
        Tensor base = data(6, 10);
        Tensor[] views = {base.slice(1, 1, 10, 3), base.t(), base.slice(0, 0, 6, 2).t(),
                Torch.tensor(new double[]{3, 1, 2}).reshape(3, 1).expand(3, 4),
                base.select(1, 2).unsqueeze(0).expand(3, 6)};
        for (Tensor v : views) {
            Tensor c = v.contiguous();
            // float32 contiguous inputs take the vectorised kernels, strided ones the generic path
            double tol = v.dtype() == DType.FLOAT32 ? 2e-6 : 1e-12;
            for (int d = 0; d < 2; d++) {
                int dim = d;
                assertClose(c.var(dim), v.var(dim), tol);
                assertClose(c.max(dim).values(), v.max(dim).values(), 0);
                assertArrayEquals(c.max(dim).indices().toLongArray(), v.max(dim).indices().toLongArray());
                assertArrayEquals(c.argmin(dim).toLongArray(), v.argmin(dim).toLongArray());
                assertClose(c.logsumexp(dim), v.logsumexp(dim), tol);
                assertClose(c.norm(3, dim), v.norm(3, dim), tol);
                assertClose(c.cumsum(dim), v.cumsum(dim), tol);
                assertClose(c.cumprod(dim), v.cumprod(dim), tol);
                assertClose(c.softmax(dim), v.softmax(dim), tol);
                assertClose(c.to(DType.FLOAT32).logSoftmax(dim), v.to(DType.FLOAT32).logSoftmax(dim), 1e-6);
                assertArrayEquals(c.sort(dim).indices().toLongArray(), v.sort(dim).indices().toLongArray());
                assertArrayEquals(c.to(DType.FLOAT32).argsort(dim, true).toLongArray(),
                        v.to(DType.FLOAT32).argsort(dim, true).toLongArray());
                assertClose(c.topk(2, dim).values(), v.topk(2, dim).values(), 0);
            }
            assertEquals(c.argmax().itemLong(), v.argmax().itemLong());
            assertEquals(c.std().item(), v.std().item(), 1e-12);
        }
        // writing into a strided output: gradients of strided leaves
        Tensor leaf = data(4, 6).requiresGrad_(true);
        gradcheck(in -> in[0].slice(1, 0, 6, 2).softmax(0), leaf);
        gradcheck(in -> in[0].t().cumprod(1), leaf);
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), "shape");
        assertValues(expected.toDoubleArray(), actual, tol);
    }
}
