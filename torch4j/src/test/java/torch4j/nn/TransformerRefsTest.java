package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.RnnRefCases.Built;

/** The Transformer layers against PyTorch 1.13 (tools/gen_refs_nn_rnn.py). */
class TransformerRefsTest {

    static Built encoderLayer(TransformerEncoderLayer m) {
        return new Built(m, in -> RnnRefCases.named("output",
                m.forward(in.get("src"), in.get("src_mask"), in.get("src_key_padding_mask"))));
    }

    static Built decoderLayer(TransformerDecoderLayer m) {
        return new Built(m, in -> RnnRefCases.named("output", m.forward(in.get("tgt"), in.get("memory"),
                in.get("tgt_mask"), null, null, in.get("memory_key_padding_mask"))));
    }

    static Built build(String id) {
        return switch (id) {
            case "tel_relu_post" -> encoderLayer(new TransformerEncoderLayer(
                    new TransformerEncoderLayer.Options(8, 2).dimFeedforward(16).batchFirst(true)));
            case "tel_relu_pre" -> encoderLayer(new TransformerEncoderLayer(
                    new TransformerEncoderLayer.Options(8, 2).dimFeedforward(16).batchFirst(true).normFirst(true)));
            case "tel_gelu_post" -> encoderLayer(new TransformerEncoderLayer(new TransformerEncoderLayer.Options(8, 2)
                    .dimFeedforward(16).activation(Transformer.Activation.GELU)));
            case "tel_gelu_pre" -> encoderLayer(new TransformerEncoderLayer(new TransformerEncoderLayer.Options(8, 2)
                    .dimFeedforward(16).activation(Transformer.Activation.GELU).normFirst(true)));
            case "tel_unbatched_eps" -> encoderLayer(new TransformerEncoderLayer(
                    new TransformerEncoderLayer.Options(4, 2).dimFeedforward(6).layerNormEps(1e-3)));
            case "te_2layers_kpm" -> {
                var m = new TransformerEncoder(new TransformerEncoderLayer(new TransformerEncoderLayer.Options(8, 2)
                        .dimFeedforward(16)), 2, new LayerNorm(8));
                yield new Built(m, in -> RnnRefCases.named("output",
                        m.forward(in.get("src"), null, in.get("src_key_padding_mask"))));
            }
            case "tdl_causal" -> decoderLayer(new TransformerDecoderLayer(
                    new TransformerDecoderLayer.Options(8, 2).dimFeedforward(16)));
            case "tdl_pre_gelu_bf" -> decoderLayer(new TransformerDecoderLayer(new TransformerDecoderLayer.Options(8, 2)
                    .dimFeedforward(16).normFirst(true).activation(Transformer.Activation.GELU).batchFirst(true)));
            case "transformer_small" -> {
                var m = new Transformer(new Transformer.Options(8, 2).numEncoderLayers(2).numDecoderLayers(1)
                        .dimFeedforward(16));
                yield new Built(m, in -> RnnRefCases.named("output", m.forward(in.get("src"), in.get("tgt"), null,
                        in.get("tgt_mask"), null, null, null, null)));
            }
            default -> throw new IllegalArgumentException(id);
        };
    }

    static Stream<String> ids() { return RnnRefCases.ids("tel", "te_", "tdl", "transformer").stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void matchesPyTorch(String id) { RnnRefCases.run(id, build(id)); }

    @Test
    void squareSubsequentMask() {
        @SuppressWarnings("unchecked")
        Map<String, Object> masks = (Map<String, Object>) RnnRefCases.root().get("masks");
        for (var e : masks.entrySet())
            NnRefs.assertClose(e.getValue(), Transformer.generateSquareSubsequentMask(Integer.parseInt(e.getKey())), 1,
                    "mask " + e.getKey());
    }

    @Test
    void encoderClonesLayersDeeply() {
        Torch.manualSeed(6);
        var layer = new TransformerEncoderLayer(8, 2);
        byte[] before = Torch.getRngState();
        var enc = new TransformerEncoder(layer, 3);
        assertTrue(Arrays.equals(before, Torch.getRngState()), "cloning does not draw random numbers");
        assertEquals(2048, layer.linear1.outFeatures, "dim_feedforward defaults to 2048");
        List<String> keys = new ArrayList<>(enc.stateDict().keySet());
        assertEquals(3 * 12, keys.size());
        assertEquals("layers.0.self_attn.in_proj_weight", keys.get(0));
        assertEquals("layers.2.norm2.bias", keys.get(keys.size() - 1));
        var l0 = (TransformerEncoderLayer) enc.layers.get(0);
        var l1 = (TransformerEncoderLayer) enc.layers.get(1);
        assertNotSame(l0.linear1.weight, l1.linear1.weight);
        assertTrue(l0.linear1.weight.equal(layer.linear1.weight));
        try (var _ = Torch.noGrad()) {
            l0.linear1.weight.add_(1.0);
        }
        assertTrue(!l0.linear1.weight.equal(l1.linear1.weight), "clones do not share storage");
    }

    @Test
    void checksAsPyTorch() {
        var t = new Transformer(new Transformer.Options(8, 2).numEncoderLayers(1).numDecoderLayers(1).dimFeedforward(4));
        assertEquals("the batch number of src and tgt must be equal", assertThrows(TorchException.class,
                () -> t.forward(Torch.randn(3, 2, 8), Torch.randn(3, 1, 8))).getMessage());
        assertEquals("the feature number of src and tgt must be equal to d_model", assertThrows(TorchException.class,
                () -> t.forward(Torch.randn(3, 2, 8), Torch.randn(3, 2, 6))).getMessage());
    }
}
