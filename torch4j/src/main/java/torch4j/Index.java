package torch4j;

import java.util.ArrayList;
import java.util.List;
import torch4j.internal.ops.Indexing;
import torch4j.internal.ops.Views;

/**
 * The indexing DSL: Python's {@code x[...]} as {@link Tensor#index(Object...)} and {@link Tensor#indexPut_(Object[],
 * Tensor)}. An index is a list of parts, each an int (select), a {@link Slice} ({@code start:stop:step}),
 * {@link #ELLIPSIS} ({@code ...}), {@link #NONE} or {@code null} ({@code None}, a new axis of size 1), a Boolean,
 * or a tensor: int64 indices or a bool mask (advanced indexing; {@code int[]}/{@code long[]}/{@code boolean[]}
 * are taken as such tensors). Ints, slices, ellipsis and None give views that share storage; tensor parts give
 * copies with PyTorch's rules (indexed dims that are adjacent put the result dims in their place, otherwise the
 * result dims come first).
 * <pre>{@code
 * import static torch4j.Index.*;
 * x.index(slice(1, 3), ELLIPSIS, 0);        // x[1:3, ..., 0]
 * x.index(slice(null, null, 2));            // x[::2]
 * x.index(NONE, slice());                   // x[None, :]
 * x.index(x.gt(0));                         // x[x > 0]
 * x.index(slice(), idx);                    // x[:, idx]
 * x.index("1:3, ..., 0");                   // the same as the first line, parsed
 * x.indexPut_(idx(slice(1, 3), 0), 7.0);    // x[1:3, 0] = 7
 * }</pre>
 */
public final class Index {
    private Index() {}

