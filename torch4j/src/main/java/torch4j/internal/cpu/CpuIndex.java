package torch4j.internal.cpu;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.IndexKernels;
import torch4j.internal.Shapes;

/**
 * CPU gather/scatter kernels. Each op is reduced, as PyTorch's TensorIterator does, to a walk over one shape with
 * the indexed dim's stride set to 0 in the data operand; the index value times that dim's real stride is added
 * per element. Reads run in parallel through {@link Loop}; writes run serially, since duplicate indices would
 * race.
 */
final class CpuIndex implements IndexKernels {
    static final CpuIndex INSTANCE = new CpuIndex();

    private static CpuStorage st(Tensor t) { return (CpuStorage) t.storage(); }

    /** t seen with shape (at most t's sizes), stride 0 along dim. */
    private static Tensor along(Tensor t, int[] shape, int dim) {
        int[] s = t.strideArray().clone();
        s[dim] = 0;
        return Tensor.wrap(t.storage(), shape, s, t.storageOffset());
    }

    /** A 1-D index seen with shape, varying only along dim. */
    private static Tensor indexAlong(Tensor index, int[] shape, int dim) {
        int[] s = new int[shape.length];
        s[dim] = index.dim() == 0 ? 0 : index.strideArray()[0];
        return Tensor.wrap(index.storage(), shape, s, index.storageOffset());
    }

    /** t restricted to shape (sizes no larger than t's), same strides. */
    private static Tensor restrict(Tensor t, int[] shape) {
        return Tensor.wrap(t.storage(), shape, t.strideArray(), t.storageOffset());
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        if (rowsSelect(x, dim, index, out)) return;
        int[] shape = out.shapeArray();
        gatherLoop(out, along(x, shape, dim), indexAlong(index, shape, dim), x.strideArray()[dim]);
    }

    /**
     * Whole rows of a contiguous x into a contiguous out (a DataLoader batch from a TensorDataset, embedding rows):
     * one arraycopy per index, on this thread below a few MB, where the general strided loop split 64 MNIST rows
     * over two threads and took 2.5× PyTorch's time.
     */
    private static boolean rowsSelect(Tensor x, int dim, Tensor index, Tensor out) {
        if (dim != 0 || !x.isContiguous() || !out.isContiguous() || x.dim() == 0 || index.dtype() != DType.INT64) return false;
        int row = x.numel() == 0 ? 0 : (int) (x.numel() / x.size(0)), n = (int) index.numel();
        long[] ix = st(index).i64();
        int io = index.storageOffset(), is = index.dim() == 0 ? 0 : index.strideArray()[0];
        Object a = st(x).array(), o = st(out).array();
        int xo = x.storageOffset(), oo = out.storageOffset();
        Parallel.forRange(n, Math.max(1, (1 << 20) / Math.max(1, row)), (from, to) -> {
            for (int i = from; i < to; i++)
                System.arraycopy(a, xo + (int) ix[io + i * is] * row, o, oo + i * row, row);
        });
        return true;
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        int[] shape = out.shapeArray();
        gatherLoop(out, along(x, shape, dim), index, x.strideArray()[dim]);
    }

    @Override
    public void indexAdd(Tensor out, int dim, Tensor index, Tensor src, double alpha) {
        int[] shape = src.shapeArray();
        scatterLoop(shape, along(out, shape, dim), indexAlong(index, shape, dim), src, out.strideArray()[dim], true, alpha);
    }

    @Override
    public void indexCopy(Tensor out, int dim, Tensor index, Tensor src) {
        int[] shape = src.shapeArray();
        scatterLoop(shape, along(out, shape, dim), indexAlong(index, shape, dim), src, out.strideArray()[dim], false, 1);
    }

