package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.Autograd;
import torch4j.nn.functional.F;
import torch4j.testing.Refs;
import torch4j.testing.TestTensors;

/** Every loss against real PyTorch (tools/gen_refs_losses.py): value and input gradients, contiguous and strided. */
class LossRefsTest {
    static Stream<Refs.RefCase> cases() { return Refs.load("losses").stream(); }

    static Reduction reduction(Refs.RefCase c) {
        return Reduction.valueOf(c.stringArg("reduction").toUpperCase());
    }

    /** The loss of a case through the F API (tensors in the generator's input order). */
    static Tensor apply(Refs.RefCase c, Tensor[] in) {
        Reduction r = reduction(c);
        return switch (c.op()) {
            case "cross_entropy" -> {
                var o = new CrossEntropyLoss.Options().reduction(r).ignoreIndex(c.longArg("ignore_index"))
                        .labelSmoothing(c.doubleArg("label_smoothing", 0));
                if (c.boolArg("has_weight", false)) o.weight(in[2]);
                yield F.crossEntropy(in[0], in[1], o);
            }
            case "nll_loss" -> {
                var o = new NLLLoss.Options().reduction(r).ignoreIndex(c.longArg("ignore_index"));
                if (c.boolArg("has_weight", false)) o.weight(in[2]);
                yield F.nllLoss(in[0], in[1], o);
            }
            case "mse_loss" -> F.mseLoss(in[0], in[1], r);
            case "l1_loss" -> F.l1Loss(in[0], in[1], r);
            case "smooth_l1_loss" -> F.smoothL1Loss(in[0], in[1],
                    new SmoothL1Loss.Options().reduction(r).beta(c.doubleArg("beta")));
            case "huber_loss" -> F.huberLoss(in[0], in[1], new HuberLoss.Options().reduction(r).delta(c.doubleArg("delta")));
            case "binary_cross_entropy" -> F.binaryCrossEntropy(in[0], in[1],
                    new BCELoss.Options().reduction(r).weight(c.boolArg("has_weight", false) ? in[2] : null));
            case "binary_cross_entropy_with_logits" -> {
                boolean hw = c.boolArg("has_weight", false), hp = c.boolArg("has_pos_weight", false);
                yield F.binaryCrossEntropyWithLogits(in[0], in[1], new BCEWithLogitsLoss.Options().reduction(r)
                        .weight(hw ? in[2] : null).posWeight(hp ? in[in.length - 1] : null));
            }
            case "kl_div" -> F.klDiv(in[0], in[1], new KLDivLoss.Options().reduction(r).logTarget(c.boolArg("log_target")));
            case "cosine_embedding_loss" -> F.cosineEmbeddingLoss(in[0], in[1], in[2],
                    new CosineEmbeddingLoss.Options().reduction(r).margin(c.doubleArg("margin")));
            case "margin_ranking_loss" -> F.marginRankingLoss(in[0], in[1], in[2],
                    new MarginRankingLoss.Options().reduction(r).margin(c.doubleArg("margin")));
            default -> throw new IllegalArgumentException("unknown loss " + c.op());
        };
    }

    /** The same values in a strided (every other element) layout. */
    static Tensor strided(Tensor t) {
        int[] s = t.shapeArray();
        int[] big = java.util.Arrays.copyOf(s, s.length + 1);
        big[s.length] = 2;
        Tensor v = Torch.zeros(big, t.dtype()).select(-1, 1);
        try (var _ = Torch.noGrad()) {
            v.copy_(t);
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(Refs.RefCase c) {
        for (boolean nonContiguous : new boolean[]{false, true}) {
            String what = c.id() + (nonContiguous ? " (strided)" : "");
            Tensor[] in = new Tensor[c.numInputs()];
            for (int i = 0; i < in.length; i++) {
                Tensor t = TestTensors.tensor(c.input(i));
                if (nonContiguous && t.dim() > 0) t = strided(t);
                if (c.requiresGrad(i)) t.requiresGrad_(true);
                in[i] = t;
            }
            Tensor out = apply(c, in);
            TestTensors.assertClose(c.output(), out, what + " output");
            if (!c.hasGrads()) continue;
            List<Tensor> diff = new ArrayList<>();
            for (int i = 0; i < in.length; i++) if (c.requiresGrad(i)) diff.add(in[i]);
            Tensor[] g = Autograd.grad(new Tensor[]{out}, diff.toArray(new Tensor[0]),
                    new Tensor[]{TestTensors.tensor(c.gradOutput())}, false, false, true);
            for (int i = 0, k = 0; i < in.length; i++) {
                if (!c.requiresGrad(i)) continue;
                assertNotNull(g[k], what + " grad " + i);
                TestTensors.assertClose(c.grad(i), g[k++], what + " grad " + i);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void coversEveryLoss() {
        assertEquals(11, cases().map(Refs.RefCase::op).distinct().count());
    }
}
