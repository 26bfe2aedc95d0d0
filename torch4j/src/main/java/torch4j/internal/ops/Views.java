package torch4j.internal.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.backend.CpuStorage;
import torch4j.internal.Shapes;
import torch4j.internal.trace.Tracer;

/**
 * View ops: new (shape, strides, offset) over the same storage, no kernel. Each backward is the inverse view,
 * a sum over expanded dims, or a scatter into zeros for slicing.
 */
public final class Views {
    private Views() {}

    private static Tensor view(Tensor x, int[] shape, int[] strides, int offset) {
        return x.viewAs(shape, strides, offset);
    }

    public static Tensor view(Tensor x, int[] spec) {
        Tensor out = viewUntraced(x, spec);
        if (Tracer.on()) Tracer.record("reshape", Tracer.attrs("shape", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor viewUntraced(Tensor x, int[] spec) {
        int[] shape = Shapes.inferSize(spec, x.numel());
        int[] st = Shapes.viewStrides(x.shapeArray(), x.strideArray(), shape);
        if (st == null)
            throw new TorchException("view size is not compatible with input tensor's size and stride (at least one "
                    + "dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        Tensor out = view(x, shape, st, x.storageOffset());
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("ViewBackward0", x).grad(0, g -> g.reshape(in)).attach(out);
        }
        return out;
    }

    public static Tensor reshape(Tensor x, int[] spec) {
        Tensor out = reshapeUntraced(x, spec);
        if (Tracer.on()) Tracer.record("reshape", Tracer.attrs("shape", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor reshapeUntraced(Tensor x, int[] spec) {
        int[] shape = Shapes.inferSize(spec, x.numel());
        int[] st = Shapes.viewStrides(x.shapeArray(), x.strideArray(), shape);
        if (st != null) return view(x, shape);
        return view(contiguous(x), shape);
    }

    /** A contiguous copy (clone): CloneBackward0. */
    public static Tensor contiguous(Tensor x) {
        Tensor out = contiguousUntraced(x);
        if (Tracer.on()) Tracer.record("contiguous", Tracer.attrs(), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor contiguousUntraced(Tensor x) {
        Tensor out = Tensor.empty(x.shapeArray(), x.dtype(), x.device());
        x.backend().elementwise().copy(x, out);
        if (Node.needed(x)) Node.of("CloneBackward0", x).grad(0, g -> g).attach(out);
        return out;
    }

    /** A contiguous CPU copy in dtype, for conversions to Java arrays; never recorded. */
    public static CpuStorage contiguousCpu(Tensor x, DType dtype) {
        try (var _ = GradMode.scope(false)) {
            Tensor c = x;
            if (!c.device().isCpu()) c = c.to(Device.CPU);
            if (c.dtype() != dtype) c = c.to(dtype);
            else if (!c.isContiguous() || c.storageOffset() != 0 || c.storage().numel() != c.numel()) c = contiguous(c);
            if (c == x) c = contiguous(c); // never hand out the live storage
            return (CpuStorage) c.storage();
        }
    }

    public static int onlyElementOffset(Tensor x) {
        if (x.numel() != 1)
            throw new TorchException("a Tensor with " + x.numel() + " elements cannot be converted to Scalar");
        return x.storageOffset();
    }

    public static Object tolist(Tensor x) {
        CpuStorage s = contiguousCpu(x, x.dtype());
        return tolist(s, x.shapeArray(), 0, new int[]{0});
    }

    private static Object tolist(CpuStorage s, int[] shape, int d, int[] pos) {
        if (d == shape.length) {
            int i = pos[0]++;
            return switch (s.dtype().kind()) {
                case BOOL -> s.getLong(i) != 0;
                case INT -> s.getLong(i);
                case FLOAT -> s.getDouble(i);
            };
        }
        List<Object> l = new ArrayList<>(shape[d]);
        for (int i = 0; i < shape[d]; i++) l.add(tolist(s, shape, d + 1, pos));
        return l;
    }

    public static Tensor flatten(Tensor x, int start, int end) {
        Tensor out = flattenUntraced(x, start, end);
        if (Tracer.on()) Tracer.record("reshape", Tracer.attrs("shape", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor flattenUntraced(Tensor x, int start, int end) {
        int n = x.dim();
        if (n == 0) return reshape(x, new int[]{1});
        int s = Shapes.wrapDim(start, n), e = Shapes.wrapDim(end, n);
        if (s > e) throw new TorchException("flatten() has invalid args: start_dim cannot come after end_dim");
        if (s == e) return x;
        int[] shape = new int[n - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) shape[j++] = x.size(i);
        int p = 1;
        for (int i = s; i <= e; i++) p *= x.size(i);
        shape[j++] = p;
        for (int i = e + 1; i < n; i++) shape[j++] = x.size(i);
        return reshape(x, shape);
    }

    public static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        Tensor out = unflattenUntraced(x, dim, sizes);
        if (Tracer.on()) Tracer.record("reshape", Tracer.attrs("shape", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor unflattenUntraced(Tensor x, int dim, int[] sizes) {
        int d = Shapes.wrapDim(dim, x.dim());
        int[] inner = Shapes.inferSize(sizes, x.size(d));
        int[] shape = new int[x.dim() - 1 + inner.length];
        int j = 0;
        for (int i = 0; i < d; i++) shape[j++] = x.size(i);
        for (int v : inner) shape[j++] = v;
        for (int i = d + 1; i < x.dim(); i++) shape[j++] = x.size(i);
        return view(x, shape);
    }

    public static Tensor squeeze(Tensor x, int[] dims) {
        Tensor out = squeezeUntraced(x, dims);
        if (Tracer.on()) Tracer.record("reshape", Tracer.attrs("shape", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor squeezeUntraced(Tensor x, int[] dims) {
        int n = x.dim();
        boolean[] drop = new boolean[n];
        if (dims == null) for (int i = 0; i < n; i++) drop[i] = x.size(i) == 1;
        else for (int d : dims) {
            int w = Shapes.wrapDim(d, n);
            if (n > 0) drop[w] = x.size(w) == 1;
        }
        int k = 0;
        for (boolean b : drop) if (!b) k++;
        int[] shape = new int[k], st = new int[k];
        k = 0;
        for (int i = 0; i < n; i++) if (!drop[i]) {
            shape[k] = x.size(i);
            st[k++] = x.strideArray()[i];
        }
        Tensor out = view(x, shape, st, x.storageOffset());
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of(dims == null ? "SqueezeBackward0" : "SqueezeBackward1", x).grad(0, g -> g.reshape(in)).attach(out);
        }
        return out;
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        Tensor out = unsqueezeUntraced(x, dim);
        if (Tracer.on()) Tracer.record("reshape", Tracer.attrs("shape", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor unsqueezeUntraced(Tensor x, int dim) {
        int n = x.dim();
        int d = Shapes.wrapDim(dim, n + 1);
        int[] shape = new int[n + 1], st = new int[n + 1];
        for (int i = 0, j = 0; i <= n; i++) {
            if (i == d) {
                shape[i] = 1;
                st[i] = d < n ? x.strideArray()[d] * x.shapeArray()[d] : 1;
            } else {
                shape[i] = x.shapeArray()[j];
                st[i] = x.strideArray()[j++];
            }
        }
        Tensor out = view(x, shape, st, x.storageOffset());
        if (Node.needed(x)) Node.of("UnsqueezeBackward0", x).grad(0, g -> g.squeeze(d)).attach(out);
        return out;
    }

    public static Tensor permute(Tensor x, int[] dims) {
        Tensor out = permuteUntraced(x, dims);
        if (Tracer.on()) Tracer.record("permute", Tracer.attrs("dims", Tracer.permutation(x, out, dims)), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor permuteUntraced(Tensor x, int[] dims) {
        int n = x.dim();
        if (dims.length != n)
            throw new TorchException("permute(sparse_coo): number of dimensions in the tensor input does not match the "
                    + "length of the desired ordering of dimensions i.e. input.dim() = " + n + " is not equal to len(dims) = "
                    + dims.length);
        int[] shape = new int[n], st = new int[n], inv = new int[n];
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.wrapDim(dims[i], n);
            if (seen[d]) throw new TorchException("permute(): duplicate dims are not allowed.");
            seen[d] = true;
            shape[i] = x.shapeArray()[d];
            st[i] = x.strideArray()[d];
            inv[d] = i;
        }
        Tensor out = view(x, shape, st, x.storageOffset());
        if (Node.needed(x)) Node.of("PermuteBackward0", x).grad(0, g -> g.permute(inv)).attach(out);
        return out;
    }

    public static Tensor transpose(Tensor x, int d0, int d1) {
        Tensor out = transposeUntraced(x, d0, d1);
        if (Tracer.on()) Tracer.record("transpose", Tracer.attrs("dim0", Tracer.dim(d0, x), "dim1", Tracer.dim(d1, x)), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor transposeUntraced(Tensor x, int d0, int d1) {
        int n = x.dim();
        if (n == 0) return x;
        int a = Shapes.wrapDim(d0, n), b = Shapes.wrapDim(d1, n);
        int[] shape = x.shapeArray().clone(), st = x.strideArray().clone();
        shape[a] = x.shapeArray()[b];
        shape[b] = x.shapeArray()[a];
        st[a] = x.strideArray()[b];
        st[b] = x.strideArray()[a];
        Tensor out = view(x, shape, st, x.storageOffset());
        if (Node.needed(x)) Node.of("TransposeBackward0", x).grad(0, g -> g.transpose(a, b)).attach(out);
        return out;
    }

    public static Tensor expand(Tensor x, int[] sizes) {
        Tensor out = expandUntraced(x, sizes);
        if (Tracer.on()) Tracer.record("expand", Tracer.attrs("size", out.shapeArray().clone()), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor expandUntraced(Tensor x, int[] sizes) {
        int n = sizes.length;
        int[] shape = sizes.clone();
        int off = n - x.dim();
        for (int i = 0; i < n; i++) {
            if (shape[i] == -1) {
                if (i < off) throw new TorchException("The expanded size of the tensor (-1) isn't allowed in a leading, "
                        + "non-existing dimension " + i);
                shape[i] = x.shapeArray()[i - off];
            }
        }
        if (Arrays.equals(shape, x.shapeArray())) return x;
        int[] st = Shapes.expandStrides(x.shapeArray(), x.strideArray(), shape);
        Tensor out = view(x, shape, st, x.storageOffset());
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("ExpandBackward0", x).grad(0, g -> g.sumToSize(in)).attach(out);
        }
        return out;
    }

    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (start < -size || start > size)
            throw new IndexOutOfBoundsException("start out of range (expected to be in range of [" + (-size) + ", " + size
                    + "], but got " + start + ")");
        if (start < 0) start += size;
        if (length < 0 || start + length > size)
            throw new TorchException("start (" + start + ") + length (" + length + ") exceeds dimension size (" + size + ").");
        return sliceView(x, d, start, length, 1);
    }

    /** Python slice semantics: indices clamped into range, negative counted from the end. */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        if (x.dim() == 0) throw new TorchException("slice() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        if (step <= 0) throw new TorchException("slice step must be positive");
        int size = x.size(d);
        if (start < 0) start += size;
        if (end < 0) end += size;
        start = Math.max(0, Math.min(start, size));
        end = Math.max(start, Math.min(end, size));
        int len = (end - start + step - 1) / step;
        return sliceView(x, d, start, len, step);
    }

    private static Tensor sliceView(Tensor x, int d, int start, int len, int step) {
        int[] shape = x.shapeArray().clone(), st = x.strideArray().clone();
        shape[d] = len;
        st[d] = x.strideArray()[d] * step;
        Tensor out = view(x, shape, st, x.storageOffset() + start * x.strideArray()[d]);
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("SliceBackward0", x).grad(0, g -> sliceScatter(g, in, d, start, len, step)).attach(out);
        }
        if (Tracer.on()) Tracer.record("slice", Tracer.attrs("dim", d, "start", start, "end", start + len * step, "step", step), new Tensor[]{x}, out);
        return out;
    }

    /** Zeros of shape with src written into the slice: the differentiable backward of slicing. */
    public static Tensor sliceScatter(Tensor src, int[] shape, int d, int start, int len, int step) {
        Tensor out = Pointwise.full(shape, 0, src.dtype(), src.device());
        int[] st = out.strideArray().clone(), sh = shape.clone();
        sh[d] = len;
        st[d] *= step;
        Tensor region = out.viewAs(sh, st, start * out.strideArray()[d]);
        out.backend().elementwise().copy(src, region);
        if (Node.needed(src))
            Node.of("SliceScatterBackward0", src).grad(0, g -> g.slice(d, start, start + len * step, step)).attach(out);
        return out;
    }

    public static Tensor select(Tensor x, int dim, int index) {
        Tensor out = selectUntraced(x, dim, index);
        if (Tracer.on()) Tracer.record("select", Tracer.attrs("dim", Tracer.dim(dim, x), "index", index < 0 ? index + x.size(dim) : index), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor selectUntraced(Tensor x, int dim, int index) {
        if (x.dim() == 0) throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.size(d);
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension " + d + " with size " + size);
        int i = index < 0 ? index + size : index;
        Tensor out = selectView(x, d, i);
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("SelectBackward0", x).grad(0, g -> sliceScatter(g.unsqueeze(d), in, d, i, 1, 1)).attach(out);
        }
        return out;
    }

    /** x.select(d, i) as a bare view, no autograd. */
    private static Tensor selectView(Tensor x, int d, int i) {
        int n = x.dim();
        int[] shape = new int[n - 1], st = new int[n - 1];
        for (int a = 0, b = 0; a < n; a++) if (a != d) {
            shape[b] = x.shapeArray()[a];
            st[b++] = x.strideArray()[a];
        }
        return view(x, shape, st, x.storageOffset() + i * x.strideArray()[d]);
    }

    /**
     * One node for all slices (UnbindBackward0): backward stacks the slices' gradients once, where a select per
     * slice would build and sum one input-sized gradient per slice (quadratic in the number of slices).
     */
    public static Tensor[] unbind(Tensor x, int dim) {
        if (x.dim() == 0) throw new IndexOutOfBoundsException("Dimension specified as 0 but tensor has no dimensions");
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor[] r = new Tensor[x.size(d)];
        for (int i = 0; i < r.length; i++) r[i] = selectView(x, d, i);
        if (Node.needed(x) && r.length > 0) {
            int[] in = x.shapeArray();
            Node.multi("UnbindBackward0", r.length, x).gradMulti(0, gs -> {
                java.util.List<Tensor> parts = new ArrayList<>(gs.length);
                Tensor zero = null;
                for (Tensor g : gs) {
                    if (g == null) {
                        if (zero == null) {
                            Tensor any = java.util.Arrays.stream(gs).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
                            zero = Tensor.zerosLike(any);
                        }
                        g = zero;
                    }
                    parts.add(g);
                }
                return torch4j.Torch.stack(parts, d);
            }).attach(r);
        }
        return r;
    }

    public static Tensor diagonal(Tensor x, int offset, int dim1, int dim2) {
        int n = x.dim();
        int a = Shapes.wrapDim(dim1, n), b = Shapes.wrapDim(dim2, n);
        if (a == b) throw new TorchException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        int len, off = x.storageOffset();
        if (offset >= 0) {
            len = Math.max(0, Math.min(x.size(a), x.size(b) - offset));
            if (len > 0) off += offset * x.strideArray()[b];
        } else {
            len = Math.max(0, Math.min(x.size(a) + offset, x.size(b)));
            if (len > 0) off -= offset * x.strideArray()[a];
        }
        int[] shape = new int[n - 1], st = new int[n - 1];
        int j = 0;
        for (int i = 0; i < n; i++) if (i != a && i != b) {
            shape[j] = x.shapeArray()[i];
            st[j++] = x.strideArray()[i];
        }
        shape[j] = len;
        st[j] = x.strideArray()[a] + x.strideArray()[b];
        Tensor out = view(x, shape, st, off);
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("DiagonalBackward0", x).grad(0, g -> diagonalScatter(g, in, offset, a, b)).attach(out);
        }
        return out;
    }

    /** Zeros of shape with src written on the diagonal: the differentiable backward of diagonal. */
    public static Tensor diagonalScatter(Tensor src, int[] shape, int offset, int a, int b) {
        Tensor out = Pointwise.full(shape, 0, src.dtype(), src.device());
        try (var _ = GradMode.scope(false)) {
            out.backend().elementwise().copy(src, diagonal(out, offset, a, b));
        }
        if (Node.needed(src)) Node.of("DiagonalScatterBackward0", src).grad(0, g -> g.diagonal(offset, a, b)).attach(out);
        return out;
    }

    public static Tensor asStrided(Tensor x, int[] size, int[] stride, int storageOffset) {
        if (size.length != stride.length)
            throw new TorchException("mismatch in length of strides and shape");
        long maxOff = storageOffset;
        for (int i = 0; i < size.length; i++) {
            if (size[i] < 0 || stride[i] < 0) throw new TorchException("as_strided: negative size or stride");
            if (size[i] == 0) { maxOff = -1; break; }
            maxOff += (long) (size[i] - 1) * stride[i];
        }
        if (maxOff >= x.storage().numel())
            throw new TorchException("setStorage: sizes " + Shapes.str(size) + ", strides " + Shapes.str(stride)
                    + ", storage offset " + storageOffset + " requiring a storage size of " + (maxOff + 1)
                    + " are out of bounds for storage of size " + x.storage().numel());
        if (Node.needed(x))
            throw new TorchException("torch4j does not support autograd through as_strided yet");
        return view(x, size.clone(), stride.clone(), storageOffset);
    }

    /** Sums broadcast dims away so the result has shape (autograd's sum_to_size). */
    public static Tensor sumToSize(Tensor g, int[] shape) {
        if (Arrays.equals(g.shapeArray(), shape)) return g;
        int lead = g.dim() - shape.length;
        if (lead < 0) throw new TorchException("size " + Shapes.str(shape) + " is not expandable to size " + Shapes.str(g.shapeArray()));
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < g.dim(); i++) {
            if (i < lead) dims.add(i);
            else if (shape[i - lead] == 1 && g.size(i) != 1) dims.add(i);
            else if (shape[i - lead] != g.size(i))
                throw new TorchException("size " + Shapes.str(shape) + " is not expandable to size " + Shapes.str(g.shapeArray()));
        }
        Tensor r = dims.isEmpty() ? g : Reductions.sum(g, dims.stream().mapToInt(Integer::intValue).toArray(), true, null);
        return r.dim() == shape.length ? r : r.reshape(shape);
    }
}
