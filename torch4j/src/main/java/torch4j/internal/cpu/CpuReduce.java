package torch4j.internal.cpu;

import java.util.Arrays;
import java.util.function.Supplier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.ReduceKernels;
import torch4j.internal.ops.ReduceOp;
import torch4j.internal.ops.Reductions;

/**
 * CPU reductions. The input is viewed with kept dims first and reduced dims last; each output element then
 * reduces one block. float32 sums of a dense block use vector accumulators; sums over leading dims of a row-major
 * tensor (bias gradients, column sums) add whole rows with vectors instead of walking columns.
 * <p>argmax/argmin, scans, sort and softmax work line by line along one dim ({@code forEachLine}), with float32
 * fast paths: softmax over contiguous rows is vectorised per row (or, for rows shorter than a vector, one exp over
 * a block of rows), and over a dim that is not the last it is vectorised across the columns after that dim.
 */
final class CpuReduce implements ReduceKernels {
    static final CpuReduce INSTANCE = new CpuReduce();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] mask, Tensor out) {
        int nd = x.dim();
        int[] shape = x.shapeArray(), strides = x.strideArray();
        CpuStorage xs = (CpuStorage) x.storage(), os = (CpuStorage) out.storage();
        // kept dims (in order) then reduced dims (in order)
        int nk = 0;
        for (int d = 0; d < nd; d++) if (!mask[d]) nk++;
        int[] ksh = new int[nk], kst = new int[nk], rsh = new int[nd - nk], rst = new int[nd - nk];
        for (int d = 0, a = 0, b = 0; d < nd; d++) {
            if (!mask[d]) { ksh[a] = shape[d]; kst[a++] = strides[d]; }
            else { rsh[b] = shape[d]; rst[b++] = strides[d]; }
        }
        int outer = 1, inner = 1;
        for (int v : ksh) outer *= v;
        for (int v : rsh) inner *= v;
        int[] rc = coalesce(rsh, rst);
        int rDense = rc == null ? -1 : rc[0]; // the reduced block is one run of stride rc[1]
        int rStride = rc == null ? 0 : rc[1];
        DType dt = x.dtype();
        int off0 = x.storageOffset();
        int outOff = out.storageOffset();
        // column reduction: reduced dims lead, kept dims are one dense run at the end
        if (op == ReduceOp.SUM && dt == DType.FLOAT32 && nk > 0 && rc != null && inner > 1 && outer >= L) {
            int[] kc = coalesce(ksh, kst);
            boolean leading = true;
            for (int d = 0, seenKept = 0; d < nd; d++) {
                if (!mask[d]) seenKept = 1;
                else if (seenKept == 1 && shape[d] != 1) leading = false;
            }
            if (kc != null && kc[1] == 1 && leading) {
                columnSum(xs.f32(), off0, rStride, inner, outer, os.f32(), outOff);
                return;
            }
        }
        // several reduced runs whose innermost one is dense (e.g. a bias gradient: sum over N, H, W of [N, C, H, W])
        int[] runs = rc == null && dt == DType.FLOAT32 ? innerDenseRun(rsh, rst) : null;
        final int fInner = inner, fnk = nk;
        Parallel.forRange(outer, Math.max(1, Parallel.GRAIN / Math.max(inner, 1)), (o0, o1) -> {
            int nk2 = fnk;
            int[] idx = new int[nk2];
            int rem = o0;
            for (int d = nk2 - 1; d >= 0; d--) { idx[d] = rem % ksh[d]; rem /= ksh[d]; }
            for (int o = o0; o < o1; o++) {
                int base = off0;
                for (int d = 0; d < nk2; d++) base += idx[d] * kst[d];
                int po = outOff + o;
                if (dt == DType.FLOAT32 && rDense >= 0) {
                    os.f32()[po] = reduceF32(op, xs.f32(), base, rStride, fInner);
                } else if (runs != null) {
                    os.f32()[po] = reduceF32Runs(op, xs.f32(), base, rsh, rst, runs[0], runs[1]);
                } else if (dt.isFloatingPoint()) {
                    os.setDouble(po, reduceDouble(op, xs, base, rsh, rst, fInner));
                } else {
                    os.setLong(po, reduceLong(op, xs, base, rsh, rst, fInner, dt == DType.BOOL));
                }
                for (int d = nk2 - 1; d >= 0; d--) {
                    if (++idx[d] < ksh[d]) break;
                    idx[d] = 0;
                }
            }
        });
    }

    /**
     * For reduced dims that are not one run: {number of trailing dims that form a unit-stride run, its length}, when
     * that run is long enough to vectorise; else null.
     */
    private static int[] innerDenseRun(int[] sh, int[] st) {
        int len = 1, d = sh.length - 1;
        while (d >= 0 && (sh[d] == 1 || st[d] == len)) {
            len *= sh[d];
            d--;
        }
        int k = sh.length - 1 - d;
        return len >= 2 * L && k < sh.length ? new int[]{k, len} : null;
    }

    /** Reduces the outer reduced dims by an odometer, each step a vectorised reduction of the dense inner run. */
    private static float reduceF32Runs(ReduceOp op, float[] a, int base, int[] rsh, int[] rst, int k, int len) {
        int no = rsh.length - k;
        int[] idx = new int[no];
        int count = 1;
        for (int d = 0; d < no; d++) count *= rsh[d];
        double acc = init(op);
        int p = base;
        for (int c = 0; c < count; c++) {
            double v = reduceF32(op, a, p, 1, len);
            acc = combine(op, acc, v);
            for (int d = no - 1; d >= 0; d--) {
                p += rst[d];
                if (++idx[d] < rsh[d]) break;
                p -= rst[d] * rsh[d];
                idx[d] = 0;
            }
        }
        return (float) acc;
    }

    /** {size, stride} when the dims form one run of a single stride, else null. */
    private static int[] coalesce(int[] sh, int[] st) {
        int size = 1, stride = 1;
        boolean first = true;
        for (int d = sh.length - 1; d >= 0; d--) {
            if (sh[d] == 1) continue;
            if (first) {
                stride = st[d];
                size = sh[d];
                first = false;
            } else if (st[d] == stride * size) {
                size *= sh[d];
            } else return null;
        }
        return new int[]{size, stride};
    }

    private static float reduceF32(ReduceOp op, float[] a, int base, int stride, int n) {
        if (stride == 1 && op == ReduceOp.SUM && n >= 4 * L) {
            var s0 = FloatVector.zero(S);
            var s1 = FloatVector.zero(S);
            var s2 = FloatVector.zero(S);
            var s3 = FloatVector.zero(S);
            int i = 0, bound = n - n % (4 * L);
            for (; i < bound; i += 4 * L) {
                s0 = s0.add(FloatVector.fromArray(S, a, base + i));
                s1 = s1.add(FloatVector.fromArray(S, a, base + i + L));
                s2 = s2.add(FloatVector.fromArray(S, a, base + i + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, a, base + i + 3 * L));
            }
            double r = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) r += a[base + i];
            return (float) r;
        }
        if (stride == 1 && (op == ReduceOp.MAX || op == ReduceOp.MIN) && n >= L) {
            boolean max = op == ReduceOp.MAX;
            var acc = FloatVector.broadcast(S, max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
            int i = 0, bound = S.loopBound(n);
            for (; i < bound; i += L) {
                var v = FloatVector.fromArray(S, a, base + i);
                acc = max ? acc.max(v) : acc.min(v); // Vector MAX/MIN propagate NaN as Math.max/min do
            }
            float r = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
            for (; i < n; i++) r = max ? Math.max(r, a[base + i]) : Math.min(r, a[base + i]);
            return r;
        }
        double r = init(op);
        for (int i = 0, p = base; i < n; i++, p += stride) r = combine(op, r, a[p]);
        return (float) r;
    }

    private static void columnSum(float[] a, int base, int rowStride, int rows, int cols, float[] o, int oo) {
        Parallel.forRange(cols, Math.max(L, Parallel.GRAIN / Math.max(rows, 1)), (c0, c1) -> {
            java.util.Arrays.fill(o, oo + c0, oo + c1, 0f);
            for (int r = 0; r < rows; r++) {
                int p = base + r * rowStride;
                int j = c0, bound = c0 + S.loopBound(c1 - c0);
                for (; j < bound; j += L)
                    FloatVector.fromArray(S, o, oo + j).add(FloatVector.fromArray(S, a, p + j)).intoArray(o, oo + j);
                for (; j < c1; j++) o[oo + j] += a[p + j];
            }
        });
    }

    private static double init(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    private static double combine(ReduceOp op, double acc, double v) {
        return switch (op) {
            case SUM -> acc + v;
            case PROD -> acc * v;
            // NaN sticks once seen, as PyTorch's max/min propagate it
            case MAX -> v > acc || Double.isNaN(v) ? v : acc;
            case MIN -> v < acc || Double.isNaN(v) ? v : acc;
        };
    }

    private static double reduceDouble(ReduceOp op, CpuStorage xs, int base, int[] rsh, int[] rst, int n) {
        double r = init(op);
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            if (n == 0) return r;
        }
        int nd = rsh.length;
        int[] idx = new int[nd];
        int p = base;
        for (int i = 0; i < n; i++) {
            double v = xs.getDouble(p);
            r = combine(op, r, v);
            if (Double.isNaN(v) && op != ReduceOp.SUM && op != ReduceOp.PROD) return v;
            for (int d = nd - 1; d >= 0; d--) {
                p += rst[d];
                if (++idx[d] < rsh[d]) break;
                p -= rst[d] * rsh[d];
                idx[d] = 0;
            }
        }
        return r;
    }

    private static long reduceLong(ReduceOp op, CpuStorage xs, int base, int[] rsh, int[] rst, int n, boolean bool) {
        long r = switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> bool ? 0 : Long.MIN_VALUE;
            case MIN -> bool ? 1 : Long.MAX_VALUE;
        };
        int nd = rsh.length;
        int[] idx = new int[nd];
        int p = base;
        for (int i = 0; i < n; i++) {
            long v = xs.getLong(p);
            r = switch (op) {
                case SUM -> r + v;
                case PROD -> r * v;
                case MAX -> Math.max(r, v);
                case MIN -> Math.min(r, v);
            };
            for (int d = nd - 1; d >= 0; d--) {
                p += rst[d];
                if (++idx[d] < rsh[d]) break;
                p -= rst[d] * rsh[d];
                idx[d] = 0;
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ per-line kernels (argmax, scans, sort, softmax)

    /** One line along the op's dim: base[t] is operand t's offset at the line start. */
    @FunctionalInterface
    private interface LineBody {
        void line(int[] base);
    }

    /** The stride of dim, or 0 for a 0-dim tensor (which is one line of one element). */
    private static int strideAt(Tensor t, int dim) { return t.dim() == 0 ? 0 : t.strideArray()[dim]; }

    /**
     * Runs a body over every line along dim. Operands have x's shape except possibly at dim. Each parallel chunk
     * gets its own body from make, so bodies may keep scratch buffers.
     */
    private static void forEachLine(Tensor[] ts, int dim, int n, Supplier<LineBody> make) {
        Tensor x = ts[0];
        int nd = x.dim(), k = ts.length, m = Math.max(nd - 1, 0);
        int[] osh = new int[m];
        int[][] ost = new int[k][m];
        long lines = 1;
        for (int d = 0, j = 0; d < nd; d++) {
            if (d == dim) continue;
            osh[j] = x.shapeArray()[d];
            for (int t = 0; t < k; t++) ost[t][j] = ts[t].strideArray()[d];
            lines *= osh[j++];
        }
        if (lines == 0 || n == 0) return;
        Parallel.forRange((int) lines, Math.max(1, Parallel.GRAIN / n), (l0, l1) -> {
            LineBody body = make.get();
            int[] idx = new int[m], base = new int[k];
            int rem = l0;
            for (int d = m - 1; d >= 0; d--) {
                idx[d] = rem % osh[d];
                rem /= osh[d];
            }
            for (int t = 0; t < k; t++) {
                int o = ts[t].storageOffset();
                for (int d = 0; d < m; d++) o += idx[d] * ost[t][d];
                base[t] = o;
            }
            for (int l = l0; l < l1; l++) {
                body.line(base);
                for (int d = m - 1; d >= 0; d--) {
                    for (int t = 0; t < k; t++) base[t] += ost[t][d];
                    if (++idx[d] < osh[d]) break;
                    for (int t = 0; t < k; t++) base[t] -= ost[t][d] * osh[d];
                    idx[d] = 0;
                }
            }
        });
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor outIndices) {
        int n = x.dim() == 0 ? 1 : x.size(dim), sx = strideAt(x, dim);
        CpuStorage xs = (CpuStorage) x.storage();
        long[] o = ((CpuStorage) outIndices.storage()).i64();
        DType dt = x.dtype();
        forEachLine(new Tensor[]{x, outIndices}, dim, n, () -> base -> {
            int p = base[0], best = 0;
            // the first NaN wins, as PyTorch treats NaN as greater (and smaller) than everything; ties keep the first
            if (dt == DType.FLOAT32) {
                float[] a = xs.f32();
                float bv = a[p];
                for (int i = 1; i < n && bv == bv; i++) {
                    float v = a[p + i * sx];
                    if (v != v || (max ? v > bv : v < bv)) { bv = v; best = i; }
                }
            } else if (dt.isFloatingPoint()) {
                double bv = xs.getDouble(p);
                for (int i = 1; i < n && bv == bv; i++) {
                    double v = xs.getDouble(p + i * sx);
                    if (v != v || (max ? v > bv : v < bv)) { bv = v; best = i; }
                }
            } else {
                long bv = xs.getLong(p);
                for (int i = 1; i < n; i++) {
                    long v = xs.getLong(p + i * sx);
                    if (max ? v > bv : v < bv) { bv = v; best = i; }
                }
            }
            o[base[1]] = best;
        });
    }

    @Override
    public void scan(boolean sum, Tensor x, int dim, Tensor out) {
        int n = x.dim() == 0 ? 1 : x.size(dim), sx = strideAt(x, dim), so = strideAt(out, dim);
        CpuStorage xs = (CpuStorage) x.storage(), os = (CpuStorage) out.storage();
        DType dt = out.dtype();
        forEachLine(new Tensor[]{x, out}, dim, n, () -> base -> {
            int p = base[0], q = base[1];
            // floating scans accumulate in double, as PyTorch's CPU kernel (acc_type<float> is double)
            if (dt == DType.FLOAT32 && x.dtype() == DType.FLOAT32) {
                float[] a = xs.f32(), o = os.f32();
                double acc = sum ? 0 : 1;
                for (int i = 0; i < n; i++, p += sx, q += so) {
                    acc = sum ? acc + a[p] : acc * a[p];
                    o[q] = (float) acc;
                }
            } else if (dt.isFloatingPoint()) {
                double acc = sum ? 0 : 1;
                for (int i = 0; i < n; i++, p += sx, q += so) {
                    double v = xs.getDouble(p);
                    acc = sum ? acc + v : acc * v;
                    os.setDouble(q, acc);
                }
            } else {
                long acc = sum ? 0 : 1;
                for (int i = 0; i < n; i++, p += sx, q += so) {
                    long v = xs.getLong(p);
                    acc = sum ? acc + v : acc * v;
                    os.setLong(q, acc);
                }
            }
        });
    }

    /**
     * Stable sort per line. Values become long keys whose signed order is the sort order (NaN above +inf, -0 equal
     * to +0; bit-inverted for descending, which also puts NaN first as PyTorch does); float32 keys are packed with
     * the index into one long so a primitive sort is stable, other dtypes go through a merge sort of indices.
     */
    @Override
    public void sort(Tensor x, int dim, boolean descending, Tensor values, Tensor indices) {
        int n = x.dim() == 0 ? 1 : x.size(dim);
        int sx = strideAt(x, dim), sv = strideAt(values, dim), si = strideAt(indices, dim);
        CpuStorage xs = (CpuStorage) x.storage(), vs = (CpuStorage) values.storage();
        long[] io = ((CpuStorage) indices.storage()).i64();
        DType dt = x.dtype();
        forEachLine(new Tensor[]{x, values, indices}, dim, n, () -> {
            long[] keys = new long[n];
            int[] perm = new int[n], tmp = new int[n];
            return base -> {
                int p = base[0];
                if (dt == DType.FLOAT32) {
                    float[] a = xs.f32();
                    for (int i = 0; i < n; i++) {
                        int k = floatKey(a[p + i * sx]);
                        if (descending) k = ~k;
                        keys[i] = ((long) k << 32) | i;
                    }
                    Arrays.sort(keys);
                    for (int i = 0; i < n; i++) perm[i] = (int) keys[i];
                } else {
                    boolean fp = dt.isFloatingPoint();
                    for (int i = 0; i < n; i++) {
                        long k = fp ? doubleKey(xs.getDouble(p + i * sx)) : xs.getLong(p + i * sx);
                        keys[i] = descending ? ~k : k;
                        perm[i] = i;
                    }
                    mergeSort(keys, perm, tmp, 0, n);
                }
                int qv = base[1], qi = base[2];
                if (dt == DType.FLOAT32) {
                    float[] a = xs.f32(), v = vs.f32();
                    for (int i = 0; i < n; i++, qv += sv, qi += si) {
                        v[qv] = a[p + perm[i] * sx];
                        io[qi] = perm[i];
                    }
                } else {
                    for (int i = 0; i < n; i++, qv += sv, qi += si) {
                        int src = p + perm[i] * sx;
                        if (dt.isFloatingPoint()) vs.setDouble(qv, xs.getDouble(src));
                        else vs.setLong(qv, xs.getLong(src));
                        io[qi] = perm[i];
                    }
                }
            };
        });
    }

    private static int floatKey(float f) {
        if (f == 0) f = 0f; // -0.0 sorts as +0.0
        int b = Float.floatToIntBits(f); // canonical NaN: above +inf once mapped
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    private static long doubleKey(double d) {
        if (d == 0) d = 0.0;
        long b = Double.doubleToLongBits(d);
        return b ^ ((b >> 63) & 0x7fffffffffffffffL);
    }

    /** Stable merge sort of perm[lo, hi) by keys[perm[i]]. */
    private static void mergeSort(long[] keys, int[] perm, int[] tmp, int lo, int hi) {
        if (hi - lo < 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = perm[i];
                long k = keys[v];
                int j = i - 1;
                while (j >= lo && keys[perm[j]] > k) { perm[j + 1] = perm[j]; j--; }
                perm[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(keys, perm, tmp, lo, mid);
        mergeSort(keys, perm, tmp, mid, hi);
        if (keys[perm[mid - 1]] <= keys[perm[mid]]) return;
        System.arraycopy(perm, lo, tmp, lo, hi - lo);
        for (int i = lo, a = lo, b = mid; i < hi; i++) {
            if (b >= hi || (a < mid && keys[tmp[a]] <= keys[tmp[b]])) perm[i] = tmp[a++];
            else perm[i] = tmp[b++];
        }
    }

    // ------------------------------------------------------------------ softmax

    @Override
    public void softmax(Tensor x, int dim, boolean log, Tensor out) {
        int nd = x.dim(), n = nd == 0 ? 1 : x.size(dim);
        if (n == 0) return;
        if (x.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32 && x.isContiguous() && out.isContiguous()) {
            float[] a = ((CpuStorage) x.storage()).f32(), o = ((CpuStorage) out.storage()).f32();
            int ao = x.storageOffset(), oo = out.storageOffset();
            int inner = 1;
            for (int d = dim + 1; d < nd; d++) inner *= x.size(d);
            int rows = (int) (x.numel() / ((long) n * inner));
            if (inner == 1) {
                Parallel.forRange(rows, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
                    if (n < L) softmaxShortRowsF32(a, ao, o, oo, n, r0, r1, log);
                    else for (int r = r0; r < r1; r++) softmaxRowF32(a, ao + r * n, o, oo + r * n, n, log);
                });
            } else {
                int chunks = (inner + INNER_CHUNK - 1) / INNER_CHUNK, in = inner;
                Parallel.forRange(rows * chunks, Math.max(1, Parallel.GRAIN / (n * Math.min(inner, INNER_CHUNK))), (u0, u1) -> {
                    float[] mx = new float[INNER_CHUNK], sm = new float[INNER_CHUNK];
                    for (int u = u0; u < u1; u++) {
                        int r = u / chunks, j0 = (u % chunks) * INNER_CHUNK, j1 = Math.min(in, j0 + INNER_CHUNK);
                        int base = r * n * in;
                        softmaxInnerF32(a, ao + base, o, oo + base, n, in, j0, j1, log, mx, sm);
                    }
                });
            }
            return;
        }
        int sx = strideAt(x, dim), so = strideAt(out, dim);
        CpuStorage xs = (CpuStorage) x.storage(), os = (CpuStorage) out.storage();
        forEachLine(new Tensor[]{x, out}, dim, n, () -> {
            double[] buf = new double[n];
            return base -> {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = xs.getDouble(base[0] + i * sx);
                    buf[i] = v;
                    m = v > m || Double.isNaN(v) ? v : m;
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += Math.exp(buf[i] - m);
                if (log) {
                    double ls = Math.log(s);
                    for (int i = 0; i < n; i++) os.setDouble(base[1] + i * so, buf[i] - m - ls);
                } else {
                    for (int i = 0; i < n; i++) os.setDouble(base[1] + i * so, Math.exp(buf[i] - m) / s);
                }
            };
        });
    }

    /** Columns per work unit when softmax runs over a dim that is not the last (inner > 1). */
    private static final int INNER_CHUNK = 512;

    /**
     * Rows shorter than a vector: per-row maxima in scalar code, then one vectorised exp over the whole block of
     * rows r0..r1, then per-row sums.
     */
    private static void softmaxShortRowsF32(float[] a, int ao, float[] o, int oo, int n, int r0, int r1, boolean log) {
        int from = oo + r0 * n, len = (r1 - r0) * n;
        float[] mx = new float[r1 - r0];
        for (int r = r0; r < r1; r++) {
            int p = ao + r * n, q = oo + r * n;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) m = Math.max(m, a[p + i]);
            mx[r - r0] = m;
            for (int i = 0; i < n; i++) o[q + i] = a[p + i] - m;
        }
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += L)
            VecMath.exp(FloatVector.fromArray(S, o, from + i)).intoArray(o, from + i);
        for (; i < len; i++) o[from + i] = (float) Math.exp(o[from + i]);
        for (int r = r0; r < r1; r++) {
            int p = ao + r * n, q = oo + r * n;
            float s = 0;
            for (int k = 0; k < n; k++) s += o[q + k];
            if (log) {
                float m = mx[r - r0], ls = (float) Math.log(s);
                for (int k = 0; k < n; k++) o[q + k] = a[p + k] - m - ls;
            } else {
                float inv = 1f / s;
                for (int k = 0; k < n; k++) o[q + k] *= inv;
            }
        }
    }

    /**
     * Softmax over a dim of size n with inner elements after it (x[n][inner] at ao), for columns j0..j1: every pass
     * walks contiguous memory and is vectorised across columns.
     */
    private static void softmaxInnerF32(float[] a, int ao, float[] o, int oo, int n, int inner, int j0, int j1,
                                        boolean log, float[] mx, float[] sm) {
        int w = j1 - j0, bound = S.loopBound(w);
        Arrays.fill(mx, 0, w, Float.NEGATIVE_INFINITY);
        Arrays.fill(sm, 0, w, 0f);
        for (int i = 0; i < n; i++) {
            int p = ao + i * inner + j0, j = 0;
            for (; j < bound; j += L)
                FloatVector.fromArray(S, mx, j).max(FloatVector.fromArray(S, a, p + j)).intoArray(mx, j);
            for (; j < w; j++) mx[j] = Math.max(mx[j], a[p + j]);
        }
        for (int i = 0; i < n; i++) {
            int p = ao + i * inner + j0, q = oo + i * inner + j0, j = 0;
            for (; j < bound; j += L) {
                var e = VecMath.exp(FloatVector.fromArray(S, a, p + j).sub(FloatVector.fromArray(S, mx, j)));
                if (!log) e.intoArray(o, q + j);
                FloatVector.fromArray(S, sm, j).add(e).intoArray(sm, j);
            }
            for (; j < w; j++) {
                float e = (float) Math.exp(a[p + j] - mx[j]);
                if (!log) o[q + j] = e;
                sm[j] += e;
            }
        }
        if (log) {
            for (int j = 0; j < w; j++) sm[j] = mx[j] + (float) Math.log(sm[j]);
            for (int i = 0; i < n; i++) {
                int p = ao + i * inner + j0, q = oo + i * inner + j0, j = 0;
                for (; j < bound; j += L)
                    FloatVector.fromArray(S, a, p + j).sub(FloatVector.fromArray(S, sm, j)).intoArray(o, q + j);
                for (; j < w; j++) o[q + j] = a[p + j] - sm[j];
            }
        } else {
            for (int j = 0; j < w; j++) sm[j] = 1f / sm[j];
            for (int i = 0; i < n; i++) {
                int q = oo + i * inner + j0, j = 0;
                for (; j < bound; j += L)
                    FloatVector.fromArray(S, o, q + j).mul(FloatVector.fromArray(S, sm, j)).intoArray(o, q + j);
                for (; j < w; j++) o[q + j] *= sm[j];
            }
        }
    }

    private static void softmaxRowF32(float[] a, int ao, float[] o, int oo, int n, boolean log) {
        int bound = S.loopBound(n), i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            var vm = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += L) vm = vm.max(FloatVector.fromArray(S, a, ao + i));
            m = vm.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, a[ao + i]);
        var vmax = FloatVector.broadcast(S, m);
        var vs = FloatVector.zero(S);
        float s = 0;
        if (log) {
            for (i = 0; i < bound; i += L)
                vs = vs.add(VecMath.exp(FloatVector.fromArray(S, a, ao + i).sub(vmax)));
            s = vs.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) s += (float) Math.exp(a[ao + i] - m);
            float ls = (float) Math.log(s);
            var vls = FloatVector.broadcast(S, ls);
            for (i = 0; i < bound; i += L)
                FloatVector.fromArray(S, a, ao + i).sub(vmax).sub(vls).intoArray(o, oo + i);
            for (; i < n; i++) o[oo + i] = a[ao + i] - m - ls;
        } else {
            for (i = 0; i < bound; i += L) {
                var e = VecMath.exp(FloatVector.fromArray(S, a, ao + i).sub(vmax));
                e.intoArray(o, oo + i);
                vs = vs.add(e);
            }
            s = vs.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                float e = (float) Math.exp(a[ao + i] - m);
                o[oo + i] = e;
                s += e;
            }
            float inv = 1f / s;
            var vinv = FloatVector.broadcast(S, inv);
            for (i = 0; i < bound; i += L) FloatVector.fromArray(S, o, oo + i).mul(vinv).intoArray(o, oo + i);
            for (; i < n; i++) o[oo + i] *= inv;
        }
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor g, int dim, boolean log, Tensor gradIn) {
        int nd = y.dim(), n = nd == 0 ? 1 : y.size(dim);
        if (n == 0) return;
        if (y.dtype() == DType.FLOAT32 && g.dtype() == DType.FLOAT32 && gradIn.dtype() == DType.FLOAT32
                && y.isContiguous() && g.isContiguous() && gradIn.isContiguous()) {
            float[] ya = ((CpuStorage) y.storage()).f32(), ga = ((CpuStorage) g.storage()).f32(),
                    oa = ((CpuStorage) gradIn.storage()).f32();
            int yo = y.storageOffset(), go = g.storageOffset(), oo = gradIn.storageOffset();
            int inner = 1;
            for (int d = dim + 1; d < nd; d++) inner *= y.size(d);
            int rows = (int) (y.numel() / ((long) n * inner));
            if (inner == 1) {
                Parallel.forRange(rows, Math.max(1, Parallel.GRAIN / n), (r0, r1) -> {
                    for (int r = r0; r < r1; r++)
                        softmaxBackRowF32(ya, yo + r * n, ga, go + r * n, oa, oo + r * n, n, log);
                });
            } else {
                int chunks = (inner + INNER_CHUNK - 1) / INNER_CHUNK, in = inner;
                Parallel.forRange(rows * chunks, Math.max(1, Parallel.GRAIN / (n * Math.min(inner, INNER_CHUNK))), (u0, u1) -> {
                    float[] acc = new float[INNER_CHUNK];
                    for (int u = u0; u < u1; u++) {
                        int r = u / chunks, j0 = (u % chunks) * INNER_CHUNK, j1 = Math.min(in, j0 + INNER_CHUNK);
                        int base = r * n * in;
                        softmaxBackInnerF32(ya, yo + base, ga, go + base, oa, oo + base, n, in, j0, j1, log, acc);
                    }
                });
            }
            return;
        }
        int sy = strideAt(y, dim), sg = strideAt(g, dim), so = strideAt(gradIn, dim);
        CpuStorage ys = (CpuStorage) y.storage(), gs = (CpuStorage) g.storage(), os = (CpuStorage) gradIn.storage();
        forEachLine(new Tensor[]{y, g, gradIn}, dim, n, () -> base -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double gv = gs.getDouble(base[1] + i * sg);
                s += log ? gv : gv * ys.getDouble(base[0] + i * sy);
            }
            for (int i = 0; i < n; i++) {
                double yv = ys.getDouble(base[0] + i * sy), gv = gs.getDouble(base[1] + i * sg);
                os.setDouble(base[2] + i * so, log ? gv - Math.exp(yv) * s : yv * (gv - s));
            }
        });
    }

    /** The backward of {@link #softmaxInnerF32}: column sums of g*y (or g), then the pointwise formula. */
    private static void softmaxBackInnerF32(float[] y, int yo, float[] g, int go, float[] o, int oo, int n, int inner,
                                            int j0, int j1, boolean log, float[] acc) {
        int w = j1 - j0, bound = S.loopBound(w);
        Arrays.fill(acc, 0, w, 0f);
        for (int i = 0; i < n; i++) {
            int p = yo + i * inner + j0, q = go + i * inner + j0, j = 0;
            for (; j < bound; j += L) {
                var gv = FloatVector.fromArray(S, g, q + j);
                if (!log) gv = gv.mul(FloatVector.fromArray(S, y, p + j));
                FloatVector.fromArray(S, acc, j).add(gv).intoArray(acc, j);
            }
            for (; j < w; j++) acc[j] += log ? g[q + j] : g[q + j] * y[p + j];
        }
        for (int i = 0; i < n; i++) {
            int p = yo + i * inner + j0, q = go + i * inner + j0, r = oo + i * inner + j0, j = 0;
            for (; j < bound; j += L) {
                var yv = FloatVector.fromArray(S, y, p + j);
                var gv = FloatVector.fromArray(S, g, q + j);
                var sv = FloatVector.fromArray(S, acc, j);
                (log ? gv.sub(VecMath.exp(yv).mul(sv)) : yv.mul(gv.sub(sv))).intoArray(o, r + j);
            }
            for (; j < w; j++)
                o[r + j] = log ? g[q + j] - (float) Math.exp(y[p + j]) * acc[j] : y[p + j] * (g[q + j] - acc[j]);
        }
    }

    private static void softmaxBackRowF32(float[] y, int yo, float[] g, int go, float[] o, int oo, int n, boolean log) {
        if (n < L) {
            float s = 0;
            for (int i = 0; i < n; i++) s += log ? g[go + i] : g[go + i] * y[yo + i];
            for (int i = 0; i < n; i++)
                o[oo + i] = log ? g[go + i] - (float) Math.exp(y[yo + i]) * s : y[yo + i] * (g[go + i] - s);
            return;
        }
        int bound = S.loopBound(n), i;
        var acc = FloatVector.zero(S);
        for (i = 0; i < bound; i += L) {
            var gv = FloatVector.fromArray(S, g, go + i);
            acc = log ? acc.add(gv) : acc.add(gv.mul(FloatVector.fromArray(S, y, yo + i)));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += log ? g[go + i] : g[go + i] * y[yo + i];
        var vs = FloatVector.broadcast(S, s);
        for (i = 0; i < bound; i += L) {
            var yv = FloatVector.fromArray(S, y, yo + i);
            var gv = FloatVector.fromArray(S, g, go + i);
            (log ? gv.sub(VecMath.exp(yv).mul(vs)) : yv.mul(gv.sub(vs))).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = log ? g[go + i] - (float) Math.exp(y[yo + i]) * s : y[yo + i] * (g[go + i] - s);
    }
}
