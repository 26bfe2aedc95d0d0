package torch4j.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

class AutogradTest {
    private static double[] d(Tensor t) { return t.toDoubleArray(); }

    @Test
    void powBackwardWithExplicitGradient() {
        Tensor x = Torch.tensor(new double[]{1, 2, 3}).requiresGrad_(true);
        Tensor y = x.pow(2);
        assertEquals("PowBackward0", y.gradFn().name());
        y.backward(Torch.tensor(new double[]{1, 1, 1}));
        assertArrayEquals(new double[]{2, 4, 6}, d(x.grad()));
    }

    @Test
    void scalarChainRule() {
        Tensor a = Torch.tensor(1.0).requiresGrad_(true);
        Tensor b = Torch.tensor(2.0).requiresGrad_(true);
        Tensor z = a.mul(b).add(b.pow(2));
        z.backward();
        assertEquals(2.0, a.grad().item());
        assertEquals(5.0, b.grad().item());
        assertEquals("AddBackward0", z.gradFn().name());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        x.mul(3.0).sum().backward();
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[]{6, 6}, d(x.grad()));
        x.grad().zero_();
        assertArrayEquals(new double[]{0, 0}, d(x.grad()));
    }

    @Test
    void broadcastGradientsAreSummedBackToInputShape() {
        Tensor a = Torch.ones(3, 1).requiresGrad_(true);
        Tensor b = Torch.ones(4).requiresGrad_(true);
        a.mul(b).sum().backward();
        assertArrayEquals(new int[]{3, 1}, a.grad().shapeArray());
        assertArrayEquals(new double[]{4, 4, 4}, d(a.grad()));
        assertArrayEquals(new double[]{3, 3, 3, 3}, d(b.grad()));
    }

    @Test
    void errorsAreWordedAsPyTorch() {
        Tensor x = Torch.tensor(new double[]{1, 2});
        var e1 = assertThrows(TorchException.class, () -> x.mul(2.0).sum().backward());
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e1.getMessage());
        Tensor w = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        var e2 = assertThrows(TorchException.class, () -> w.mul(2.0).backward());
        assertEquals("grad can be implicitly created only for scalar outputs", e2.getMessage());
        Tensor y = w.exp().sum();
        y.backward();
        var e3 = assertThrows(TorchException.class, y::backward);
        assertTrue(e3.getMessage().startsWith("Trying to backward through the graph a second time"), e3.getMessage());
        var e4 = assertThrows(TorchException.class, () -> w.add_(1.0));
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.", e4.getMessage());
        var e5 = assertThrows(TorchException.class, () -> w.mul(2.0).backward(Torch.ones(3)));
        assertTrue(e5.getMessage().startsWith("Mismatch in shape"), e5.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor w = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        Tensor y = w.exp().sum();
        y.backward(null, true, false);
        y.backward();
        assertArrayEquals(new double[]{2 * Math.exp(1), 2 * Math.exp(2)}, d(w.grad()), 1e-5);
    }

    @Test
    void inPlaceChangeOfSavedTensorIsRejected() {
        Tensor w = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        Tensor h = w.mul(2.0);
        Tensor y = h.exp();          // saves its result
        y.mul_(2.0);                 // modifies the saved result
        var e = assertThrows(TorchException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified by an inplace operation"), e.getMessage());
        assertTrue(e.getMessage().contains("ExpBackward0") || e.getMessage().contains("MulBackward0"), e.getMessage());
    }

    @Test
    void inPlaceOpsOnNonLeavesAreDifferentiable() {
        Tensor w = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        Tensor h = w.mul(3.0);
        h.add_(1.0);
        h.mul_(2.0);
        h.pow_(2);
        h.sum().backward();
        // h = (2(3w+1))^2 = (6w+2)^2, dh/dw = 12(6w+2)
        assertArrayEquals(new double[]{96, 168}, d(w.grad()), 1e-6);
        Tensor k = w.mul(1.0);
        k.mul_(k); // MulBackward0 saved k itself, which this very op overwrites: PyTorch refuses too
        assertThrows(TorchException.class, () -> k.sum().backward());
    }

    @Test
    void noGradAndEnableGradScopes() {
        Tensor w = Torch.ones(2).requiresGrad_(true);
        try (var _ = Torch.noGrad()) {
            Tensor y = w.mul(2.0);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (var _ = Torch.enableGrad()) {
                assertTrue(w.mul(2.0).requiresGrad());
            }
            assertFalse(Torch.isGradEnabled());
        }
        assertTrue(Torch.isGradEnabled());
        assertTrue(w.mul(2.0).requiresGrad());
    }

    @Test
    void leafAndDetachSemantics() {
        Tensor w = Torch.ones(2).requiresGrad_(true);
        assertTrue(w.isLeaf());
        Tensor y = w.mul(2.0);
        assertFalse(y.isLeaf());
        Tensor d = y.detach();
        assertTrue(d.isLeaf());
        assertFalse(d.requiresGrad());
        d.add_(1.0); // shares storage
        assertArrayEquals(new double[]{3, 3}, d(y));
        assertThrows(TorchException.class, () -> Torch.arange(3).requiresGrad_(true));
    }

    @Test
    void retainGradKeepsNonLeafGradient() {
        Tensor w = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        Tensor h = w.mul(2.0).retainGrad();
        h.pow(2).sum().backward();
        assertArrayEquals(new double[]{4, 8}, d(h.grad()));
        assertArrayEquals(new double[]{8, 16}, d(w.grad()));
    }

    @Test
    void hooksSeeAndReplaceGradients() {
        Tensor w = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        List<double[]> seen = new ArrayList<>();
        w.registerHook(g -> {
            seen.add(g.toDoubleArray());
            return g.mul(10.0);
        });
        Tensor h = w.mul(2.0);
        h.registerHook(g -> g.add(1.0));
        h.sum().backward();
        assertArrayEquals(new double[]{4, 4}, seen.get(0));
        assertArrayEquals(new double[]{40, 40}, d(w.grad()));
    }

    @Test
    void autogradGradLeavesGradUntouchedAndSupportsHigherOrder() {
        Tensor x = Torch.tensor(3.0, DType.FLOAT64).requiresGrad_(true);
        Tensor y = x.pow(3);
        Tensor[] g1 = Autograd.grad(new Tensor[]{y}, new Tensor[]{x}, null, true, true, false);
        assertEquals(27.0, g1[0].item(), 1e-12);
        assertNull(x.grad());
        Tensor[] g2 = Autograd.grad(new Tensor[]{g1[0]}, new Tensor[]{x}, null, true, true, false);
        assertEquals(18.0, g2[0].item(), 1e-12);
        Tensor[] g3 = Autograd.grad(g2[0], x);
        assertEquals(6.0, g3[0].item(), 1e-12);
    }

    @Test
    void gradOfUnusedInputNeedsAllowUnused() {
        Tensor x = Torch.tensor(1.0).requiresGrad_(true);
        Tensor z = Torch.tensor(1.0).requiresGrad_(true);
        Tensor y = x.mul(2.0);
        assertThrows(TorchException.class, () -> Autograd.grad(new Tensor[]{y}, new Tensor[]{z}, null, true, false, false));
        assertNull(Autograd.grad(new Tensor[]{y}, new Tensor[]{z}, null, true, false, true)[0]);
    }

    static final class Cube extends Function {
        @Override protected Tensor forward(Ctx ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3);
        }

        @Override protected Tensor[] backward(Ctx ctx, Tensor g) {
            Tensor x = ctx.savedTensors()[0];
            return new Tensor[]{g.mul(x.pow(2)).mul(3.0)};
        }
    }

    @Test
    void customFunction() {
        Tensor x = Torch.tensor(new double[]{1, 2}, DType.FLOAT64).requiresGrad_(true);
        Tensor y = new Cube().apply(x);
        assertEquals("CubeBackward", y.gradFn().name());
        y.sum().backward();
        assertArrayEquals(new double[]{3, 12}, d(x.grad()), 1e-12);
        assertTrue(GradCheck.gradcheck(in -> new Cube().apply(in[0]), x));
    }

    @Test
    void gradcheckCatchesAWrongDerivative() {
        class Wrong extends Function {
            @Override protected Tensor forward(Ctx ctx, Tensor... in) { return in[0].pow(2); }

            @Override protected Tensor[] backward(Ctx ctx, Tensor g) { return new Tensor[]{g}; }
        }
        Tensor x = Torch.tensor(new double[]{1, 2}, DType.FLOAT64).requiresGrad_(true);
        assertThrows(TorchException.class, () -> GradCheck.gradcheck(in -> new Wrong().apply(in[0]), x));
    }

    @Test
    void anomalyModeNamesTheOpThatProducedNan() throws Exception {
        Tensor x = Torch.tensor(new double[]{0, 1}).requiresGrad_(true);
        try (var _ = Anomaly.detectAnomaly()) {
            Tensor y = x.sqrt().mul(0.0).sum(); // d sqrt at 0 is inf, times 0 -> nan
            var e = assertThrows(TorchException.class, y::backward);
            assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned nan values in its 0th output."), e.getMessage());
        }
        assertFalse(Anomaly.isEnabled());
    }

    @Test
    void gradgradcheckOfALinearOpHasAZeroSecondDerivative() {
        Tensor x = Torch.tensor(new double[]{1, 2, 3}, DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].mul(3.0).sum(), x));
    }

    @Test
    void doubleBackwardThroughGelu() {
        Tensor x = Torch.tensor(new double[]{-1.5, 0.2, 2.0}, DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].gelu(), x));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].tanh().mul(in[0]), x));
    }

    @Test
    void multiOutputNodesGiveEachOutputItsGradient() {
        Tensor x = Torch.arange(1.0, 7.0, 1.0, DType.FLOAT64).reshape(2, 3).requiresGrad_(true);
        Tensor[] rows = x.unbind(0);
        assertEquals("UnbindBackward0", rows[0].gradFn().name());
        assertSame(rows[0].gradFn(), rows[1].gradFn());
        assertEquals(1, rows[1].outputNr());
        rows[1].retainGrad();
        rows[1].registerHook(g -> g.mul(10.0));
        rows[1].mul(rows[1]).sum().backward(); // only output 1 gets a gradient
        assertArrayEquals(new double[]{0, 0, 0, 80, 100, 120}, d(x.grad()), 1e-12);
        assertArrayEquals(new double[]{80, 100, 120}, d(rows[1].grad()), 1e-12);
        Tensor y = Torch.arange(1.0, 7.0, 1.0, DType.FLOAT64).requiresGrad_(true);
        Tensor[] parts = y.split(4, 0);
        assertEquals("SplitBackward0", parts[0].gradFn().name());
        Tensor[] g = Autograd.grad(new Tensor[]{parts[1].sum()}, new Tensor[]{parts[1], y}, null, false, false, false);
        assertArrayEquals(new double[]{1, 1}, d(g[0]));
        assertArrayEquals(new double[]{0, 0, 0, 0, 1, 1}, d(g[1]));
        assertTrue(GradCheck.gradcheck(in -> {
            Tensor[] r = in[0].unbind(1);
            return r[0].mul(r[2]).add(r[1].exp());
        }, Torch.arange(0.1, 1.3, 0.1, DType.FLOAT64).reshape(4, 3).requiresGrad_(true)));
        assertTrue(GradCheck.gradgradcheck(in -> {
            Tensor[] r = in[0].chunk(3, 0);
            return r[0].mul(r[2]).sum().add(r[1].pow(3).sum());
        }, Torch.arange(0.1, 1.0, 0.1, DType.FLOAT64).requiresGrad_(true)));
    }

    @Test
    void gradientDescentOnASquare() {
        for (long seed = 0; seed < 5; seed++) {
            Torch.manualSeed(seed);
            Tensor x = Torch.randint(-1000, 1001, new int[]{1}).to(DType.FLOAT32).requiresGrad_(true);
            double start = x.item();
            assertTrue(start != 0);
            for (int i = 0; i < 1000; i++) {
                Tensor loss = x.pow(2).sum();
                loss.backward();
                x.data().sub_(x.grad().mul(1e-2));
                x.grad().zero_();
            }
            assertTrue(Math.abs(x.item()) < 1e-5, "from " + start + ": x = " + x.item());
        }
    }

    @Test
    void leavesNeverShareGradientStorage() {
        // a gradient passed through to two leaves, and the caller's own gradient tensor, must not become aliases
        Tensor a = Torch.tensor(new double[]{1, 2}).requiresGrad_(true);
        Tensor b = Torch.tensor(new double[]{3, 4}).requiresGrad_(true);
        Tensor g = Torch.tensor(new double[]{1, 1});
        a.add(b).backward(g);
        a.grad().add_(10.0);
        assertArrayEquals(new double[]{1, 1}, d(b.grad()));
        assertArrayEquals(new double[]{1, 1}, d(g));
        Tensor w = Torch.tensor(new double[][]{{1, 2}, {3, 4}}).requiresGrad_(true);
        Tensor gw = Torch.ones(4);
        w.view(4).backward(gw);
        w.grad().mul_(5.0);
        assertArrayEquals(new double[]{1, 1, 1, 1}, d(gw));
        // one fresh gradient reaching the same leaf by two paths through views is summed, not aliased
        Tensor v = Torch.tensor(new double[][]{{1, 2}, {3, 4}}).requiresGrad_(true);
        Tensor u = Torch.tensor(new double[][]{{1, 0}, {0, 1}}).requiresGrad_(true);
        Tensor s = v.t().mul(2.0);
        s.add(s).sum().backward();
        assertArrayEquals(new double[]{4, 4, 4, 4}, d(v.grad()));
        u.t().t().mul(3.0).sum().backward();
        assertArrayEquals(new double[]{3, 3, 3, 3}, d(u.grad()));
    }

    @Test
    void reluGradientMatchesThresholdBackward() {
        // PyTorch: relu's backward is threshold_backward(grad, result, 0), so a NaN result passes its gradient
        Tensor x = Torch.tensor(new float[]{-1f, 0f, 2f, Float.NaN, 3f, -0.5f, 1e-30f, -1e-30f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f,
                -13f, 14f, 15f, -16f}).requiresGrad_(true);
        x.relu().backward(Torch.full(new int[]{20}, 2.0));
        assertArrayEquals(new float[]{0, 0, 2, 2, 2, 0, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 0}, x.grad().toFloatArray());
        Tensor xd = Torch.tensor(new double[]{-1, 0.5, 2}).to(DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> in[0].relu().mul(in[0]), xd));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].relu().mul(in[0]), xd));
    }
}
