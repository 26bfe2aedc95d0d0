package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.MultiheadAttention}: softmax(Q·Kᵀ/√d + mask)·V over num_heads heads, with the packed
 * in_proj_weight [3E, E] (or q/k/v_proj_weight when kdim or vdim differ from embed_dim), in_proj_bias and the
 * out_proj submodule, initialised as PyTorch's _reset_parameters.
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(new MultiheadAttention.Options(16, 4).batchFirst(true));
 * MultiheadAttention.Output r = mha.forward(q, k, v);   // attn_output, attn_output_weights = mha(q, k, v)
 * }</pre>
 */
public class MultiheadAttention extends Module {
    /** Keyword arguments of torch.nn.MultiheadAttention. */
    public static final class Options {
        final int embedDim, numHeads;
        double dropout;
        boolean bias = true, addBiasKv, addZeroAttn, batchFirst;
        Integer kdim, vdim;
        DType dtype;

        public Options(int embedDim, int numHeads) {
            this.embedDim = embedDim;
            this.numHeads = numHeads;
        }

        /** Dropout probability on the attention weights in training mode (default 0). */
        public Options dropout(double p) {
            dropout = p;
            return this;
        }

        /** Whether the in and out projections have biases (default true). */
        public Options bias(boolean on) {
            bias = on;
            return this;
        }

        /** Appends the learned bias_k and bias_v to the key and value sequences (default false). */
        public Options addBiasKv(boolean on) {
            addBiasKv = on;
            return this;
        }

        /** Appends a zero key and value to the sequences (default false). */
        public Options addZeroAttn(boolean on) {
            addZeroAttn = on;
            return this;
        }

        /** The key feature size (default embed_dim). */
        public Options kdim(int d) {
            kdim = d;
            return this;
        }

        /** The value feature size (default embed_dim). */
        public Options vdim(int d) {
            vdim = d;
            return this;
        }

        /** Inputs and output as [batch, seq, feature] (default false). */
        public Options batchFirst(boolean on) {
            batchFirst = on;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    /**
     * {@code attn_output, attn_output_weights = mha(...)}: attnWeights is null unless need_weights; averaged over
     * heads [N, L, S] or per head [N, num_heads, L, S] (without N for unbatched input).
     */
    public record Output(Tensor attnOutput, Tensor attnWeights) {}

    public final int embedDim, kdim, vdim, numHeads, headDim;
    public final double dropout;
    public final boolean batchFirst, addZeroAttn;
    private final boolean qkvSameEmbedDim;
    // declaration order is PyTorch's _parameters order; absent ones stay null and are not registered
    public final Parameter inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias, biasK, biasV;
    public final NonDynamicallyQuantizableLinear outProj;

    /** Same as torch.nn.MultiheadAttention(embed_dim, num_heads). */
    public MultiheadAttention(int embedDim, int numHeads) { this(new Options(embedDim, numHeads)); }

    public MultiheadAttention(Options o) {
        embedDim = o.embedDim;
        numHeads = o.numHeads;
        kdim = o.kdim == null ? embedDim : o.kdim;
        vdim = o.vdim == null ? embedDim : o.vdim;
        qkvSameEmbedDim = kdim == embedDim && vdim == embedDim;
        dropout = o.dropout;
        batchFirst = o.batchFirst;
        addZeroAttn = o.addZeroAttn;
        headDim = numHeads > 0 ? embedDim / numHeads : 0;
        if (numHeads <= 0 || headDim * numHeads != embedDim) throw new TorchException("embed_dim must be divisible by num_heads");
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        inProjWeight = qkvSameEmbedDim ? param(dt, 3 * embedDim, embedDim) : null;
        qProjWeight = qkvSameEmbedDim ? null : param(dt, embedDim, embedDim);
        kProjWeight = qkvSameEmbedDim ? null : param(dt, embedDim, kdim);
        vProjWeight = qkvSameEmbedDim ? null : param(dt, embedDim, vdim);
        inProjBias = o.bias ? param(dt, 3 * embedDim) : null;
        outProj = new NonDynamicallyQuantizableLinear(embedDim, embedDim, o.bias, dt);
        biasK = o.addBiasKv ? param(dt, 1, 1, embedDim) : null;
        biasV = o.addBiasKv ? param(dt, 1, 1, embedDim) : null;
        resetParameters();
    }

    private static Parameter param(DType dt, int... shape) { return new Parameter(Tensor.empty(shape, dt, Device.CPU)); }

    /** Same as torch.nn.MultiheadAttention._reset_parameters. */
    public void resetParameters() {
        if (qkvSameEmbedDim) Init.xavierUniform_(inProjWeight);
        else {
            Init.xavierUniform_(qProjWeight);
            Init.xavierUniform_(kProjWeight);
            Init.xavierUniform_(vProjWeight);
        }
        if (inProjBias != null) {
            Init.constant_(inProjBias, 0);
            Init.constant_(outProj.bias, 0);
        }
        if (biasK != null) Init.xavierNormal_(biasK);
        if (biasV != null) Init.xavierNormal_(biasV);
    }

    /** Same as mha(query, key, value) (need_weights, averaged over heads). */
    public Output forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, true, null, true);
    }