    /** Python's {@code slice(start, stop, step)}; a null bound is omitted ({@code :}). */
    public record Slice(Integer start, Integer stop, Integer step) {
        @Override public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == null ? "" : ":" + step);
        }
    }

    private record Marker(String name) {
        @Override public String toString() { return name; }
    }

    /** {@code ...}: as many full slices as needed. */
    public static final Object ELLIPSIS = new Marker("...");

    /** {@code None} (numpy's newaxis): inserts a dim of size 1. A plain {@code null} works as well. */
    public static final Object NONE = new Marker("None");

    /** Same as {@link #NONE}. */
    public static final Object NEWAXIS = NONE;

    /** {@code :}. */
    public static Slice slice() { return new Slice(null, null, null); }

    /** {@code start:stop}; either may be null. */
    public static Slice slice(Integer start, Integer stop) { return new Slice(start, stop, null); }

    /** {@code start:stop:step}; any may be null. */
    public static Slice slice(Integer start, Integer stop, Integer step) { return new Slice(start, stop, step); }

    /** {@code ...}. */
    public static Object ellipsis() { return ELLIPSIS; }

    /** The parts as an index array, for writes: {@code x.indexPut_(idx(slice(1, 3), 0), v)}. */
    public static Object[] idx(Object... parts) { return parts; }

    /**
     * Parses Python index syntax for ints, slices, {@code ...} and {@code None}: {@code "1:3, ..., None, ::2, -1"}.
     * Tensors cannot be written in a string; pass them as parts.
     */
    public static Object[] parse(String spec) {
        String s = spec.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.isBlank()) return new Object[0];
        String[] items = s.split(",", -1);
        List<Object> out = new ArrayList<>();
        for (String raw : items) {
            String it = raw.strip();
            if (it.isEmpty() && items.length > 1 && raw == items[items.length - 1]) continue; // trailing comma
            if (it.equals("...")) out.add(ELLIPSIS);
            else if (it.equals("None")) out.add(NONE);
            else if (it.equals("True") || it.equals("False")) out.add(Boolean.valueOf(it.equals("True")));
            else if (it.contains(":")) {
                String[] p = it.split(":", -1);
                if (p.length > 3) throw new IllegalArgumentException("invalid slice '" + it + "' in index \"" + spec + "\"");
                out.add(new Slice(num(p[0], spec), num(p[1], spec), p.length == 3 ? num(p[2], spec) : null));
            } else {
                Integer v = num(it, spec);
                if (v == null) throw new IllegalArgumentException("empty index part in \"" + spec + "\"");
                out.add(v);
            }
        }
        return out.toArray();
    }

    private static Integer num(String p, String spec) {
        String t = p.strip();
        if (t.isEmpty()) return null;
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid index part '" + t + "' in \"" + spec + "\"");
        }
    }

    // ------------------------------------------------------------------ interpretation

    /** The outcome of the basic parts: a view of x, and the tensor parts at their dims in that view. */
    private record Resolved(Tensor view, Tensor[] tensors, boolean hasTensors) {}

    private static Tensor asTensor(Object o) {
        if (o == null) return null;
        return switch (o) {
            case Tensor t -> t;
            case int[] a -> Torch.tensor(a);
            case long[] a -> Torch.tensor(a);
            case boolean[] a -> Torch.tensor(a);
            default -> null;
        };
    }

    /** Applies ints, slices, ellipsis and None as views (PyTorch's applySlicing); collects tensor parts. */
    private static Resolved resolve(Tensor x, Object[] parts) {
        int consumed = 0, ellipses = 0;
        for (Object o : parts) {
            Tensor t = asTensor(o);
            if (o == ELLIPSIS) ellipses++;
            else if (o == null || o == NONE || o instanceof Boolean) continue;
            else if (t != null) consumed += t.dim() == 0 && !Indexing.isMask(t) ? 1 : Indexing.isMask(t) ? t.dim() : 1;
            else consumed++;
        }
        if (ellipses > 1) throw new IndexOutOfBoundsException("an index can only have a single ellipsis ('...')");
        if (consumed > x.dim()) {
            if (x.dim() == 0)
                throw new IndexOutOfBoundsException("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                        + "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + x.dim());
        }
        Tensor r = x;
        List<Tensor> tensors = new ArrayList<>();
        boolean has = false;
        int dim = 0;
        for (Object o : parts) {
            Tensor t = asTensor(o);
            if (t != null && t.dim() == 0) {
                // 0-dim tensors act as Python scalars: ints select, bools add a dim
                if (t.dtype() == DType.BOOL) o = t.itemBool();
                else if (!t.dtype().isFloatingPoint()) o = t.itemInt();
                t = null;
            }
            if (o == null || o == NONE) {
                r = Views.unsqueeze(r, dim);
                tensors.add(null);
                dim++;
            } else if (o instanceof Boolean b) {
                r = Views.unsqueeze(r, dim);
                if (!b) r = Views.slice(r, dim, 0, 0, 1);
                tensors.add(null);
                dim++;
            } else if (o == ELLIPSIS) {
                int n = x.dim() - consumed;
                for (int i = 0; i < n; i++) tensors.add(null);
                dim += n;
            } else if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
                r = Views.select(r, dim, ((Number) o).intValue());
            } else if (o instanceof Slice s) {
                r = slice(r, dim, s);
                tensors.add(null);
                dim++;
            } else if (t != null) {
                tensors.add(t); // a mask covers t.dim() dims with its one entry
                dim += Indexing.isMask(t) ? t.dim() : 1;
                has = true;
            } else {
                throw new IndexOutOfBoundsException("only integers, slices (`:`), ellipsis (`...`), None and long or byte "
                        + "Variables are valid indices (got " + o.getClass().getSimpleName() + ")");
            }
        }
        return new Resolved(r, tensors.toArray(new Tensor[0]), has);
    }

    private static Tensor slice(Tensor r, int dim, Slice s) {
        int step = s.step() == null ? 1 : s.step();
        if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
        if (step < 0) throw new IllegalArgumentException("step must be greater than zero");
        int size = r.size(dim);
        int start = s.start() == null ? 0 : s.start(), stop = s.stop() == null ? Integer.MAX_VALUE : s.stop();
        if (start == 0 && stop >= size && step == 1) return r; // a full slice is no op, as PyTorch skips it
        return Views.slice(r, dim, start, stop, step);
    }

    /** {@code x[parts]}. */
    static Tensor get(Tensor x, Object[] parts) {
        if (parts == null) parts = new Object[]{null};
        Resolved res = resolve(x, parts);
        if (!res.hasTensors()) return res.view() == x ? Indexing.alias(x) : res.view();
        return Indexing.index(res.view(), res.tensors());
    }

    /** {@code x[parts] = value}: value broadcast and cast to x's dtype. */
    static Tensor set(Tensor x, Object[] parts, Tensor value) {
        if (parts == null) parts = new Object[]{null};
        Resolved res = resolve(x, parts);
        if (res.hasTensors()) Indexing.indexPut_(res.view(), res.tensors(), value, false, true);
        else res.view().copy_(value);
        return x;
    }
}
