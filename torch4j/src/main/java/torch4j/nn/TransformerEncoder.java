package torch4j.nn;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * Same as {@code torch.nn.TransformerEncoder}: numLayers deep copies of encoderLayer (registered as
 * {@code layers.0}, {@code layers.1}, …) applied in turn, then the optional final norm.
 */
public class TransformerEncoder extends Module {
    public final ModuleList layers;
    public final int numLayers;
    public final LayerNorm norm;

    /** Same as torch.nn.TransformerEncoder(encoder_layer, num_layers). */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) { this(encoderLayer, numLayers, null); }

    /** Same as torch.nn.TransformerEncoder(encoder_layer, num_layers, norm); norm may be null. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm norm) {
        layers = new ModuleList();
        for (int i = 0; i < numLayers; i++) layers.append(encoderLayer.copy());
        this.numLayers = numLayers;
        this.norm = norm;
    }

    /** Same as encoder(src). */
    @Override public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** Same as encoder(src, mask, src_key_padding_mask); masks may be null. */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        if (srcKeyPaddingMask != null && srcKeyPaddingMask.dtype() != DType.BOOL && !srcKeyPaddingMask.isFloatingPoint())
            throw new TorchException("only bool and floating types of key_padding_mask are supported");
        Tensor out = src;
        for (Module m : layers) out = ((TransformerEncoderLayer) m).forward(out, mask, srcKeyPaddingMask);
        return norm == null ? out : norm.call(out);
    }
}
