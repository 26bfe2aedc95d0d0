package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;
import torch4j.nn.functional.F;

/** Gradient checks (float64) of the layer functionals with their own derivatives, non-contiguous inputs, errors. */
class LayersFunctionalTest {
    private static Tensor rnd(long seed, int... shape) {
        return Torch.randn(shape, DType.FLOAT64, new Generator(seed)).requiresGrad_(true);
    }

    @Test
    void layerNormGradcheck() {
        Tensor x = rnd(1, 3, 4, 5), w = rnd(2, 4, 5), b = rnd(3, 4, 5);
        assertTrue(GradCheck.gradcheck(in -> F.layerNorm(in[0], new int[]{4, 5}, in[1], in[2], 1e-5), x, w, b));
        assertTrue(GradCheck.gradcheck(in -> F.layerNorm(in[0], new int[]{5}), rnd(4, 2, 5)));
        // double backward goes through the tensor-op formulas
        Tensor x2 = rnd(5, 2, 4), w2 = rnd(6, 4), b2 = rnd(7, 4);
        assertTrue(GradCheck.gradgradcheck(in -> F.layerNorm(in[0], new int[]{4}, in[1], in[2], 1e-5), x2, w2, b2));
        assertEquals("NativeLayerNormBackward0", F.layerNorm(x, new int[]{5}).gradFn().name());
    }

