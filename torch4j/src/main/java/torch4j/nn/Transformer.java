package torch4j.nn;

import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.Transformer}: a {@link TransformerEncoder} and a {@link TransformerDecoder}, each with a
 * final LayerNorm, every matrix parameter re-initialised with xavier_uniform_.
 * <pre>{@code
 * Transformer t = new Transformer(new Transformer.Options().dModel(64).nhead(4).numEncoderLayers(2));
 * Tensor y = t.forward(src, tgt, null, Transformer.generateSquareSubsequentMask(tgt.size(0)), null, null, null, null);
 * }</pre>
 */
public class Transformer extends Module {
    /** The feed-forward activation of the transformer layers: RELU ('relu') or GELU ('gelu'). */
    public enum Activation {
        RELU, GELU;

        @Override public String toString() { return name().toLowerCase(); }

        UnaryOperator<Tensor> fn() { return this == RELU ? F::relu : F::gelu; }
    }

    /** Keyword arguments shared by TransformerEncoderLayer and TransformerDecoderLayer. */
    @SuppressWarnings("unchecked")
    public abstract static class LayerOptions<O extends LayerOptions<O>> {
        final int dModel, nhead;
        int dimFeedforward = 2048;
        double dropout = 0.1, layerNormEps = 1e-5;
        UnaryOperator<Tensor> activation = F::relu;
        Activation activationKind = Activation.RELU;
        boolean batchFirst, normFirst;
        DType dtype;

        protected LayerOptions(int dModel, int nhead) {
            this.dModel = dModel;
            this.nhead = nhead;
        }

        /** Width of the feed-forward block (default 2048). */
        public O dimFeedforward(int n) {
            dimFeedforward = n;
            return (O) this;
        }

        /** Dropout probability (default 0.1). */
        public O dropout(double p) {
            dropout = p;
            return (O) this;
        }

        /** relu (default) or gelu. */
        public O activation(Activation a) {
            activation = a.fn();
            activationKind = a;
            return (O) this;
        }

        /** A custom activation function (as passing a callable in PyTorch). */
        public O activation(UnaryOperator<Tensor> fn) {
            activation = fn;
            activationKind = null;
            return (O) this;
        }

        /** eps of the LayerNorms (default 1e-5). */
        public O layerNormEps(double eps) {
            layerNormEps = eps;
            return (O) this;
        }

        /** Inputs and output as [batch, seq, feature] (default false). */
        public O batchFirst(boolean on) {
            batchFirst = on;
            return (O) this;
        }

        /** Pre-norm (LayerNorm before each block) instead of post-norm (default false). */
        public O normFirst(boolean on) {
            normFirst = on;
            return (O) this;
        }

        public O dtype(DType d) {
            dtype = d;
            return (O) this;
        }

        /** The layers' submodules, built from these options (self/cross attention, LayerNorms, linear1/linear2). */
        MultiheadAttention attention() {
            return new MultiheadAttention(new MultiheadAttention.Options(dModel, nhead).dropout(dropout)
                    .batchFirst(batchFirst).dtype(dtype));
        }

        LayerNorm layerNorm() { return new LayerNorm(new LayerNorm.Options(dModel).eps(layerNormEps).dtype(dtype)); }

        Linear linear(int in, int out) { return new Linear(new Linear.Options(in, out).dtype(dtype)); }

        /** Copies every setting into another options object. */
        <P extends LayerOptions<P>> P copyTo(P o) {
            o.dimFeedforward = dimFeedforward;
            o.dropout = dropout;
            o.layerNormEps = layerNormEps;
            o.activation = activation;
            o.activationKind = activationKind;
            o.batchFirst = batchFirst;
            o.normFirst = normFirst;
            o.dtype = dtype;
            return o;
        }
    }

    /** Keyword arguments of torch.nn.Transformer. */
    public static final class Options extends LayerOptions<Options> {
        int numEncoderLayers = 6, numDecoderLayers = 6;
        Module customEncoder, customDecoder;

        /** d_model 512, nhead 8 (PyTorch's defaults). */
        public Options() { super(512, 8); }

        public Options(int dModel, int nhead) { super(dModel, nhead); }

        public Options numEncoderLayers(int n) {
            numEncoderLayers = n;
            return this;
        }

        public Options numDecoderLayers(int n) {
            numDecoderLayers = n;
            return this;
        }

        /** Use this module (TransformerEncoder or compatible) as the encoder. */
        public Options customEncoder(TransformerEncoder m) {
            customEncoder = m;
            return this;
        }

        /** Use this module as the decoder. */
        public Options customDecoder(TransformerDecoder m) {
            customDecoder = m;
            return this;
        }
    }

    public final TransformerEncoder encoder;
    public final TransformerDecoder decoder;
    public final int dModel, nhead;
    public final boolean batchFirst;

    /** Same as torch.nn.Transformer() (d_model 512, nhead 8, 6 + 6 layers). */
    public Transformer() { this(new Options()); }

    public Transformer(Options o) {
        if (o.customEncoder != null) encoder = (TransformerEncoder) o.customEncoder;
        else {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(o.copyTo(
                    new TransformerEncoderLayer.Options(o.dModel, o.nhead)));
            encoder = new TransformerEncoder(layer, o.numEncoderLayers, o.layerNorm());
        }
        if (o.customDecoder != null) decoder = (TransformerDecoder) o.customDecoder;
        else {
            TransformerDecoderLayer layer = new TransformerDecoderLayer(o.copyTo(
                    new TransformerDecoderLayer.Options(o.dModel, o.nhead)));
            decoder = new TransformerDecoder(layer, o.numDecoderLayers, o.layerNorm());
        }
        for (Parameter p : parameters()) if (p.dim() > 1) Init.xavierUniform_(p);
        dModel = o.dModel;
        nhead = o.nhead;
        batchFirst = o.batchFirst;
    }

    /** Same as transformer(src, tgt). */
    public Tensor forward(Tensor src, Tensor tgt) { return forward(src, tgt, null, null, null, null, null, null); }

    /**
     * Same as transformer(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask,
     * memory_key_padding_mask); every mask may be null.
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
                          Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        boolean batched = src.dim() == 3;
        if (batched && src.size(batchFirst ? 0 : 1) != tgt.size(batchFirst ? 0 : 1))
            throw new TorchException("the batch number of src and tgt must be equal");
        if (src.size(-1) != dModel || tgt.size(-1) != dModel)
            throw new TorchException("the feature number of src and tgt must be equal to d_model");
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    /** Transformer takes src and tgt: use {@link #forward(Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Transformer takes src and tgt: call forward(src, tgt, ...)");
    }

    /**
     * Same as torch.nn.Transformer.generate_square_subsequent_mask(sz): a float mask with -inf above the diagonal
     * and 0 elsewhere, so position i attends to positions ≤ i.
     */
    public static Tensor generateSquareSubsequentMask(int sz) {
        return Torch.full(new int[]{sz, sz}, Double.NEGATIVE_INFINITY, DType.defaultFloat(), Device.CPU).triu(1);
    }
}
