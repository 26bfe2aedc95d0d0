package torch4j.internal.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;

/**
 * Gather/scatter ops (index_select, gather, scatter, index_add, masked_fill, …) and advanced indexing
 * ({@code x[idx]}, {@code x[mask]}, index_put_). Index values are checked here, with PyTorch's messages, and
 * wrapped to non-negative before any kernel sees them. In-place forms write straight into self when autograd is
 * not involved, and otherwise record the functional form and rebase self onto it ({@link Pointwise#inPlace}).
 */
public final class Indexing {
    private Indexing() {}

    // ------------------------------------------------------------------ index checks

    /** How an op words an out-of-range index (ops differ, and PyTorch's messages with them). */
    private enum Bounds { SELECT, GATHER, ADVANCED, TAKE }

    /**
     * idx (int64) checked against size; negative values wrapped where the op allows them. Returns idx itself when
     * nothing needs wrapping.
     */
    private static Tensor checkIndex(Tensor idx, int size, int dim, Bounds kind) {
        if (idx.numel() == 0) return idx;
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        if (idx.device().isCpu() && idx.numel() <= 1 << 16) {
            // a plain loop: two reductions (and their tensors) cost more than the row copies of a 64-row batch
            for (long v : idx.toLongArray()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        } else {
            try (var _ = GradMode.scope(false)) {
                lo = idx.min().itemLong();
                hi = idx.max().itemLong();
            }
        }
        boolean negOk = kind == Bounds.ADVANCED || kind == Bounds.TAKE;
        long min = negOk ? -size : 0;
        if (lo < min || hi >= size) {
            long bad = 0;
            for (long v : idx.toLongArray()) if (v < min || v >= size) { bad = v; break; }
            throw switch (kind) {
                case SELECT -> new IndexOutOfBoundsException("index out of range in self");
                case GATHER -> new TorchException("index " + bad + " is out of bounds for dimension " + dim + " with size " + size);
                case ADVANCED -> new IndexOutOfBoundsException("index " + bad + " is out of bounds for dimension " + dim + " with size " + size);
                case TAKE -> new IndexOutOfBoundsException("out of range: tried to access index " + bad + " on a tensor of "
                        + size + " elements.");
            };
        }
        if (lo >= 0) return idx;
        try (var _ = GradMode.scope(false)) {
            return Pointwise.where(idx.lt(0L), idx.add((long) size), idx);
        }
    }

    /** A 0-dim or 1-D int32/int64 index as int64, as index_select/index_add accept. */
    private static Tensor vectorIndex(Tensor index, String op) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32)
            throw new TorchException(op.equals("index_select") ? "index_select(): Expected dtype int32 or int64 for index"
                    : op + "(): Expected dtype int32/int64 for index but got: " + Pointwise.shortName(index.dtype()));
        if (index.dim() > 1)
            throw new IndexOutOfBoundsException(op.equals("index_select") ? "index_select(): Index is supposed to be a vector"
                    : op + "(): Index is supposed to be a vector, but got dim: " + index.dim() + " with type: "
                    + Pointwise.shortName(index.dtype()) + " and size: " + Shapes.str(index.shapeArray()));
        return index.to(DType.INT64).reshape(-1);
    }

    private static int[] withSize(int[] shape, int d, int size) {
        int[] s = shape.clone();
        s[d] = size;
        return s;
    }

    /** A 0-dim x is indexed as a 1-element vector, as PyTorch does. */
    private static Tensor atLeast1d(Tensor x) { return x.dim() == 0 ? x.viewAs(new int[]{1}, new int[]{1}, x.storageOffset()) : x; }

    // ------------------------------------------------------------------ index_select, index_add, index_copy, index_fill

    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        Pointwise.sameDevice(x, index);
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = vectorIndex(index, "index_select");
        Tensor x1 = atLeast1d(x);
        idx = checkIndex(idx, x1.size(d), d, Bounds.SELECT);
        int[] shape = x.dim() == 0 ? new int[0] : withSize(x.shapeArray(), d, (int) idx.numel());
        if (x.dim() == 0 && idx.numel() != 1) shape = new int[0];
        Tensor out = Tensor.empty(shape, x.dtype(), x.device());
        x.backend().index().indexSelect(x1, d, idx, atLeast1d(out));
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Tensor saved = idx;
            Node.of("IndexSelectBackward0", x).saves(index)
                    .grad(0, g -> indexAdd(Pointwise.full(in, 0, g.dtype(), g.device()), d, saved, g, 1)).attach(out);
        }
        return out;
    }

    private static Tensor checkIndexAdd(Tensor x, int d, Tensor index, Tensor src, String op) {
        Tensor idx = vectorIndex(index, op);
        Tensor x1 = atLeast1d(x), s1 = atLeast1d(src);
        if (s1.dim() != x1.dim() && !(src.dim() == 0 && idx.numel() == 1))
            throw new TorchException(op + "(): Source/destination tensor must have same slice shapes. Destination slice "
                    + "shape: " + Shapes.str(x.shapeArray()) + " and source slice shape: " + Shapes.str(src.shapeArray()));
        if (s1.size(d) != idx.numel())
            throw new TorchException(op + "(): Number of indices (" + idx.numel() + ") should be equal to source.size(dim): ("
                    + s1.size(d) + "), for dim: " + d);
        for (int i = 0; i < x1.dim(); i++)
            if (i != d && x1.size(i) != s1.size(i))
                throw new TorchException("The size of tensor a (" + x1.size(i) + ") must match the size of tensor b ("
                        + s1.size(i) + ") at non-singleton dimension " + i);
        if (x.dtype() != src.dtype())
            throw new TorchException(op + "(): self (" + Pointwise.shortName(x.dtype()) + ") and source ("
                    + Pointwise.shortName(src.dtype()) + ") must have the same scalar type");
        return checkIndex(idx, x1.size(d), d, Bounds.SELECT);
    }

    /** {@code index_add(dim, index, source, alpha)}: IndexAddBackward0. */
    public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src, double alpha) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkIndexAdd(x, d, index, src, "index_add_");
        Tensor out = Views.contiguous(x.detach());
        out.backend().index().indexAdd(atLeast1d(out), d, idx, atLeast1d(src), alpha);
        if (Node.needed(x, src)) {
            Node.of("IndexAddBackward0", x, src).saves(index)
                    .grad(0, g -> g)
                    .grad(1, g -> {
                        Tensor r = indexSelect(g, d, idx);
                        return alpha == 1 ? r : r.mul(alpha);
                    }).attach(out);
        }
        return out;
    }

    public static Tensor indexAdd_(Tensor x, int dim, Tensor index, Tensor src, double alpha) {
        x.checkInplace();
        if (Node.needed(x, src)) return Pointwise.inPlace(x, indexAdd(x, dim, index, src, alpha));
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkIndexAdd(x, d, index, src, "index_add_");
        x.backend().index().indexAdd(atLeast1d(x), d, idx, atLeast1d(src), alpha);
        x.bumpVersion();
        return x;
    }

    /** {@code index_copy(dim, index, source)}: IndexCopyBackward0. */
    public static Tensor indexCopy(Tensor x, int dim, Tensor index, Tensor src) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkIndexAdd(x, d, index, src, "index_copy_");
        Tensor out = Views.contiguous(x.detach());
        out.backend().index().indexCopy(atLeast1d(out), d, idx, atLeast1d(src));
        if (Node.needed(x, src)) {
            Node.of("IndexCopyBackward0", x, src).saves(index)
                    .grad(0, g -> indexFill(g, d, idx, 0))
                    .grad(1, g -> indexSelect(g, d, idx)).attach(out);
        }
        return out;
    }

    public static Tensor indexCopy_(Tensor x, int dim, Tensor index, Tensor src) {
        x.checkInplace();
        if (Node.needed(x, src)) return Pointwise.inPlace(x, indexCopy(x, dim, index, src));
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkIndexAdd(x, d, index, src, "index_copy_");
        x.backend().index().indexCopy(atLeast1d(x), d, idx, atLeast1d(src));
        x.bumpVersion();
        return x;
    }

    private static void fillRaw(Tensor x, int d, Tensor idx, double value) {
        Tensor x1 = atLeast1d(x);
        int[] shape = withSize(x1.shapeArray(), d, (int) idx.numel());
        Tensor v = Tensor.scalar(value, x.dtype());
        if (!x.device().isCpu()) v = v.to(x.device());
        x.backend().index().indexCopy(x1, d, idx, v.viewAs(shape, new int[shape.length], v.storageOffset()));
    }

    private static Tensor fillIndex(Tensor x, int d, Tensor index) {
        Tensor idx = vectorIndex(index, "index_fill_");
        return checkIndex(idx, atLeast1d(x).size(d), d, Bounds.SELECT);
    }

    /** {@code index_fill(dim, index, value)}: IndexFillBackward0. */
    public static Tensor indexFill(Tensor x, int dim, Tensor index, double value) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = fillIndex(x, d, index);
        Tensor out = Views.contiguous(x.detach());
        fillRaw(out, d, idx, value);
        if (Node.needed(x)) Node.of("IndexFillBackward0", x).saves(index).grad(0, g -> indexFill(g, d, idx, 0)).attach(out);
        return out;
    }

    public static Tensor indexFill_(Tensor x, int dim, Tensor index, double value) {
        x.checkInplace();
        if (Node.needed(x)) return Pointwise.inPlace(x, indexFill(x, dim, index, value));
        int d = Shapes.wrapDim(dim, x.dim());
        fillRaw(x, d, fillIndex(x, d, index), value);
        x.bumpVersion();
        return x;
    }

    // ------------------------------------------------------------------ gather, scatter

    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Pointwise.sameDevice(x, index);
        int d = Shapes.wrapDim(dim, x.dim());
        if (index.dtype() != DType.INT64) throw new TorchException("gather(): Expected dtype int64 for index");
        Tensor x1 = atLeast1d(x), i1 = atLeast1d(index);
        if (i1.dim() != x1.dim())
            throw new TorchException("Index tensor must have the same number of dimensions as input tensor");
        for (int i = 0; i < x1.dim(); i++)
            if (i != d && i1.size(i) > x1.size(i))
                throw new TorchException("Size does not match at dimension " + i + " expected index " + Shapes.str(index.shapeArray())
                        + " to be smaller than self " + Shapes.str(x.shapeArray()) + " apart from dimension " + d);
        Tensor idx = checkIndex(i1, x1.size(d), d, Bounds.GATHER);
        Tensor out = Tensor.empty(index.shapeArray(), x.dtype(), x.device());
        x.backend().index().gather(x1, d, idx, atLeast1d(out));
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("GatherBackward0", x).saves(index)
                    .grad(0, g -> scatterAdd(Pointwise.full(in, 0, g.dtype(), g.device()), d, index, g)).attach(out);
        }
        return out;
    }

    /** Checks scatter's arguments; returns the wrapped index (at least 1-D). */
    private static Tensor checkScatter(Tensor x, int d, Tensor index, Tensor src, String op) {
        if (index.dtype() != DType.INT64) throw new TorchException(op + "(): Expected dtype int64 for index");
        Tensor x1 = atLeast1d(x), i1 = atLeast1d(index);
        if (i1.dim() != x1.dim())
            throw new TorchException("Index tensor must have the same number of dimensions as self tensor");
        if (src != null) {
            if (atLeast1d(src).dim() != x1.dim())
                throw new TorchException("Index tensor must have the same number of dimensions as src tensor");
            if (src.dtype() != x.dtype())
                throw new TorchException(op + "(): Expected self.dtype to be equal to src.dtype");
        }
        for (int i = 0; i < x1.dim(); i++) {
            if ((i != d && i1.size(i) > x1.size(i)) || (src != null && i1.size(i) > atLeast1d(src).size(i)))
                throw new TorchException("Expected index " + Shapes.str(index.shapeArray()) + " to be smaller than self "
                        + Shapes.str(x.shapeArray()) + " apart from dimension " + d
                        + (src != null ? " and to be smaller size than src " + Shapes.str(src.shapeArray()) : ""));
        }
        return checkIndex(i1, x1.size(d), d, Bounds.GATHER);
    }

    private static Tensor scalarSource(Tensor x, Tensor index, double value) {
        Tensor v = Tensor.scalar(value, x.dtype());
        if (!x.device().isCpu()) v = v.to(x.device());
        int[] shape = atLeast1d(index).shapeArray();
        return v.viewAs(shape, new int[shape.length], v.storageOffset());
    }

    /** {@code scatter(dim, index, src)} (ScatterBackward0) or, with src null, {@code scatter(dim, index, value)}. */
    public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, double value) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkScatter(x, d, index, src, "scatter");
        Tensor out = Views.contiguous(x.detach());
        out.backend().index().scatter(atLeast1d(out), d, idx, src != null ? atLeast1d(src) : scalarSource(x, index, value), false);
        if (src == null ? Node.needed(x) : Node.needed(x, src)) {
            Node n = src == null ? Node.of("ScatterBackward1", x) : Node.of("ScatterBackward0", x, src);
            n.saves(index).grad(0, g -> scatter(g, d, index, null, 0));
            if (src != null) n.grad(1, g -> gather(g, d, index));
            n.attach(out);
        }
        return out;
    }

    public static Tensor scatter_(Tensor x, int dim, Tensor index, Tensor src, double value) {
        x.checkInplace();
        if (src == null ? Node.needed(x) : Node.needed(x, src)) return Pointwise.inPlace(x, scatter(x, dim, index, src, value));
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkScatter(x, d, index, src, "scatter");
        x.backend().index().scatter(atLeast1d(x), d, idx, src != null ? atLeast1d(src) : scalarSource(x, index, value), false);
        x.bumpVersion();
        return x;
    }

    /** {@code scatter_add(dim, index, src)}: ScatterAddBackward0. */
    public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkScatter(x, d, index, src, "scatter_add");
        Tensor out = Views.contiguous(x.detach());
        out.backend().index().scatter(atLeast1d(out), d, idx, atLeast1d(src), true);
        if (Node.needed(x, src)) {
            Node.of("ScatterAddBackward0", x, src).saves(index)
                    .grad(0, g -> g)
                    .grad(1, g -> gather(g, d, index)).attach(out);
        }
        return out;
    }

    public static Tensor scatterAdd_(Tensor x, int dim, Tensor index, Tensor src) {
        x.checkInplace();
        if (Node.needed(x, src)) return Pointwise.inPlace(x, scatterAdd(x, dim, index, src));
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor idx = checkScatter(x, d, index, src, "scatter_add");
        x.backend().index().scatter(atLeast1d(x), d, idx, atLeast1d(src), true);
        x.bumpVersion();
        return x;
    }

    // ------------------------------------------------------------------ masked_fill, masked_select, nonzero, take

    private static void checkMask(Tensor mask, String op) {
        if (mask.dtype() != DType.BOOL && mask.dtype() != DType.UINT8)
            throw new TorchException(op.equals("masked_select") ? "masked_select: expected BoolTensor or ByteTensor for mask"
                    : op + " only supports boolean masks, but got mask with dtype " + Pointwise.shortName(mask.dtype()));
    }

    private static Tensor fillValue(Tensor x, Tensor value) {
        if (value.dim() != 0)
            throw new TorchException("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                    + value.dim() + " dimension(s).");
        Tensor v = value.detach();
        if (v.dtype() != x.dtype() || !v.device().equals(x.device())) v = Pointwise.cast(v, x.dtype(), x.device());
        return v;
    }

    private static Tensor expanded(Tensor t, int[] shape) {
        return t.viewAs(shape, Shapes.expandStrides(t.shapeArray(), t.strideArray(), shape), t.storageOffset());
    }

    /** {@code masked_fill(mask, value)}: value a double (MaskedFillBackward0) or a 0-dim tensor (MaskedFillBackward1). */
    public static Tensor maskedFill(Tensor x, Tensor mask, Tensor value) {
        checkMask(mask, "masked_fill_");
        Tensor v = fillValue(x, value);
        int[] shape = Shapes.broadcast(x.shapeArray(), mask.shapeArray());
        Tensor out = Tensor.empty(shape, x.dtype(), x.device());
        x.backend().elementwise().where(expanded(mask.to(DType.BOOL), shape), expanded(v, shape), expanded(x, shape), out);
        boolean tensorValue = !value.isWrappedNumber();
        if (Node.needed(x, tensorValue ? value : null) && x.dtype().isFloatingPoint()) {
            Node n = tensorValue ? Node.of("MaskedFillBackward1", x, value) : Node.of("MaskedFillBackward0", x);
            n.saves(mask).grad(0, g -> maskedFill(g, mask, Tensor.scalar(0, g.dtype())));
            if (tensorValue) n.grad(1, g -> Pointwise.where(mask, g, Tensor.scalar(0, g.dtype())).sum());
            n.attach(out);
        }
        return out;
    }

    public static Tensor maskedFill_(Tensor x, Tensor mask, Tensor value) {
        x.checkInplace();
        if (Node.needed(x, value.isWrappedNumber() ? null : value)) return Pointwise.inPlace(x, maskedFill(x, mask, value));
        checkMask(mask, "masked_fill_");
        Tensor v = fillValue(x, value);
        int[] shape = x.shapeArray();
        int[] b = Shapes.broadcast(shape, mask.shapeArray());
        if (!Arrays.equals(b, shape))
            throw new TorchException("output with shape " + Shapes.str(shape) + " doesn't match the broadcast shape " + Shapes.str(b));
        x.backend().elementwise().where(expanded(mask.to(DType.BOOL), shape), expanded(v, shape), x, x);
        x.bumpVersion();
        return x;
    }

    /** {@code masked_select(mask)}: a 1-D copy of the elements where the (broadcast) mask is true. */
    public static Tensor maskedSelect(Tensor x, Tensor mask) {
        checkMask(mask, "masked_select");
        int[] shape = Shapes.broadcast(x.shapeArray(), mask.shapeArray());
        Tensor xb = expanded(x.detach(), shape);
        Tensor[] perDim = nonzeroTuple(expanded(mask, shape));
        Tensor src = atLeast1d(xb);
        Tensor out = indexRaw(src, perDim);
        if (Node.needed(x)) {
            Node.of("MaskedSelectBackward0", x).saves(mask).grad(0, g -> {
                Tensor z = Pointwise.full(src.shapeArray(), 0, g.dtype(), g.device());
                return putChecked(z, perDim, g, true).reshape(shape);
            }).attach(out);
        }
        return out;
    }

    /** {@code nonzero()}: int64 [n, ndim]. */
    public static Tensor nonzero(Tensor x) {
        Tensor c = x.device().isCpu() ? x : x.cpu();
        Tensor r = c.backend().index().nonzero(c);
        return x.device().isCpu() ? r : r.to(x.device());
    }

    /** {@code nonzero(as_tuple=True)}: one int64 vector per dim (one for a 0-dim x); a mask's indices per dim. */
    public static Tensor[] nonzeroTuple(Tensor x) {
        Tensor nz = nonzero(atLeast1d(x));
        Tensor[] r = new Tensor[nz.size(1)];
        for (int i = 0; i < r.length; i++) r[i] = Views.contiguous(Views.select(nz, 1, i));
        return r;
    }

    /** {@code take(index)}: x.flatten()[index], shaped as index (TakeBackward0). */
    public static Tensor take(Tensor x, Tensor index) {
        if (index.dtype() != DType.INT64) throw new TorchException("take(): Expected a long tensor for index, but got "
                + Pointwise.shortName(index.dtype()));
        Tensor flat;
        try (var _ = GradMode.scope(false)) {
            flat = x.reshape(-1);
        }
        int n = (int) x.numel();
        Tensor idx = checkIndex(index, n, 0, Bounds.TAKE);
        Tensor out = indexRaw(flat, new Tensor[]{idx});
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("TakeBackward0", x).saves(index).grad(0, g -> {
                Tensor z = Pointwise.full(new int[]{n}, 0, g.dtype(), g.device());
                return putChecked(z, new Tensor[]{idx}, g, true).reshape(in);
            }).attach(out);
        }
        return out;
    }

    // ------------------------------------------------------------------ advanced indexing

    /**
     * Per-dim int64 indices from PyTorch-style {@code indices} (entries null, int64, or bool/uint8 masks covering
     * one dim each of their own), checked and wrapped; the result has one entry (or null) per dim of x.
     */
    static Tensor[] expandIndices(Tensor x, Tensor[] indices) {
        int consumed = 0;
        for (Tensor t : indices) consumed += t == null ? 1 : isMask(t) ? t.dim() : 1;
        if (consumed > x.dim())
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + x.dim());
        Tensor[] perDim = new Tensor[x.dim()];
        int d = 0;
        for (Tensor t : indices) {
            if (t == null) { d++; continue; }
            if (isMask(t)) {
                for (int j = 0; j < t.dim(); j++)
                    if (t.size(j) != x.size(d + j))
                        throw new IndexOutOfBoundsException("The shape of the mask " + Shapes.str(t.shapeArray()) + " at index " + j
                                + " does not match the shape of the indexed tensor " + Shapes.str(x.shapeArray()) + " at index " + (d + j));
                Tensor[] cols = nonzeroTuple(t);
                for (int j = 0; j < t.dim(); j++) perDim[d + j] = cols[j];
                d += t.dim();
            } else {
                if (t.dtype() != DType.INT64)
                    throw new IndexOutOfBoundsException("tensors used as indices must be long, byte or bool tensors");
                perDim[d++] = t;
            }
        }
        // bounds use the position among the indexed dims, as PyTorch reports after moving them to the front
        int j = 0;
        for (int i = 0; i < perDim.length; i++)
            if (perDim[i] != null) perDim[i] = checkIndex(perDim[i], x.size(i), j++, Bounds.ADVANCED);
        return perDim;
    }

    /** True for bool and (legacy) uint8 index tensors, which index as masks. */
    public static boolean isMask(Tensor t) { return t.dtype() == DType.BOOL || t.dtype() == DType.UINT8; }

    /** The layout of an advanced-indexing result. */
    private record Plan(int[] dims, int[] b, int[] rest, int[] outShape, int bPos) {}

    private static Plan plan(Tensor x, Tensor[] perDim) {
        List<Integer> dims = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        int[] b = null;
        for (int i = 0; i < perDim.length; i++) {
            if (perDim[i] == null) { rest.add(x.size(i)); continue; }
            dims.add(i);
            try {
                b = b == null ? perDim[i].shapeArray() : Shapes.broadcast(b, perDim[i].shapeArray());
            } catch (TorchException e) {
                StringBuilder sb = new StringBuilder("shape mismatch: indexing tensors could not be broadcast together with shapes ");
                boolean first = true;
                for (Tensor t : perDim) if (t != null) {
                    sb.append(first ? "" : ", ").append(Shapes.str(t.shapeArray()));
                    first = false;
                }
                throw new IndexOutOfBoundsException(sb.toString());
            }
        }
        int[] ds = dims.stream().mapToInt(Integer::intValue).toArray();
        boolean adjacent = ds[ds.length - 1] - ds[0] == ds.length - 1;
        int bPos = adjacent ? ds[0] : 0;
        int[] r = rest.stream().mapToInt(Integer::intValue).toArray();
        int[] outShape = new int[r.length + b.length];
        System.arraycopy(r, 0, outShape, 0, bPos);
        System.arraycopy(b, 0, outShape, bPos, b.length);
        System.arraycopy(r, bPos, outShape, bPos + b.length, r.length - bPos);
        return new Plan(ds, b, r, outShape, bPos);
    }

    /**
     * x's storage seen as one dim over every storage offset followed by x's non-indexed dims: indexing that first
     * dim with linear offsets reaches any element, whatever x's strides, without copying x.
     */
    private static Tensor storageView(Tensor x, Plan p) {
        int k = 0;
        int[] shape = new int[p.rest.length + 1], strides = new int[p.rest.length + 1];
        shape[0] = Math.max(0, x.storage().numel() - x.storageOffset());
        strides[0] = 1;
        for (int i = 0; i < x.dim(); i++) {
            if (contains(p.dims, i)) continue;
            shape[++k] = x.size(i);
            strides[k] = x.strideArray()[i];
        }
        return Tensor.wrap(x.storage(), shape, strides, x.storageOffset());
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    /** Storage offsets (relative to x's offset) of the indexed positions, int64 of shape [numel(B)]. */
    private static Tensor linearOffsets(Tensor x, Tensor[] perDim, Plan p) {
        try (var _ = GradMode.scope(false)) {
            Tensor lin = null;
            for (int d : p.dims) {
                Tensor t = perDim[d];
                int s = x.strideArray()[d];
                if (s != 1) t = t.mul((long) s);
                lin = lin == null ? t : lin.add(t);
            }
            int[] bs = p.b;
            lin = Arrays.equals(lin.shapeArray(), bs) ? lin : expanded(lin, bs);
            return lin.reshape(-1).contiguous();
        }
    }

    /** A view of t (laid out as p.outShape) with the B dims flattened first, then the rest: the kernel's layout. */
    private static Tensor kernelView(Tensor t, Plan p) {
        int nb = p.b.length, nr = p.rest.length;
        int[] shape = new int[nr + 1], strides = new int[nr + 1];
        int nB = (int) Shapes.numel(p.b);
        shape[0] = nB;
        strides[0] = nb == 0 ? 1 : t.strideArray()[p.bPos + nb - 1];
        for (int i = 0; i < nr; i++) {
            int pos = i < p.bPos ? i : i + nb;
            shape[i + 1] = t.size(pos);
            strides[i + 1] = t.strideArray()[pos];
        }
        return t.viewAs(shape, strides, t.storageOffset());
    }

    /** x[perDim] without recording; perDim entries are checked int64 (or null). */
    static Tensor indexRaw(Tensor x, Tensor[] perDim) {
        Plan p = plan(x, perDim);
        Tensor out = Tensor.empty(p.outShape, x.dtype(), x.device());
        if (out.numel() == 0) return out;
        x.backend().index().indexSelect(storageView(x, p), 0, linearOffsets(x, perDim, p), kernelView(out, p));
        return out;
    }

    /** {@code x[indices]} with tensor indices (PyTorch's aten::index): IndexBackward0. */
    public static Tensor index(Tensor x, Tensor[] indices) {
        Tensor[] perDim = expandIndices(x, indices);
        boolean any = false;
        for (Tensor t : perDim) any |= t != null;
        return any ? indexChecked(x, perDim) : alias(x);
    }

    /** x[perDim] on checked indices, recorded as IndexBackward0. */
    static Tensor indexChecked(Tensor x, Tensor[] perDim) {
        Tensor out = indexRaw(x, perDim);
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("IndexBackward0", x).saves(perDim)
                    .grad(0, g -> putChecked(Pointwise.full(in, 0, g.dtype(), g.device()), perDim, g, true)).attach(out);
        }
        return out;
    }

    /** A new view of all of x (AliasBackward0), as {@code x[...]} gives. */
    public static Tensor alias(Tensor x) {
        Tensor out = x.viewAs(x.shapeArray(), x.strideArray(), x.storageOffset());
        if (Node.needed(x)) Node.of("AliasBackward0", x).grad(0, g -> g).attach(out);
        return out;
    }

    /** Writes values (already x's dtype) into x[perDim] in place, without recording. */
    private static void indexPutRaw(Tensor x, Tensor[] perDim, Tensor values, boolean accumulate) {
        Plan p = plan(x, perDim);
        if (Shapes.numel(p.outShape) == 0) return;
        Tensor v;
        try (var _ = GradMode.scope(false)) {
            v = values.detach();
            if (!v.device().equals(x.device())) v = v.to(x.device());
            int[] bs;
            try {
                bs = Shapes.broadcast(p.outShape, v.shapeArray());
            } catch (TorchException e) {
                bs = null;
            }
            if (!Arrays.equals(bs, p.outShape))
                throw new TorchException("shape mismatch: value tensor of shape " + Shapes.str(values.shapeArray())
                        + " cannot be broadcast to indexing result of shape " + Shapes.str(p.outShape));
            v = expanded(v, p.outShape);
            // the kernel wants [numel(B), rest...]: move B to the front and merge it, copying only if needed
            int nb = p.b.length, n = p.outShape.length;
            int[] perm = new int[n];
            for (int i = 0; i < nb; i++) perm[i] = p.bPos + i;
            for (int i = 0, j = nb; i < n; i++) if (i < p.bPos || i >= p.bPos + nb) perm[j++] = i;
            int[] shape = new int[p.rest.length + 1];
            shape[0] = (int) Shapes.numel(p.b);
            System.arraycopy(p.rest, 0, shape, 1, p.rest.length);
            v = v.permute(perm).reshape(shape);
        }
        Tensor lin = linearOffsets(x, perDim, p);
        if (accumulate) x.backend().index().indexAdd(storageView(x, p), 0, lin, v, 1);
        else x.backend().index().indexCopy(storageView(x, p), 0, lin, v);
    }

    /** Out-of-place index_put on checked per-dim indices: IndexPutBackward0. */
    static Tensor putChecked(Tensor x, Tensor[] perDim, Tensor values, boolean accumulate) {
        Tensor out = Views.contiguous(x.detach());
        indexPutRaw(out, perDim, values.dtype() == x.dtype() ? values : values.detach().to(x.dtype()), accumulate);
        if (Node.needed(x, values)) {
            Node.of("IndexPutBackward0", x, values).saves(perDim)
                    .grad(0, g -> accumulate ? g : putChecked(g, perDim, Tensor.scalar(0, g.dtype()), false))
                    .grad(1, g -> indexChecked(g, perDim))
                    .attach(out);
        }
        return out;
    }

    private static void checkPutDtype(Tensor x, Tensor values) {
        if (values.dtype() != x.dtype())
            throw new TorchException("Index put requires the source and destination dtypes match, got "
                    + Pointwise.shortName(x.dtype()) + " for the destination and " + Pointwise.shortName(values.dtype())
                    + " for the source.");
    }

    /** {@code index_put(indices, values, accumulate)}. */
    public static Tensor indexPut(Tensor x, Tensor[] indices, Tensor values, boolean accumulate) {
        checkPutDtype(x, values);
        return putChecked(x, expandIndices(x, indices), values, accumulate);
    }

    /** {@code index_put_(indices, values, accumulate)}; values of another dtype are cast when cast is set (setitem). */
    public static Tensor indexPut_(Tensor x, Tensor[] indices, Tensor values, boolean accumulate, boolean cast) {
        if (!cast) checkPutDtype(x, values);
        x.checkInplace();
        Tensor[] perDim = expandIndices(x, indices);
        if (Node.needed(x, values)) return Pointwise.inPlace(x, putChecked(x, perDim, values, accumulate));
        indexPutRaw(x, perDim, values.dtype() == x.dtype() ? values : values.to(x.dtype()), accumulate);
        x.bumpVersion();
        return x;
    }
}
