package torch4j.internal.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;
import torch4j.internal.trace.Tracer;

/**
 * Reductions: the backend computes sum/prod/max/min over a dim mask into a keepdim-shaped output; this class
 * owns the shape rules, dtypes and derivatives, and composes the rest (mean, var, norms, logsumexp, …).
 */
public final class Reductions {
    private Reductions() {}

    /** The backend reduction into a keepdim-shaped tensor of dtype, squeezed unless keepdim. No autograd. */
    static Tensor raw(ReduceOp op, Tensor x, boolean[] mask, boolean keepdim, DType dtype) {
        Tensor in = x.dtype() == dtype ? x : x.detach().to(dtype);
        int[] kshape = Shapes.reducedShape(x.shapeArray(), mask, true);
        Tensor out = Tensor.empty(kshape, dtype, x.device());
        x.backend().reduce().reduce(op, in, mask, out);
        if (keepdim) return out;
        int[] s = Shapes.reducedShape(x.shapeArray(), mask, false);
        return out.viewAs(s, Shapes.contiguousStrides(s), 0);
    }

    /** g (reduced shape) back to x's shape: unsqueeze the reduced dims, then expand. */
    static Tensor expandBack(Tensor g, int[] shape, boolean[] mask, boolean keepdim) {
        if (!keepdim) g = g.reshape(Shapes.reducedShape(shape, mask, true));
        return g.expand(shape);
    }

