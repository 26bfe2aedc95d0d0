package torch4j.nn;

import java.util.function.UnaryOperator;
import torch4j.Tensor;

/**
 * Same as {@code torch.nn.TransformerDecoderLayer}: self-attention over the target, cross-attention to the memory,
 * then the feed-forward block, each with dropout, a residual connection and a LayerNorm (post-norm by default).
 */
public class TransformerDecoderLayer extends Module {
    /** Keyword arguments of torch.nn.TransformerDecoderLayer. */
    public static final class Options extends Transformer.LayerOptions<Options> {
        public Options(int dModel, int nhead) { super(dModel, nhead); }
    }

    public final MultiheadAttention selfAttn, multiheadAttn;
    public final Linear linear1;
    public final Dropout dropout;
    public final Linear linear2;
    public final boolean normFirst;
    public final LayerNorm norm1, norm2, norm3;
    public final Dropout dropout1, dropout2, dropout3;
    private final UnaryOperator<Tensor> activation;
    private final Options options;

    /** Same as torch.nn.TransformerDecoderLayer(d_model, nhead). */
    public TransformerDecoderLayer(int dModel, int nhead) { this(new Options(dModel, nhead)); }

    public TransformerDecoderLayer(Options o) {
        options = o.copyTo(new Options(o.dModel, o.nhead));
        selfAttn = o.attention();
        multiheadAttn = o.attention();
        linear1 = o.linear(o.dModel, o.dimFeedforward);
        dropout = new Dropout(o.dropout);
        linear2 = o.linear(o.dimFeedforward, o.dModel);
        normFirst = o.normFirst;
        norm1 = o.layerNorm();
        norm2 = o.layerNorm();
        norm3 = o.layerNorm();
        dropout1 = new Dropout(o.dropout);
        dropout2 = new Dropout(o.dropout);
        dropout3 = new Dropout(o.dropout);
        activation = o.activation;
    }

    /** Same as layer(tgt, memory). */
    public Tensor forward(Tensor tgt, Tensor memory) { return forward(tgt, memory, null, null, null, null); }

    /** Same as layer(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask). */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(saBlock(norm1.call(x), tgtMask, tgtKeyPaddingMask));
            x = x.add(mhaBlock(norm2.call(x), memory, memoryMask, memoryKeyPaddingMask));
            x = x.add(ffBlock(norm3.call(x)));
        } else {
            x = norm1.call(x.add(saBlock(x, tgtMask, tgtKeyPaddingMask)));
            x = norm2.call(x.add(mhaBlock(x, memory, memoryMask, memoryKeyPaddingMask)));
            x = norm3.call(x.add(ffBlock(x)));
        }
        return x;
    }

    private Tensor saBlock(Tensor x, Tensor attnMask, Tensor keyPaddingMask) {
        return dropout1.call(selfAttn.forward(x, x, x, keyPaddingMask, false, attnMask).attnOutput());
    }

    private Tensor mhaBlock(Tensor x, Tensor mem, Tensor attnMask, Tensor keyPaddingMask) {
        return dropout2.call(multiheadAttn.forward(x, mem, mem, keyPaddingMask, false, attnMask).attnOutput());
    }

    private Tensor ffBlock(Tensor x) {
        return dropout3.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
    }

    /** TransformerDecoderLayer takes tgt and memory: use {@link #forward(Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("TransformerDecoderLayer takes tgt and memory: call forward(tgt, memory, ...)");
    }

    /** A deep copy (as copy.deepcopy): same options, parameters cloned, the default generator not advanced. */
    public TransformerDecoderLayer copy() {
        return MultiheadAttention.deepCopy(this, () -> new TransformerDecoderLayer(
                options.copyTo(new Options(options.dModel, options.nhead)).dtype(linear1.weight.dtype())));
    }
}
