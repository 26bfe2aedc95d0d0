package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * Same as {@code torch.nn.Embedding}: a lookup table [num_embeddings, embedding_dim] indexed by int64 tensors of
 * any shape, initialised N(0, 1) with the padding row zeroed; the padding row gets no gradient.
 * <pre>{@code
 * Embedding emb = new Embedding(new Embedding.Options(1000, 64).paddingIdx(0));
 * Tensor v = emb.call(tokens);   // tokens [B, T] int64 -> [B, T, 64]
 * }</pre>
 */
public class Embedding extends Module {
    /** Keyword arguments of torch.nn.Embedding. */
    public static final class Options {
        final int numEmbeddings, embeddingDim;
        Integer paddingIdx;
        Double maxNorm;
        double normType = 2;
        boolean scaleGradByFreq;
        DType dtype;

        public Options(int numEmbeddings, int embeddingDim) {
            this.numEmbeddings = numEmbeddings;
            this.embeddingDim = embeddingDim;
        }

        /** The row that is zero and gets no gradient (may be negative, counted from the end). */
        public Options paddingIdx(int idx) {
            paddingIdx = idx;
            return this;
        }

        /** Looked-up rows whose norm exceeds maxNorm are renormalised in place. */
        public Options maxNorm(double v) {
            maxNorm = v;
            return this;
        }

        /** The p of the max_norm norm (default 2). */
        public Options normType(double v) {
            normType = v;
            return this;
        }

        /** Scales gradients by the inverse frequency of each index in the batch. */
        public Options scaleGradByFreq(boolean on) {
            scaleGradByFreq = on;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    public final int numEmbeddings, embeddingDim;
    /** The padding row (non-negative), or null. */
    public final Integer paddingIdx;
    public final Double maxNorm;
    public final double normType;
    public final boolean scaleGradByFreq;
    public final Parameter weight;

    /** Same as torch.nn.Embedding(num_embeddings, embedding_dim). */
    public Embedding(int numEmbeddings, int embeddingDim) { this(new Options(numEmbeddings, embeddingDim)); }

    public Embedding(Options o) { this(o, null); }

    private Embedding(Options o, Tensor weightData) {
        numEmbeddings = o.numEmbeddings;
        embeddingDim = o.embeddingDim;
        Integer pad = o.paddingIdx;
        if (pad != null) {
            if (pad > 0 && pad >= numEmbeddings) throw new TorchException("Padding_idx must be within num_embeddings");
            if (pad < 0) {
                if (pad < -numEmbeddings) throw new TorchException("Padding_idx must be within num_embeddings");
                pad += numEmbeddings;
            }
        }
        paddingIdx = pad;
        maxNorm = o.maxNorm;
        normType = o.normType;
        scaleGradByFreq = o.scaleGradByFreq;
        if (weightData == null) {
            DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
            weight = new Parameter(Tensor.empty(new int[]{numEmbeddings, embeddingDim}, dt, Device.CPU));
            resetParameters();
        } else {
            if (weightData.dim() != 2 || weightData.size(0) != numEmbeddings || weightData.size(1) != embeddingDim)
                throw new TorchException("Shape of weight does not match num_embeddings and embedding_dim");
            weight = new Parameter(weightData);
        }
    }

    /** Same as torch.nn.Embedding.from_pretrained(embeddings) (freeze=True). */
    public static Embedding fromPretrained(Tensor embeddings) { return fromPretrained(embeddings, true); }

    /** Same as torch.nn.Embedding.from_pretrained(embeddings, freeze): the table is the given 2-D tensor. */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) {
        if (embeddings.dim() != 2) throw new TorchException("Embeddings parameter is expected to be 2-dimensional");
        return fromPretrained(embeddings, freeze, new Options(embeddings.size(0), embeddings.size(1)));
    }

    /** Same as torch.nn.Embedding.from_pretrained with further options (their sizes must match embeddings). */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Options options) {
        if (embeddings.dim() != 2) throw new TorchException("Embeddings parameter is expected to be 2-dimensional");
        Embedding e = new Embedding(options, embeddings);
        e.weight.requiresGrad_(!freeze);
        return e;
    }

    /** Same as torch.nn.Embedding.reset_parameters: N(0, 1), then the padding row zeroed. */
    public void resetParameters() {
        Init.normal_(weight);
        if (paddingIdx != null) {
            try (var _ = torch4j.Torch.noGrad()) {
                weight.select(0, paddingIdx).fill_(0);
            }
        }
    }

    @Override public Tensor forward(Tensor input) {
        return F.embedding(input, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder().append(numEmbeddings).append(", ").append(embeddingDim);
        if (paddingIdx != null) s.append(", padding_idx=").append(paddingIdx);
        if (maxNorm != null) s.append(", max_norm=").append(PyRepr.f(maxNorm));
        if (normType != 2) s.append(", norm_type=").append(PyRepr.f(normType));
        if (scaleGradByFreq) s.append(", scale_grad_by_freq=True");
        return s.toString();
    }
}