    private static DType sumType(Tensor x, DType dtype) {
        if (dtype != null) return dtype;
        return x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim, DType dtype) {
        Tensor out = sumUntraced(x, dims, keepdim, dtype);
        if (Tracer.on()) Tracer.record("sum", Tracer.attrs("dims", Tracer.reduceDims(dims, x), "keepdim", keepdim, "dtype", dtype == null ? null : dtype.name()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor sumUntraced(Tensor x, int[] dims, boolean keepdim, DType dtype) {
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        Tensor out = raw(ReduceOp.SUM, x, mask, keepdim, sumType(x, dtype));
        if (Node.needed(x) && out.dtype().isFloatingPoint()) {
            int[] shape = x.shapeArray();
            Node.of(dims == null || dims.length == 0 ? "SumBackward0" : "SumBackward1", x)
                    .grad(0, g -> expandBack(g, shape, mask, keepdim)).attach(out);
        }
        return out;
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim, DType dtype) {
        Tensor out = meanUntraced(x, dims, keepdim, dtype);
        if (Tracer.on()) Tracer.record("mean", Tracer.attrs("dims", Tracer.reduceDims(dims, x), "keepdim", keepdim, "dtype", dtype == null ? null : dtype.name()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor meanUntraced(Tensor x, int[] dims, boolean keepdim, DType dtype) {
        DType t = dtype != null ? dtype : x.dtype();
        if (!t.isFloatingPoint())
            throw new TorchException("mean(): could not infer output dtype. Input dtype must be either a floating point "
                    + "or complex dtype. Got: " + Pointwise.shortName(x.dtype()));
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        long count = 1;
        for (int d = 0; d < x.dim(); d++) if (mask[d]) count *= x.size(d);
        Tensor out = raw(ReduceOp.SUM, x, mask, keepdim, t);
        try (var _ = GradMode.scope(false)) {
            out.div_(count == 0 ? Double.NaN : count);
        }
        if (Node.needed(x)) {
            int[] shape = x.shapeArray();
            long c = count;
            Node.of(dims == null || dims.length == 0 ? "MeanBackward0" : "MeanBackward1", x)
                    .grad(0, g -> expandBack(g, shape, mask, keepdim).div(c)).attach(out);
        }
        return out;
    }

    public static Tensor prod(Tensor x, int[] dims, boolean keepdim, DType dtype) {
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        Tensor out = raw(ReduceOp.PROD, x, mask, keepdim, sumType(x, dtype));
        if (Node.needed(x)) {
            int[] shape = x.shapeArray();
            // prod / x where x != 0; where x == 0 the product of the others, recomputed with x replaced by 1
            Node.of(dims == null || dims.length == 0 ? "ProdBackward0" : "ProdBackward1", x).saves(x)
                    .grad(0, g -> {
                        Tensor zero = x.eq(0.0);
                        Tensor safe = Tensor.where(zero, Tensor.onesLike(x), x);
                        Tensor others = prod(safe, dims, true, null).expand(shape);
                        Tensor zerosPerSlice = sum(zero, dims, true, DType.INT64).expand(shape);
                        // with one zero in the slice, only that element gets the product of the others
                        Tensor gz = Tensor.where(zero.logicalAnd(zerosPerSlice.eq(1.0)), others,
                                Tensor.zerosLike(others));
                        Tensor grad = Tensor.where(zerosPerSlice.eq(0.0), others.div(safe).mul(1.0), gz);
                        return expandBack(g, shape, mask, keepdim).mul(grad);
                    }).attach(out);
        }
        return out;
    }

    /** amax/amin (and max()/min() over everything): the gradient is shared evenly among ties, as PyTorch does. */
    public static Tensor amax(Tensor x, int[] dims, boolean keepdim, boolean max, String nodeName) {
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        for (int d = 0; d < x.dim(); d++)
            if (mask[d] && x.size(d) == 0)
                throw new TorchException((max ? "max" : "min") + "(): Expected reduction dim " + d
                        + " to have non-zero size.");
        if (x.numel() == 0)
            throw new TorchException((max ? "max" : "min") + "(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument.");
        Tensor out = raw(max ? ReduceOp.MAX : ReduceOp.MIN, x, mask, keepdim, x.dtype());
        if (Node.needed(x)) {
            int[] shape = x.shapeArray();
            Node.of(nodeName, x).saves(x, out).grad(0, g -> {
                Tensor hit = x.eq(expandBack(out, shape, mask, keepdim)).to(g.dtype());
                Tensor count = sum(hit, dims, true, null);
                return expandBack(g, shape, mask, keepdim).mul(hit).div(count);
            }).attach(out);
        }
        return out;
    }

    public static Tensor all(Tensor x, int[] dims, boolean keepdim) {
        return raw(ReduceOp.MIN, x.ne(0.0), Shapes.reduceMask(dims, x.dim()), keepdim, DType.BOOL);
    }

    public static Tensor any(Tensor x, int[] dims, boolean keepdim) {
        return raw(ReduceOp.MAX, x.ne(0.0), Shapes.reduceMask(dims, x.dim()), keepdim, DType.BOOL);
    }

    // ------------------------------------------------------------------ var / std

    private static void requireFloat(Tensor x, String what) {
        if (!x.dtype().isFloatingPoint())
            throw new TorchException(what);
    }

    private static long count(Tensor x, boolean[] mask) {
        long n = 1;
        for (int d = 0; d < x.dim(); d++) if (mask[d]) n *= x.size(d);
        return n;
    }

    /**
     * var (or std) over dims with Bessel's correction: sum((x - mean)^2) / max(0, N - correction). Computed in
     * float64 with two passes and rounded once, which matches PyTorch's double-accumulating Welford kernel.
     */
    public static Tensor var(Tensor x, int[] dims, double correction, boolean keepdim, boolean std) {
        requireFloat(x, "std and var only support floating point and complex dtypes");
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        long n = count(x, mask);
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            Tensor xd = x.to(DType.FLOAT64);
            Tensor mean = raw(ReduceOp.SUM, xd, mask, true, DType.FLOAT64).div_(n == 0 ? Double.NaN : n);
            Tensor dev = xd.sub(mean);
            Tensor v = raw(ReduceOp.SUM, dev.mul_(dev), mask, keepdim, DType.FLOAT64).div_(Math.max(0, n - correction));
            if (std) v.sqrt_();
            out = v.to(x.dtype());
        }
        if (Node.needed(x)) {
            int[] shape = x.shapeArray();
            Tensor res = out;
            Node.of(std ? "StdBackward0" : "VarBackward0", x).saves(x, std ? out : null).grad(0, g -> {
                if (std) g = Tensor.where(res.eq(0.0), Tensor.scalar(0, g.dtype()), g.div(res.mul(2.0)));
                Tensor centered = x.sub(mean(x, dims, true, null));
                return expandBack(g, shape, mask, keepdim).mul(centered).mul(2.0 / (n - correction));
            }).attach(out);
        }
        return out;
    }

    /** var_mean / std_mean: {var or std, mean}; each result carries its own node (VarBackward0, MeanBackward1). */
    public static Tensor[] varMean(Tensor x, int[] dims, double correction, boolean keepdim, boolean std) {
        Tensor v = var(x, dims, correction, keepdim, std);
        return new Tensor[]{v, mean(x, dims, keepdim, null)};
    }

    // ------------------------------------------------------------------ max/min with indices, argmax/argmin

    /** int64 indices of the max/min along d, in the keepdim shape. */
    private static Tensor argRaw(Tensor x, int d, boolean max) {
        int[] ks = x.shapeArray().clone();
        if (ks.length > 0) ks[d] = 1;
        Tensor idx = Tensor.empty(ks, DType.INT64, x.device());
        x.backend().reduce().argReduce(max, x, d, idx);
        return idx;
    }

    private static Tensor squeezeDim(Tensor t, int d) {
        if (t.dim() == 0) return t;
        int[] s = new int[t.dim() - 1];
        for (int i = 0, j = 0; i < t.dim(); i++) if (i != d) s[j++] = t.size(i);
        return t.viewAs(s, Shapes.contiguousStrides(s), t.storageOffset());
    }

    /** max(dim) / min(dim): values and the index of the first extreme (NaN counts as the extreme). */
    public static ValuesIndices maxDim(Tensor x, int dim, boolean keepdim, boolean max) {
        String name = max ? "max" : "min";
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() > 0 && x.size(d) == 0)
            throw new IndexOutOfBoundsException(name + "(): Expected reduction dim " + d + " to have non-zero size.");
        boolean[] mask = new boolean[x.dim()];
        if (x.dim() > 0) mask[d] = true;
        Tensor values = raw(max ? ReduceOp.MAX : ReduceOp.MIN, x, mask, keepdim, x.dtype());
        Tensor idxKeep = argRaw(x, d, max);
        Tensor indices = keepdim ? idxKeep : squeezeDim(idxKeep, d);
        if (Node.needed(x) && x.dtype().isFloatingPoint()) {
            int[] shape = x.shapeArray();
            Node.of(max ? "MaxBackward0" : "MinBackward0", x).saves(idxKeep)
                    .grad(0, g -> scatterAlong(keepdim ? g : g.reshape(idxKeep.shapeArray()), idxKeep, d, shape))
                    .attach(values);
        }
        return new ValuesIndices(values, indices);
    }

    /** argmax/argmin; dim null means over the flattened tensor. */
    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim, boolean max) {
        String name = max ? "argmax" : "argmin";
        if (x.dtype() == DType.BOOL)
            throw new TorchException("\"" + name + "_cpu\" not implemented for 'Bool'");
        try (var _ = GradMode.scope(false)) {
            if (dim == null) {
                if (x.numel() == 0)
                    throw new IndexOutOfBoundsException(name + "(): Expected reduction dim to be specified for "
                            + "input.numel() == 0.");
                Tensor idx = argRaw(x.reshape(-1), 0, max);
                int[] s = new int[keepdim ? x.dim() : 0];
                java.util.Arrays.fill(s, 1);
                return idx.reshape(s);
            }
            int d = Shapes.wrapDim(dim, x.dim());
            if (x.dim() > 0 && x.size(d) == 0)
                throw new IndexOutOfBoundsException(name + "(): Expected reduction dim " + d + " to have non-zero size.");
            Tensor idx = argRaw(x, d, max);
            return keepdim ? idx : squeezeDim(idx, d);
        }
    }

    /**
     * Zeros of shape with g written at idx along d (g and idx share a shape, indices distinct per line): the
     * backward of max(dim), topk, sort and median(dim), as PyTorch's value_selecting_reduction_backward. scatter is
     * differentiable in its source (through gather), so double backward works.
     */
    static Tensor scatterAlong(Tensor g, Tensor idx, int d, int[] shape) {
        return Indexing.scatter(Pointwise.full(shape, 0, g.dtype(), g.device()), d, idx, g, 0);
    }

    // ------------------------------------------------------------------ logsumexp, norm

    /** log(sum(exp(x))) over dims, with the max subtracted first (infinite maxima are left alone). */
    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor xf = x.dtype().isFloatingPoint() ? x : x.to(DType.defaultFloat());
        boolean[] mask = Shapes.reduceMask(dims, xf.dim());
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            Tensor m = raw(ReduceOp.MAX, xf, mask, true, xf.dtype());
            m = m.where(m.isinf().logicalNot(), 0.0);
            Tensor s = raw(ReduceOp.SUM, xf.sub(m).exp_(), mask, keepdim, xf.dtype()).log_();
            out = s.add_(keepdim ? m : m.reshape(s.shapeArray()));
        }
        if (Node.needed(xf)) {
            int[] shape = xf.shapeArray();
            Node.of("LogsumexpBackward0", xf).saves(xf, out).grad(0, g -> expandBack(g, shape, mask, keepdim)
                    .mul(xf.sub(expandBack(out, shape, mask, keepdim)).exp())).attach(out);
        }
        return out;
    }

    /** torch.norm / linalg.vector_norm over dims: p = 2, 1, inf, -inf, 0 or any other real p. */
    public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("norm(): input dtype should be either floating point or complex. Got "
                    + Pointwise.shortName(x.dtype()) + " instead.");
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        boolean empty = count(x, mask) == 0;
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            Tensor a = x.abs();
            if (p == 2) out = raw(ReduceOp.SUM, a.mul_(a), mask, keepdim, x.dtype()).sqrt_();
            else if (p == 1) out = raw(ReduceOp.SUM, a, mask, keepdim, x.dtype());
            else if (Double.isInfinite(p))
                out = empty ? raw(ReduceOp.SUM, a, mask, keepdim, x.dtype())
                        : raw(p > 0 ? ReduceOp.MAX : ReduceOp.MIN, a, mask, keepdim, x.dtype());
            else if (p == 0) out = raw(ReduceOp.SUM, a.ne(0.0).to(x.dtype()), mask, keepdim, x.dtype());
            else out = raw(ReduceOp.SUM, a.pow_(p), mask, keepdim, x.dtype()).pow_(1 / p);
        }
        if (Node.needed(x)) {
            int[] shape = x.shapeArray();
            Tensor res = out;
            Node.of("NormBackward1", x).saves(x, out).grad(0, g -> {
                Tensor ge = expandBack(g, shape, mask, keepdim), ne = expandBack(res, shape, mask, keepdim);
                Tensor zero = Tensor.scalar(0, g.dtype());
                if (p == 0) return ge.mul(0.0);
                if (p == 1) return ge.mul(x.sign());
                if (p == 2) return x.mul(Tensor.where(ne.eq(0.0), zero, ge.div(ne)));
                if (Double.isInfinite(p)) {
                    // the gradient is shared by the elements that attain the norm (NaNs included)
                    Tensor ax = x.abs();
                    Tensor hit = ax.eq(ne).logicalOr(ax.isnan()).to(g.dtype());
                    Tensor cnt = expandBack(sum(hit, dims, true, null), shape, mask, true);
                    return x.sign().mul(ge.div(cnt)).mul(hit);
                }
                Tensor scaled = x.sign().mul(x.abs().pow(p - 1));
                if (p < 1) scaled = Tensor.where(x.eq(0.0), zero, scaled);
                return scaled.mul(Tensor.where(ne.eq(0.0), zero, ge.div(ne.pow(p - 1))));
            }).attach(out);
        }
        return out;
    }

    /** norm with a string p: "fro" is the 2-norm over the given dims (all by default). */
    public static Tensor norm(Tensor x, String p, int[] dims, boolean keepdim) {
        if (!"fro".equals(p)) throw new TorchException("norm(): unsupported norm type '" + p + "'; only 'fro' is supported");
        return norm(x, 2, dims, keepdim);
    }

    // ------------------------------------------------------------------ cumsum, cumprod

    private static Tensor scanRaw(Tensor x, int d, boolean sum, DType dtype) {
        DType t = dtype != null ? dtype : x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor in = x.dtype() == t ? x : x.detach().to(t);
        Tensor out = Tensor.empty(x.shapeArray(), t, x.device());
        x.backend().reduce().scan(sum, in, d, out);
        return out;
    }

    /** sum over j >= i along d (the adjoint of cumsum). */
    private static Tensor reverseCumsum(Tensor t, int d) {
        return t.sum(d, true).sub(t.cumsum(d)).add(t);
    }

    /** cumsum along dim; integer and bool inputs accumulate in int64 unless dtype is given. */
    public static Tensor cumsum(Tensor x, int dim, DType dtype) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor out = scanRaw(x, d, true, dtype);
        if (Node.needed(x) && out.dtype().isFloatingPoint())
            Node.of("CumsumBackward0", x).grad(0, g -> x.dim() == 0 ? g : reverseCumsum(g, d)).attach(out);
        return out;
    }

    /**
     * cumprod along dim. Its gradient is exact with zeros too: before the first zero of a line it is
     * revcumsum(g * out) / x; at the first zero it is revcumsum(g * cumprod(x with that zero set to 1)); after it 0.
     * That O(n) form is not differentiable at zeros, so when a graph is being built (double backward) and x has
     * zeros, each position k gets revcumsum(g * cumprod(x with x_k set to 1)) instead, O(n^2) as in PyTorch.
     */
    public static Tensor cumprod(Tensor x, int dim, DType dtype) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor out = scanRaw(x, d, false, dtype);
        if (Node.needed(x) && out.dtype().isFloatingPoint()) {
            Node.of("CumprodBackward0", x).saves(x, out).grad(0, g -> {
                if (x.dim() == 0) return g;
                Tensor xs = x.to(g.dtype());
                Tensor isZero = xs.eq(0.0);
                boolean anyZero;
                try (var _ = GradMode.scope(false)) {
                    anyZero = isZero.any().itemBool();
                }
                if (!anyZero) return reverseCumsum(g.mul(out), d).div(xs);
                if (GradMode.isEnabled()) {
                    int n = xs.size(d);
                    int[] as = new int[xs.dim()];
                    java.util.Arrays.fill(as, 1);
                    as[d] = n;
                    Tensor pos = torch4j.Torch.arange(n).reshape(as);
                    Tensor total = null;
                    for (int k = 0; k < n; k++) {
                        Tensor at = pos.eq((double) k);
                        Tensor term = reverseCumsum(g.mul(xs.where(at.logicalNot(), 1.0).cumprod(d)), d).where(at, 0.0);
                        total = total == null ? term : total.add(term);
                    }
                    return total;
                }
                Tensor zc = isZero.cumsum(d);
                Tensor before = zc.eq(0.0), first = isZero.logicalAnd(zc.eq(1.0));
                Tensor a = reverseCumsum(g.mul(out), d).div(xs.where(before, 1.0));
                Tensor b = reverseCumsum(g.mul(xs.where(first.logicalNot(), 1.0).cumprod(d)), d);
                return a.where(before, 0.0).add(b.where(first, 0.0));
            }).attach(out);
        }
        return out;
    }

    // ------------------------------------------------------------------ softmax, log_softmax


    /** softmax / log_softmax along dim, optionally computed in dtype (the input is cast first, as PyTorch). */
    public static Tensor softmax(Tensor x, int dim, DType dtype, boolean log) {
        Tensor out = softmaxUntraced(x, dim, dtype, log);
        if (Tracer.on()) Tracer.record(log ? "log_softmax" : "softmax", Tracer.attrs("dim", Tracer.dim(dim, x), "dtype", dtype == null ? null : dtype.name()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor softmaxUntraced(Tensor x, int dim, DType dtype, boolean log) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor in = dtype == null || dtype == x.dtype() ? x : x.to(dtype);
        if (!in.dtype().isFloatingPoint())
            throw new TorchException("\"" + (log ? "log_softmax" : "softmax") + (d == Math.max(in.dim() - 1, 0)
                    ? "_lastdim" : "") + "_kernel_impl\" not implemented for '" + Pointwise.shortName(in.dtype()) + "'");
        Tensor out = Tensor.empty(in.shapeArray(), in.dtype(), in.device());
        in.backend().reduce().softmax(in, d, log, out);
        if (Node.needed(in)) {
            Node.of(log ? "LogSoftmaxBackward0" : "SoftmaxBackward0", in).saves(out)
                    .grad(0, g -> softmaxBackward(out, g, d, log)).attach(out);
        }
        return out;
    }

    /** y*(g - sum(g*y)) or g - exp(y)*sum(g): fused when no graph is being built, tensor ops otherwise. */
    private static Tensor softmaxBackward(Tensor y, Tensor g, int d, boolean log) {
        if (!GradMode.isEnabled() && g.dtype() == y.dtype()) {
            Tensor gi = Tensor.empty(y.shapeArray(), y.dtype(), y.device());
            Tensor gc = y.dtype() == DType.FLOAT32 && !g.isContiguous() ? g.contiguous() : g;
            y.backend().reduce().softmaxBackward(y, gc, d, log, gi);
            return gi;
        }
        if (y.dim() == 0) return log ? g.sub(y.exp().mul(g)) : y.mul(g.sub(g.mul(y)));
        if (log) return g.sub(y.exp().mul(g.sum(d, true)));
        return y.mul(g.sub(g.mul(y).sum(d, true)));
    }

    // ------------------------------------------------------------------ sort, topk, median

    private static Tensor[] sortRaw(Tensor x, int d, boolean descending) {
        Tensor values = Tensor.empty(x.shapeArray(), x.dtype(), x.device());
        Tensor indices = Tensor.empty(x.shapeArray(), DType.INT64, x.device());
        x.backend().reduce().sort(x, d, descending, values, indices);
        return new Tensor[]{values, indices};
    }

    /** Stable sort along dim (NaN sorts as the largest value). */
    public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor[] r = sortRaw(x, d, descending);
        if (Node.needed(x) && x.dtype().isFloatingPoint()) {
            int[] shape = x.shapeArray();
            Tensor idx = r[1];
            Node.of("SortBackward0", x).saves(idx).grad(0, g -> scatterAlong(g, idx, d, shape)).attach(r[0]);
        }
        return new ValuesIndices(r[0], r[1]);
    }

    public static Tensor argsort(Tensor x, int dim, boolean descending) {
        return sortRaw(x, Shapes.wrapDim(dim, x.dim()), descending)[1];
    }

    /** The k largest (or smallest) along dim, in sorted order (also when sorted is false). */
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest, boolean sorted) {
        int d = Shapes.wrapDim(dim, x.dim());
        int n = x.dim() == 0 ? 1 : x.size(d);
        if (k < 0 || k > n) throw new TorchException("selected index k out of range");
        Tensor values, indices;
        try (var _ = GradMode.scope(false)) {
            Tensor[] r = sortRaw(x, d, largest);
            if (x.dim() == 0 || k == n) {
                values = r[0];
                indices = r[1];
            } else {
                values = r[0].narrow(d, 0, k).contiguous();
                indices = r[1].narrow(d, 0, k).contiguous();
            }
        }
        if (Node.needed(x) && x.dtype().isFloatingPoint()) {
            int[] shape = x.shapeArray();
            Tensor idx = indices;
            Node.of("TopkBackward0", x).saves(idx).grad(0, g -> scatterAlong(g, idx, d, shape)).attach(values);
        }
        return new ValuesIndices(values, indices);
    }

    /** median(): the lower of the two middle values over all elements, NaN if any; ties share the gradient. */
    public static Tensor median(Tensor x) {
        if (x.numel() == 0)
            throw new IndexOutOfBoundsException("median() input tensor cannot be empty");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            Tensor flat = x.reshape(-1);
            Tensor v = sortRaw(flat, 0, false)[0];
            // NaN sorts last: the median is NaN as soon as the last value is
            int n = (int) flat.numel();
            Tensor last = v.select(0, n - 1);
            out = (x.dtype().isFloatingPoint() && Double.isNaN(last.item()) ? last : v.select(0, (n - 1) / 2)).clone();
        }
        if (Node.needed(x)) {
            int[] shape = x.shapeArray();
            Node.of("MedianBackward0", x).saves(x, out).grad(0, g -> {
                Tensor hit = x.eq(out).logicalOr(x.isnan().logicalAnd(out.isnan())).to(g.dtype());
                return g.expand(shape).mul(hit).div(hit.sum());
            }).attach(out);
        }
        return out;
    }

    /** median(dim): the lower middle value per line and its index; NaN (the first one) when a line has any. */
    public static ValuesIndices median(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim(dim, x.dim());
        int n = x.dim() == 0 ? 1 : x.size(d);
        if (n == 0)
            throw new IndexOutOfBoundsException("median(): Expected reduction dim " + d + " to have non-zero size.");
        Tensor values, indices;
        try (var _ = GradMode.scope(false)) {
            Tensor[] r = sortRaw(x, d, false);
            int mid = (n - 1) / 2;
            if (x.dim() == 0) {
                values = r[0];
                indices = r[1];
            } else {
                values = r[0].narrow(d, mid, 1).contiguous();
                indices = r[1].narrow(d, mid, 1).contiguous();
                if (x.dtype().isFloatingPoint()) {
                    Tensor lastIsNan = r[0].narrow(d, n - 1, 1).isnan();
                    if (lastIsNan.any().itemBool()) {
                        // a line with NaN reports its first NaN, as PyTorch's kernel does
                        Tensor firstNan = argmax(x.isnan().to(DType.INT64), d, true, true);
                        values = values.where(lastIsNan.logicalNot(), Double.NaN);
                        indices = Tensor.where(lastIsNan, firstNan, indices);
                    }
                }
            }
            if (!keepdim) {
                values = squeezeDim(values, d);
                indices = squeezeDim(indices, d);
            }
        }
        if (Node.needed(x) && x.dtype().isFloatingPoint()) {
            int[] shape = x.shapeArray();
            Tensor idxKeep = x.dim() == 0 ? indices : indices.reshape(Shapes.reducedShape(shape, maskOf(d, x.dim()), true));
            Node.of("MedianBackward1", x).saves(idxKeep)
                    .grad(0, g -> scatterAlong(g.reshape(idxKeep.shapeArray()), idxKeep, d, shape)).attach(values);
        }
        return new ValuesIndices(values, indices);
    }

    private static boolean[] maskOf(int d, int nd) {
        boolean[] m = new boolean[nd];
        if (nd > 0) m[d] = true;
        return m;
    }
}
