package torch4j.internal.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.PoolKernels;

/**
 * CPU pooling, resampling and padding kernels. Work is split over planes (N·C), each plane done by one thread, so
 * backward scatters never race. float32 and float64 are read and written in place; the op layer casts other
 * floating dtypes to float32 first (only padding sees every dtype).
 */
public final class CpuPool implements PoolKernels {
    public static final CpuPool INSTANCE = new CpuPool();

    private CpuPool() {}

    private static int grain(long workPerPlane) { return (int) Math.max(1, Parallel.GRAIN / Math.max(workPerPlane, 1)); }

    private static CpuStorage st(Tensor t) { return (CpuStorage) t.storage(); }

    // ------------------------------------------------------------------ max pooling

    @Override
    public void maxPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, Tensor out,
                          Tensor indices) {
        int[] xs = x.shapeArray(), os = out.shapeArray();
        int planes = xs[0], h = xs[1], w = xs[2], oh = os[1], ow = os[2];
        long[] idx = st(indices).i64();
        int io = indices.storageOffset(), xo = x.storageOffset(), oo = out.storageOffset();
        // planes of up to 64K outputs with windows of up to 64 taps gather through a window table (a 1 MB bound)
        boolean fast = (long) oh * ow * kH * kW <= 1 << 18;
        if (x.dtype() == DType.FLOAT32) {
            float[] a = st(x).f32(), o = st(out).f32();
            Window win = fast ? Window.of(h, w, oh, ow, kH, kW, sH, sW, pH, pW, dH, dW) : null;
            Parallel.forRange(planes, grain((long) h * w), (p0, p1) -> {
                int[] tmp = new int[IS.length()];
                for (int p = p0; p < p1; p++) {
                    int xb = xo + p * h * w, ob = oo + p * oh * ow, ib = io + p * oh * ow;
                    if (fast) maxWindowF(a, xb, win, o, ob, idx, ib, tmp);
                    else maxPlaneF(a, xb, h, w, o, ob, idx, ib, oh, ow, kH, kW, sH, sW, pH, pW, dH, dW);
                }
            });
        } else {
            double[] a = st(x).f64(), o = st(out).f64();
            Parallel.forRange(planes, grain((long) h * w), (p0, p1) -> {
                for (int p = p0; p < p1; p++)
                    maxPlaneD(a, xo + p * h * w, h, w, o, oo + p * oh * ow, idx, io + p * oh * ow, oh, ow,
                            kH, kW, sH, sW, pH, pW, dH, dW);
            });
        }
    }

    /**
     * A pooling window as tables over the flat output plane: map[k][q] is the input-plane offset of window element k
     * (row-major) of output q, or -1 where it falls in the padding (or past the edge in ceil mode); safe[k] the same
     * with 0 there, because the gather bounds-checks masked-off lanes too; first[q] the first in-bounds element, the
     * index the scalar scan reports when every value is -inf.
     */
    private record Window(int[][] map, int[][] safe, int[] first) {
        static Window of(int h, int w, int oh, int ow, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
            int n = oh * ow, k = kH * kW;
            int[][] map = new int[k][n], safe = new int[k][n];
            int[] first = new int[n];
            java.util.Arrays.fill(first, -1);
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++) {
                    int q = r * ow + c;
                    for (int y = 0; y < kH; y++)
                        for (int z = 0; z < kW; z++) {
                            int ih = r * sH - pH + y * dH, iw = c * sW - pW + z * dW;
                            int v = ih < 0 || ih >= h || iw < 0 || iw >= w ? -1 : ih * w + iw;
                            map[y * kW + z][q] = v;
                            safe[y * kW + z][q] = Math.max(v, 0);
                            if (first[q] < 0 && v >= 0) first[q] = v;
                        }
                }
            return new Window(map, safe, first);
        }
    }

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_256;

    /**
     * Max pooling of one plane, 8 outputs at a time: each window element gathered through {@link Window}, value and
     * index selected by masks. The scalar scan lost ~12 ns per output to branch mispredictions (on ReLU outputs the
     * comparisons are coin flips, and C2 kept the branches): 5× faster on LeNet's 2×2 pooling. Comparison order as
     * the scalar scan (v > m or v is NaN), so ties and NaNs pick the same index as PyTorch.
     */
    private static void maxWindowF(float[] a, int xb, Window win, float[] o, int ob, long[] idx, int ib, int[] tmp) {
        int n = win.first().length, k = win.map().length, q = 0, lanes = IS.length();
        var ninf = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (; q <= n - lanes; q += lanes) {
            var m = ninf;
            var mi = IntVector.fromArray(IS, win.first(), q);
            for (int e = 0; e < k; e++) {
                var valid = IntVector.fromArray(IS, win.map()[e], q).compare(VectorOperators.GE, 0).cast(FS);
                var v = FloatVector.fromArray(FS, a, xb, win.safe()[e], q, valid);
                var t = v.compare(VectorOperators.GT, m).or(v.test(VectorOperators.IS_NAN)).and(valid);
                m = m.blend(v, t);
                mi = mi.blend(IntVector.fromArray(IS, win.map()[e], q), t.cast(IS));
            }
            m.intoArray(o, ob + q);
            mi.intoArray(tmp, 0);
            for (int j = 0; j < lanes; j++) idx[ib + q + j] = tmp[j];
        }
        for (; q < n; q++) {
            int mi = win.first()[q];
            float m = Float.NEGATIVE_INFINITY;
            for (int e = 0; e < k; e++) {
                int i = win.map()[e][q];
                if (i < 0) continue;
                float v = a[xb + i];
                if (v > m || v != v) {
                    m = v;
                    mi = i;
                }
            }
            o[ob + q] = m;
            idx[ib + q] = mi;
        }
    }

    private static void maxPlaneF(float[] a, int xb, int h, int w, float[] o, int ob, long[] idx, int ib, int oh, int ow,
                                  int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
        for (int r = 0; r < oh; r++) {
            int h0 = r * sH - pH, h1 = Math.min(h0 + (kH - 1) * dH + 1, h);
            while (h0 < 0) h0 += dH;
            for (int c = 0; c < ow; c++) {
                int w0 = c * sW - pW, w1 = Math.min(w0 + (kW - 1) * dW + 1, w);
                while (w0 < 0) w0 += dW;
                int mi = h0 * w + w0;
                float m = Float.NEGATIVE_INFINITY;
                for (int y = h0; y < h1; y += dH)
                    for (int z = w0; z < w1; z += dW) {
                        int i = y * w + z;
                        float v = a[xb + i];
                        if (v > m || v != v) { m = v; mi = i; }
                    }
                o[ob + r * ow + c] = m;
                idx[ib + r * ow + c] = mi;
            }
        }
    }

    private static void maxPlaneD(double[] a, int xb, int h, int w, double[] o, int ob, long[] idx, int ib, int oh,
                                  int ow, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
        for (int r = 0; r < oh; r++) {
            int h0 = r * sH - pH, h1 = Math.min(h0 + (kH - 1) * dH + 1, h);
            while (h0 < 0) h0 += dH;
            for (int c = 0; c < ow; c++) {
                int w0 = c * sW - pW, w1 = Math.min(w0 + (kW - 1) * dW + 1, w);
                while (w0 < 0) w0 += dW;
                int mi = h0 * w + w0;
                double m = Double.NEGATIVE_INFINITY;
                for (int y = h0; y < h1; y += dH)
                    for (int z = w0; z < w1; z += dW) {
                        int i = y * w + z;
                        double v = a[xb + i];
                        if (v > m || v != v) { m = v; mi = i; }
                    }
                o[ob + r * ow + c] = m;
                idx[ib + r * ow + c] = mi;
            }
        }
    }

    @Override
    public void adaptiveMaxPool2d(Tensor x, Tensor out, Tensor indices) {
        int[] xs = x.shapeArray(), os = out.shapeArray();
        int planes = xs[0], h = xs[1], w = xs[2], oh = os[1], ow = os[2];
        long[] idx = st(indices).i64();
        int io = indices.storageOffset(), xo = x.storageOffset(), oo = out.storageOffset();
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] af = f32 ? st(x).f32() : null, of = f32 ? st(out).f32() : null;
        double[] ad = f32 ? null : st(x).f64(), od = f32 ? null : st(out).f64();
        Parallel.forRange(planes, grain((long) h * w), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int xb = xo + p * h * w, ob = oo + p * oh * ow, ib = io + p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    int h0 = start(r, h, oh), h1 = end(r, h, oh);
                    for (int c = 0; c < ow; c++) {
                        int w0 = start(c, w, ow), w1 = end(c, w, ow);
                        int mi = h0 * w + w0;
                        double m = Double.NEGATIVE_INFINITY;
                        for (int y = h0; y < h1; y++)
                            for (int z = w0; z < w1; z++) {
                                int i = y * w + z;
                                double v = f32 ? af[xb + i] : ad[xb + i];
                                if (v > m || v != v) { m = v; mi = i; }
                            }
                        if (f32) of[ob + r * ow + c] = (float) m;
                        else od[ob + r * ow + c] = m;
                        idx[ib + r * ow + c] = mi;
                    }
                }
            }
        });
    }

    /** PyTorch's adaptive window start: floor(o·in/out). */
    public static int start(int o, int in, int out) { return (int) Math.floorDiv((long) o * in, out); }

    /** PyTorch's adaptive window end: ceil((o+1)·in/out). */
    public static int end(int o, int in, int out) { return (int) -Math.floorDiv(-(long) (o + 1) * in, out); }

    // ------------------------------------------------------------------ gather / scatter through indices

    @Override
    public void gatherPlanes(Tensor src, Tensor indices, Tensor out) {
        int planes = indices.size(0), l = indices.size(1), m = src.size(1);
        long[] idx = st(indices).i64();
        int io = indices.storageOffset(), so = src.storageOffset(), oo = out.storageOffset();
        if (src.dtype() == DType.FLOAT32) {
            float[] s = st(src).f32(), o = st(out).f32();
            Parallel.forRange(planes, grain(l), (p0, p1) -> {
                for (int p = p0; p < p1; p++)
                    for (int j = 0; j < l; j++) o[oo + p * l + j] = s[so + p * m + (int) idx[io + p * l + j]];
            });
        } else {
            double[] s = st(src).f64(), o = st(out).f64();
            Parallel.forRange(planes, grain(l), (p0, p1) -> {
                for (int p = p0; p < p1; p++)
                    for (int j = 0; j < l; j++) o[oo + p * l + j] = s[so + p * m + (int) idx[io + p * l + j]];
            });
        }
    }

    @Override
    public void scatterAddPlanes(Tensor src, Tensor indices, Tensor out) {
        int planes = indices.size(0), l = indices.size(1), m = out.size(1);
        long[] idx = st(indices).i64();
        int io = indices.storageOffset(), so = src.storageOffset(), oo = out.storageOffset();
        if (src.dtype() == DType.FLOAT32) {
            float[] s = st(src).f32(), o = st(out).f32();
            Parallel.forRange(planes, grain(m + l), (p0, p1) -> {
                java.util.Arrays.fill(o, oo + p0 * m, oo + p1 * m, 0f);
                for (int p = p0; p < p1; p++) {
                    int ob = oo + p * m, sb = so + p * l, ib = io + p * l;
                    for (int j = 0; j < l; j++) o[ob + (int) idx[ib + j]] += s[sb + j];
                }
            });
        } else {
            double[] s = st(src).f64(), o = st(out).f64();
            Parallel.forRange(planes, grain(m + l), (p0, p1) -> {
                java.util.Arrays.fill(o, oo + p0 * m, oo + p1 * m, 0.0);
                for (int p = p0; p < p1; p++) {
                    int ob = oo + p * m, sb = so + p * l, ib = io + p * l;
                    for (int j = 0; j < l; j++) o[ob + (int) idx[ib + j]] += s[sb + j];
                }
            });
        }
    }

    // ------------------------------------------------------------------ separable linear maps

    @Override
    public void separable2d(Tensor x, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW, Tensor out) {
        int[] xs = x.shapeArray(), os = out.shapeArray();
        int planes = xs[0], h = xs[1], w = xs[2], oh = os[1], ow = os[2];
        int xo = x.storageOffset(), oo = out.storageOffset();
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] af = f32 ? st(x).f32() : null, of = f32 ? st(out).f32() : null;
        double[] ad = f32 ? null : st(x).f64(), od = f32 ? null : st(out).f64();
        if (identity(ih, wh, tH, h, oh) && identity(iw, ww, tW, w, ow)) {
            if (f32) System.arraycopy(af, xo, of, oo, planes * h * w);
            else System.arraycopy(ad, xo, od, oo, planes * h * w);
            return;
        }
        if (f32 && oh == 1 && ow == 1 && tH == h && tW == w && uniform(ih, wh) && uniform(iw, ww)) {
            // global average pooling (ResNet's head): one sum per plane
            double scale = wh[0] * ww[0];
            Parallel.forRange(planes, grain((long) h * w), (p0, p1) -> {
                int n = h * w;
                for (int p = p0; p < p1; p++) {
                    int b = xo + p * n;
                    double s = 0;
                    for (int i = 0; i < n; i++) s += af[b + i];
                    of[oo + p] = (float) (s * scale);
                }
            });
            return;
        }
        Parallel.forRange(planes, grain((long) oh * ow * tH * tW + (long) h * w / 4), (p0, p1) -> {
            double[] row = new double[ow];
            for (int p = p0; p < p1; p++) {
                int xb = xo + p * h * w, ob = oo + p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    java.util.Arrays.fill(row, 0);
                    for (int t = 0; t < tH; t++) {
                        int y = ih[r * tH + t];
                        if (y < 0) continue;
                        double wy = wh[r * tH + t];
                        int rb = xb + y * w;
                        if (f32) {
                            for (int c = 0; c < ow; c++) {
                                double acc = 0;
                                for (int u = 0; u < tW; u++) {
                                    int z = iw[c * tW + u];
                                    if (z >= 0) acc += ww[c * tW + u] * af[rb + z];
                                }
                                row[c] += wy * acc;
                            }
                        } else {
                            for (int c = 0; c < ow; c++) {
                                double acc = 0;
                                for (int u = 0; u < tW; u++) {
                                    int z = iw[c * tW + u];
                                    if (z >= 0) acc += ww[c * tW + u] * ad[rb + z];
                                }
                                row[c] += wy * acc;
                            }
                        }
                    }
                    int o = ob + r * ow;
                    if (f32) for (int c = 0; c < ow; c++) of[o + c] = (float) row[c];
                    else System.arraycopy(row, 0, od, o, ow);
                }
            }
        });
    }

    /** True when the map along one dim is the identity (one tap of weight 1 at the same position). */
    private static boolean identity(int[] idx, double[] wt, int taps, int in, int out) {
        if (taps != 1 || in != out) return false;
        for (int i = 0; i < out; i++) if (idx[i] != i || wt[i] != 1) return false;
        return true;
    }

    /** True when every tap is valid, the taps are 0..n-1 in order and all weights are equal (a plane mean). */
    private static boolean uniform(int[] idx, double[] wt) {
        for (int i = 0; i < idx.length; i++) if (idx[i] != i || wt[i] != wt[0]) return false;
        return true;
    }

    @Override
    public void separable2dAdjoint(Tensor g, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW, Tensor gradIn) {
        int[] gs = g.shapeArray(), xs = gradIn.shapeArray();
        int planes = xs[0], h = xs[1], w = xs[2], oh = gs[1], ow = gs[2];
        int go = g.storageOffset(), xo = gradIn.storageOffset();
        boolean f32 = g.dtype() == DType.FLOAT32;
        float[] gf = f32 ? st(g).f32() : null, xf = f32 ? st(gradIn).f32() : null;
        double[] gd = f32 ? null : st(g).f64(), xd = f32 ? null : st(gradIn).f64();
        if (identity(ih, wh, tH, h, oh) && identity(iw, ww, tW, w, ow)) {
            if (f32) System.arraycopy(gf, go, xf, xo, planes * h * w);
            else System.arraycopy(gd, go, xd, xo, planes * h * w);
            return;
        }
        if (oh == 1 && ow == 1 && tH == h && tW == w && uniform(ih, wh) && uniform(iw, ww)) {
            // the backward of global average pooling: each plane filled with g / (h·w)
            double scale = wh[0] * ww[0];
            int n = h * w;
            Parallel.forRange(planes, grain(n), (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    if (f32) java.util.Arrays.fill(xf, xo + p * n, xo + (p + 1) * n, (float) (gf[go + p] * scale));
                    else java.util.Arrays.fill(xd, xo + p * n, xo + (p + 1) * n, gd[go + p] * scale);
                }
            });
            return;
        }
        Parallel.forRange(planes, grain((long) oh * ow * tH * tW + (long) h * w), (p0, p1) -> {
            if (f32) java.util.Arrays.fill(xf, xo + p0 * h * w, xo + p1 * h * w, 0f);
            else java.util.Arrays.fill(xd, xo + p0 * h * w, xo + p1 * h * w, 0.0);
            for (int p = p0; p < p1; p++) {
                int xb = xo + p * h * w, gb = go + p * oh * ow;
                for (int r = 0; r < oh; r++) {
                    for (int t = 0; t < tH; t++) {
                        int y = ih[r * tH + t];
                        if (y < 0) continue;
                        double wy = wh[r * tH + t];
                        int rb = xb + y * w, grow = gb + r * ow;
                        for (int c = 0; c < ow; c++) {
                            double gv = wy * (f32 ? gf[grow + c] : gd[grow + c]);
                            for (int u = 0; u < tW; u++) {
                                int z = iw[c * tW + u];
                                if (z < 0) continue;
                                if (f32) xf[rb + z] += (float) (ww[c * tW + u] * gv);
                                else xd[rb + z] += ww[c * tW + u] * gv;
                            }
                        }
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ index maps (padding)

    /**
     * The geometry shared by {@link #indexMap} and its adjoint: the input's row-major strides over the k mapped dims
     * (inStr[0] the plane size), the output plane size and its rows of {@code last} elements.
     */
    private record MapGeometry(int[] inStr, int outPlane, int outer, int last) {
        static MapGeometry of(int[] xs, int[] os, int k) {
            int[] inStr = new int[k + 1];
            inStr[k] = 1;
            for (int d = k - 1; d >= 0; d--) inStr[d] = inStr[d + 1] * xs[d + 1];
            int outPlane = 1;
            for (int d = 1; d <= k; d++) outPlane *= os[d];
            return new MapGeometry(inStr, outPlane, outPlane / Math.max(os[k], 1), os[k]);
        }

        /** Input offset of the output row at counters ctr over the outer dims, or -1 where one maps to padding. */
        int rowBase(int[][] maps, int[] ctr, int base) {
            for (int d = 0; d < maps.length - 1; d++) {
                int s = maps[d][ctr[d]];
                if (s < 0) return -1;
                base += s * inStr[d + 1];
            }
            return base;
        }

        /** Advances the outer-dim counters to the next output row. */
        static void nextRow(int[] ctr, int[] os, int k) {
            for (int d = k - 2; d >= 0; d--) {
                if (++ctr[d] < os[d + 1]) break;
                ctr[d] = 0;
            }
        }
    }

    @Override
    public void indexMap(Tensor x, int[][] maps, double fill, Tensor out) {
        int k = maps.length;
        int[] os = out.shapeArray();
        MapGeometry geo = MapGeometry.of(x.shapeArray(), os, k);
        int inPlane = geo.inStr()[0], outPlane = geo.outPlane(), last = geo.last();
        int[] lastMap = maps[k - 1];
        int xo = x.storageOffset(), oo = out.storageOffset();
        DType dt = x.dtype();
        CpuStorage xsr = st(x), osr = st(out);
        Parallel.forRange(x.size(0), grain(outPlane), (b0, b1) -> {
            int[] ctr = new int[Math.max(k - 1, 1)];
            for (int b = b0; b < b1; b++) {
                java.util.Arrays.fill(ctr, 0);
                for (int q = 0; q < geo.outer(); q++) {
                    int base = geo.rowBase(maps, ctr, xo + b * inPlane);
                    int ob = oo + b * outPlane + q * last;
                    if (dt == DType.FLOAT32) {
                        float[] a = xsr.f32(), o = osr.f32();
                        for (int j = 0; j < last; j++) {
                            int s = lastMap[j];
                            o[ob + j] = s < 0 || base < 0 ? (float) fill : a[base + s];
                        }
                    } else if (dt == DType.FLOAT64) {
                        double[] a = xsr.f64(), o = osr.f64();
                        for (int j = 0; j < last; j++) {
                            int s = lastMap[j];
                            o[ob + j] = s < 0 || base < 0 ? fill : a[base + s];
                        }
                    } else if (dt.isFloatingPoint()) {
                        for (int j = 0; j < last; j++) {
                            int s = lastMap[j];
                            osr.setDouble(ob + j, s < 0 || base < 0 ? fill : xsr.getDouble(base + s));
                        }
                    } else {
                        for (int j = 0; j < last; j++) {
                            int s = lastMap[j];
                            osr.setLong(ob + j, s < 0 || base < 0 ? (long) fill : xsr.getLong(base + s));
                        }
                    }
                    MapGeometry.nextRow(ctr, os, k);
                }
            }
        });
    }

    @Override
    public void indexMapAdjoint(Tensor g, int[][] maps, Tensor gradIn) {
        int k = maps.length;
        int[] os = g.shapeArray();
        MapGeometry geo = MapGeometry.of(gradIn.shapeArray(), os, k);
        int inPlane = geo.inStr()[0], outPlane = geo.outPlane(), last = geo.last();
        int[] lastMap = maps[k - 1];
        int go = g.storageOffset(), xo = gradIn.storageOffset();
        boolean f32 = g.dtype() == DType.FLOAT32;
        float[] gf = f32 ? st(g).f32() : null, xf = f32 ? st(gradIn).f32() : null;
        double[] gd = f32 ? null : st(g).f64(), xd = f32 ? null : st(gradIn).f64();
        Parallel.forRange(gradIn.size(0), grain(outPlane), (b0, b1) -> {
            if (f32) java.util.Arrays.fill(xf, xo + b0 * inPlane, xo + b1 * inPlane, 0f);
            else java.util.Arrays.fill(xd, xo + b0 * inPlane, xo + b1 * inPlane, 0.0);
            int[] ctr = new int[Math.max(k - 1, 1)];
            for (int b = b0; b < b1; b++) {
                java.util.Arrays.fill(ctr, 0);
                for (int q = 0; q < geo.outer(); q++) {
                    int base = geo.rowBase(maps, ctr, xo + b * inPlane);
                    int gb = go + b * outPlane + q * last;
                    if (base >= 0) {
                        for (int j = 0; j < last; j++) {
                            int s = lastMap[j];
                            if (s < 0) continue;
                            if (f32) xf[base + s] += gf[gb + j];
                            else xd[base + s] += gd[gb + j];
                        }
                    }
                    MapGeometry.nextRow(ctr, os, k);
                }
            }
        });
    }
}
