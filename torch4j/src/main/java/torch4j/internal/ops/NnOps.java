package torch4j.internal.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.trace.Tracer;

/**
 * The nn ops that are not plain tensor ops: the activations with parameters (leaky_relu, elu, hardtanh,
 * hardswish, mish), embedding, bilinear and dropout. Each forward runs without recording, and one node named as
 * PyTorch's carries the derivative, written with tensor ops (so double backward works).
 */
public final class NnOps {
    private NnOps() {}

    /** A grad-free forward under a node with the given name and derivative (x the input, g the incoming grad). */
    private static Tensor recorded(String name, Tensor x, java.util.function.Supplier<Tensor> forward,
                                   java.util.function.UnaryOperator<Tensor> derivative) {
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"" + name.replace("Backward0", "") + "\" not implemented for '"
                    + Pointwise.shortName(x.dtype()) + "'");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = forward.get();
        }
        if (Node.needed(x)) Node.of(name, x).saves(x).grad(0, derivative::apply).attach(out);
        return out;
    }

    /** torch.nn.functional.leaky_relu. */
    public static Tensor leakyRelu(Tensor x, double slope) {
        Tensor out = leakyReluUntraced(x, slope);
        if (Tracer.on()) Tracer.record("leaky_relu", Tracer.attrs("negative_slope", slope), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor leakyReluUntraced(Tensor x, double slope) {
        return recorded("LeakyReluBackward0", x, () -> Pointwise.where(x.gt(0.0), x, x.mul(slope)),
                g -> Pointwise.where(x.gt(0.0), g, g.mul(slope)));
    }

    /** torch.nn.functional.elu. */
    public static Tensor elu(Tensor x, double alpha) {
        return recorded("EluBackward0", x, () -> Pointwise.where(x.gt(0.0), x, x.expm1().mul(alpha)),
                g -> Pointwise.where(x.gt(0.0), g, g.mul(x.exp().mul(alpha))));
    }

    /** torch.nn.functional.hardtanh: the gradient is zero at and beyond the bounds, as PyTorch's. */
    public static Tensor hardtanh(Tensor x, double min, double max) {
        Tensor out = hardtanhUntraced(x, min, max);
        if (Tracer.on()) Tracer.record("clamp", Tracer.attrs("min", min, "max", max), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor hardtanhUntraced(Tensor x, double min, double max) {
        if (min > max) throw new TorchException("min_val cannot be greater than max_val");
        return recorded("HardtanhBackward0", x, () -> x.clamp(min, max),
                g -> g.mul(x.gt(min).logicalAnd(x.lt(max))));
    }

    /** torch.nn.functional.hardswish: x·relu6(x + 3)/6. */
    public static Tensor hardswish(Tensor x) {
        return recorded("HardswishBackward0", x, () -> x.mul(x.add(3.0).clamp(0.0, 6.0)).div(6.0),
                g -> Pointwise.where(x.lt(-3.0), g.mul(0.0),
                        Pointwise.where(x.le(3.0), g.mul(x.div(3.0).add(0.5)), g)));
    }

    /** torch.nn.functional.mish: x·tanh(softplus(x)). */
    public static Tensor mish(Tensor x) {
        return recorded("MishBackward0", x, () -> x.mul(x.softplus().tanh()), g -> {
            Tensor t = x.softplus().tanh();
            return g.mul(t.add(x.mul(x.sigmoid()).mul(t.mul(t).rsub(1.0))));
        });
    }

    // ------------------------------------------------------------------ embedding

    private static void checkIndices(Tensor indices, String op) {
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32)
            throw new TorchException("Expected tensor for argument #1 'indices' to have one of the following scalar "
                    + "types: Long, Int; but got " + indices.typeName() + " instead (while checking arguments for "
                    + op + ")");
    }

    /**
     * torch.embedding: rows of weight picked by indices (any shape); the gradient is summed into the picked rows,
     * except rows equal to paddingIdx (null for none), optionally scaled by the inverse frequency of each index.
     */
    public static Tensor embedding(Tensor weight, Tensor indices, Integer paddingIdx, boolean scaleGradByFreq) {
        Tensor out = embeddingUntraced(weight, indices, paddingIdx, scaleGradByFreq);
        if (Tracer.on()) Tracer.record("embedding", Tracer.attrs(), new Tensor[]{weight, indices}, out);
        return out;
    }

    private static Tensor embeddingUntraced(Tensor weight, Tensor indices, Integer paddingIdx, boolean scaleGradByFreq) {
        checkIndices(indices, "embedding");
        if (weight.dim() != 2) throw new TorchException("'weight' must be 2-D");
        int[] is = indices.shapeArray();
        int dim = weight.size(1), num = weight.size(0);
        Tensor flat = indices.reshape(-1).to(DType.INT64);
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            Tensor rows = Indexing.indexSelect(weight, 0, flat);
            int[] os = java.util.Arrays.copyOf(is, is.length + 1);
            os[is.length] = dim;
            out = rows.reshape(os);
        }
        if (Node.needed(weight)) {
            Node.of("EmbeddingBackward0", weight).saves(indices).grad(0, g -> {
                Tensor gf = g.reshape(-1, dim);
                Tensor keep = null;
                if (paddingIdx != null) keep = flat.ne((double) paddingIdx);
                if (scaleGradByFreq) {
                    Tensor ones = Pointwise.full(new int[]{(int) flat.numel()}, 1, g.dtype(), g.device());
                    Tensor counts = Pointwise.full(new int[]{num}, 0, g.dtype(), g.device()).indexAdd(0, flat, ones);
                    gf = gf.div(counts.indexSelect(0, flat).unsqueeze(1));
                }
                if (keep != null) gf = gf.mul(keep.unsqueeze(1).to(g.dtype()));
                return Pointwise.full(new int[]{num, dim}, 0, g.dtype(), g.device()).indexAdd(0, flat, gf);
            }).attach(out);
        }
        return out;
    }

    /** torch.embedding_renorm_: rows of weight named in indices with a maxNorm-exceeding normType-norm are scaled down. */
    public static Tensor embeddingRenorm_(Tensor weight, Tensor indices, double maxNorm, double normType) {
        checkIndices(indices, "embedding_renorm_");
        try (var _ = GradMode.scope(false)) {
            long[] idx = indices.toLongArray();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (long i : idx) {
                if (!seen.add(i)) continue;
                if (i < 0 || i >= weight.size(0)) throw new IndexOutOfBoundsException("index out of range in self");
                Tensor row = weight.select(0, (int) i);
                double norm = row.norm(normType).item();
                if (norm > maxNorm) {
                    double scale = maxNorm / (norm + 1e-7);
                    row.mul_(scale);
                }
            }
        }
        return weight;
    }

    // ------------------------------------------------------------------ bilinear

    /** torch.nn.functional.bilinear: y[..., o] = x1[..., i]·W[o, i, j]·x2[..., j] + b[o]. */
    public static Tensor bilinear(Tensor x1, Tensor x2, Tensor weight, Tensor bias) {
        if (x1.dim() != x2.dim())
            throw new TorchException("bilinear(): input dimensions do not match: got " + x1.dim() + " and " + x2.dim());
        for (int i = 0; i < x1.dim() - 1; i++)
            if (x1.size(i) != x2.size(i))
                throw new TorchException("bilinear(): input batch dimensions do not match: got "
                        + torch4j.internal.Shapes.str(x1.shapeArray()) + " and " + torch4j.internal.Shapes.str(x2.shapeArray()));
        if (weight.dim() != 3) throw new TorchException("bilinear(): weight must be 3-D");
        int out = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
        if (x1.size(-1) != in1)
            throw new TorchException("bilinear(): input1 size does not match weight size: got " + x1.size(-1)
                    + " but expected " + in1);
        if (x2.size(-1) != in2)
            throw new TorchException("bilinear(): input2 size does not match weight size: got " + x2.size(-1)
                    + " but expected " + in2);
        int[] lead = java.util.Arrays.copyOf(x1.shapeArray(), x1.dim() - 1);
        Tensor a = x1.reshape(-1, in1), b = x2.reshape(-1, in2);
        // (x1·W reshaped to [in1, out·in2]) then a row-wise dot with x2: two dense products, no [B, out, in1, in2]
        Tensor t = a.mm(weight.permute(1, 0, 2).reshape(in1, out * in2)).view(-1, out, in2);
        Tensor y = t.mul(b.unsqueeze(1)).sum(2);
        if (bias != null) y = y.add(bias);
        int[] os = java.util.Arrays.copyOf(lead, lead.length + 1);
        os[lead.length] = out;
        return y.reshape(os);
    }

    // ------------------------------------------------------------------ dropout

    private static void checkP(double p) {
        if (p < 0 || p > 1)
            throw new TorchException("dropout probability has to be between 0 and 1, but got " + p);
    }

    /**
     * torch.dropout / feature_dropout: in training, zeroes elements (or, when feature, whole channels of x [N, C, *])
     * with probability p from the default generator and scales the rest by 1/(1 - p), as PyTorch's CPU path does
     * (noise = bernoulli_(1 - p) / (1 - p), then a product).
     */
    public static Tensor dropout(Tensor x, double p, boolean training, boolean feature, torch4j.Generator generator) {
        checkP(p);
        if (p == 0 || !training || x.numel() == 0) return x;
        if (p == 1) return x.mul(Tensor.scalar(0, x.dtype()));
        int[] ns = x.shapeArray().clone();
        if (feature) for (int i = 2; i < ns.length; i++) ns[i] = 1;
        Tensor noise;
        try (var _ = GradMode.scope(false)) {
            noise = Tensor.empty(ns, x.dtype(), x.device()).bernoulli_(1 - p, generator);
            noise.div_(1 - p);
        }
        return x.mul(noise);
    }
}
