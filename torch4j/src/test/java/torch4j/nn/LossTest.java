package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradCheck;
import torch4j.nn.functional.F;

/** Loss modules, gradchecks (float64), error messages, node names and printing. */
class LossTest {
    static Tensor randn(int... shape) {
        return Torch.randn(shape, DType.FLOAT64).requiresGrad_(true);
    }

    static Tensor rand(int... shape) {
        return Torch.rand(shape, DType.FLOAT64);
    }

    static void check(Function<Tensor[], Tensor> fn, Tensor... in) {
        assertTrue(GradCheck.gradcheck(fn, in));
    }

    static <T extends Throwable> void fails(Class<T> type, String message, Executable e) {
        assertEquals(message, assertThrows(type, e).getMessage());
    }

    // ------------------------------------------------------------------ gradcheck

    @Test
    void gradcheckClassLosses() {
        Torch.manualSeed(1);
        Tensor t = Torch.tensor(new long[]{0, 2, -100, 3, 1});
        Tensor w = rand(4).add(0.5);
        Tensor t4 = Torch.tensor(new long[]{0, 2, 1, 1, 0, -100, 2, 2}).reshape(2, 2, 2);
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            check(in -> F.crossEntropy(in[0], t, new CrossEntropyLoss.Options().reduction(r)), randn(5, 4));
            check(in -> F.crossEntropy(in[0], t, new CrossEntropyLoss.Options().reduction(r).weight(w)
                    .labelSmoothing(0.2)), randn(5, 4));
            check(in -> F.crossEntropy(in[0], t4, new CrossEntropyLoss.Options().reduction(r).labelSmoothing(0.1)),
                    randn(2, 3, 2, 2));
            Tensor probs = rand(5, 4).softmax(1);
            check(in -> F.crossEntropy(in[0], probs, r), randn(5, 4));
            check(in -> F.nllLoss(in[0], t, new NLLLoss.Options().reduction(r).weight(w)), randn(5, 4));
            Tensor t4b = Torch.tensor(new long[]{0, 2, 1, 1, 0, 1, 2, 2}).reshape(2, 2, 2);
            check(in -> F.nllLoss(in[0], t4b, new NLLLoss.Options().reduction(r).ignoreIndex(1)), randn(2, 3, 2, 2));
        }
    }

    @Test
    void gradgradcheckCrossEntropy() {
        Torch.manualSeed(2);
        Tensor t = Torch.tensor(new long[]{0, 2, -100, 3});
        Tensor w = rand(4).add(0.5);
        assertTrue(GradCheck.gradgradcheck(in -> F.crossEntropy(in[0], t,
                new CrossEntropyLoss.Options().weight(w).labelSmoothing(0.1)), randn(4, 4)));
        assertTrue(GradCheck.gradgradcheck(in -> F.crossEntropy(in[0], t, Reduction.NONE), randn(4, 4)));
    }

    @Test
    void gradcheckPointwiseLosses() {
        Torch.manualSeed(3);
        for (Reduction r : new Reduction[]{Reduction.NONE, Reduction.MEAN, Reduction.SUM}) {
            check(in -> F.mseLoss(in[0], in[1], r), randn(3, 4), randn(4));
            check(in -> F.l1Loss(in[0], in[1], r), randn(3, 4), randn(3, 4));
            check(in -> F.smoothL1Loss(in[0], in[1], new SmoothL1Loss.Options().reduction(r).beta(0.7)),
                    randn(3, 4), randn(3, 4));
            check(in -> F.huberLoss(in[0], in[1], new HuberLoss.Options().reduction(r).delta(0.8)),
                    randn(3, 4), randn(3, 4));
            Tensor p = rand(3, 4).mul(0.8).add(0.1).requiresGrad_(true), bw = rand(4);
            check(in -> F.binaryCrossEntropy(in[0], in[1], new BCELoss.Options().reduction(r).weight(bw)),
                    p, rand(3, 4).requiresGrad_(true));
            Tensor pw = rand(4).mul(3), w = rand(3, 1);
            check(in -> F.binaryCrossEntropyWithLogits(in[0], in[1],
                    new BCEWithLogitsLoss.Options().reduction(r).posWeight(pw).weight(w)),
                    randn(3, 4), rand(3, 4).requiresGrad_(true));
            check(in -> F.binaryCrossEntropyWithLogits(in[0], in[1], new BCEWithLogitsLoss.Options().reduction(r)),
                    randn(3, 4), rand(3, 4).requiresGrad_(true));
            check(in -> F.cosineEmbeddingLoss(in[0], in[1], Torch.tensor(new double[]{1, -1, -1}),
                    new CosineEmbeddingLoss.Options().reduction(r).margin(-0.5)), randn(3, 4), randn(3, 4));
            check(in -> F.marginRankingLoss(in[0], in[1], Torch.tensor(new double[]{1, -1, 1, -1}).double_(),
                    new MarginRankingLoss.Options().reduction(r).margin(0.1)), randn(4), randn(4));
        }
        for (Reduction r : Reduction.values()) {
            Tensor target = rand(3, 4).add(0.1).requiresGrad_(true);
            check(in -> F.klDiv(in[0], in[1], r), randn(3, 4), target);
            check(in -> F.klDiv(in[0], in[1], new KLDivLoss.Options().reduction(r).logTarget(true)), randn(3, 4), randn(3, 4));
        }
    }

    // ------------------------------------------------------------------ node names and printing

    @Test
    void crossEntropyPrintsAsPyTorch() {
        Tensor logits = Torch.zeros(3, 10).requiresGrad_(true);
        Tensor loss = F.crossEntropy(logits, Torch.tensor(new long[]{0, 1, 2}));
        assertEquals("tensor(2.3026, grad_fn=<NllLossBackward0>)", loss.toString());
        loss.backward();
        assertEquals(0.1 / 3 - 1 / 3.0, logits.grad().select(0, 0).select(0, 0).item(), 1e-7);
    }

    @Test
    void nodeNamesAsPyTorch() {
        Tensor x = randn(3, 4), y = rand(3, 4);
        Tensor t = Torch.tensor(new long[]{0, 1, 2});
        assertEquals("AddBackward0", F.crossEntropy(x, t, new CrossEntropyLoss.Options().labelSmoothing(0.1)).gradFn().name());
        assertEquals("NllLoss2DBackward0", F.crossEntropy(randn(2, 3, 2, 2), Torch.zeros(new int[]{2, 2, 2}, DType.INT64)).gradFn().name());
        assertEquals("NllLossBackward0", F.nllLoss(x, t).gradFn().name());
        assertEquals("MseLossBackward0", F.mseLoss(x, y).gradFn().name());
        assertEquals("SmoothL1LossBackward0", F.smoothL1Loss(x, y).gradFn().name());
        assertEquals("HuberLossBackward0", F.huberLoss(x, y).gradFn().name());
        assertEquals("BinaryCrossEntropyBackward0", F.binaryCrossEntropy(x.sigmoid(), y).gradFn().name());
        assertEquals("BinaryCrossEntropyWithLogitsBackward0", F.binaryCrossEntropyWithLogits(x, y).gradFn().name());
        assertEquals("MeanBackward0", F.l1Loss(x, y).gradFn().name());
        assertEquals("SumBackward0", F.klDiv(x, y, Reduction.SUM).gradFn().name());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorMessagesAsPyTorch() {
        Tensor x = randn(3, 4);
        fails(IllegalArgumentException.class, "Expected input batch_size (3) to match target batch_size (4).",
                () -> F.crossEntropy(x, Torch.tensor(new long[]{0, 1, 2, 3})));
        fails(IndexOutOfBoundsException.class, "Target 10 is out of bounds.",
                () -> F.crossEntropy(x, Torch.tensor(new long[]{0, 1, 10})));
        fails(IndexOutOfBoundsException.class, "Target -5 is out of bounds.",
                () -> F.nllLoss(x, Torch.tensor(new long[]{0, 1, -5})));
        fails(TorchException.class, "expected scalar type Long but found Int",
                () -> F.crossEntropy(x, Torch.tensor(new long[]{0, 1, 2}).int_()));
        fails(TorchException.class, "weight tensor should be defined either for all 4 classes or no classes but got "
                + "weight tensor of shape: [3]", () -> F.crossEntropy(x, Torch.tensor(new long[]{0, 1, 2}),
                new CrossEntropyLoss.Options().weight(Torch.ones(new int[]{3}, DType.FLOAT64))));
        fails(TorchException.class, "label_smoothing must be between 0.0 and 1.0. Got: 1.5",
                () -> F.crossEntropy(x, Torch.tensor(new long[]{0, 1, 2}), new CrossEntropyLoss.Options().labelSmoothing(1.5)));
        fails(TorchException.class, "Expected floating point type for target with class probabilities, got Long",
                () -> F.crossEntropy(x, Torch.zeros(new int[]{3, 4}, DType.INT64)));
        fails(TorchException.class, "0D or 1D target tensor expected, multi-target not supported",
                () -> F.nllLoss(x, Torch.zeros(new int[]{3, 2}, DType.INT64)));
        fails(TorchException.class, "only batches of spatial targets supported (3D tensors) but got targets of dimension: 2",
                () -> F.nllLoss(randn(2, 3, 4, 5), Torch.zeros(new int[]{2, 4}, DType.INT64)));
        fails(TorchException.class, "Expected target size [2, 4], got [2, 5]",
                () -> F.nllLoss(randn(2, 3, 4), Torch.zeros(new int[]{2, 5}, DType.INT64)));
        fails(IllegalArgumentException.class, "Expected 1 or more dimensions (got 0)",
                () -> F.nllLoss(Torch.tensor(1.0), Torch.tensor(0L)));
        fails(TorchException.class, "\"log_softmax_lastdim_kernel_impl\" not implemented for 'Long'",
                () -> F.crossEntropy(Torch.ones(new int[]{2, 3}, DType.INT64), Torch.tensor(new long[]{0, 1})));
        fails(TorchException.class, "all elements of input should be between 0 and 1",
                () -> F.binaryCrossEntropy(x, rand(3, 4)));
        fails(IllegalArgumentException.class, "Using a target size (torch.Size([3, 2])) that is different to the input "
                + "size (torch.Size([3, 4])) is deprecated. Please ensure they have the same size.",
                () -> F.binaryCrossEntropy(x.sigmoid(), rand(3, 2)));
        fails(IllegalArgumentException.class, "Target size (torch.Size([3, 1])) must be the same as input size "
                + "(torch.Size([3, 4]))", () -> F.binaryCrossEntropyWithLogits(x, rand(3, 1)));
        fails(IllegalArgumentException.class, "batchmean is not a valid value for reduction",
                () -> F.mseLoss(x, x, Reduction.BATCHMEAN));
        fails(TorchException.class, "smooth_l1_loss does not support negative values for beta.",
                () -> new SmoothL1Loss(-1).forward(x, x));
        fails(TorchException.class, "huber_loss does not support non-positive values for delta.",
                () -> new HuberLoss(0).forward(x, x));
        fails(TorchException.class, "0D target tensor expects 1D input tensors, but found inputs with sizes [3, 4] and [3, 4].",
                () -> F.cosineEmbeddingLoss(x, x, Torch.tensor(1.0)));
        fails(TorchException.class, "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                + "input1: torch.Size([4]), input2: torch.Size([4]), target: torch.Size([4, 1]) ",
                () -> F.marginRankingLoss(randn(4), randn(4), Torch.ones(4, 1)));
    }

    @Test
    void largeBatchRunsInParallelAndMatchesComposite() {
        Torch.manualSeed(5);
        Tensor x = Torch.randn(20000, 10).requiresGrad_(true);
        Tensor t = Torch.randint(0, 10, new int[]{20000});
        Tensor w = Torch.rand(10).add(0.5);
        var o = new CrossEntropyLoss.Options().weight(w).labelSmoothing(0.1);
        Tensor fused = F.crossEntropy(x, t, o);
        Tensor gf = torch4j.autograd.Autograd.grad(new Tensor[]{fused}, new Tensor[]{x}, null, false, false, false)[0];
        Tensor xd = x.detach().double_().requiresGrad_(true);
        Tensor lp = xd.logSoftmax(1), wd = w.double_();
        Tensor nll = lp.gather(1, t.unsqueeze(1)).squeeze(1).mul(wd.gather(0, t)).neg();
        Tensor smooth = lp.mul(wd).sum(1).neg();
        Tensor ref = nll.sum().mul(0.9).add(smooth.sum().mul(0.1 / 10)).div(wd.gather(0, t).sum());
        ref.backward();
        assertEquals(ref.item(), fused.item(), 1e-5);
        assertTrue(gf.double_().allclose(xd.grad(), 1e-4, 1e-9));
    }

    @Test
    void allIgnoredMeanIsNaN() {
        Tensor l = F.nllLoss(randn(2, 3), Torch.tensor(new long[]{-100, -100}));
        assertTrue(Double.isNaN(l.item()));
    }

    // ------------------------------------------------------------------ modules

    @Test
    void modulesPrintAndRegisterWeights() {
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
        assertEquals("KLDivLoss()", new KLDivLoss().toString());
        Tensor w = Torch.ones(3);
        assertEquals(java.util.List.of("weight"), new ArrayList<>(new CrossEntropyLoss(w).stateDict().keySet()));
        assertEquals(java.util.List.of("weight", "pos_weight"), new ArrayList<>(new BCEWithLogitsLoss(
                new BCEWithLogitsLoss.Options().weight(w).posWeight(w)).stateDict().keySet()));
        assertTrue(new MSELoss().stateDict().isEmpty());
    }

    @Test
    void modulesMatchFunctional() {
        Torch.manualSeed(4);
        Tensor x = Torch.randn(4, 3), t = Torch.tensor(new long[]{0, 2, 1, 1});
        Tensor w = Torch.rand(3);
        CrossEntropyLoss ce = new CrossEntropyLoss(new CrossEntropyLoss.Options().weight(w).labelSmoothing(0.1));
        assertEquals(F.crossEntropy(x, t, new CrossEntropyLoss.Options().weight(w).labelSmoothing(0.1)).item(),
                ce.call(x, t).item());
        assertEquals(F.nllLoss(x.logSoftmax(1), t, Reduction.SUM).item(),
                new NLLLoss(Reduction.SUM).forward(x.logSoftmax(1), t).item());
        Tensor y = Torch.rand(4, 3);
        assertEquals(F.mseLoss(x, y).item(), new MSELoss().call(x, y).item());
        assertEquals(F.l1Loss(x, y).item(), new L1Loss().call(x, y).item());
        assertEquals(F.klDiv(x, y, Reduction.BATCHMEAN).item(), new KLDivLoss(Reduction.BATCHMEAN).call(x, y).item());
        assertEquals(F.binaryCrossEntropy(x.sigmoid(), y).item(), new BCELoss().call(x.sigmoid(), y).item());
        assertEquals(F.binaryCrossEntropyWithLogits(x, y).item(), new BCEWithLogitsLoss().call(x, y).item());
        assertEquals(F.huberLoss(x, y).item(), new HuberLoss().call(x, y).item());
        assertEquals(F.smoothL1Loss(x, y).item(), new SmoothL1Loss().call(x, y).item());
    }
}
