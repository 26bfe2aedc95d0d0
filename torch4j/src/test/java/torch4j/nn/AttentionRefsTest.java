package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradCheck;
import torch4j.nn.RnnRefCases.Built;
import torch4j.nn.functional.F;

/** MultiheadAttention and F.scaledDotProductAttention against PyTorch 1.13 (tools/gen_refs_nn_rnn.py). */
class AttentionRefsTest {

    static Function<Map<String, Tensor>, Map<String, Tensor>> mha(MultiheadAttention m, boolean needWeights,
                                                                   boolean average, boolean selfAttn) {
        return in -> {
            Tensor q = in.get("query");
            Tensor k = selfAttn ? q : in.get("key"), v = selfAttn ? q : in.get("value");
            MultiheadAttention.Output r = m.forward(q, k, v, in.get("key_padding_mask"), needWeights,
                    in.get("attn_mask"), average);
            return RnnRefCases.named("attn_output", r.attnOutput(), "attn_weights", r.attnWeights());
        };
    }

    static Built build(String id) {
        return switch (id) {
            case "mha_kpm_boolmask_avg" -> {
                var m = new MultiheadAttention(8, 2);
                yield new Built(m, mha(m, true, true, false));
            }
            case "mha_kpm_floatmask_heads_bf" -> {
                var m = new MultiheadAttention(new MultiheadAttention.Options(8, 4).batchFirst(true));
                yield new Built(m, mha(m, true, false, true));
            }
            case "mha_noweights_selfattn" -> {
                var m = new MultiheadAttention(8, 2);
                yield new Built(m, mha(m, false, true, true));
            }
            case "mha_kdim_vdim_biaskv_zeroattn" -> {
                var m = new MultiheadAttention(new MultiheadAttention.Options(8, 2).kdim(5).vdim(6).addBiasKv(true)
                        .addZeroAttn(true));
                yield new Built(m, mha(m, true, true, false));
            }
            case "mha_unbatched_nobias" -> {
                var m = new MultiheadAttention(new MultiheadAttention.Options(6, 3).bias(false));
                yield new Built(m, mha(m, true, true, false));
            }
            case "sdpa_boolmask" -> new Built(null, in -> RnnRefCases.named("output",
                    F.scaledDotProductAttention(in.get("q"), in.get("k"), in.get("v"), in.get("attn_mask"), 0, false)));
            case "sdpa_causal_4d" -> new Built(null, in -> RnnRefCases.named("output",
                    F.scaledDotProductAttention(in.get("q"), in.get("k"), in.get("v"), null, 0, true)));
            default -> throw new IllegalArgumentException(id);
        };
    }

    static Stream<String> ids() { return RnnRefCases.ids("mha", "sdpa").stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void matchesPyTorch(String id) { RnnRefCases.run(id, build(id)); }

    @Test
    void initAndKeys() {
        Torch.manualSeed(3);
        var m = new MultiheadAttention(new MultiheadAttention.Options(8, 2).addBiasKv(true));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertEquals(0.0, m.inProjBias.abs().sum().itemDouble());
        assertEquals(0.0, m.outProj.bias.abs().sum().itemDouble());
        double bound = Math.sqrt(6.0 / (8 + 24));
        assertTrue(m.inProjWeight.abs().max().itemDouble() <= bound, "xavier_uniform_ bound");
        assertEquals("MultiheadAttention(\n  (out_proj): NonDynamicallyQuantizableLinear(in_features=8, out_features=8, "
                + "bias=True)\n)", m.toString());
    }

    @Test
    void dropoutOnWeightsOnlyInTraining() {
        Torch.manualSeed(4);
        var m = new MultiheadAttention(new MultiheadAttention.Options(8, 2).dropout(0.5));
        Tensor x = Torch.randn(3, 2, 8);
        Tensor a = m.forward(x, x, x).attnWeights(), b = m.forward(x, x, x).attnWeights();
        assertTrue(!a.allclose(b));
        m.eval();
        assertTrue(m.forward(x, x, x).attnWeights().allclose(m.forward(x, x, x).attnWeights()));
        assertNull(m.forward(x, x, x, null, false, null).attnWeights());
    }

    @Test
    void errorsAsPyTorch() {
        assertEquals("embed_dim must be divisible by num_heads",
                assertThrows(TorchException.class, () -> new MultiheadAttention(6, 4)).getMessage());
        var m = new MultiheadAttention(4, 2);
        Tensor x = Torch.randn(3, 2, 4);
        assertEquals("The shape of the 2D attn_mask is torch.Size([3, 2]), but should be (3, 3).",
                assertThrows(TorchException.class,
                        () -> m.forward(x, x, x, null, true, Torch.zeros(3, 2))).getMessage());
        assertEquals("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D tensors "
                + "respectively", assertThrows(TorchException.class,
                        () -> m.forward(x, Torch.randn(3, 4), x)).getMessage());
        assertEquals("only bool and floating types of key_padding_mask are supported",
                assertThrows(TorchException.class, () -> m.forward(x, x, x, Torch.zeros(new int[]{2, 3}, DType.INT64),
                        true, null)).getMessage());
    }

    @Test
    void gradcheckAttention() {
        Torch.manualSeed(5);
        Tensor q = Torch.randn(new int[]{2, 3, 4}, DType.FLOAT64).requiresGrad_(true);
        Tensor k = Torch.randn(new int[]{2, 5, 4}, DType.FLOAT64).requiresGrad_(true);
        Tensor v = Torch.randn(new int[]{2, 5, 4}, DType.FLOAT64).requiresGrad_(true);
        Tensor mask = Torch.randn(new int[]{3, 5}, DType.FLOAT64);
        assertTrue(GradCheck.gradcheck(t -> F.scaledDotProductAttention(t[0], t[1], t[2], mask, 0, false), q, k, v));
        var m = new MultiheadAttention(4, 2);
        m.to(DType.FLOAT64);
        Tensor x = Torch.randn(new int[]{3, 2, 4}, DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(t -> m.forward(t[0], t[0], t[0]).attnOutput(), x));
    }
}
