package torch4j.nn.functional;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.ValuesIndices;
import torch4j.internal.ops.Convolution;
import torch4j.internal.ops.Losses;
import torch4j.internal.ops.NnOps;
import torch4j.internal.ops.Normalization;
import torch4j.internal.ops.Pooling;
import torch4j.internal.ops.Resampling;
import torch4j.nn.BCELoss;
import torch4j.nn.BCEWithLogitsLoss;
import torch4j.nn.CosineEmbeddingLoss;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.GELU;
import torch4j.nn.HuberLoss;
import torch4j.nn.KLDivLoss;
import torch4j.nn.MarginRankingLoss;
import torch4j.nn.MultiheadAttention;
import torch4j.nn.NLLLoss;
import torch4j.nn.Reduction;
import torch4j.nn.SmoothL1Loss;

/**
 * The functional forms of layers and losses, as {@code torch.nn.functional} (import it as {@code F}).
 * <pre>{@code
 * Tensor loss = F.crossEntropy(F.linear(F.relu(x), w, b), target);
 * }</pre>
 */
public final class F {
    private F() {}

    /** {@code F.relu}. */
    public static Tensor relu(Tensor x) { return x.relu(); }

    // ------------------------------------------------------------------ layers (torch4j.nn layers engineer)

    /** Same as torch.nn.functional.linear: x·Wᵀ + b; one addmm for a 2-D input (the MLP hot path). */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        if (bias != null && input.dim() == 2) return Torch.addmm(bias, input, weight.t());
        if (bias != null && input.dim() == 3 && input.isContiguous()) {
            // as PyTorch 1.13: fold the batch dims into rows, one addmm, then a view
            int[] s = input.shapeArray();
            return Torch.addmm(bias, input.view(-1, s[2]), weight.t()).view(s[0], s[1], weight.size(0));
        }
        Tensor y = input.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** Same as torch.nn.functional.linear without bias. */
    public static Tensor linear(Tensor input, Tensor weight) { return linear(input, weight, null); }