    @Override
    public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add) {
        int[] shape = index.shapeArray();
        scatterLoop(shape, along(out, shape, dim), index, restrict(src, shape), out.strideArray()[dim], add, 1);
    }

    /** out[p] = x[px + idx[pi] * sd] over out's shape; x and idx are already seen with out's shape. */
    private static void gatherLoop(Tensor out, Tensor x, Tensor idx, int sd) {
        if (out.numel() == 0) return;
        long[] ix = st(idx).i64();
        Object a = st(x).array(), o = st(out).array();
        Loop.of(out, x, idx).run((n, off, s) -> {
            int po = off[0], px = off[1], pi = off[2], so = s[0], sx = s[1], si = s[2];
            if (si == 0 && so == 1 && sx == 1) { // a whole row under one index (embedding lookups): one block copy
                System.arraycopy(a, px + (int) ix[pi] * sd, o, po, n);
                return;
            }
            switch (o) {
                case float[] d -> {
                    float[] v = (float[]) a;
                    for (int i = 0; i < n; i++, po += so, px += sx, pi += si) d[po] = v[px + (int) ix[pi] * sd];
                }
                case double[] d -> {
                    double[] v = (double[]) a;
                    for (int i = 0; i < n; i++, po += so, px += sx, pi += si) d[po] = v[px + (int) ix[pi] * sd];
                }
                case long[] d -> {
                    long[] v = (long[]) a;
                    for (int i = 0; i < n; i++, po += so, px += sx, pi += si) d[po] = v[px + (int) ix[pi] * sd];
                }
                case int[] d -> {
                    int[] v = (int[]) a;
                    for (int i = 0; i < n; i++, po += so, px += sx, pi += si) d[po] = v[px + (int) ix[pi] * sd];
                }
                case short[] d -> {
                    short[] v = (short[]) a;
                    for (int i = 0; i < n; i++, po += so, px += sx, pi += si) d[po] = v[px + (int) ix[pi] * sd];
                }
                case byte[] d -> {
                    byte[] v = (byte[]) a;
                    for (int i = 0; i < n; i++, po += so, px += sx, pi += si) d[po] = v[px + (int) ix[pi] * sd];
                }
                default -> throw new IllegalStateException("unexpected storage " + o.getClass());
            }
        });
    }

    /**
     * out[po + idx[pi] * sd] (= or += alpha *) src[ps] over shape; out and idx are already seen with that shape.
     * Serial: with repeated indices, parallel rows would race on the same element.
     */
    private static void scatterLoop(int[] shape, Tensor out, Tensor idx, Tensor src, int sd, boolean add, double alpha) {
        if (Shapes.numel(shape) == 0) return;
        long[] ix = st(idx).i64();
        CpuStorage os = st(out), ss = st(src);
        Object o = os.array(), a = ss.array();
        DType dt = out.dtype();
        Loop.Body body;
        if (!add) {
            body = (n, off, s) -> {
                int po = off[0], pi = off[1], ps = off[2], so = s[0], si = s[1], sp = s[2];
                if (si == 0 && so == 1 && sp == 1) {
                    System.arraycopy(a, ps, o, po + (int) ix[pi] * sd, n);
                    return;
                }
                switch (o) {
                    case float[] d -> {
                        float[] v = (float[]) a;
                        for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] = v[ps];
                    }
                    case double[] d -> {
                        double[] v = (double[]) a;
                        for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] = v[ps];
                    }
                    case long[] d -> {
                        long[] v = (long[]) a;
                        for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] = v[ps];
                    }
                    case int[] d -> {
                        int[] v = (int[]) a;
                        for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] = v[ps];
                    }
                    case short[] d -> {
                        short[] v = (short[]) a;
                        for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] = v[ps];
                    }
                    case byte[] d -> {
                        byte[] v = (byte[]) a;
                        for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] = v[ps];
                    }
                    default -> throw new IllegalStateException("unexpected storage " + o.getClass());
                }
            };
        } else if (dt == DType.FLOAT32) {
            float[] d = os.f32(), v = ss.f32();
            float al = (float) alpha;
            body = (n, off, s) -> {
                int po = off[0], pi = off[1], ps = off[2], so = s[0], si = s[1], sp = s[2];
                if (si == 0) { // one index for the whole row: hoist the target offset
                    int base = po + (int) ix[pi] * sd;
                    for (int i = 0; i < n; i++, base += so, ps += sp) d[base] += al * v[ps];
                    return;
                }
                if (al == 1f) for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] += v[ps];
                else for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] += al * v[ps];
            };
        } else if (dt == DType.FLOAT64) {
            double[] d = os.f64(), v = ss.f64();
            body = (n, off, s) -> {
                int po = off[0], pi = off[1], ps = off[2], so = s[0], si = s[1], sp = s[2];
                for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) d[po + (int) ix[pi] * sd] += alpha * v[ps];
            };
        } else if (dt.isFloatingPoint()) {
            body = (n, off, s) -> {
                int po = off[0], pi = off[1], ps = off[2], so = s[0], si = s[1], sp = s[2];
                for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) {
                    int p = po + (int) ix[pi] * sd;
                    os.setDouble(p, os.getDouble(p) + alpha * ss.getDouble(ps));
                }
            };
        } else {
            long al = (long) alpha;
            body = (n, off, s) -> {
                int po = off[0], pi = off[1], ps = off[2], so = s[0], si = s[1], sp = s[2];
                for (int i = 0; i < n; i++, po += so, pi += si, ps += sp) {
                    int p = po + (int) ix[pi] * sd;
                    os.setLong(p, os.getLong(p) + al * ss.getLong(ps)); // bool: setLong stores (sum != 0), a logical or
                }
            };
        }
        forEachRow(shape, new Tensor[]{out, idx, src}, body);
    }

    /** A serial walk over shape, one row (last dim) at a time, each operand with its own strides. */
    private static void forEachRow(int[] shape, Tensor[] ts, Loop.Body body) {
        int nd = shape.length, k = ts.length;
        int[] off = new int[k], inner = new int[k];
        for (int t = 0; t < k; t++) {
            off[t] = ts[t].storageOffset();
            inner[t] = nd == 0 ? 0 : ts[t].strideArray()[nd - 1];
        }
        if (nd <= 1) {
            body.row(nd == 0 ? 1 : shape[0], off, inner);
            return;
        }
        int n = shape[nd - 1];
        int[] idx = new int[nd - 1];
        int[] cur = off.clone();
        while (true) {
            body.row(n, cur.clone(), inner);
            int d = nd - 2;
            for (; d >= 0; d--) {
                idx[d]++;
                for (int t = 0; t < k; t++) cur[t] += ts[t].strideArray()[d];
                if (idx[d] < shape[d]) break;
                for (int t = 0; t < k; t++) cur[t] -= ts[t].strideArray()[d] * shape[d];
                idx[d] = 0;
            }
            if (d < 0) return;
        }
    }

    @Override
    public Tensor nonzero(Tensor x) {
        int[] shape = x.shapeArray();
        int nd = shape.length;
        int numel = (int) x.numel();
        CpuStorage xs = st(x);
        // one pass to mark, a second to write coordinates: the result size is data dependent
        boolean[] hit = new boolean[numel];
        int count = 0;
        int[] idx = new int[nd];
        int p = x.storageOffset();
        int[] strides = x.strideArray();
        boolean bytes = xs.array() instanceof byte[];
        byte[] b = bytes ? xs.i8() : null;
        for (int e = 0; e < numel; e++) {
            boolean nz = bytes ? b[p] != 0 : xs.getDouble(p) != 0;
            if (nz) {
                hit[e] = true;
                count++;
            }
            for (int d = nd - 1; d >= 0; d--) {
                p += strides[d];
                if (++idx[d] < shape[d]) break;
                p -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        Tensor out = Tensor.empty(new int[]{count, nd}, DType.INT64, Device.CPU);
        long[] o = st(out).i64();
        java.util.Arrays.fill(idx, 0);
        int w = 0;
        for (int e = 0; e < numel; e++) {
            if (hit[e]) for (int d = 0; d < nd; d++) o[w++] = idx[d];
            for (int d = nd - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }
}
