package torch4j.nn.functional;

import java.util.List;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.MultiheadAttention;
import torch4j.nn.PyRepr;

/** The bodies of F's attention functions, written with tensor ops as PyTorch's functional.py. */
final class Attention {
    private Attention() {}

    private static String shape(int... s) { return "torch.Size([" + PyRepr.tuple(s).replaceAll("^\\(|,?\\)$", "") + "])"; }

    private static String shape(Tensor t) { return shape(t.shapeArray()); }

    private static void check(boolean ok, String msg) {
        if (!ok) throw new TorchException(msg);
    }

    static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP,
                                            boolean isCausal, Double scale) {
        if (isCausal && attnMask != null)
            throw new TorchException("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
        int l = query.size(-2), s = key.size(-2);
        double sc = scale != null ? scale : 1 / Math.sqrt(query.size(-1));
        Tensor scores = query.matmul(key.transpose(-2, -1)).mul(sc);
        if (isCausal) attnMask = Torch.ones(new int[]{l, s}, DType.BOOL).tril();
        if (attnMask != null) {
            // bool masks mark the positions that take part (PyTorch 2's convention); float masks are added
            scores = attnMask.dtype() == DType.BOOL ? scores.maskedFill(attnMask.logicalNot(), Double.NEGATIVE_INFINITY)
                    : scores.add(attnMask);
        }
        Tensor w = scores.softmax(-1);
        if (dropoutP > 0) w = F.dropout(w, dropoutP, true);
        return w.matmul(value);
    }

    /** Appends a zero (false) column to the last dim of a mask, as F.pad(mask, (0, 1)). */
    private static Tensor padOne(Tensor mask) {
        int[] s = mask.shapeArray().clone();
        s[s.length - 1] = 1;
        return Torch.cat(List.of(mask, Torch.zeros(s, mask.dtype(), mask.device())), -1);
    }

    /** [L, N, E] split into heads as [N·heads, L, headDim], or the given static keys/values once checked. */
    private static Tensor heads(Tensor t, Tensor fixed, String name, int bh, int headDim) {
        if (fixed == null) return t.contiguous().view(t.size(0), bh, headDim).transpose(0, 1);
        check(fixed.size(0) == bh, "expecting " + name + ".size(0) of " + bh + ", but got " + fixed.size(0));
        check(fixed.size(2) == headDim, "expecting " + name + ".size(2) of " + headDim + ", but got " + fixed.size(2));
        return fixed;
    }

    private static Tensor[] inProjectionPacked(Tensor q, Tensor k, Tensor v, Tensor w, Tensor b) {
        int e = q.size(-1);
        if (k == v) {
            if (q == k) return F.linear(q, w, b).chunk(3, -1);
            Tensor[] ws = w.split(new int[]{e, 2 * e}, 0);
            Tensor[] bs = b == null ? new Tensor[2] : b.split(new int[]{e, 2 * e}, 0);
            Tensor[] kv = F.linear(k, ws[1], bs[1]).chunk(2, -1);
            return new Tensor[]{F.linear(q, ws[0], bs[0]), kv[0], kv[1]};
        }
        Tensor[] ws = w.chunk(3, 0);
        Tensor[] bs = b == null ? new Tensor[3] : b.chunk(3, 0);
        return new Tensor[]{F.linear(q, ws[0], bs[0]), F.linear(k, ws[1], bs[1]), F.linear(v, ws[2], bs[2])};
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    static MultiheadAttention.Output multiHeadAttentionForward(
            Tensor query, Tensor key, Tensor value, int embedDimToCheck, int numHeads, Tensor inProjWeight,
            Tensor inProjBias, Tensor biasK, Tensor biasV, boolean addZeroAttn, double dropoutP, Tensor outProjWeight,
            Tensor outProjBias, boolean training, Tensor keyPaddingMask, boolean needWeights, Tensor attnMask,
            boolean useSeparateProjWeight, Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight, Tensor staticK,
            Tensor staticV, boolean averageAttnWeights) {
        boolean batched = shapeCheck(query, key, value, keyPaddingMask, attnMask, numHeads);
        if (!batched) {
            // a batch of one, squeezed again at the end
            boolean selfAttn = query == key && key == value, kvSame = key == value;
            query = query.unsqueeze(1);
            key = selfAttn ? query : key.unsqueeze(1);
            value = kvSame ? key : value.unsqueeze(1);
            if (keyPaddingMask != null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
        }
        int tgtLen = query.size(0), bsz = query.size(1), embedDim = query.size(2);
        int srcLen = key.size(0);
        if (keyPaddingMask != null && keyPaddingMask.dtype() != DType.BOOL && !keyPaddingMask.isFloatingPoint())
            throw new TorchException("only bool and floating types of key_padding_mask are supported");
        check(embedDim == embedDimToCheck, "was expecting embedding dimension of " + embedDimToCheck + ", but got " + embedDim);
        int headDim = embedDim / numHeads;
        check(headDim * numHeads == embedDim, "embed_dim " + embedDim + " not divisible by num_heads " + numHeads);
        if (useSeparateProjWeight)
            check(key.size(0) == value.size(0) && key.size(1) == value.size(1), "key's sequence and batch dims "
                    + shape(key.size(0), key.size(1)) + " do not match value's " + shape(value.size(0), value.size(1)));
        else
            check(java.util.Arrays.equals(key.shapeArray(), value.shapeArray()),
                    "key shape " + shape(key) + " does not match value shape " + shape(value));

        Tensor q, k, v;
        if (!useSeparateProjWeight) {
            check(inProjWeight != null, "use_separate_proj_weight is False but in_proj_weight is None");
            Tensor[] qkv = inProjectionPacked(query, key, value, inProjWeight, inProjBias);
            q = qkv[0];
            k = qkv[1];
            v = qkv[2];
        } else {
            check(qProjWeight != null, "use_separate_proj_weight is True but q_proj_weight is None");
            check(kProjWeight != null, "use_separate_proj_weight is True but k_proj_weight is None");
            check(vProjWeight != null, "use_separate_proj_weight is True but v_proj_weight is None");
            Tensor[] bs = inProjBias == null ? new Tensor[3] : inProjBias.chunk(3, 0);
            q = F.linear(query, qProjWeight, bs[0]);
            k = F.linear(key, kProjWeight, bs[1]);
            v = F.linear(value, vProjWeight, bs[2]);
        }

        if (attnMask != null) {
            if (attnMask.dtype() == DType.UINT8) attnMask = attnMask.bool_();
            else
                check(attnMask.isFloatingPoint() || attnMask.dtype() == DType.BOOL,
                        "Only float, byte, and bool types are supported for attn_mask, not " + attnMask.dtype());
            if (attnMask.dim() == 2) {
                if (attnMask.size(0) != tgtLen || attnMask.size(1) != srcLen)
                    throw new TorchException("The shape of the 2D attn_mask is " + shape(attnMask) + ", but should be "
                            + PyRepr.tuple(new int[]{tgtLen, srcLen}) + ".");
                attnMask = attnMask.unsqueeze(0);
            } else if (attnMask.dim() == 3) {
                int[] want = {bsz * numHeads, tgtLen, srcLen};
                if (!java.util.Arrays.equals(attnMask.shapeArray(), want))
                    throw new TorchException("The shape of the 3D attn_mask is " + shape(attnMask) + ", but should be "
                            + PyRepr.tuple(want) + ".");
            } else throw new TorchException("attn_mask's dimension " + attnMask.dim() + " is not supported");
        }

        if (biasK != null && biasV != null) {
            check(staticK == null, "bias cannot be added to static key.");
            check(staticV == null, "bias cannot be added to static value.");
            k = Torch.cat(List.of(k, biasK.repeat(1, bsz, 1)), 0);
            v = Torch.cat(List.of(v, biasV.repeat(1, bsz, 1)), 0);
            if (attnMask != null) attnMask = padOne(attnMask);
            if (keyPaddingMask != null) keyPaddingMask = padOne(keyPaddingMask);
        } else check(biasK == null && biasV == null, "bias_k and bias_v must be given together");

        q = heads(q, null, null, bsz * numHeads, headDim);
        k = heads(k, staticK, "static_k", bsz * numHeads, headDim);
        v = heads(v, staticV, "static_v", bsz * numHeads, headDim);

        if (addZeroAttn) {
            int[] zs = {bsz * numHeads, 1, headDim};
            k = Torch.cat(List.of(k, Torch.zeros(zs, k.dtype(), k.device())), 1);
            v = Torch.cat(List.of(v, Torch.zeros(zs, v.dtype(), v.device())), 1);
            if (attnMask != null) attnMask = padOne(attnMask);
            if (keyPaddingMask != null) keyPaddingMask = padOne(keyPaddingMask);
        }
        srcLen = k.size(1);

        if (keyPaddingMask != null) {
            if (keyPaddingMask.dim() != 2 || keyPaddingMask.size(0) != bsz || keyPaddingMask.size(1) != srcLen)
                throw new TorchException("expecting key_padding_mask shape of " + PyRepr.tuple(new int[]{bsz, srcLen})
                        + ", but got " + shape(keyPaddingMask));
            keyPaddingMask = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1)
                    .reshape(bsz * numHeads, 1, srcLen);
            if (attnMask == null) attnMask = keyPaddingMask;
            else if (attnMask.dtype() == DType.BOOL) attnMask = attnMask.logicalOr(keyPaddingMask);
            else attnMask = attnMask.maskedFill(keyPaddingMask, Double.NEGATIVE_INFINITY);
        }
        if (attnMask != null && attnMask.dtype() == DType.BOOL)
            attnMask = Torch.zeros(attnMask.shapeArray().clone(), q.dtype(), q.device())
                    .maskedFill(attnMask, Double.NEGATIVE_INFINITY);
        if (!training) dropoutP = 0;

        Tensor qScaled = q.div(Math.sqrt(q.size(2)));
        Tensor kt = k.transpose(-2, -1);
        Tensor weights = attnMask != null ? Torch.baddbmm(attnMask, qScaled, kt) : qScaled.bmm(kt);
        weights = weights.softmax(-1);
        if (dropoutP > 0) weights = F.dropout(weights, dropoutP, true);
        Tensor out = weights.bmm(v);
        out = out.transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
        out = F.linear(out, outProjWeight, outProjBias);
        out = out.view(tgtLen, bsz, out.size(1));
        if (needWeights) {
            weights = weights.view(bsz, numHeads, tgtLen, srcLen);
            if (averageAttnWeights) weights = weights.sum(1).div(numHeads);
            if (!batched) return new MultiheadAttention.Output(out.squeeze(1), weights.squeeze(0));
            return new MultiheadAttention.Output(out, weights);
        }
        return new MultiheadAttention.Output(batched ? out : out.squeeze(1), null);
    }

    private static boolean shapeCheck(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
                                      int numHeads) {
        if (query.dim() == 3) {
            check(key.dim() == 3 && value.dim() == 3, "For batched (3-D) `query`, expected `key` and `value` to be 3-D but "
                    + "found " + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            if (keyPaddingMask != null)
                check(keyPaddingMask.dim() == 2, "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or "
                        + "2-D but found " + keyPaddingMask.dim() + "-D tensor instead");
            if (attnMask != null)
                check(attnMask.dim() == 2 || attnMask.dim() == 3, "For batched (3-D) `query`, expected `attn_mask` to be "
                        + "`None`, 2-D or 3-D but found " + attnMask.dim() + "-D tensor instead");
            return true;
        }
        if (query.dim() == 2) {
            check(key.dim() == 2 && value.dim() == 2, "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D "
                    + "but found " + key.dim() + "-D and " + value.dim() + "-D tensors respectively");
            if (keyPaddingMask != null)
                check(keyPaddingMask.dim() == 1, "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or "
                        + "1-D but found " + keyPaddingMask.dim() + "-D tensor instead");
            if (attnMask != null) {
                check(attnMask.dim() == 2 || attnMask.dim() == 3, "For unbatched (2-D) `query`, expected `attn_mask` to "
                        + "be `None`, 2-D or 3-D but found " + attnMask.dim() + "-D tensor instead");
                if (attnMask.dim() == 3) {
                    int[] want = {numHeads, query.size(0), key.size(0)};
                    check(java.util.Arrays.equals(attnMask.shapeArray(), want), "Expected `attn_mask` shape to be "
                            + PyRepr.tuple(want) + " but got " + shape(attnMask));
                }
            }
            return false;
        }
        throw new TorchException("query should be unbatched 2D or batched 3D tensor but received " + query.dim()
                + "-D query tensor");
    }
}
