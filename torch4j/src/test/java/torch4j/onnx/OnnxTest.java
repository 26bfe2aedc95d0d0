package torch4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
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
import torch4j.testing.ExportModels.LstmHead;
import torch4j.vision.models.LeNet5;
import torch4j.vision.models.Models;

class OnnxTest {
    @TempDir Path dir;

    static final class GruHead extends Module {
        final torch4j.nn.GRU gru;
        final Linear head;

        GruHead(boolean batchFirst, int layers, boolean bidirectional) {
            gru = registerModule("gru", new torch4j.nn.GRU(new torch4j.nn.GRU.Options(6, 8).numLayers(layers)
                    .batchFirst(batchFirst).bidirectional(bidirectional)));
            head = registerModule("head", new Linear(bidirectional ? 16 : 8, 3));
        }

        @Override public Tensor forward(Tensor x) { return head.call(gru.forward(x, null).output()); }
    }

    /** Runs file in ONNX Runtime on x; the first output's values and shape. */
    static Tensor ort(Path file, Tensor x) throws OrtException { return ort(file, x, "input0", "output0"); }

    static Tensor ort(Path file, Tensor x, String inputName, String outputName) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = new long[x.dim()];
        for (int i = 0; i < shape.length; i++) shape[i] = x.size(i);
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.contiguous().toFloatArray()), shape);
             OrtSession.Result r = s.run(Map.of(inputName, in))) {
            OnnxTensor out = (OnnxTensor) r.get(outputName).orElseThrow();
            long[] os = out.getInfo().getShape();
            int[] is = new int[os.length];
            for (int i = 0; i < is.length; i++) is[i] = (int) os[i];
            FloatBuffer fb = out.getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return Torch.tensor(v).reshape(is);
        }
    }

    /** Exports at the shape's batch size and checks ONNX Runtime against eager there and at another batch size. */
    private void check(Module m, int[] shape, int otherBatch) throws OrtException {
        m.eval();
        Torch.manualSeed(3);
        Tensor x = Torch.randn(shape);
        Path f = dir.resolve("m.onnx");
        Onnx.export(m, new Tensor[]{x}, f);
        int[] s2 = shape.clone();
        s2[0] = otherBatch;
        for (Tensor in : new Tensor[]{x, Torch.randn(s2)}) {
            Tensor expected;
            try (var _ = Torch.noGrad()) {
                expected = m.call(in);
            }
            Tensor got = ort(f, in);
            assertArrayEquals(expected.shapeArray(), got.shapeArray());
            double err = expected.sub(got).abs().max().item();
            assertTrue(err <= 1e-4, "max abs difference " + err);
        }
    }

    @Test void mnistMlp() throws OrtException { check(new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)), new int[]{4, 784}, 9); }

    @Test void lenet() throws OrtException { check(new LeNet5(), new int[]{2, 1, 28, 28}, 5); }

    @Test void resnet18() throws OrtException { check(Models.resnet18(), new int[]{2, 3, 32, 32}, 3); }

    @Test void lstmBatchFirstTwoLayers() throws OrtException { check(new LstmHead(true, 2, false), new int[]{3, 7, 6}, 5); }

    @Test void lstmSeqFirstOneLayer() throws OrtException { check(new LstmHead(false, 1, false), new int[]{7, 3, 6}, 4); }

    @Test void lstmBidirectional() throws OrtException { check(new LstmHead(true, 2, true), new int[]{3, 7, 6}, 2); }

    @Test void gruBatchFirstTwoLayers() throws OrtException { check(new GruHead(true, 2, false), new int[]{3, 7, 6}, 5); }

    @Test void gruSeqFirstBidirectional() throws OrtException { check(new GruHead(false, 1, true), new int[]{7, 3, 6}, 2); }

    @Test void manyOps() throws OrtException { check(new ExportModels.Fn(ExportModels::manyOps), new int[]{2, 4, 6, 6}, 5); }

    @Test void mobilenetV2() throws OrtException { check(Models.mobilenetV2(), new int[]{2, 3, 32, 32}, 1); }

    /** Token ids to a mean-pooled embedding, a leaky ReLU, a clamp and a sum: int64 input and the reductions. */
    static final class Bag extends Module {
        final torch4j.nn.Embedding emb = registerModule("emb", new torch4j.nn.Embedding(20, 8));
        final Linear fc = registerModule("fc", new Linear(8, 4));

        @Override public Tensor forward(Tensor ids) {
            Tensor h = fc.call(emb.call(ids).mean(1));
            return torch4j.nn.functional.F.leakyRelu(h, 0.1).clamp(-0.3, 0.4).add(h.sum(-1, true).to(torch4j.DType.FLOAT64)
                    .to(torch4j.DType.FLOAT32));
        }
    }

    @Test void embeddingBagWithReductionsOpset17() throws OrtException { embeddingBag(17); }

    /** ReduceMean takes its axes as an input from opset 18. */
    @Test void embeddingBagWithReductionsOpset18() throws OrtException { embeddingBag(18); }

    @Test void embeddingBagWithReductionsOpset21() throws OrtException { embeddingBag(21); }

    private void embeddingBag(int opset) throws OrtException {
        Module m = new Bag().eval();
        Path f = dir.resolve("bag.onnx");
        Onnx.export(m, new Tensor[]{Torch.randint(0, 20, new int[]{3, 5})}, f, new Onnx.Options().opset(opset));
        for (int b : new int[]{3, 6}) {
            Tensor ids = Torch.randint(0, 20, new int[]{b, 5});
            Tensor expected;
            try (var _ = Torch.noGrad()) {
                expected = m.call(ids);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(f.toString(), new OrtSession.SessionOptions());
                 OnnxTensor in = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids.toLongArray()), new long[]{b, 5});
                 OrtSession.Result r = s.run(Map.of("input0", in))) {
                float[][] got = (float[][]) r.get(0).getValue();
                assertEquals(b, got.length);
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < 4; j++) assertEquals(expected.index(i, j).item(), got[i][j], 1e-5);
            }
        }
    }

    @Test void transformerEncoderLayer() throws OrtException {
        check(new TransformerEncoderLayer(new TransformerEncoderLayer.Options(16, 4).dimFeedforward(32).batchFirst(true)),
                new int[]{3, 5, 16}, 6);
    }

    @Test void transformerEncoderLayerSeqFirstGelu() throws OrtException {
        check(new TransformerEncoderLayer(new TransformerEncoderLayer.Options(16, 2).dimFeedforward(32)
                .activation(torch4j.nn.Transformer.Activation.GELU)), new int[]{5, 3, 16}, 4);
    }

    static final class Fmod extends Module {
        @Override public Tensor forward(Tensor x) { return x.relu().fmod(2.0); }
    }

    @Test void unsupportedOpIsNamed() {
        var e = assertThrows(TorchException.class, () -> Onnx.export(new Fmod(), new Tensor[]{Torch.randn(2, 3)}, dir.resolve("f.onnx")));
        assertEquals("Onnx.export: op 'fmod' is not supported for ONNX export", e.getMessage());
    }

    @Test void clashingNamesAreRefused() {
        Module m = new Sequential(new Linear(4, 2));
        var e = assertThrows(TorchException.class, () -> Onnx.export(m, new Tensor[]{Torch.randn(2, 4)}, dir.resolve("n.onnx"),
                new Onnx.Options().inputNames("0.weight")));
        assertEquals("Onnx.export: the name '0.weight' is used twice (inputs, outputs and parameters need distinct names)",
                e.getMessage());
    }

    @Test void opsetOutOfRangeIsRefused() {
        var e = assertThrows(TorchException.class, () -> new Onnx.Options().opset(11));
        assertEquals("Onnx.export: opset_version 11 is not supported (17 to 21)", e.getMessage());
    }

    @Test void namedInputsAndOutputsAsInTheReadme() throws OrtException {
        Module model = new LeNet5().eval();
        Tensor x = Torch.randn(2, 1, 28, 28);
        Path f = dir.resolve("named.onnx");
        Onnx.export(model, new Tensor[]{x}, f, new Onnx.Options().inputNames("image").outputNames("logits"));
        Tensor got = ort(f, x, "image", "logits"), expected;
        try (var _ = Torch.noGrad()) {
            expected = model.call(x);
        }
        assertTrue(expected.sub(got).abs().max().item() <= 1e-4);
    }

    @Test void loadedTracedModuleExports() throws OrtException {
        Module model = new LeNet5().eval();
        Path t4j = dir.resolve("lenet.t4j"), f = dir.resolve("lenet.onnx");
        torch4j.jit.Jit.trace(model, Torch.randn(2, 1, 28, 28)).save(t4j);
        Onnx.export(torch4j.jit.Jit.load(t4j), f, new Onnx.Options());
        Tensor x = Torch.randn(4, 1, 28, 28), expected;
        try (var _ = Torch.noGrad()) {
            expected = model.call(x);
        }
        assertTrue(expected.sub(ort(f, x)).abs().max().item() <= 1e-4);
    }

    /** Sequence-first: the batch is dim 1 (the sequence length is then fixed). */
    @Test void lstmSeqFirstWithBatchDim1() throws OrtException {
        Module m = new LstmHead(false, 2, false).eval();
        Path f = dir.resolve("seq.onnx");
        Onnx.export(m, new Tensor[]{Torch.randn(7, 3, 6)}, f, new Onnx.Options().batchDim(1));
        for (Tensor x : new Tensor[]{Torch.randn(7, 3, 6), Torch.randn(7, 5, 6), Torch.randn(7, 1, 6)}) {
            Tensor expected;
            try (var _ = Torch.noGrad()) {
                expected = m.call(x);
            }
            assertTrue(expected.sub(ort(f, x)).abs().max().item() <= 1e-4);
        }
    }

    @Test void fixedBatchExport() throws OrtException {
        Module model = new Sequential(new Linear(5, 3), new ReLU()).eval();
        Path f = dir.resolve("fixed.onnx");
        Onnx.export(model, new Tensor[]{Torch.randn(2, 5)}, f, new Onnx.Options().dynamicBatch(false));
        var e = assertThrows(OrtException.class, () -> ort(f, Torch.randn(3, 5)));
        assertTrue(e.getMessage().contains("Got invalid dimensions"), e.getMessage());
    }
}