    /** Same as mha(query, key, value, key_padding_mask, need_weights, attn_mask); masks may be null. */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                          Tensor attnMask) {
        return forward(query, key, value, keyPaddingMask, needWeights, attnMask, true);
    }

    /**
     * Same as mha(query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights): bool masks
     * are True where attention is not allowed; float masks are added to the scores; both may be null.
     */
    public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
                          Tensor attnMask, boolean averageAttnWeights) {
        if (keyPaddingMask != null && keyPaddingMask.dtype() != DType.BOOL && !keyPaddingMask.isFloatingPoint())
            throw new TorchException("only bool and floating types of key_padding_mask are supported");
        boolean batched = query.dim() == 3;
        if (batchFirst && batched) {
            // keep PyTorch's identity tests (self-attention packs one projection) true after the transposes
            if (key == value) {
                if (query == key) query = key = value = query.transpose(1, 0);
                else {
                    query = query.transpose(1, 0);
                    key = value = key.transpose(1, 0);
                }
            } else {
                query = query.transpose(1, 0);
                key = key.transpose(1, 0);
                value = value.transpose(1, 0);
            }
        }
        Output r = F.multiHeadAttentionForward(query, key, value, embedDim, numHeads, inProjWeight, inProjBias, biasK,
                biasV, addZeroAttn, dropout, outProj.weight, outProj.bias, training, keyPaddingMask, needWeights,
                attnMask, !qkvSameEmbedDim, qProjWeight, kProjWeight, vProjWeight, null, null, averageAttnWeights);
        return batchFirst && batched ? new Output(r.attnOutput().transpose(1, 0), r.attnWeights()) : r;
    }

    /** MultiheadAttention takes query, key and value: use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("MultiheadAttention returns (attn_output, attn_output_weights): "
                + "call forward(query, key, value)");
    }

    /** A deep copy: same options, parameters cloned, same training mode; the default generator is not advanced. */
    public MultiheadAttention copy() {
        return deepCopy(this, () -> new MultiheadAttention(new Options(embedDim, numHeads).dropout(dropout)
                .bias(inProjBias != null).addBiasKv(biasK != null).addZeroAttn(addZeroAttn).kdim(kdim).vdim(vdim)
                .batchFirst(batchFirst).dtype(outProj.weight.dtype())));
    }

    /**
     * A deep copy of src: make() builds a module of the same structure without advancing the default generator,
     * then src's parameter and buffer values, training modes and requires_grad flags are copied into it.
     */
    static <M extends Module> M deepCopy(Module src, java.util.function.Supplier<M> make) {
        byte[] rng = torch4j.Torch.getRngState();
        M dst;
        try {
            dst = make.get();
        } finally {
            torch4j.Torch.setRngState(rng);
        }
        dst.loadStateDict(src.stateDict());
        var dm = dst.namedModules();
        for (var e : src.namedModules().entrySet()) dm.get(e.getKey()).training = e.getValue().training;
        var dp = dst.namedParameters();
        for (var e : src.namedParameters().entrySet()) dp.get(e.getKey()).requiresGrad_(e.getValue().requiresGrad());
        return dst;
    }
}
