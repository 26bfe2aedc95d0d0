package torch4j.nn;

import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * Same as {@code torch.nn.TransformerEncoderLayer}: self-attention then a feed-forward block
 * (linear1 → activation → dropout → linear2), each with dropout, a residual connection and a LayerNorm (after the
 * residual by default, before the block with normFirst).
 * <pre>{@code
 * var layer = new TransformerEncoderLayer(new TransformerEncoderLayer.Options(512, 8).batchFirst(true));
 * var encoder = new TransformerEncoder(layer, 6);
 * }</pre>
 */
public class TransformerEncoderLayer extends Module {
    /** Keyword arguments of torch.nn.TransformerEncoderLayer. */
    public static final class Options extends Transformer.LayerOptions<Options> {
        public Options(int dModel, int nhead) { super(dModel, nhead); }
    }

    public final MultiheadAttention selfAttn;
    public final Linear linear1;
    public final Dropout dropout;
    public final Linear linear2;
    public final boolean normFirst;
    public final LayerNorm norm1, norm2;
    public final Dropout dropout1, dropout2;
    private final UnaryOperator<Tensor> activation;
    private final Options options;

    /** Same as torch.nn.TransformerEncoderLayer(d_model, nhead). */
    public TransformerEncoderLayer(int dModel, int nhead) { this(new Options(dModel, nhead)); }

    public TransformerEncoderLayer(Options o) {
        options = o.copyTo(new Options(o.dModel, o.nhead));
        selfAttn = o.attention();
        linear1 = o.linear(o.dModel, o.dimFeedforward);
        dropout = new Dropout(o.dropout);
        linear2 = o.linear(o.dimFeedforward, o.dModel);
        normFirst = o.normFirst;
        norm1 = o.layerNorm();
        norm2 = o.layerNorm();
        dropout1 = new Dropout(o.dropout);
        dropout2 = new Dropout(o.dropout);
        activation = o.activation;
    }

    /** Same as layer(src). */
    @Override public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** Same as layer(src, src_mask, src_key_padding_mask); masks may be null. */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        if (srcKeyPaddingMask != null && srcKeyPaddingMask.dtype() != DType.BOOL && !srcKeyPaddingMask.isFloatingPoint())
            throw new TorchException("only bool and floating types of key_padding_mask are supported");
        Tensor x = src;
        if (normFirst) {
            x = x.add(saBlock(norm1.call(x), srcMask, srcKeyPaddingMask));
            x = x.add(ffBlock(norm2.call(x)));
        } else {
            x = norm1.call(x.add(saBlock(x, srcMask, srcKeyPaddingMask)));
            x = norm2.call(x.add(ffBlock(x)));
        }
        return x;
    }

    private Tensor saBlock(Tensor x, Tensor attnMask, Tensor keyPaddingMask) {
        return dropout1.call(selfAttn.forward(x, x, x, keyPaddingMask, false, attnMask).attnOutput());
    }

    private Tensor ffBlock(Tensor x) {
        return dropout2.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
    }

    /** A deep copy (as copy.deepcopy): same options, parameters cloned, the default generator not advanced. */
    public TransformerEncoderLayer copy() {
        return MultiheadAttention.deepCopy(this, () -> new TransformerEncoderLayer(
                options.copyTo(new Options(options.dModel, options.nhead)).dtype(linear1.weight.dtype())));
    }
}
