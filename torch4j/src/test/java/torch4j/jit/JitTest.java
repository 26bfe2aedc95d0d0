package torch4j.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.TransformerEncoderLayer;
import torch4j.testing.ExportModels;
import torch4j.testing.ExportModels.Fn;
import torch4j.testing.ExportModels.LstmHead;
import torch4j.vision.models.LeNet5;
import torch4j.vision.models.Models;

class JitTest {
    @TempDir Path dir;

    static Module mnistMlp() { return new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)); }

    /** A two-layer bidirectional batch-first GRU's final hidden states. */
    static final class GruHead extends Module {
        final torch4j.nn.GRU gru = registerModule("gru", new torch4j.nn.GRU(new torch4j.nn.GRU.Options(6, 8).numLayers(2)
                .batchFirst(true).bidirectional(true)));

        @Override public Tensor forward(Tensor x) { return gru.forward(x, null).hN().transpose(0, 1).flatten(1); }
    }

    static TransformerEncoderLayer encoder(boolean batchFirst) {
        TransformerEncoderLayer m = new TransformerEncoderLayer(new TransformerEncoderLayer.Options(16, 4).dimFeedforward(32).dropout(0.1)
                .batchFirst(batchFirst));
        m.eval();
        return m;
    }

    static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertEquals(expected.shape(), actual.shape());
        double err = expected.sub(actual).abs().max().item();
        double scale = Math.max(1, expected.abs().max().item());
        assertTrue(err <= tol * scale, "max abs difference " + err);
    }

    /** The traced module matches eager at the traced batch size and at another one. */
    private void checkTraced(Module m, int[] shape, int otherBatch) {
        m.eval();
        Torch.manualSeed(1);
        Tensor x = Torch.randn(shape);
        TracedModule t = Jit.trace(m, x);
        try (var _ = Torch.noGrad()) {
            assertClose(m.call(x), t.forward(x), 1e-6);
            int[] s2 = shape.clone();
            s2[0] = otherBatch;
            Tensor x2 = Torch.randn(s2);
            assertClose(m.call(x2), t.forward(x2), 1e-6);
            Path f = dir.resolve("m.t4j");
            t.save(f);
            TracedModule back = Jit.load(f);
            // not bit for bit: until C2 compiles them, Vector API loops run their Java fallbacks, 1 ulp apart
            assertClose(t.forward(x2), back.forward(x2), 1e-6);
            assertEquals(t.graph().toString(), back.graph().toString());
        }
    }

    @Test void mlp() { checkTraced(mnistMlp(), new int[]{4, 784}, 7); }

    @Test void lenet() { checkTraced(new LeNet5(), new int[]{2, 1, 28, 28}, 3); }

    @Test void resnet18() { checkTraced(Models.resnet18(), new int[]{2, 3, 32, 32}, 1); }

    @Test void lstmBatchFirst() { checkTraced(new LstmHead(true, 2, false), new int[]{3, 5, 6}, 2); }

    @Test void lstmSeqFirst() { checkTraced(new LstmHead(false, 1, false), new int[]{5, 3, 6}, 4); }

    @Test void gru() { checkTraced(new GruHead(), new int[]{3, 5, 6}, 2); }

    @Test void manyOps() {
        checkTraced(new Fn(ExportModels::manyOps), new int[]{2, 4, 6, 6}, 5);
    }

    @Test void loadingAFileWithoutAGraphIsRefused() {
        Path f = dir.resolve("plain.safetensors");
        Torch.save(mnistMlp().stateDict(), f);
        var e = assertThrows(TorchException.class, () -> Jit.load(f));
        assertEquals("Jit.load: " + f + " holds no torch4j graph (no 'torch4j.graph' metadata)", e.getMessage());
    }

    @Test void mobilenetV2() { checkTraced(Models.mobilenetV2(), new int[]{2, 3, 32, 32}, 3); }

    @Test void seqFirstEncoderWithBatchDim1() {
        TransformerEncoderLayer m = encoder(false);
        TracedModule t = Jit.trace(m, 1, Torch.randn(5, 3, 16));
        assertEquals("Float32(5, ?, 16)", t.graph().inputs().get(0).typeString());
        Tensor x = Torch.randn(5, 6, 16);
        try (var _ = Torch.noGrad()) {
            assertClose(m.call(x), t.forward(x), 1e-5);
        }
    }

    @Test void transformerEncoderLayer() { checkTraced(encoder(true), new int[]{3, 5, 16}, 2); }

    @Test void transformerEncoderLayerSeqFirst() { checkTraced(encoder(false), new int[]{5, 3, 16}, 2); }

    @Test void unsupportedOpIsNamed() {
        var e = assertThrows(TorchException.class, () -> Jit.trace(new Fn(x -> x.relu().cumsum(1).mul(2.0)), Torch.randn(2, 3)));
        assertEquals("Jit.trace: op 'cumsum' is not supported for tracing", e.getMessage());
    }

    @Test void trainingDropoutIsRefused() {
        Module m = new Sequential(new Linear(4, 4), new torch4j.nn.Dropout(0.5));
        var e = assertThrows(TorchException.class, () -> Jit.trace(m, Torch.randn(2, 4)));
        assertEquals("Jit.trace: op 'dropout' is not supported for tracing", e.getMessage());
    }

    @Test void batchDependentArgumentIsRefused() {
        var e = assertThrows(TorchException.class, () -> Jit.trace(new Fn(x -> x.narrow(1, 0, x.size(0))), Torch.randn(2, 10)));
        assertEquals("Jit.trace: argument 'end' of op 'slice' depends on the batch size (dim 0 of the inputs), so the "
                + "graph cannot be made batch-agnostic", e.getMessage());
    }

    @Test void expandOfABroadcastDimToTheBatchIsRefused() {
        Tensor c = Torch.randn(1, 3);
        var e = assertThrows(TorchException.class, () -> Jit.trace(new Fn(x -> c.expand(x.size(0), 3).mul(x)), Torch.randn(2, 3)));
        assertEquals("Jit.trace: argument 'size' of op 'expand' depends on the batch size (dim 0 of the inputs), so the "
                + "graph cannot be made batch-agnostic", e.getMessage());
    }

    @Test void expandOfTheBatchDimStaysFree() {
        java.util.function.UnaryOperator<Tensor> f = x -> x.unsqueeze(1).expand(x.size(0), 4, 3).sum(1);
        TracedModule t = Jit.trace(new Fn(f), Torch.randn(2, 3));
        Tensor x = Torch.randn(5, 3);
        assertClose(f.apply(x), t.forward(x), 1e-6);
    }

    @Test void constantsAndScalarsAreCaptured() {
        Tensor c = Torch.randn(3);
        TracedModule t = Jit.trace(new Fn(x -> x.add(c).mul(2.0).rsub(1.0).add(Torch.ones(3))), Torch.randn(2, 3));
        Tensor x = Torch.randn(5, 3);
        assertClose(x.add(c).mul(2.0).rsub(1.0).add(1.0), t.forward(x), 1e-6);
    }

    @Test void wrongInputShapeIsRefused() {
        TracedModule t = Jit.trace(mnistMlp().eval(), Torch.randn(2, 784));
        var e = assertThrows(TorchException.class, () -> t.forward(Torch.randn(2, 783)));
        assertEquals("TracedModule: input 0 (input0) expected Float32(?, 784) but got float32[2, 783]", e.getMessage());
    }

    @Test void graphListing() {
        Module m = mnistMlp().eval();
        String g = Jit.trace(m, Torch.randn(2, 784)).graph().toString();
        assertTrue(g.startsWith("graph(%input0 : Float32(?, 784),\n      %0.weight : Float32(128, 784)"), g);
        assertTrue(g.contains(" = addmm[beta=1.0, alpha=1.0](%0.bias, %input0, %"), g);
        assertTrue(g.endsWith("return (%v" + (Jit.trace(m, Torch.randn(2, 784)).graph().values().size() - 1) + ")\n"), g);
    }

    /** x·2 + 1, relu, − 0.5, exp: the benchmark's chain. */
    static Tensor chain5(Tensor x) { return x.mul(2.0).add(1.0).relu().sub(0.5).exp(); }

    @Test void fusedChainMatchesEager() {
        TracedModule t = Jit.trace(new Fn(JitTest::chain5), Torch.randn(4, 70001));
        assertEquals(java.util.List.of("fused[mul, add, relu, sub, exp]"), t.inferenceSteps());
        Tensor x = Torch.randn(3, 70001);
        try (var _ = Torch.noGrad()) {
            Tensor e = chain5(x), f = t.forward(x);
            assertEquals(0, e.sub(f).abs().div(e.abs().add(1e-30)).max().item(), 1e-6);
        }
    }

    @Test void fusedChainWithTensorOperandsAndReversedScalars() {
        java.util.function.UnaryOperator<Tensor> f = x -> x.sigmoid().mul(x.cos()).rsub(2.0).maximum(x).div(x.abs().add(1.0)).tanh();
        TracedModule t = Jit.trace(new Fn(f), Torch.randn(5, 7));
        assertEquals(java.util.List.of("cos", "fused[abs, add]", "fused[sigmoid, mul, sub, maximum, div, tanh]"), t.inferenceSteps());
        Tensor x = Torch.randn(5, 7);
        try (var _ = Torch.noGrad()) {
            Tensor e = f.apply(x), r = t.forward(x);
            assertEquals(0, e.sub(r).abs().div(e.abs().add(1e-30)).max().item(), 1e-6);
        }
    }

    @Test void fusedChainFallsBackOnStridedInput() {
        TracedModule t = Jit.trace(new Fn(JitTest::chain5), Torch.randn(4, 6));
        Tensor x = Torch.randn(6, 4).t();
        try (var _ = Torch.noGrad()) {
            assertClose(chain5(x), t.forward(x), 1e-6);
        }
    }

    @Test void linearReluRunsInPlaceAndWeightViewsOnce() {
        TracedModule t = Jit.trace(mnistMlp().eval(), Torch.randn(2, 784));
        assertEquals(java.util.List.of("once:transpose", "addmm", "fused_[relu]", "once:transpose", "addmm"), t.inferenceSteps());
    }

    @Test void tracedModuleIsDifferentiable() {
        Module m = mnistMlp();
        TracedModule t = Jit.trace(m, Torch.randn(2, 784));
        Tensor x = Torch.randn(3, 784);
        t.forward(x).sum().backward();
        Tensor g1 = m.namedParameters().get("0.weight").grad().clone();
        m.zeroGrad();
        m.call(x).sum().backward();
        assertClose(m.namedParameters().get("0.weight").grad(), g1, 1e-6);
    }

    @Test void unrecordedInPlaceWriteIsNamed() {
        var e = assertThrows(TorchException.class, () -> Jit.trace(new Fn(x -> {
            Tensor y = x.mul(2.0);
            y.clamp_(0.0, 1.0);
            return y.add(1.0);
        }), Torch.randn(2, 3)));
        assertEquals("Jit.trace: op 'clamp_' is not supported for tracing", e.getMessage());
    }

    @Test void inPlaceWriteSeenThroughAnotherViewIsRefused() {
        var e = assertThrows(TorchException.class, () -> Jit.trace(new Fn(x -> {
            Tensor a = x.mul(1.0);
            Tensor y = a.view(6);
            a.relu_();
            return y.mul(2.0);
        }), Torch.randn(2, 3)));
        assertEquals("Jit.trace: op 'relu_' writes in place into a tensor that is read afterwards through another view, "
                + "which is not supported for tracing", e.getMessage());
    }

    @Test void recordedInPlaceOpsAreFollowed() {
        java.util.function.UnaryOperator<Tensor> f = x -> {
            Tensor y = x.mul(2.0);
            y.relu_();
            y.add_(x);
            return y.sigmoid();
        };
        TracedModule t = Jit.trace(new Fn(f), Torch.randn(2, 3));
        Tensor x = Torch.randn(4, 3);
        assertClose(f.apply(x.clone()), t.forward(x), 1e-6);
    }

    @Test void staticTraceKeepsShapes() {
        TracedModule t = Jit.trace(new Fn(x -> x.view(6).relu()), xs -> new Tensor[]{xs[0].view(6).relu()}, false, Torch.randn(2, 3));
        assertEquals("Float32(6)", t.graph().outputs().get(0).typeString());
        var e = assertThrows(TorchException.class, () -> t.forward(Torch.randn(3, 3)));
        assertEquals("TracedModule: input 0 (input0) expected Float32(2, 3) but got float32[3, 3]", e.getMessage());
    }

    @Test void forwardThatFailsAtAnotherBatchSizeIsExplained() {
        Tensor w = Torch.randn(2, 3);
        var e = assertThrows(TorchException.class, () -> Jit.trace(new Fn(x -> x.add(w)), Torch.randn(2, 3)));
        assertTrue(e.getMessage().startsWith("Jit.trace: the forward fails when dim 0 of the inputs grows by one ("), e.getMessage());
    }
}
