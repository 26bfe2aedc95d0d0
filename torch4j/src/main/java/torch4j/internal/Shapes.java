package torch4j.internal;

import java.util.Arrays;
import torch4j.TorchException;

/** Shape and stride arithmetic shared by ops and backends: broadcasting, dim wrapping, contiguous strides. */
public final class Shapes {
    private Shapes() {}

    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Row-major strides for a shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** Python-style negative dims; PyTorch's IndexError text. */
    public static int wrapDim(int dim, int ndim) {
        int n = Math.max(ndim, 1); // a 0-dim tensor accepts dims -1 and 0
        if (dim < -n || dim >= n)
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + (-n) + ", "
                    + (n - 1) + "], but got " + dim + ")");
        return dim < 0 ? dim + n : dim;
    }

    /** {@code torch.broadcast_shapes}, with PyTorch's message on mismatch. */
    public static int[] broadcast(int[] a, int[] b) {
        if (Arrays.equals(a, b)) return a;
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int ia = i - (n - a.length), ib = i - (n - b.length);
            int da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
            if (da == db || db == 1) out[i] = da;
            else if (da == 1) out[i] = db;
            else throw new TorchException("The size of tensor a (" + da + ") must match the size of tensor b (" + db
                    + ") at non-singleton dimension " + i);
        }
        return out;
    }

    /** Strides for viewing a tensor of (shape, strides) as the broadcast shape {@code to}: stride 0 where expanded. */
    public static int[] expandStrides(int[] shape, int[] strides, int[] to) {
        int[] st = new int[to.length];
        int off = to.length - shape.length;
        if (off < 0) throw new TorchException("expand: the number of sizes provided (" + to.length
                + ") must be greater or equal to the number of dimensions in the tensor (" + shape.length + ")");
        for (int i = 0; i < to.length; i++) {
            int j = i - off;
            if (j < 0) st[i] = 0;
            else if (shape[j] == to[i]) st[i] = strides[j];
            else if (shape[j] == 1) st[i] = 0;
            else throw new TorchException("The expanded size of the tensor (" + to[i] + ") must match the existing size ("
                    + shape[j] + ") at non-singleton dimension " + i + ".  Target sizes: " + str(to)
                    + ".  Tensor sizes: " + str(shape));
        }
        return st;
    }

    /** "[2, 3]" as PyTorch prints size lists in messages. */
    public static String str(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        return sb.append(']').toString();
    }

    /** True when (shape, strides) walks memory densely in row-major order. */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** The dims in a reduction spec, wrapped and de-duplicated; an empty spec means all dims. */
    public static boolean[] reduceMask(int[] dims, int ndim) {
        boolean[] m = new boolean[ndim];
        if (dims == null || dims.length == 0) {
            Arrays.fill(m, true);
            return m;
        }
        for (int d : dims) {
            int w = wrapDim(d, ndim);
            if (ndim == 0) continue;
            if (m[w]) throw new TorchException("dim " + w + " appears multiple times in the list of dims");
            m[w] = true;
        }
        return m;
    }

    /** The output shape of a reduction: reduced dims become 1 (keepdim) or vanish. */
    public static int[] reducedShape(int[] shape, boolean[] mask, boolean keepdim) {
        int n = 0;
        for (int i = 0; i < shape.length; i++) if (!mask[i] || keepdim) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i]) out[j++] = shape[i];
            else if (keepdim) out[j++] = 1;
        }
        return out;
    }

    /** Infers a single -1 in a view/reshape spec, with PyTorch's error for impossible shapes. */
    public static int[] inferSize(int[] spec, long numel) {
        int[] out = spec.clone();
        int neg = -1;
        long prod = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (neg >= 0) throw new TorchException("only one dimension can be inferred");
                neg = i;
            } else if (out[i] < 0) {
                throw new TorchException("invalid shape dimension " + out[i]);
            } else prod *= out[i];
        }
        if (neg >= 0) {
            if (prod == 0 || numel % prod != 0)
                throw new TorchException("shape '" + str(spec) + "' is invalid for input of size " + numel);
            out[neg] = (int) (numel / prod);
        } else if (prod != numel) {
            throw new TorchException("shape '" + str(spec) + "' is invalid for input of size " + numel);
        }
        return out;
    }

    /**
     * Strides for viewing (shape, strides) as newShape without copying, or null when impossible
     * (PyTorch's computeStride).
     */
    public static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        if (numel(shape) == 0 || shape.length == 0) return contiguousStrides(newShape);
        int[] ns = new int[newShape.length];
        int viewD = newShape.length - 1;
        int chunkBase = strides[strides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    ns[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = strides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return ns;
    }
}
