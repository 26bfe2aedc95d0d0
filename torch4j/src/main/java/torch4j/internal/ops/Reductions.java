package torch4j.internal.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;

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
}
