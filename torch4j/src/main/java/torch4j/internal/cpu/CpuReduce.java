package torch4j.internal.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.ReduceKernels;
import torch4j.internal.ops.ReduceOp;

/**
 * CPU reductions. The input is viewed with kept dims first and reduced dims last; each output element then
 * reduces one block. float32 sums of a dense block use vector accumulators; sums over leading dims of a row-major
 * tensor (bias gradients, column sums) add whole rows with vectors instead of walking columns.
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
            case MAX -> Double.isNaN(acc) || v > acc || Double.isNaN(v) ? v : acc;
            case MIN -> Double.isNaN(acc) || v < acc || Double.isNaN(v) ? v : acc;
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

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor outIndices) {
        throw new UnsupportedOperationException("argReduce: being written");
    }

    @Override
    public void scan(boolean sum, Tensor x, int dim, Tensor out) {
        throw new UnsupportedOperationException("scan: being written");
    }

    @Override
    public void sort(Tensor x, int dim, boolean descending, Tensor values, Tensor indices) {
        throw new UnsupportedOperationException("sort: being written");
    }
}