    @Test
    void batchNormGradcheck() {
        Tensor x = rnd(1, 4, 3, 2), w = rnd(2, 3), b = rnd(3, 3);
        assertTrue(GradCheck.gradcheck(in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x, w, b));
        Tensor rm = Torch.randn(new int[]{3}, DType.FLOAT64, new Generator(4));
        Tensor rv = Torch.rand(new int[]{3}, DType.FLOAT64, new Generator(5)).add(0.5);
        assertTrue(GradCheck.gradcheck(in -> F.batchNorm(in[0], rm, rv, in[1], in[2], false, 0.1, 1e-5), x, w, b));
        Tensor x2 = rnd(6, 5, 2), w2 = rnd(7, 2), b2 = rnd(8, 2);
        assertTrue(GradCheck.gradgradcheck(in -> F.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), x2, w2, b2));
        assertEquals("NativeBatchNormBackward0", F.batchNorm(x, null, null, w, b, true, 0.1, 1e-5).gradFn().name());
    }

    @Test
    void groupNormGradcheck() {
        Tensor x = rnd(1, 2, 6, 3), w = rnd(2, 6), b = rnd(3, 6);
        assertTrue(GradCheck.gradcheck(in -> F.groupNorm(in[0], 3, in[1], in[2], 1e-5), x, w, b));
        Tensor x2 = rnd(4, 2, 4, 2), w2 = rnd(5, 4), b2 = rnd(6, 4);
        assertTrue(GradCheck.gradgradcheck(in -> F.groupNorm(in[0], 2, in[1], in[2], 1e-5), x2, w2, b2));
        assertEquals("NativeGroupNormBackward0", F.groupNorm(x, 3).gradFn().name());
    }

    @Test
    void activationGradchecks() {
        // values away from the kinks, where the numerical derivative is meaningful
        Tensor x = Torch.tensor(new double[][]{{-3.7, -1.2, -0.4, 0.3}, {0.9, 1.6, 3.4, 6.8}}, DType.FLOAT64)
                .requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> F.leakyRelu(in[0], 0.2), x));
        assertTrue(GradCheck.gradcheck(in -> F.elu(in[0], 0.7), x));
        assertTrue(GradCheck.gradcheck(in -> F.hardtanh(in[0], -1, 1.5), x));
        assertTrue(GradCheck.gradcheck(in -> F.relu6(in[0]), x));
        assertTrue(GradCheck.gradcheck(in -> F.hardswish(in[0]), x));
        assertTrue(GradCheck.gradcheck(in -> F.mish(in[0]), x));
        assertTrue(GradCheck.gradgradcheck(in -> F.elu(in[0], 0.7), x));
        assertTrue(GradCheck.gradgradcheck(in -> F.mish(in[0]), x));
        assertEquals("LeakyReluBackward0", F.leakyRelu(x).gradFn().name());
        assertEquals("EluBackward0", F.elu(x).gradFn().name());
        assertEquals("HardtanhBackward0", F.relu6(x).gradFn().name());
        assertEquals("HardswishBackward0", F.hardswish(x).gradFn().name());
        assertEquals("MishBackward0", F.mish(x).gradFn().name());
    }

    @Test
    void linearBilinearEmbeddingGradcheck() {
        Tensor x = rnd(1, 5, 4), w = rnd(2, 3, 4), b = rnd(3, 3);
        assertTrue(GradCheck.gradcheck(in -> F.linear(in[0], in[1], in[2]), x, w, b));
        assertTrue(GradCheck.gradcheck(in -> F.linear(in[0], in[1], in[2]), rnd(4, 2, 3, 4), w, b));
        assertEquals("AddmmBackward0", F.linear(x, w, b).gradFn().name());
        Tensor x1 = rnd(5, 3, 2), x2 = rnd(6, 3, 4), bw = rnd(7, 5, 2, 4), bb = rnd(8, 5);
        assertTrue(GradCheck.gradcheck(in -> F.bilinear(in[0], in[1], in[2], in[3]), x1, x2, bw, bb));
        Tensor table = rnd(9, 6, 3);
        Tensor idx = Torch.tensor(new long[][]{{1, 2, 5}, {2, 0, 2}});
        assertTrue(GradCheck.gradcheck(in -> F.embedding(idx, in[0]), table));
        // scale_grad_by_freq divides each row's gradient by its count in the batch (not a true derivative)
        Tensor t2 = table.detach().clone().requiresGrad_(true);
        F.embedding(idx, t2, null, null, 2, true).sum().backward();
        assertArrayEquals(new double[]{1, 1, 1, 0, 0, 1}, t2.grad().select(1, 0).toDoubleArray());
        assertEquals("EmbeddingBackward0", F.embedding(idx, table).gradFn().name());
    }

    @Test
    void embeddingPaddingRowGetsNoGradient() {
        Embedding e = new Embedding(new Embedding.Options(5, 3).paddingIdx(1));
        assertEquals(0.0, e.weight.select(0, 1).abs().sum().item());
        Tensor out = e.call(Torch.tensor(new long[]{1, 3, 1, 4}));
        out.sum().backward();
        assertArrayEquals(new double[]{0, 0, 0}, e.weight.grad().select(0, 1).toDoubleArray());
        assertArrayEquals(new double[]{1, 1, 1}, e.weight.grad().select(0, 3).toDoubleArray());
        assertArrayEquals(new int[]{4, 3}, out.shapeArray());
    }

    @Test
    void nonContiguousInputs() {
        Tensor base = Torch.randn(new int[]{5, 4}, DType.FLOAT64, new Generator(3));
        Tensor xt = base.t();                    // [4, 5], transposed
        Tensor w = Torch.randn(new int[]{5}, DType.FLOAT64, new Generator(4));
        Tensor expect = F.layerNorm(xt.contiguous(), new int[]{5}, w, null, 1e-5);
        assertTrue(expect.allclose(F.layerNorm(xt, new int[]{5}, w, null, 1e-5)));
        Tensor stepped = Torch.randn(new int[]{6, 3, 4}, DType.FLOAT64, new Generator(5)).slice(0, 0, 6, 2);
        assertTrue(F.batchNorm(stepped.contiguous(), null, null, null, null, true, 0.1, 1e-5)
                .allclose(F.batchNorm(stepped, null, null, null, null, true, 0.1, 1e-5)));
        Tensor expanded = Torch.randn(new int[]{1, 4, 3}, DType.FLOAT64, new Generator(6)).expand(3, 4, 3);
        assertTrue(F.groupNorm(expanded.contiguous(), 2).allclose(F.groupNorm(expanded, 2)));
        Linear lin = new Linear(5, 2);
        lin.to(DType.FLOAT64);
        assertTrue(lin.call(xt.contiguous()).allclose(lin.call(xt)));
        Tensor g = Torch.randn(new int[]{5, 4}, DType.FLOAT64, new Generator(7)).t();
        Tensor x = Torch.randn(new int[]{4, 5}, DType.FLOAT64, new Generator(8)).requiresGrad_(true);
        F.layerNorm(x, new int[]{5}).backward(g);
        Tensor x2 = x.detach().clone().requiresGrad_(true);
        F.layerNorm(x2, new int[]{5}).backward(g.contiguous());
        assertTrue(x.grad().allclose(x2.grad()));
    }

    @Test
    void batchNormRunningStatsFormula() {
        Tensor x = Torch.randn(new int[]{8, 3}, DType.FLOAT64, new Generator(11));
        Tensor rm = Torch.zeros(new int[]{3}, DType.FLOAT64), rv = Torch.ones(new int[]{3}, DType.FLOAT64);
        F.batchNorm(x, rm, rv, null, null, true, 0.25, 1e-5);
        assertTrue(rm.allclose(x.mean(0).mul(0.25), 1e-12, 1e-12));
        assertTrue(rv.allclose(x.var(0).mul(0.25).add(0.75), 1e-12, 1e-12)); // unbiased variance
    }

    @Test
    void float32LinearIsOneAddmm() {
        Linear lin = new Linear(784, 128);
        Tensor x = Torch.randn(64, 784);
        Tensor y = lin.call(x);
        assertEquals("AddmmBackward0", y.gradFn().name());
        assertTrue(y.allclose(x.matmul(lin.weight.t()).add(lin.bias), 1e-4, 1e-5));
        assertEquals("MmBackward0", new Linear(784, 3, false).call(x).gradFn().name());
    }

    @Test
    void errorMessages() {
        Tensor x = Torch.randn(3, 4, 6);
        assertEquals("Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[3, 4, 6]",
                assertThrows(RuntimeException.class, () -> F.layerNorm(x, new int[]{5})).getMessage());
        assertEquals("Expected number of channels in input to be divisible by num_groups, but got input of shape "
                + "[3, 4, 6] and num_groups=3", assertThrows(RuntimeException.class, () -> F.groupNorm(x, 3)).getMessage());
        assertEquals("expected 2D or 3D input (got 4D input)",
                assertThrows(RuntimeException.class, () -> new BatchNorm1d(4).call(Torch.randn(2, 4, 3, 3))).getMessage());
        assertEquals("expected 4D input (got 3D input)",
                assertThrows(RuntimeException.class, () -> new BatchNorm2d(4).call(x)).getMessage());
        assertEquals("Expected more than 1 value per channel when training, got input size torch.Size([1, 4])",
                assertThrows(RuntimeException.class, () -> new BatchNorm1d(4).call(Torch.randn(1, 4))).getMessage());
        assertEquals("mat1 and mat2 shapes cannot be multiplied (3x6 and 5x2)",
                assertThrows(RuntimeException.class, () -> new Linear(5, 2).call(Torch.randn(3, 6))).getMessage());
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5",
                assertThrows(RuntimeException.class, () -> F.dropout(x, 1.5, true)).getMessage());
        assertEquals("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; "
                + "but got torch.FloatTensor instead (while checking arguments for embedding)",
                assertThrows(RuntimeException.class, () -> new Embedding(4, 2).call(Torch.randn(3))).getMessage());
        assertEquals("Padding_idx must be within num_embeddings",
                assertThrows(RuntimeException.class, () -> new Embedding(new Embedding.Options(4, 2).paddingIdx(4))).getMessage());
    }

    @Test
    void dropoutEdgeCases() {
        Tensor x = Torch.randn(4, 5);
        assertTrue(F.dropout(x, 0.0, true) == x);
        assertTrue(F.dropout(x, 0.7, false) == x);
        assertEquals(0.0, F.dropout(x, 1.0, true).abs().sum().item());
        Tensor y = F.dropout(Torch.ones(200, 100), 0.25, true);
        double kept = y.ne(0.0).sum().item() / 20000.0;
        assertEquals(0.75, kept, 0.02);
        assertEquals(1 / 0.75, y.max().item(), 1e-6);
        Tensor z = F.dropout2d(Torch.ones(8, 6, 3, 3), 0.5, true);
        // whole channels: each [3, 3] plane is all zero or all 2
        Tensor planeSums = z.sum(new int[]{2, 3}, false);
        for (double v : planeSums.toDoubleArray()) assertTrue(v == 0 || v == 18, "plane sum " + v);
    }

    @Test
    void moduleModesAndToDtype() {
        Sequential m = new Sequential(new Linear(4, 8), new BatchNorm1d(8), new ReLU(), new Dropout(0.2), new Linear(8, 3));
        m.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, ((BatchNorm1d) m.get(1)).runningMean().dtype());
        assertEquals(DType.INT64, ((BatchNorm1d) m.get(1)).numBatchesTracked().dtype());
        Tensor x = Torch.randn(new int[]{6, 4}, DType.FLOAT64);
        m.call(x);
        m.call(x);
        assertEquals(2L, ((BatchNorm1d) m.get(1)).numBatchesTracked().itemLong());
        m.eval();
        Tensor a = m.call(x), b = m.call(x);
        assertTrue(a.equal(b), "eval mode is deterministic");
        assertEquals(2L, ((BatchNorm1d) m.get(1)).numBatchesTracked().itemLong());
    }
}
