package torch4j.internal.cpu;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.ConvKernels;
import torch4j.backend.CpuStorage;

/**
 * Convolutions as im2col + one GEMM per group over a whole chunk of the batch (docs/conv.md has the measurements
 * behind this choice). The column matrix of a chunk is [K, n·P] (K = C/groups·kD·kH·kW, P output positions), so the
 * product W[O/groups, K]·cols is one large GEMM even when P is tiny (ResNet's deep layers: P = 4 or 1), where a
 * GEMM per sample would be a matrix-vector product. The products' [O, n·P] results are then scattered to NCHW.
 * Backward: the weight gradient is gradOut[O, n·P]·colsᵀ, the input gradient col2im(Wᵀ·gradOut). Column and
 * staging buffers are thread-local and reused, so a training step allocates no temporaries here.
 */
public final class CpuConv implements ConvKernels {
    public static final CpuConv INSTANCE = new CpuConv();

    /** Column buffers are bounded by chunking the batch: at most this many elements per chunk (unless one sample needs more). */
    private static final int MAX_COL = Integer.getInteger("torch4j.conv.maxCol", 1 << 22);

    private CpuConv() {}

    private static final class Buffers {
        float[] f1 = new float[0], f2 = new float[0];
        double[] d1 = new double[0], d2 = new double[0];

        float[] f1(int n) { return f1.length >= n ? f1 : (f1 = new float[n]); }

        float[] f2(int n) { return f2.length >= n ? f2 : (f2 = new float[n]); }

        double[] d1(int n) { return d1.length >= n ? d1 : (d1 = new double[n]); }

        double[] d2(int n) { return d2.length >= n ? d2 : (d2 = new double[n]); }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static int[] spatial(Tensor t) { return new int[]{t.size(2), t.size(3), t.size(4)}; }

    private static int[] kernel(Tensor w) { return new int[]{w.size(2), w.size(3), w.size(4)}; }

    private static int chunk(int n, long perSample) {
        return (int) Math.max(1, Math.min(n, MAX_COL / Math.max(1, perSample)));
    }

    private static void checkDtype(Tensor t) {
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64)
            throw new TorchException("\"slow_conv2d_cpu\" not implemented for '" + t.dtype() + "'");
    }