    /** Same as torch.nn.functional.bilinear: x1ᵀ·W[o]·x2 + b[o] over the last dims. */
    public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
        return NnOps.bilinear(input1, input2, weight, bias);
    }

    /** Same as torch.nn.functional.dropout(x, p=0.5, training=True). */
    public static Tensor dropout(Tensor input) { return dropout(input, 0.5, true); }

    /** Same as torch.nn.functional.dropout: inverted dropout (kept elements scaled by 1/(1-p)) from the default generator. */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        return NnOps.dropout(input, p, training, false, null);
    }

    /** Same as torch.nn.functional.dropout with the mask drawn from generator (null: the default generator). */
    public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
        return NnOps.dropout(input, p, training, false, generator);
    }

    /** Same as torch.nn.functional.dropout1d: zeroes whole channels of [N, C, L] (or unbatched [C, L]) inputs. */
    public static Tensor dropout1d(Tensor input, double p, boolean training) {
        if (input.dim() != 2 && input.dim() != 3)
            throw new TorchException("dropout1d: Expected 2D or 3D input, but received a " + input.dim() + "D input. "
                    + "Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, "
                    + "a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).");
        if (input.dim() == 2) return NnOps.dropout(input.unsqueeze(0), p, training, true, null).squeeze(0);
        return NnOps.dropout(input, p, training, true, null);
    }

    /** Same as torch.nn.functional.dropout2d: zeroes whole channels of [N, C, H, W] inputs. */
    public static Tensor dropout2d(Tensor input, double p, boolean training) {
        if (input.dim() != 3 && input.dim() != 4)
            throw new TorchException("dropout2d: Expected 3D or 4D input, but received a " + input.dim() + "D input.");
        // PyTorch 1.13 treats a 3-D input as batched [N, C, L] (with a warning), not as unbatched [C, H, W]
        return NnOps.dropout(input, p, training, true, null);
    }

    /** Same as torch.nn.functional.embedding(input, weight). */
    public static Tensor embedding(Tensor input, Tensor weight) { return embedding(input, weight, null, null, 2, false); }

    /**
     * Same as torch.nn.functional.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq):
     * paddingIdx (may be negative) and maxNorm may be null; with maxNorm the looked-up rows of weight are renormalised
     * in place first.
     */
    public static Tensor embedding(Tensor input, Tensor weight, Integer paddingIdx, Double maxNorm, double normType,
                                   boolean scaleGradByFreq) {
        Integer pad = paddingIdx;
        if (pad != null) {
            int n = weight.size(0);
            if (pad >= n || pad < -n) throw new TorchException("Padding_idx must be within num_embeddings");
            if (pad < 0) pad += n;
        }
        if (maxNorm != null) NnOps.embeddingRenorm_(weight, input.contiguous(), maxNorm, normType);
        return NnOps.embedding(weight, input, pad, scaleGradByFreq);
    }

    /** Same as torch.nn.functional.layer_norm(input, normalized_shape) (no affine, eps 1e-5). */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape) {
        return Normalization.layerNorm(input, normalizedShape, null, null, 1e-5);
    }

    /** Same as torch.nn.functional.layer_norm: normalises over the trailing normalizedShape dims; weight, bias may be null. */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    /**
     * Same as torch.nn.functional.batch_norm: batch statistics in training (updating the running ones, when given,
     * with momentum), the running statistics otherwise.
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (training) {
            long perChannel = input.dim() < 2 ? input.numel() : input.numel() / Math.max(1, input.size(1));
            if (input.dim() >= 2 && perChannel == 1)
                throw new TorchException("Expected more than 1 value per channel when training, got input size "
                        + input.shape());
        }
        return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** Same as torch.nn.functional.batch_norm(input, running_mean, running_var) in eval mode. */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar) {
        return batchNorm(input, runningMean, runningVar, null, null, false, 0.1, 1e-5);
    }

    /** Same as torch.nn.functional.group_norm. */
    public static Tensor groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
        return Normalization.groupNorm(input, numGroups, weight, bias, eps);
    }

    /** Same as torch.nn.functional.group_norm(input, num_groups). */
    public static Tensor groupNorm(Tensor input, int numGroups) { return groupNorm(input, numGroups, null, null, 1e-5); }

    /** Same as torch.nn.functional.leaky_relu (negative slope 0.01). */
    public static Tensor leakyRelu(Tensor input) { return NnOps.leakyRelu(input, 0.01); }

    /** Same as torch.nn.functional.leaky_relu(input, negative_slope). */
    public static Tensor leakyRelu(Tensor input, double negativeSlope) { return NnOps.leakyRelu(input, negativeSlope); }

    /** Same as torch.nn.functional.elu (alpha 1). */
    public static Tensor elu(Tensor input) { return NnOps.elu(input, 1.0); }

    /** Same as torch.nn.functional.elu(input, alpha). */
    public static Tensor elu(Tensor input, double alpha) { return NnOps.elu(input, alpha); }

    /** Same as torch.nn.functional.gelu (exact, with erf). */
    public static Tensor gelu(Tensor input) { return input.gelu(); }

    /** Same as torch.nn.functional.gelu(input, approximate). */
    public static Tensor gelu(Tensor input, GELU.Approximate approximate) {
        return input.gelu(approximate == GELU.Approximate.TANH);
    }

    /** Same as torch.nn.functional.silu. */
    public static Tensor silu(Tensor input) { return input.silu(); }

    /** Same as torch.nn.functional.sigmoid. */
    public static Tensor sigmoid(Tensor input) { return input.sigmoid(); }

    /** Same as torch.nn.functional.tanh. */
    public static Tensor tanh(Tensor input) { return input.tanh(); }

    /** Same as torch.nn.functional.softmax(input, dim). */
    public static Tensor softmax(Tensor input, int dim) { return input.softmax(dim); }

    /** Same as torch.nn.functional.log_softmax(input, dim). */
    public static Tensor logSoftmax(Tensor input, int dim) { return input.logSoftmax(dim); }

    /** The dim PyTorch's softmax picks when given none (deprecated): 0 for 0-, 1- and 3-D inputs, else 1. */
    public static int implicitSoftmaxDim(int ndim) { return ndim == 0 || ndim == 1 || ndim == 3 ? 0 : 1; }

    /** Same as torch.nn.functional.softplus (beta 1, threshold 20). */
    public static Tensor softplus(Tensor input) { return input.softplus(); }

    /** Same as torch.nn.functional.softplus(input, beta, threshold): linear where beta·x > threshold. */
    public static Tensor softplus(Tensor input, double beta, double threshold) { return input.softplus(beta, threshold); }

    /** Same as torch.nn.functional.hardtanh (bounds -1, 1). */
    public static Tensor hardtanh(Tensor input) { return NnOps.hardtanh(input, -1, 1); }

    /** Same as torch.nn.functional.hardtanh(input, min_val, max_val). */
    public static Tensor hardtanh(Tensor input, double minVal, double maxVal) { return NnOps.hardtanh(input, minVal, maxVal); }

    /** Same as torch.nn.functional.relu6: hardtanh(x, 0, 6). */
    public static Tensor relu6(Tensor input) { return NnOps.hardtanh(input, 0, 6); }

    /** Same as torch.nn.functional.mish: x·tanh(softplus(x)). */
    public static Tensor mish(Tensor input) { return NnOps.mish(input); }

    /** Same as torch.nn.functional.hardswish. */
    public static Tensor hardswish(Tensor input) { return NnOps.hardswish(input); }


    // ------------------------------------------------------------------ losses (torch4j.nn losses engineer)

    /** Same as torch.nn.functional.cross_entropy with class indices (int64) or class probabilities, mean-reduced. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, new CrossEntropyLoss.Options());
    }

    /** Same as torch.nn.functional.cross_entropy(input, target, reduction=...). */
    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return crossEntropy(input, target, new CrossEntropyLoss.Options().reduction(reduction));
    }

    /** Same as torch.nn.functional.cross_entropy with weight, ignore_index, reduction and label_smoothing. */
    public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyLoss.Options o) {
        return Losses.crossEntropy(input, target, o.weight(), o.ignoreIndex(), o.labelSmoothing(),
                o.reduction());
    }

    /** Same as torch.nn.functional.nll_loss, mean-reduced. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, new NLLLoss.Options());
    }

    /** Same as torch.nn.functional.nll_loss(input, target, reduction=...). */
    public static Tensor nllLoss(Tensor input, Tensor target, Reduction reduction) {
        return nllLoss(input, target, new NLLLoss.Options().reduction(reduction));
    }

    /** Same as torch.nn.functional.nll_loss with weight, ignore_index and reduction. */
    public static Tensor nllLoss(Tensor input, Tensor target, NLLLoss.Options o) {
        return Losses.nllLoss(input, target, o.weight(), o.ignoreIndex(), o.reduction());
    }

    /** Same as torch.nn.functional.mse_loss, mean-reduced. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mseLoss(input, target, Reduction.MEAN);
    }

    /** Same as torch.nn.functional.mse_loss(input, target, reduction=...). */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.mseLoss(input, target, reduction);
    }

    /** Same as torch.nn.functional.l1_loss, mean-reduced. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return Losses.l1Loss(input, target, Reduction.MEAN);
    }

    /** Same as torch.nn.functional.l1_loss(input, target, reduction=...). */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.l1Loss(input, target, reduction);
    }

    /** Same as torch.nn.functional.smooth_l1_loss with beta 1, mean-reduced. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, new SmoothL1Loss.Options());
    }

    /** Same as torch.nn.functional.smooth_l1_loss with reduction and beta. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, SmoothL1Loss.Options o) {
        return Losses.smoothL1Loss(input, target, o.reduction(), o.beta());
    }

    /** Same as torch.nn.functional.huber_loss with delta 1, mean-reduced. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, new HuberLoss.Options());
    }

    /** Same as torch.nn.functional.huber_loss with reduction and delta. */
    public static Tensor huberLoss(Tensor input, Tensor target, HuberLoss.Options o) {
        return Losses.huberLoss(input, target, o.reduction(), o.delta());
    }

    /** Same as torch.nn.functional.binary_cross_entropy, mean-reduced. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, new BCELoss.Options());
    }

    /** Same as torch.nn.functional.binary_cross_entropy with weight and reduction. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, BCELoss.Options o) {
        return Losses.binaryCrossEntropy(input, target, o.weight(), o.reduction());
    }

    /** Same as torch.nn.functional.binary_cross_entropy_with_logits, mean-reduced. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, new BCEWithLogitsLoss.Options());
    }

    /** Same as torch.nn.functional.binary_cross_entropy_with_logits with weight, reduction and pos_weight. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, BCEWithLogitsLoss.Options o) {
        return Losses.binaryCrossEntropyWithLogits(input, target, o.weight(), o.posWeight(),
                o.reduction());
    }

    /** Same as torch.nn.functional.kl_div with PyTorch's default reduction 'mean' (which PyTorch warns about). */
    public static Tensor klDiv(Tensor input, Tensor target) {
        return klDiv(input, target, new KLDivLoss.Options());
    }

    /** Same as torch.nn.functional.kl_div(input, target, reduction=...). */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction) {
        return klDiv(input, target, new KLDivLoss.Options().reduction(reduction));
    }

    /** Same as torch.nn.functional.kl_div with reduction and log_target. */
    public static Tensor klDiv(Tensor input, Tensor target, KLDivLoss.Options o) {
        return Losses.klDiv(input, target, o.reduction(), o.logTarget());
    }

    /** Same as torch.nn.functional.cosine_embedding_loss with margin 0, mean-reduced. */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return cosineEmbeddingLoss(input1, input2, target, new CosineEmbeddingLoss.Options());
    }

    /** Same as torch.nn.functional.cosine_embedding_loss with margin and reduction. */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target,
                                             CosineEmbeddingLoss.Options o) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, o.margin(), o.reduction());
    }

    /** Same as torch.nn.functional.margin_ranking_loss with margin 0, mean-reduced. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return marginRankingLoss(input1, input2, target, new MarginRankingLoss.Options());
    }

    /** Same as torch.nn.functional.margin_ranking_loss with margin and reduction. */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target,
                                           MarginRankingLoss.Options o) {
        return Losses.marginRankingLoss(input1, input2, target, o.margin(), o.reduction());
    }

    // ------------------------------------------------------------------ recurrent and attention (torch4j.nn rnn engineer)

    /**
     * Same as torch.nn.functional.scaled_dot_product_attention (PyTorch 2): softmax(Q·Kᵀ/√E + mask)·V over the last
     * two dims; a bool attnMask is True where attention is allowed, a float one is added; isCausal masks the upper
     * triangle; dropoutP applies dropout to the weights.
     */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
                                                   double dropoutP, boolean isCausal) {
        return Attention.scaledDotProductAttention(query, key, value, attnMask, dropoutP, isCausal, null);
    }

    /** Same as torch.nn.functional.scaled_dot_product_attention with an explicit scale (null: 1/√E). */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
                                                   double dropoutP, boolean isCausal, Double scale) {
        return Attention.scaledDotProductAttention(query, key, value, attnMask, dropoutP, isCausal, scale);
    }

    /** Same as torch.nn.functional.scaled_dot_product_attention(query, key, value). */
    public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
        return Attention.scaledDotProductAttention(query, key, value, null, 0, false, null);
    }

    /**
     * Same as torch.nn.functional.multi_head_attention_forward, arguments in PyTorch's order (seq-first inputs
     * [L, N, E] or unbatched [L, E]); optional tensors may be null.
     */
    public static MultiheadAttention.Output multiHeadAttentionForward(
            Tensor query, Tensor key, Tensor value, int embedDimToCheck, int numHeads, Tensor inProjWeight,
            Tensor inProjBias, Tensor biasK, Tensor biasV, boolean addZeroAttn, double dropoutP, Tensor outProjWeight,
            Tensor outProjBias, boolean training, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
            boolean useSeparateProjWeight, Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight, Tensor staticK,
            Tensor staticV, boolean averageAttnWeights) {
        return Attention.multiHeadAttentionForward(query, key, value, embedDimToCheck, numHeads, inProjWeight,
                inProjBias, biasK, biasV, addZeroAttn, dropoutP, outProjWeight, outProjBias, training, keyPaddingMask,
                needWeights, attnMask, useSeparateProjWeight, qProjWeight, kProjWeight, vProjWeight, staticK, staticV,
                averageAttnWeights);
    }

    // ---- pooling and resampling (torch4j.nn vision engineer)

    /** Same as torch.nn.functional.max_pool1d(input, kernel_size) (stride = kernel_size). */
    public static Tensor maxPool1d(Tensor input, int kernelSize) { return maxPool1d(input, kernelSize, kernelSize, 0, 1, false); }

    /** Same as torch.nn.functional.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode). */
    public static Tensor maxPool1d(Tensor input, int kernelSize, int stride, int padding, int dilation, boolean ceilMode) {
        return Pooling.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** Same as torch.nn.functional.max_pool1d(..., return_indices=True). */
    public static ValuesIndices maxPool1dWithIndices(Tensor input, int kernelSize, int stride, int padding,
                                                             int dilation, boolean ceilMode) {
        return Pooling.maxPool1dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    /** Same as torch.nn.functional.max_pool2d(input, kernel_size) (stride = kernel_size). */
    public static Tensor maxPool2d(Tensor input, int kernelSize) { return maxPool2d(input, kernelSize, kernelSize); }

    /** Same as torch.nn.functional.max_pool2d(input, kernel_size, stride). */
    public static Tensor maxPool2d(Tensor input, int kernelSize, int stride) {
        return maxPool2dWithIndices(input, new int[]{kernelSize}, new int[]{stride}, new int[]{0}, new int[]{1}, false).values();
    }

    /**
     * Same as torch.nn.functional.max_pool2d; each size is one int ({@code {2}}) or (h, w); stride null or empty
     * means kernel_size.
     */
    public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                                   boolean ceilMode) {
        return maxPool2dWithIndices(input, kernelSize, stride, padding, dilation, ceilMode).values();
    }

    /** Same as torch.nn.functional.max_pool2d(..., return_indices=True): indices are int64 into each H·W plane. */
    public static ValuesIndices maxPool2dWithIndices(Tensor input, int[] kernelSize, int[] stride, int[] padding,
                                                             int[] dilation, boolean ceilMode) {
        String k = "max_pool2d: kernel_size must either be a single int, or a tuple of two ints";
        String s = "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints";
        String p = "max_pool2d: padding must either be a single int, or a tuple of two ints";
        String d = "max_pool2d: dilation must be either a single int, or a tuple of two ints";
        int[] pad = padding == null ? new int[]{0} : padding, dil = dilation == null ? new int[]{1} : dilation;
        return Pooling.maxPool2dWithIndices(input,
                Pooling.arg(kernelSize, 0, 2, null, k), Pooling.arg(kernelSize, 1, 2, null, k),
                Pooling.arg(stride, 0, 2, kernelSize, s), Pooling.arg(stride, 1, 2, kernelSize, s),
                Pooling.arg(pad, 0, 2, null, p), Pooling.arg(pad, 1, 2, null, p),
                Pooling.arg(dil, 0, 2, null, d), Pooling.arg(dil, 1, 2, null, d),
                ceilMode);
    }

    /** Same as torch.nn.functional.avg_pool1d(input, kernel_size) (stride = kernel_size). */
    public static Tensor avgPool1d(Tensor input, int kernelSize) { return avgPool1d(input, kernelSize, kernelSize, 0, false, true); }

    /** Same as torch.nn.functional.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad). */
    public static Tensor avgPool1d(Tensor input, int kernelSize, int stride, int padding, boolean ceilMode,
                                   boolean countIncludePad) {
        return Pooling.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
    }

    /** Same as torch.nn.functional.avg_pool2d(input, kernel_size) (stride = kernel_size). */
    public static Tensor avgPool2d(Tensor input, int kernelSize) { return avgPool2d(input, kernelSize, kernelSize); }

    /** Same as torch.nn.functional.avg_pool2d(input, kernel_size, stride). */
    public static Tensor avgPool2d(Tensor input, int kernelSize, int stride) {
        return avgPool2d(input, new int[]{kernelSize}, new int[]{stride}, new int[]{0}, false, true, null);
    }

    /**
     * Same as torch.nn.functional.avg_pool2d; sizes are one int or (h, w), stride null or empty means kernel_size,
     * divisorOverride null for none.
     */
    public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
                                   boolean countIncludePad, Integer divisorOverride) {
        String k = "avg_pool2d: kernel_size must either be a single int, or a tuple of two ints";
        String s = "avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints";
        String p = "avg_pool2d: padding must either be a single int, or a tuple of two ints";
        int[] pad = padding == null ? new int[]{0} : padding;
        return Pooling.avgPool2d(input,
                Pooling.arg(kernelSize, 0, 2, null, k), Pooling.arg(kernelSize, 1, 2, null, k),
                Pooling.arg(stride, 0, 2, kernelSize, s), Pooling.arg(stride, 1, 2, kernelSize, s),
                Pooling.arg(pad, 0, 2, null, p), Pooling.arg(pad, 1, 2, null, p),
                ceilMode, countIncludePad, divisorOverride);
    }

    /** Same as torch.nn.functional.adaptive_avg_pool1d. */
    public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
        return Pooling.adaptiveAvgPool1d(input, outputSize);
    }

    /** Same as torch.nn.functional.adaptive_avg_pool2d(input, output_size) with a square output. */
    public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
        return Pooling.adaptiveAvgPool2d(input, outputSize, outputSize);
    }

    /** Same as torch.nn.functional.adaptive_avg_pool2d(input, (h, w)); null keeps the input's size (Python None). */
    public static Tensor adaptiveAvgPool2d(Tensor input, Integer outputH, Integer outputW) {
        return Pooling.adaptiveAvgPool2d(input, outputH, outputW);
    }

    /** Same as torch.nn.functional.adaptive_max_pool1d. */
    public static Tensor adaptiveMaxPool1d(Tensor input, int outputSize) {
        return Pooling.adaptiveMaxPool1d(input, outputSize).values();
    }

    /** Same as torch.nn.functional.adaptive_max_pool1d(..., return_indices=True). */
    public static ValuesIndices adaptiveMaxPool1dWithIndices(Tensor input, int outputSize) {
        return Pooling.adaptiveMaxPool1d(input, outputSize);
    }

    /** Same as torch.nn.functional.adaptive_max_pool2d(input, output_size) with a square output. */
    public static Tensor adaptiveMaxPool2d(Tensor input, int outputSize) {
        return Pooling.adaptiveMaxPool2d(input, outputSize, outputSize).values();
    }

    /** Same as torch.nn.functional.adaptive_max_pool2d(input, (h, w)); null keeps the input's size. */
    public static Tensor adaptiveMaxPool2d(Tensor input, Integer outputH, Integer outputW) {
        return Pooling.adaptiveMaxPool2d(input, outputH, outputW).values();
    }

    /** Same as torch.nn.functional.adaptive_max_pool2d(..., return_indices=True). */
    public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, Integer outputH, Integer outputW) {
        return Pooling.adaptiveMaxPool2d(input, outputH, outputW);
    }

    /** Same as torch.nn.functional.interpolate(input, size=size, mode=mode): one size per spatial dim. */
    public static Tensor interpolate(Tensor input, int[] size, InterpolationMode mode) {
        return interpolate(input, size, null, mode, null, null);
    }

    /** Same as torch.nn.functional.interpolate(input, scale_factor=scaleFactor, mode=mode) for every spatial dim. */
    public static Tensor interpolate(Tensor input, double scaleFactor, InterpolationMode mode) {
        return interpolate(input, null, perSpatialDim(input, scaleFactor), mode, null, null);
    }

    /** Same as torch.nn.functional.interpolate(input, scale_factor, mode, align_corners) for every spatial dim. */
    public static Tensor interpolate(Tensor input, double scaleFactor, InterpolationMode mode, boolean alignCorners) {
        return interpolate(input, null, perSpatialDim(input, scaleFactor), mode, alignCorners, null);
    }

    private static double[] perSpatialDim(Tensor input, double v) {
        double[] s = new double[Math.max(input.dim() - 2, 0)];
        java.util.Arrays.fill(s, v);
        return s;
    }

    /**
     * Same as torch.nn.functional.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor):
     * exactly one of size and scaleFactor; null for Python's None.
     */
    public static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, InterpolationMode mode,
                                     Boolean alignCorners, Boolean recomputeScaleFactor) {
        return Resampling.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    /** Same as torch.nn.functional.pad(input, pad) with zeros; pad lists (left, right) pairs from the last dim. */
    public static Tensor pad(Tensor input, int[] pad) { return torch4j.internal.ops.Padding.pad(input, pad, PadMode.CONSTANT, null); }

    /** Same as torch.nn.functional.pad(input, pad, value=value). */
    public static Tensor pad(Tensor input, int[] pad, double value) {
        return torch4j.internal.ops.Padding.pad(input, pad, PadMode.CONSTANT, value);
    }

    /** Same as torch.nn.functional.pad(input, pad, mode=mode). */
    public static Tensor pad(Tensor input, int[] pad, PadMode mode) {
        return torch4j.internal.ops.Padding.pad(input, pad, mode, null);
    }

    /** Same as torch.nn.functional.pad(input, pad, mode, value); value null for Python's None. */
    public static Tensor pad(Tensor input, int[] pad, PadMode mode, Double value) {
        return torch4j.internal.ops.Padding.pad(input, pad, mode, value);
    }

    /** Same as torch.nn.functional.pixel_shuffle. */
    public static Tensor pixelShuffle(Tensor input, int upscaleFactor) {
        return torch4j.internal.ops.Padding.pixelShuffle(input, upscaleFactor);
    }

    /** Same as torch.nn.functional.pixel_unshuffle. */
    public static Tensor pixelUnshuffle(Tensor input, int downscaleFactor) {
        return torch4j.internal.ops.Padding.pixelUnshuffle(input, downscaleFactor);
    }

    // ---- convolution (torch4j.nn convolution engineer)

    private static final int[] ONE = {1}, ZERO = {0};

    /** The string values of the convolution padding argument: {@code padding="same"} / {@code "valid"}. */
    public enum Padding { SAME, VALID }

    private static Tensor convPadded(Tensor x, Tensor w, Tensor b, int[] stride, Padding padding, int[] dilation,
                                     int groups, int spatial, String fn) {
        if (padding == Padding.VALID)
            return Convolution.conv(x, w, b, stride, ZERO, dilation, groups, spatial, fn);
        return Convolution.convSame(x, w, b, stride, dilation, groups, spatial, fn);
    }

    /** Same as torch.nn.functional.conv1d(input, weight, bias) (stride 1, no padding). */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias) {
        return conv1d(input, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** Same as torch.nn.functional.conv1d; stride, padding and dilation take one value or one per spatial dim. */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Convolution.conv(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d");
    }

    /** Same as torch.nn.functional.conv1d with padding="same" or "valid". */
    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
                                int groups) {
        return convPadded(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d");
    }

    /** Same as torch.nn.functional.conv2d(input, weight) (no bias, stride 1, no padding). */
    public static Tensor conv2d(Tensor input, Tensor weight) { return conv2d(input, weight, null); }

    /** Same as torch.nn.functional.conv2d(input, weight, bias) (stride 1, no padding). */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
        return conv2d(input, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** Same as torch.nn.functional.conv2d(input, weight, bias, stride, padding) with square stride and padding. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(input, weight, bias, new int[]{stride}, new int[]{padding}, ONE, 1);
    }

    /** Same as torch.nn.functional.conv2d; stride, padding and dilation take one value or one per spatial dim. */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Convolution.conv(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d");
    }

    /** Same as torch.nn.functional.conv2d with padding="same" or "valid". */
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
                                int groups) {
        return convPadded(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d");
    }

    /** Same as torch.nn.functional.conv3d(input, weight, bias) (stride 1, no padding). */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias) {
        return conv3d(input, weight, bias, ONE, ZERO, ONE, 1);
    }

    /** Same as torch.nn.functional.conv3d; stride, padding and dilation take one value or one per spatial dim. */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Convolution.conv(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d");
    }

    /** Same as torch.nn.functional.conv3d with padding="same" or "valid". */
    public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, int[] stride, Padding padding, int[] dilation,
                                int groups) {
        return convPadded(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d");
    }

    /** Same as torch.nn.functional.conv_transpose1d(input, weight, bias). */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose1d(input, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /** Same as torch.nn.functional.conv_transpose1d, arguments in PyTorch's order. */
    public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return Convolution.convTranspose(input, weight, bias, stride, padding, outputPadding, groups,
                dilation, 1, "conv_transpose1d");
    }

    /** Same as torch.nn.functional.conv_transpose2d(input, weight, bias). */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias) {
        return convTranspose2d(input, weight, bias, ONE, ZERO, ZERO, 1, ONE);
    }

    /** Same as torch.nn.functional.conv_transpose2d, arguments in PyTorch's order. */
    public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return Convolution.convTranspose(input, weight, bias, stride, padding, outputPadding, groups,
                dilation, 2, "conv_transpose2d");
    }

    /** Same as torch.nn.functional.unfold(input, kernel_size) (im2col): [N, C, H, W] to [N, C·kH·kW, L]. */
    public static Tensor unfold(Tensor input, int[] kernelSize) { return unfold(input, kernelSize, ONE, ZERO, ONE); }

    /** Same as torch.nn.functional.unfold(input, kernel_size, dilation, padding, stride). */
    public static Tensor unfold(Tensor input, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        return Convolution.unfold(input, kernelSize, dilation, padding, stride);
    }

    /** Same as torch.nn.functional.fold(input, output_size, kernel_size) (col2im): sums overlapping blocks. */
    public static Tensor fold(Tensor input, int[] outputSize, int[] kernelSize) {
        return fold(input, outputSize, kernelSize, ONE, ZERO, ONE);
    }

    /** Same as torch.nn.functional.fold(input, output_size, kernel_size, dilation, padding, stride). */
    public static Tensor fold(Tensor input, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding,
                              int[] stride) {
        return Convolution.fold(input, outputSize, kernelSize, dilation, padding, stride);
    }
}
