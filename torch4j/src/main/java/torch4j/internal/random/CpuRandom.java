package torch4j.internal.random;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;
import torch4j.internal.Shapes;
import torch4j.internal.cpu.Parallel;

/**
 * CPU sampling kernels. Each fills a CPU tensor from an {@link Engine} in PyTorch's order: the elements are
 * visited in memory order (as TensorIterator's serial loop does, whatever the view's strides), and each
 * element consumes the same draws as PyTorch's distribution for its dtype. The caller holds the engine's lock.
 */
public final class CpuRandom {
    private CpuRandom() {}

    private static final float TWO_PI_F = (float) (2 * Math.PI);

    // ------------------------------------------------------------------ memory order

    /**
     * The storage offsets of t's elements in memory order, or null when t is contiguous (offsets are then
     * {@code storageOffset() + i}). Stride-0 dims are refused as PyTorch refuses writing through them.
     */
    static int[] memoryOrder(Tensor t) {
        return memoryOrder(t, null)[0];
    }

    /**
     * The offsets of t's elements in memory order and, when other (of t's shape, possibly expanded) is given, the
     * offsets of other's matching elements; the first array is null when t is contiguous and other is null.
     */
    static int[][] memoryOrder(Tensor t, Tensor other) {
        int[] shape = t.shapeArray(), st = t.strideArray();
        for (int d = 0; d < shape.length; d++)
            if (shape[d] > 1 && st[d] == 0)
                throw new TorchException("unsupported operation: more than one element of the written-to tensor refers "
                        + "to a single memory location. Please clone() the tensor before performing the operation.");
        if (other == null && Shapes.isContiguous(shape, st)) return new int[][]{null, null};
        int nd = shape.length;
        Integer[] order = new Integer[nd];
        for (int d = 0; d < nd; d++) order[d] = d;
        // outermost first: larger strides first; the sort is stable, so ties keep their logical order
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(st[b], st[a]));
        int n = (int) t.numel();
        int[] offs = new int[n];
        int[] ost = other == null ? null : other.strideArray();
        int[] offs2 = other == null ? null : new int[n];
        int[] idx = new int[nd];
        int o = t.storageOffset(), o2 = other == null ? 0 : other.storageOffset();
        for (int i = 0; i < n; i++) {
            offs[i] = o;
            if (offs2 != null) offs2[i] = o2;
            for (int k = nd - 1; k >= 0; k--) {
                int d = order[k];
                if (++idx[d] < shape[d]) {
                    o += st[d];
                    if (ost != null) o2 += ost[d];
                    break;
                }
                idx[d] = 0;
                o -= st[d] * (shape[d] - 1);
                if (ost != null) o2 -= ost[d] * (shape[d] - 1);
            }
        }
        return new int[][]{offs, offs2};
    }

    private static int at(int[] offs, int base, int i) { return offs == null ? base + i : offs[i]; }

    /** Writes vals (in memory order) into t, converting to t's dtype. */
    static void store(Tensor t, int[] offs, double[] vals) {
        CpuStorage s = (CpuStorage) t.storage();
        int base = t.storageOffset();
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] a = s.f32();
                for (int i = 0; i < vals.length; i++) a[at(offs, base, i)] = (float) vals[i];
            }
            case FLOAT64 -> {
                double[] a = s.f64();
                for (int i = 0; i < vals.length; i++) a[at(offs, base, i)] = vals[i];
            }
            default -> {
                for (int i = 0; i < vals.length; i++) s.setDouble(at(offs, base, i), vals[i]);
            }
        }
    }

    /** Writes integer vals into t; floating dtypes get the value rounded once, as a C++ static_cast. */
    static void storeLong(Tensor t, int[] offs, long[] vals) {
        CpuStorage s = (CpuStorage) t.storage();
        int base = t.storageOffset();
        switch (t.dtype()) {
            case INT64 -> {
                long[] a = s.i64();
                for (int i = 0; i < vals.length; i++) a[at(offs, base, i)] = vals[i];
            }
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                for (int i = 0; i < vals.length; i++) s.setDouble(at(offs, base, i), (float) vals[i]);
            }
            case FLOAT64 -> {
                for (int i = 0; i < vals.length; i++) s.setDouble(at(offs, base, i), (double) vals[i]);
            }
            default -> {
                for (int i = 0; i < vals.length; i++) s.setLong(at(offs, base, i), vals[i]);
            }
        }
    }

    /** Mantissa bits a uniform of this dtype takes from its draw ({@code std::numeric_limits<T>::digits}). */
    static int digits(DType d) {
        return switch (d) {
            case FLOAT64 -> 53;
            case FLOAT32 -> 24;
            case FLOAT16 -> 11;
            case BFLOAT16 -> 8;
            default -> throw new IllegalArgumentException(d.toString());
        };
    }

    /** A float rounded to the dtype's precision (PyTorch casts from and to to scalar_t first). */
    static float roundTo(DType d, double v) {
        return switch (d) {
            case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16((float) v));
            case BFLOAT16 -> {
                CpuStorage s = CpuStorage.allocate(DType.BFLOAT16, 1);
                s.setDouble(0, v);
                yield (float) s.getDouble(0);
            }
            default -> (float) v;
        };
    }

    // ------------------------------------------------------------------ kernels

    /** {@code uniform_(from, to)}: {@code uniform_real_distribution<scalar_t>}. */
    public static void uniform(Tensor t, double from, double to, Engine e) {
        int[] offs = memoryOrder(t);
        int n = (int) t.numel();
        DType d = t.dtype();
        double[] v;
        if (d == DType.FLOAT64) {
            v = new double[n];
            double range = to - from;
            for (int i = 0; i < n; i++) v[i] = Math.fma(e.uniformDouble(), range, from);
        } else {
            // computed in float (dist_acctype), from and to first rounded to the tensor's dtype; PyTorch's
            // compiled x * range + from is one fused multiply-add, in both precisions
            float f = roundTo(d, from), range = roundTo(d, to) - f;
            int mask = (1 << digits(d)) - 1;
            float scale = 1.0f / (1 << digits(d));
            if (d == DType.FLOAT32 && offs == null) {
                float[] a = ((CpuStorage) t.storage()).f32();
                int base = t.storageOffset();
                for (int i = 0; i < n; i++) a[base + i] = Math.fma((e.random32() & mask) * scale, range, f);
                return;
            }
            v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Math.fma((e.random32() & mask) * scale, range, f);
        }
        store(t, offs, v);
    }

    /**
     * {@code normal_(mean, std)}: contiguous tensors of 16 or more elements take PyTorch's block path (all the
     * uniforms first, then Box-Muller over blocks of 16, the last block redrawn when n is not a multiple of 16);
     * others draw scalar normals in double with the cached second value.
     */
    public static void normal(Tensor t, double mean, double std, Engine e) {
        int n = (int) t.numel();
        DType d = t.dtype();
        if (n >= 16 && t.isContiguous()) {
            if (d == DType.FLOAT64) normalBlocksDouble(t, n, mean, std, e);
            else normalBlocksFloat(t, n, (float) mean, (float) std, digits(d), e);
            return;
        }
        int[] offs = memoryOrder(t);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.fma(e.normalDouble(), std, mean);
        store(t, offs, v);
    }

    private static void normalBlocksFloat(Tensor t, int n, float mean, float std, int digits, Engine e) {
        // float32 tensors are transformed in their own array, as PyTorch does; half and bfloat16 in a float copy
        boolean direct = t.dtype() == DType.FLOAT32;
        float[] data = direct ? ((CpuStorage) t.storage()).f32() : new float[n];
        int base = direct ? t.storageOffset() : 0;
        int mask = (1 << digits) - 1;
        float scale = 1.0f / (1 << digits);
        for (int i = 0; i < n; i++) data[base + i] = (e.random32() & mask) * scale;
        // the transform draws nothing, so blocks can run in parallel
        Parallel.forRange(n / 16, Parallel.GRAIN / 16, (from, to) -> {
            for (int b = from; b < to; b++) normal16(data, base + 16 * b, mean, std);
        });
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) data[base + i] = (e.random32() & mask) * scale;
            normal16(data, base + n - 16, mean, std);
        }
        if (!direct) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = data[i];
            store(t, null, v);
        }
    }

    private static void normal16(float[] data, int o, float mean, float std) {
        for (int j = 0; j < 8; j++) {
            float u1 = 1 - data[o + j];
            float u2 = data[o + j + 8];
            // PyTorch evaluates log, sin and cos with float approximations; correctly rounded values stay within a
            // few ulp of them
            float radius = (float) Math.sqrt(-2.0 * Math.log(u1));
            float theta = TWO_PI_F * u2;
            float c = (float) Math.cos(theta), s = (float) Math.sin(theta);
            data[o + j] = Math.fma(radius * c, std, mean);
            data[o + j + 8] = Math.fma(radius * s, std, mean);
        }
    }

    private static void normalBlocksDouble(Tensor t, int n, double mean, double std, Engine e) {
        double[] data = new double[n];
        for (int i = 0; i < n; i++) data[i] = e.uniformDouble();
        for (int i = 0; i + 16 <= n; i += 16) normal16(data, i, mean, std);
        if (n % 16 != 0) {
            for (int i = n - 16; i < n; i++) data[i] = e.uniformDouble();
            normal16(data, n - 16, mean, std);
        }
        store(t, null, data);
    }

    private static void normal16(double[] data, int o, double mean, double std) {
        for (int j = 0; j < 8; j++) {
            double u1 = 1 - data[o + j];
            double u2 = data[o + j + 8];
            double radius = Math.sqrt(-2 * Math.log(u1));
            double theta = 2.0f * Math.PI * u2;
            data[o + j] = Math.fma(radius * Math.cos(theta), std, mean);
            data[o + j + 8] = Math.fma(radius * Math.sin(theta), std, mean);
        }
    }

    /**
     * {@code random_(from, to)} with range = to - from as an unsigned 64-bit value: draw modulo range plus from,
     * with a 64-bit draw when range is at least 2^32 and the dtype is int64, float32, float64 or bfloat16.
     */
    public static void randomFromTo(Tensor t, long range, long from, Engine e) {
        int[] offs = memoryOrder(t);
        int n = (int) t.numel();
        DType d = t.dtype();
        boolean wide = Long.compareUnsigned(range, 1L << 32) >= 0
                && (d == DType.INT64 || d == DType.FLOAT64 || d == DType.FLOAT32 || d == DType.BFLOAT16);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            long r = wide ? e.random64() : e.random();
            v[i] = Long.remainderUnsigned(r, range) + from;
        }
        storeLong(t, offs, v);
    }

    /** {@code random_()}: [0, 2^mantissa] for floating dtypes, [0, max] for integers, 0 or 1 for bool. */
    public static void random(Tensor t, Engine e) {
        int[] offs = memoryOrder(t);
        int n = (int) t.numel();
        DType d = t.dtype();
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (d) {
                case INT64 -> e.random64() & Long.MAX_VALUE;
                case FLOAT64 -> Long.remainderUnsigned(e.random64(), (1L << 53) + 1);
                case FLOAT32, FLOAT16, BFLOAT16 -> e.random() % ((1L << digits(d)) + 1);
                case INT32 -> e.random() & 0x7FFFFFFFL;
                case INT16 -> e.random() & 0x7FFFL;
                case INT8 -> e.random() & 0x7FL;
                case UINT8 -> e.random() & 0xFFL;
                case BOOL -> e.random() & 1L;
            };
        }
        storeLong(t, offs, v);
    }

    /** {@code bernoulli_(p)} with a scalar p: one uniform double per element, 1 where it is below p. */
    public static void bernoulli(Tensor t, double p, Engine e) {
        int[] offs = memoryOrder(t);
        int n = (int) t.numel();
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = e.uniformDouble() < p ? 1 : 0;
        storeLong(t, offs, v);
    }

    /**
     * {@code bernoulli_(p)} with p already expanded to t's shape (CPU): a uniform double per element when p is
     * float64, else a uniform float compared in float.
     */
    public static void bernoulli(Tensor t, Tensor p, Engine e) {
        int[][] o = memoryOrder(t, p);
        int n = (int) t.numel();
        CpuStorage ps = (CpuStorage) p.storage();
        long[] v = new long[n];
        boolean dbl = p.dtype() == DType.FLOAT64;
        for (int i = 0; i < n; i++) {
            double pv = ps.getDouble(o[1][i]);
            v[i] = dbl ? (e.uniformDouble() < pv ? 1 : 0) : (e.uniformFloat() < (float) pv ? 1 : 0);
        }
        storeLong(t, o[0], v);
    }

    /** {@code exponential_(lambd)}: -log(1 - u) / lambd from a uniform double, in double. */
    public static void exponential(Tensor t, double lambda, Engine e) {
        int[] offs = memoryOrder(t);
        int n = (int) t.numel();
        double[] v = new double[n];
        double scale = -1.0 / lambda;
        for (int i = 0; i < n; i++) v[i] = scale * Math.log(1.0 - e.uniformDouble());
        store(t, offs, v);
    }

    /** Fisher-Yates over 0..n-1 with 32-bit draws, as PyTorch's CPU randperm; t is a fresh 1-d tensor. */
    public static void randperm(Tensor t, int n, Engine e) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = i;
        for (int i = 0; i < n - 1; i++) {
            int z = (int) (e.random() % (n - i));
            long sav = r[i];
            r[i] = r[z + i];
            r[z + i] = sav;
        }
        storeLong(t, memoryOrder(t), r);
    }
}