    /** Fills cols [K, nb·P] for samples [n0, n0+nb) and channels [c0, c0+g.c()) of x in parallel over rows·samples. */
    private static void fillCols(Object x, int xBase, int sampleStride, CpuIm2col.Geo g, int nb, Object cols) {
        int k = g.rows(), p = g.positions(), ld = nb * p;
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, p));
        // row-major over the column matrix: consecutive units write consecutive memory (sample-major order wrote
        // rows nb·P apart, which measured 2-3× slower on ResNet's 8×8 layers)
        Parallel.forRange(k * nb, grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int r = u / nb, n = u % nb;
                if (x instanceof float[] xf)
                    CpuIm2col.im2col(xf, xBase + n * sampleStride, g, r, r + 1, (float[]) cols, n * p, ld);
                else
                    CpuIm2col.im2col((double[]) x, xBase + n * sampleStride, g, r, r + 1, (double[]) cols, n * p, ld);
            }
        });
    }

    /** Adds cols [K, nb·P] back into the (zeroed) input planes of samples [n0, n0+nb), channels [c0, c0+g.c()). */
    private static void addCols(Object cols, CpuIm2col.Geo g, int nb, Object x, int xBase, int sampleStride) {
        int p = g.positions(), ld = nb * p;
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, g.plane() + g.rows() / Math.max(1, g.c()) * p));
        Parallel.forRange(nb * g.c(), grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int n = u / g.c(), c = u % g.c();
                if (x instanceof float[] xf)
                    CpuIm2col.col2im((float[]) cols, n * p, ld, g, c, c + 1, xf, xBase + n * sampleStride);
                else
                    CpuIm2col.col2im((double[]) cols, n * p, ld, g, c, c + 1, (double[]) x, xBase + n * sampleStride);
            }
        });
    }

    private static void gemm(int m, int n, int k, Object a, int aOff, int aRow, int aCol, Object b, int bOff, int bRow,
                             int bCol, Object c, int cOff, int ldc, boolean acc) {
        if (a instanceof float[] af)
            Gemm.sgemm(1, m, n, k, af, aOff, 0, aRow, aCol, (float[]) b, bOff, 0, bRow, bCol, (float[]) c, cOff, 0, ldc, acc);
        else
            Gemm.dgemm(1, m, n, k, (double[]) a, aOff, 0, aRow, aCol, (double[]) b, bOff, 0, bRow, bCol, (double[]) c, cOff, 0, ldc, acc);
    }

    private static Object data(Tensor t) {
        CpuStorage s = (CpuStorage) t.storage();
        return t.dtype() == DType.FLOAT32 ? s.f32() : s.f64();
    }

    /**
     * out[n, o0 + o, p] = tmp[o, (n - n0)·P + p] (+ bias[o0 + o]) for nb samples; or, when toTmp, the reverse gather
     * tmp[o, n·P + p] = out[n, o0 + o, p] (staging a gradient into the GEMM layout).
     */
    private static void moveRows(Object tmp, int og, int nb, int p, Object out, int outBase, int oTotal, int o0,
                                 Object bias, int biasOff, boolean toTmp) {
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, p));
        Parallel.forRange(nb * og, grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int n = u / og, o = u % og;
                int t = o * nb * p + n * p, q = outBase + (n * oTotal + o0 + o) * p;
                if (tmp instanceof float[] tf) {
                    float[] of = (float[]) out;
                    if (toTmp) {
                        System.arraycopy(of, q, tf, t, p);
                    } else if (bias == null) {
                        System.arraycopy(tf, t, of, q, p);
                    } else {
                        float bv = ((float[]) bias)[biasOff + o0 + o];
                        for (int i = 0; i < p; i++) of[q + i] = tf[t + i] + bv;
                    }
                } else {
                    double[] td = (double[]) tmp, od = (double[]) out;
                    if (toTmp) {
                        System.arraycopy(od, q, td, t, p);
                    } else if (bias == null) {
                        System.arraycopy(td, t, od, q, p);
                    } else {
                        double bv = ((double[]) bias)[biasOff + o0 + o];
                        for (int i = 0; i < p; i++) od[q + i] = td[t + i] + bv;
                    }
                }
            }
        });
    }

    private record Buf(Object cols, Object tmp) {}

    private static Buf buffers(boolean f32, int colLen, int tmpLen) {
        Buffers b = BUFFERS.get();
        return f32 ? new Buf(b.f1(colLen), b.f2(tmpLen)) : new Buf(b.d1(colLen), b.d2(tmpLen));
    }

    @Override
    public void convForward(Tensor x, Tensor w, Tensor bias, Tensor out, int[] stride, int[] padding, int[] dilation,
                            int groups) {
        checkDtype(x);
        int n = x.size(0), cin = x.size(1), o = w.size(0), cg = cin / groups, og = o / groups;
        CpuIm2col.Geo g = CpuIm2col.Geo.of(cg, spatial(x), kernel(w), spatial(out), stride, padding, dilation);
        int k = g.rows(), p = g.positions(), plane = g.plane();
        if (n == 0 || o == 0 || p == 0) return;
        int nbMax = chunk(n, (long) k * p);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Buf buf = buffers(f32, k * nbMax * p, og * nbMax * p);
        Object xd = data(x), wd = data(w), od = data(out), bd = bias == null ? null : data(bias);
        int xo = x.storageOffset(), wo = w.storageOffset(), oo = out.storageOffset(), bo = bias == null ? 0 : bias.storageOffset();
        for (int n0 = 0; n0 < n; n0 += nbMax) {
            int nb = Math.min(nbMax, n - n0);
            for (int gi = 0; gi < groups; gi++) {
                fillCols(xd, xo + (n0 * cin + gi * cg) * plane, cin * plane, g, nb, buf.cols);
                gemm(og, nb * p, k, wd, wo + gi * og * k, k, 1, buf.cols, 0, nb * p, 1, buf.tmp, 0, nb * p, false);
                moveRows(buf.tmp, og, nb, p, od, oo + n0 * o * p, o, gi * og, bd, bo, false);
            }
        }
    }

    @Override
    public void convBackwardInput(Tensor gradOut, Tensor w, Tensor gradIn, int[] stride, int[] padding, int[] dilation,
                                  int groups) {
        checkDtype(gradOut);
        int n = gradIn.size(0), cin = gradIn.size(1), o = w.size(0), cg = cin / groups, og = o / groups;
        CpuIm2col.Geo g = CpuIm2col.Geo.of(cg, spatial(gradIn), kernel(w), spatial(gradOut), stride, padding, dilation);
        int k = g.rows(), p = g.positions(), plane = g.plane();
        Object gi0 = data(gradIn);
        int io = gradIn.storageOffset();
        if (gi0 instanceof float[] f) java.util.Arrays.fill(f, io, io + (int) gradIn.numel(), 0f);
        else java.util.Arrays.fill((double[]) gi0, io, io + (int) gradIn.numel(), 0.0);
        if (n == 0 || p == 0 || o == 0) return;
        int nbMax = chunk(n, (long) k * p);
        boolean f32 = gradOut.dtype() == DType.FLOAT32;
        Buf buf = buffers(f32, k * nbMax * p, og * nbMax * p);
        Object gd = data(gradOut), wd = data(w);
        int go = gradOut.storageOffset(), wo = w.storageOffset();
        for (int n0 = 0; n0 < n; n0 += nbMax) {
            int nb = Math.min(nbMax, n - n0);
            for (int gr = 0; gr < groups; gr++) {
                moveRows(buf.tmp, og, nb, p, gd, go + n0 * o * p, o, gr * og, null, 0, true);
                // cols[K, nb·P] = W_gᵀ[K, og]·gradOut_g[og, nb·P]
                gemm(k, nb * p, og, wd, wo + gr * og * k, 1, k, buf.tmp, 0, nb * p, 1, buf.cols, 0, nb * p, false);
                addCols(buf.cols, g, nb, gi0, io + (n0 * cin + gr * cg) * plane, cin * plane);
            }
        }
    }

    @Override
    public void convBackwardWeight(Tensor gradOut, Tensor x, Tensor gradW, int[] stride, int[] padding, int[] dilation,
                                   int groups) {
        checkDtype(x);
        int n = x.size(0), cin = x.size(1), o = gradW.size(0), cg = cin / groups, og = o / groups;
        CpuIm2col.Geo g = CpuIm2col.Geo.of(cg, spatial(x), kernel(gradW), spatial(gradOut), stride, padding, dilation);
        int k = g.rows(), p = g.positions(), plane = g.plane();
        Object wd = data(gradW);
        int wo = gradW.storageOffset();
        if (n == 0 || p == 0 || o == 0 || k == 0) {
            if (wd instanceof float[] f) java.util.Arrays.fill(f, wo, wo + (int) gradW.numel(), 0f);
            else java.util.Arrays.fill((double[]) wd, wo, wo + (int) gradW.numel(), 0.0);
            return;
        }
        int nbMax = chunk(n, (long) k * p);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Buf buf = buffers(f32, k * nbMax * p, og * nbMax * p);
        Object xd = data(x), gd = data(gradOut);
        int xo = x.storageOffset(), go = gradOut.storageOffset();
        for (int n0 = 0; n0 < n; n0 += nbMax) {
            int nb = Math.min(nbMax, n - n0);
            for (int gr = 0; gr < groups; gr++) {
                fillCols(xd, xo + (n0 * cin + gr * cg) * plane, cin * plane, g, nb, buf.cols);
                moveRows(buf.tmp, og, nb, p, gd, go + n0 * o * p, o, gr * og, null, 0, true);
                // gradW_g[og, K] (+)= gradOut_g[og, nb·P]·colsᵀ[nb·P, K]
                gemm(og, k, nb * p, buf.tmp, 0, nb * p, 1, buf.cols, 0, 1, nb * p, wd, wo + gr * og * k, k, n0 > 0);
            }
        }
    }

    @Override
    public void im2col(Tensor x, Tensor cols, int[] kernel, int[] outSize, int[] stride, int[] padding, int[] dilation) {
        checkDtype(x);
        int n = x.size(0), c = x.size(1);
        CpuIm2col.Geo g = CpuIm2col.Geo.of(c, spatial(x), kernel, outSize, stride, padding, dilation);
        int k = g.rows(), p = g.positions(), plane = g.plane();
        Object xd = data(x), cd = data(cols);
        int xo = x.storageOffset(), co = cols.storageOffset();
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, p));
        Parallel.forRange(n * k, grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int s = u / k, r = u % k;
                if (xd instanceof float[] xf)
                    CpuIm2col.im2col(xf, xo + s * c * plane, g, r, r + 1, (float[]) cd, co + s * k * p, p);
                else
                    CpuIm2col.im2col((double[]) xd, xo + s * c * plane, g, r, r + 1, (double[]) cd, co + s * k * p, p);
            }
        });
    }

    @Override
    public void col2im(Tensor cols, Tensor out, int[] kernel, int[] outSize, int[] stride, int[] padding, int[] dilation) {
        checkDtype(out);
        int n = out.size(0), c = out.size(1);
        CpuIm2col.Geo g = CpuIm2col.Geo.of(c, spatial(out), kernel, outSize, stride, padding, dilation);
        int k = g.rows(), p = g.positions(), plane = g.plane();
        Object od = data(out), cd = data(cols);
        int oo = out.storageOffset(), co = cols.storageOffset();
        if (od instanceof float[] f) java.util.Arrays.fill(f, oo, oo + (int) out.numel(), 0f);
        else java.util.Arrays.fill((double[]) od, oo, oo + (int) out.numel(), 0.0);
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, plane + k / Math.max(1, c) * p));
        Parallel.forRange(n * c, grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int s = u / c, ch = u % c;
                if (od instanceof float[] of)
                    CpuIm2col.col2im((float[]) cd, co + s * k * p, p, g, ch, ch + 1, of, oo + s * c * plane);
                else
                    CpuIm2col.col2im((double[]) cd, co + s * k * p, p, g, ch, ch + 1, (double[]) od, oo + s * c * plane);
            }
        });
    }
}
