package torch4j.nn;

import torch4j.Tensor;

/**
 * Same as {@code torch.nn.TransformerDecoder}: numLayers deep copies of decoderLayer (registered as
 * {@code layers.0}, …) applied in turn over the target with the encoder's memory, then the optional final norm.
 */
public class TransformerDecoder extends Module {
    public final ModuleList layers;
    public final int numLayers;
    public final LayerNorm norm;

    /** Same as torch.nn.TransformerDecoder(decoder_layer, num_layers). */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) { this(decoderLayer, numLayers, null); }

    /** Same as torch.nn.TransformerDecoder(decoder_layer, num_layers, norm); norm may be null. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm norm) {
        layers = new ModuleList();
        for (int i = 0; i < numLayers; i++) layers.append(decoderLayer.copy());
        this.numLayers = numLayers;
        this.norm = norm;
    }

    /** Same as decoder(tgt, memory). */
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null); }

    /** Same as decoder(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask). */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        Tensor out = tgt;
        for (Module m : layers)
            out = ((TransformerDecoderLayer) m).forward(out, memory, tgtMask, memoryMask, tgtKeyPaddingMask,
                    memoryKeyPaddingMask);
        return norm == null ? out : norm.call(out);
    }

    /** TransformerDecoder takes tgt and memory: use {@link #forward(Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("TransformerDecoder takes tgt and memory: call forward(tgt, memory, ...)");
    }
}
