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
import torch4j.internal.trace.Tracer;

/**
 * Joining, splitting and rearranging ops: cat, stack, split, chunk, flip, roll, repeat, tile, tril/triu, diag.
 * They are copies into views of a new output through the backend's copy kernel (split and chunk are views),
 * with their derivatives recorded under PyTorch's node names.
 */
public final class Joining {
    private Joining() {}

    /** PyTorch skips legacy 1-D empty tensors in cat, whatever the other shapes. */
    private static boolean skipped(Tensor t) { return t.dim() == 1 && t.size(0) == 0; }

    /** {@code torch.cat(tensors, dim)}: CatBackward0; dtypes promote as torch.result_type. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        Tensor out = catUntraced(tensors, dim);
        if (Tracer.on()) Tracer.record("cat", Tracer.attrs("dim", Tracer.dim(dim, out)), tensors.toArray(new Tensor[0]), out);
        return out;
    }

    private static Tensor catUntraced(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new TorchException("torch.cat(): expected a non-empty list of Tensors");
        Tensor ref = null;
        DType dtype = null;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() == 0)
                throw new TorchException("zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            dtype = dtype == null ? t.dtype() : DType.promote(dtype, t.dtype());
            if (ref == null && !skipped(t)) ref = t;
            if (!t.device().equals(tensors.get(0).device()))
                throw new TorchException("Expected all tensors to be on the same device, but found at least two devices, "
                        + tensors.get(0).device() + " and " + t.device() + "!");
        }
        if (ref == null) return Tensor.empty(new int[]{0}, dtype, tensors.get(0).device());
        int d = Shapes.wrapDim(dim, ref.dim());
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (skipped(t)) continue;
            if (t.dim() != ref.dim())
                throw new TorchException("Tensors must have same number of dimensions: got " + ref.dim() + " and " + t.dim());
            for (int j = 0; j < ref.dim(); j++)
                if (j != d && t.size(j) != ref.size(j))
                    throw new TorchException("Sizes of tensors must match except in dimension " + d + ". Expected size "
                            + ref.size(j) + " but got size " + t.size(j) + " for tensor number " + i + " in the list.");
            total += t.size(d);
        }
        int[] shape = ref.shapeArray().clone();
        shape[d] = total;
        Tensor out = Tensor.empty(shape, dtype, ref.device());
        int[] starts = new int[tensors.size()];
        int at = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = at;
            if (skipped(t) || t.size(d) == 0) continue;
            int[] s = shape.clone();
            s[d] = t.size(d);
            Tensor region = out.viewAs(s, out.strideArray(), at * out.strideArray()[d]);
            out.backend().elementwise().copy(t, region);
            at += t.size(d);
        }
        Tensor[] ins = tensors.toArray(new Tensor[0]);
        if (Node.needed(ins) && dtype.isFloatingPoint()) {
            Node n = Node.of("CatBackward0", ins);
            for (int i = 0; i < ins.length; i++) {
                Tensor t = ins[i];
                int start = starts[i];
                n.grad(i, g -> skipped(t) ? Pointwise.full(new int[]{0}, 0, g.dtype(), g.device()) : g.narrow(d, start, t.size(d)));
            }
            n.attach(out);
        }
        return out;
    }

    /** {@code torch.stack(tensors, dim)}: StackBackward0. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        Tensor out = stackUntraced(tensors, dim);
        if (Tracer.on()) Tracer.record("stack", Tracer.attrs("dim", Tracer.dim(dim, out)), tensors.toArray(new Tensor[0]), out);
        return out;
    }

    private static Tensor stackUntraced(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new TorchException("stack expects a non-empty TensorList");
        Tensor first = tensors.get(0);
        int d = Shapes.wrapDim(dim, first.dim() + 1);
        Tensor[] parts = new Tensor[tensors.size()];
        for (int i = 0; i < parts.length; i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shapeArray(), first.shapeArray()))
                throw new TorchException("stack expects each tensor to be equal size, but got " + Shapes.str(first.shapeArray())
                        + " at entry 0 and " + Shapes.str(t.shapeArray()) + " at entry " + i);
            parts[i] = t.detach().unsqueeze(d);
        }
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = cat(Arrays.asList(parts), d);
        }
        Tensor[] ins = tensors.toArray(new Tensor[0]);
        if (Node.needed(ins) && out.dtype().isFloatingPoint()) {
            Node n = Node.of("StackBackward0", ins);
            for (int i = 0; i < ins.length; i++) {
                int k = i;
                n.grad(i, g -> g.select(d, k));
            }
            n.attach(out);
        }
        return out;
    }

    // ------------------------------------------------------------------ split, chunk

    /**
     * Views x[start:start+len] along d for each piece, under one multi-output node: backward concatenates the pieces'
     * gradients once (zeros where none flowed) instead of summing one input-sized scatter per piece.
     */
    private static Tensor[] pieces(Tensor x, int d, int[] starts, int[] lens, String node) {
        Tensor[] out = new Tensor[starts.length];
        try (var _ = GradMode.scope(false)) {
            for (int i = 0; i < out.length; i++) out[i] = Views.narrow(x, d, starts[i], lens[i]);
        }
        if (Node.needed(x) && out.length > 0) {
            Node.multi(node, out.length, x).gradMulti(0, gs -> {
                List<Tensor> parts = new ArrayList<>(gs.length);
                for (int i = 0; i < gs.length; i++)
                    parts.add(gs[i] != null ? gs[i] : Tensor.zerosLike(out[i]).to(firstNonNull(gs).dtype()));
                return parts.size() == 1 ? parts.get(0) : cat(parts, d);
            }).attach(out);
        }
        if (Tracer.on()) Tracer.record("split", Tracer.attrs("dim", d, "sizes", lens.clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor firstNonNull(Tensor[] ts) {
        for (Tensor t : ts) if (t != null) return t;
        throw new IllegalStateException("no gradient");
    }

    /** {@code split(split_size, dim)}: views of split_size along dim, the last one smaller (SplitBackward0). */
    public static Tensor[] split(Tensor x, int splitSize, int dim) {
        if (x.dim() == 0) throw new TorchException("split expects at least a 1-dimensional tensor");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (splitSize < 0) throw new TorchException("split expects split_size be non-negative, but got split_size=" + splitSize);
        if (splitSize == 0 && size != 0)
            throw new TorchException("split_size can only be 0 if dimension size is 0, but got dimension size of " + size);
        int n = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
        int[] starts = new int[n], lens = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i * splitSize;
            lens[i] = Math.min(splitSize, size - starts[i]);
        }
        return pieces(x, d, starts, lens, "SplitBackward0");
    }

    /** {@code split(split_sizes, dim)} (split_with_sizes): SplitWithSizesBackward0. */
    public static Tensor[] split(Tensor x, int[] sizes, int dim) {
        if (x.dim() == 0) throw new TorchException("split expects at least a 1-dimensional tensor");
        int d = Shapes.wrapDim(dim, x.dim());
        long sum = 0;
        for (int s : sizes) {
            if (s < 0)
                throw new TorchException("split_with_sizes expects split_sizes have only non-negative entries, but got "
                        + "split_sizes=" + Shapes.str(sizes));
            sum += s;
        }
        if (sum != x.size(d))
            throw new TorchException("split_with_sizes expects split_sizes to sum exactly to " + x.size(d)
                    + " (input tensor's size at dimension " + d + "), but got split_sizes=" + Shapes.str(sizes));
        int[] starts = new int[sizes.length];
        for (int i = 1; i < sizes.length; i++) starts[i] = starts[i - 1] + sizes[i - 1];
        return pieces(x, d, starts, sizes.clone(), "SplitWithSizesBackward0");
    }

    /** {@code chunk(chunks, dim)}: split with ceil(size / chunks), so fewer chunks may come back. */
    public static Tensor[] chunk(Tensor x, int chunks, int dim) {
        if (x.dim() == 0) throw new TorchException("chunk expects at least a 1-dimensional tensor");
        if (chunks <= 0) throw new TorchException("chunk expects `chunks` to be greater than 0, got: " + chunks);
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        int splitSize = (size + chunks - 1) / chunks;
        if (splitSize == 0 && size == 0) {
            return pieces(x, d, new int[chunks], new int[chunks], "SplitWithSizesBackward0");
        }
        return split(x, splitSize, d);
    }

    // ------------------------------------------------------------------ flip, roll

    private static int[] uniqueDims(int[] dims, int n) {
        int[] r = new int[dims.length];
        boolean[] seen = new boolean[Math.max(n, 1)];
        for (int i = 0; i < dims.length; i++) {
            r[i] = Shapes.wrapDim(dims[i], n);
            if (seen[r[i]]) throw new TorchException("dim " + r[i] + " appears multiple times in the list of dims");
            seen[r[i]] = true;
        }
        return r;
    }

    /** {@code flip(dims)}: a copy with the order of elements reversed along dims (FlipBackward0). */
    public static Tensor flip(Tensor x, int[] dims) {
        int[] ds = uniqueDims(dims, x.dim());
        Tensor out = Tensor.empty(x.shapeArray(), x.dtype(), x.device());
        if (x.dim() > 0) {
            // the reversed view walks x with negated strides from the far end; it only ever reaches the copy kernel
            int[] st = x.strideArray().clone();
            int off = x.storageOffset();
            for (int d : ds) {
                if (x.size(d) == 0) continue;
                off += (x.size(d) - 1) * st[d];
                st[d] = -st[d];
            }
            out.backend().elementwise().copy(Tensor.wrap(x.storage(), x.shapeArray(), st, off), out);
        } else {
            out.backend().elementwise().copy(x, out);
        }
        if (Node.needed(x)) Node.of("FlipBackward0", x).grad(0, g -> flip(g, ds)).attach(out);
        return out;
    }

    /** {@code roll(shifts, dims)}; with no dims, x is rolled flattened (RollBackward0). */
    public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
        if (shifts.length == 0) throw new TorchException("`shifts` required");
        if (dims.length == 0 && shifts.length == 1) {
            Tensor out;
            try (var _ = GradMode.scope(false)) {
                out = roll(x.reshape(-1), shifts, new int[]{0}).view(x.shapeArray());
            }
            if (Node.needed(x)) Node.of("RollBackward0", x).grad(0, g -> roll(g, new int[]{-shifts[0]}, new int[0])).attach(out);
            return out;
        }
        if (shifts.length != dims.length)
            throw new TorchException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:" + dims.length);
        int[] ds = new int[dims.length];
        for (int i = 0; i < dims.length; i++) ds[i] = Shapes.wrapDim(dims[i], x.dim());
        Tensor cur = x.detach();
        for (int i = 0; i < ds.length; i++) {
            int d = ds[i], n = cur.size(d);
            int s = n == 0 ? 0 : Math.floorMod(shifts[i], n);
            Tensor next = Tensor.empty(cur.shapeArray(), cur.dtype(), cur.device());
            // elements [0, n-s) move to [s, n) and [n-s, n) wrap around to [0, s)
            if (n - s > 0) next.backend().elementwise().copy(narrowRaw(cur, d, 0, n - s), narrowRaw(next, d, s, n - s));
            if (s > 0) next.backend().elementwise().copy(narrowRaw(cur, d, n - s, s), narrowRaw(next, d, 0, s));
            cur = next;
        }
        Tensor out = cur;
        if (Node.needed(x)) {
            int[] back = new int[shifts.length];
            for (int i = 0; i < back.length; i++) back[i] = -shifts[i];
            Node.of("RollBackward0", x).grad(0, g -> roll(g, back, ds)).attach(out);
        }
        return out;
    }

    private static Tensor narrowRaw(Tensor t, int d, int start, int len) {
        int[] shape = t.shapeArray().clone();
        shape[d] = len;
        return Tensor.wrap(t.storage(), shape, t.strideArray(), t.storageOffset() + start * t.strideArray()[d]);
    }

    // ------------------------------------------------------------------ repeat, tile

    /** {@code repeat(sizes)}: x tiled sizes[i] times along each dim (leading dims added): RepeatBackward0. */
    public static Tensor repeat(Tensor x, int[] reps) {
        int n = reps.length, lead = n - x.dim();
        if (lead < 0)
            throw new TorchException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
        int[] padded = new int[n], pst = new int[n], outShape = new int[n];
        for (int i = 0; i < n; i++) {
            padded[i] = i < lead ? 1 : x.size(i - lead);
            pst[i] = i < lead ? 0 : x.strideArray()[i - lead];
            outShape[i] = padded[i] * reps[i];
        }
        Tensor out = Tensor.empty(outShape, x.dtype(), x.device());
        // [r0, s0, r1, s1, ...]: x broadcast over each r_i (stride 0), copied into out seen with that shape
        int[] pairs = new int[2 * n], xst = new int[2 * n];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = reps[i];
            pairs[2 * i + 1] = padded[i];
            xst[2 * i + 1] = pst[i];
        }
        if (out.numel() > 0)
            out.backend().elementwise().copy(Tensor.wrap(x.storage(), pairs, xst, x.storageOffset()),
                    out.viewAs(pairs, Shapes.contiguousStrides(pairs), 0));
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            int[] rDims = new int[n];
            for (int i = 0; i < n; i++) rDims[i] = 2 * i;
            Node.of("RepeatBackward0", x)
                    .grad(0, g -> n == 0 ? g : Reductions.sum(g.reshape(pairs), rDims, false, null).reshape(in)).attach(out);
        }
        return out;
    }

    /** {@code tile(dims)}: repeat, with dims padded by leading ones up to x's rank. */
    public static Tensor tile(Tensor x, int[] reps) {
        if (reps.length >= x.dim()) return repeat(x, reps);
        int[] r = new int[x.dim()];
        Arrays.fill(r, 1);
        System.arraycopy(reps, 0, r, x.dim() - reps.length, reps.length);
        return repeat(x, r);
    }

    // ------------------------------------------------------------------ tril, triu, diag

    /** The bool [rows, cols] mask of a triangle: col - row <= k (lower) or >= k (upper). */
    private static Tensor triangle(int rows, int cols, int k, boolean lower, Tensor like) {
        Tensor m = Tensor.empty(new int[]{rows, cols}, DType.BOOL, torch4j.Device.CPU);
        byte[] b = ((torch4j.backend.CpuStorage) m.storage()).i8();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) b[i * cols + j] = (byte) ((lower ? j - i <= k : j - i >= k) ? 1 : 0);
        return like.device().isCpu() ? m : m.to(like.device());
    }

    private static Tensor triMask(Tensor x, int k, boolean lower) {
        String name = lower ? "tril" : "triu";
        if (x.dim() < 2) throw new TorchException(name + ": input tensor must have at least 2 dimensions");
        Tensor m = triangle(x.size(-2), x.size(-1), k, lower, x);
        return m.viewAs(x.shapeArray(), Shapes.expandStrides(m.shapeArray(), m.strideArray(), x.shapeArray()), 0);
    }

    private static Tensor zeroLike(Tensor x) {
        Tensor z = Tensor.scalar(0, x.dtype());
        if (!x.device().isCpu()) z = z.to(x.device());
        return z.viewAs(x.shapeArray(), new int[x.dim()], z.storageOffset());
    }

    /** {@code tril(diagonal)} / {@code triu(diagonal)}: TrilBackward0 / TriuBackward0. */
    public static Tensor tri(Tensor x, int k, boolean lower) {
        Tensor mask = triMask(x, k, lower);
        Tensor out = Tensor.empty(x.shapeArray(), x.dtype(), x.device());
        x.backend().elementwise().where(mask, x, zeroLike(x), out);
        if (Node.needed(x)) Node.of(lower ? "TrilBackward0" : "TriuBackward0", x).grad(0, g -> tri(g, k, lower)).attach(out);
        return out;
    }

    public static Tensor tri_(Tensor x, int k, boolean lower) {
        x.checkInplace();
        if (Node.needed(x)) return Pointwise.inPlace(x, tri(x, k, lower));
        x.backend().elementwise().where(triMask(x, k, lower), x, zeroLike(x), x);
        x.bumpVersion();
        return x;
    }

    /** {@code torch.diag(x, k)}: a vector onto the k-th diagonal of a square matrix, or a matrix's k-th diagonal. */
    public static Tensor diag(Tensor x, int k) {
        if (x.dim() == 1) {
            int n = x.size(0) + Math.abs(k);
            Tensor out = Pointwise.full(new int[]{n, n}, 0, x.dtype(), x.device());
            try (var _ = GradMode.scope(false)) {
                out.backend().elementwise().copy(x, Views.diagonal(out, k, 0, 1));
            }
            if (Node.needed(x)) Node.of("DiagBackward0", x).grad(0, g -> g.diagonal(k, 0, 1)).attach(out);
            return out;
        }
        if (x.dim() == 2) {
            Tensor out;
            try (var _ = GradMode.scope(false)) {
                out = Views.contiguous(Views.diagonal(x, k, 0, 1));
            }
            if (Node.needed(x)) {
                int[] in = x.shapeArray();
                Node.of("DiagBackward0", x).grad(0, g -> Views.diagonalScatter(g, in, k, 0, 1)).attach(out);
            }
            return out;
        }
        throw new TorchException("matrix or a vector expected");
    }

    /** {@code torch.diag_embed(x, offset, dim1, dim2)}: x's last dim placed on diagonals of new square dims. */
    public static Tensor diagEmbed(Tensor x, int offset, int dim1, int dim2) {
        int n = x.dim() + 1;
        int a = Shapes.wrapDim(dim1, n), b = Shapes.wrapDim(dim2, n);
        if (a == b) throw new TorchException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        int last = x.dim() == 0 ? 1 : x.size(-1), m = last + Math.abs(offset);
        int[] shape = new int[n];
        for (int i = 0, j = 0; i < n; i++) shape[i] = i == a || i == b ? m : x.size(j++);
        Tensor out = Pointwise.full(shape, 0, x.dtype(), x.device());
        try (var _ = GradMode.scope(false)) {
            out.backend().elementwise().copy(x, Views.diagonal(out, offset, a, b));
        }
        if (Node.needed(x)) Node.of("DiagEmbedBackward0", x).grad(0, g -> g.diagonal(offset, a, b)).attach(out);
        return out;
    }
}
