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

    /**
     * From this many output positions per sample on, the forward and both gradients run per sample, in parallel over
     * the batch: each GEMM is then large enough by itself, reads and writes NCHW in place (no staging copy of the
     * output or of gradOut), and the column matrix of one sample stays in cache between im2col and the product.
     */
    private static final int PER_SAMPLE_MIN_P = Integer.getInteger("torch4j.conv.perSampleMinP", 64);

    /**
     * Weight gradients with at most this many output channels per group use {@link #dotsF} instead of a GEMM: with
     * LeNet's 6 or 16 rows the GEMM is all packing (each packed column of the transposed B is used 6-16 times).
     */
    private static final int DOTS_MAX_O = Integer.getInteger("torch4j.conv.dotsMaxO", 32);

    /** Batch slicing ({@link #parts}) on or off: {@code -Dtorch4j.conv.split=false} restores OpenBLAS-threaded products. */
    static volatile boolean SPLIT = !"false".equals(System.getProperty("torch4j.conv.split"));

    /** Fewest product columns (samples × output positions) per batch slice. */
    private static final int SPLIT_MIN_N = Integer.getInteger("torch4j.conv.splitMinN", 256);

    /**
     * Weight gradients are sliced only from this many columns (N·P) on: each extra slice sums into its own copy of
     * gradW, which is then added in, a cost that stays small only while the product is long.
     */
    private static final int SPLIT_WEIGHT_MIN_NP = Integer.getInteger("torch4j.conv.splitWeightMinNp", 1024);

    private static final jdk.incubator.vector.VectorSpecies<Float> FS = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;

    private static final jdk.incubator.vector.VectorSpecies<Float> F8 = jdk.incubator.vector.FloatVector.SPECIES_256;

    /** Forward convolutions with at most this many taps per output (C/groups·kH·kW) may use {@link #directForwardF}. */
    private static final int DIRECT_MAX_K = Integer.getInteger("torch4j.conv.directMaxK", 256);

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

    /**
     * How many slices of the batch the batch-wide paths run side by side, one per torch4j thread, each with its own
     * column matrix and a one-thread OpenBLAS product (1: the whole batch on this thread, OpenBLAS threading the
     * products). Slicing needs OpenBLAS (the Java GEMM threads itself) and at least {@link #SPLIT_MIN_N} product
     * columns per slice: below that every slice would pack the whole weight matrix for a thin product.
     */
    static int parts(int n, int p) {
        if (!SPLIT || !OpenBlas.isAvailable() || Parallel.inside()) return 1;
        int t = Math.min(Parallel.getNumThreads(), n);
        while (t > 1 && (long) (n / t) * p < SPLIT_MIN_N) t--;
        return t;
    }

    /** A body over slice t, samples [s0, s1), of the batch. */
    @FunctionalInterface
    private interface SliceBody {
        void run(int t, int s0, int s1);
    }

    /** Runs body over the batch: whole on this thread (parts 1), else one slice per thread, OpenBLAS on one thread. */
    private static void sliced(int n, int parts, SliceBody body) {
        if (parts == 1) {
            body.run(0, 0, n);
            return;
        }
        OpenBlas.singleThreaded();
        Parallel.forRange(parts, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) body.run(t, Parallel.bound(n, parts, t), Parallel.bound(n, parts, t + 1));
        });
    }

    /** dst[dOff, dOff + len) += src[sOff, sOff + len): a slice's partial weight gradient added into gradW. */
    private static void addInto(Object dst, int dOff, Object src, int sOff, int len) {
        if (dst instanceof float[] d) {
            float[] q = (float[]) src;
            for (int i = 0; i < len; i++) d[dOff + i] += q[sOff + i];
        } else {
            double[] d = (double[]) dst, q = (double[]) src;
            for (int i = 0; i < len; i++) d[dOff + i] += q[sOff + i];
        }
    }

    private static void checkDtype(Tensor t) {
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64)
            throw new TorchException("\"slow_conv2d_cpu\" not implemented for '" + t.dtype() + "'");
    }

    /** Fills cols [K, nb·P] for samples [n0, n0+nb) and channels [c0, c0+g.c()) of x in parallel over rows. */
    private static void fillCols(Object x, int xBase, int sampleStride, CpuIm2col.Geo g, int nb, Object cols, int cOff) {
        int k = g.rows(), p = g.positions(), ld = nb * p;
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, ld));
        // row-major over the column matrix: consecutive units write consecutive memory (sample-major order wrote
        // rows nb·P apart, which measured 2-3× slower on ResNet's 8×8 layers)
        Parallel.forRange(k, grain, (from, to) -> {
            if (x instanceof float[] xf) CpuIm2col.im2col(xf, xBase, sampleStride, nb, g, from, to, (float[]) cols, cOff, ld, p);
            else for (int n = 0; n < nb; n++)
                CpuIm2col.im2col((double[]) x, xBase + n * sampleStride, g, from, to, (double[]) cols, cOff + n * p, ld);
        });
    }

    /** Adds cols [K, nb·P] back into the (zeroed) input planes of samples [n0, n0+nb), channels [c0, c0+g.c()). */
    private static void addCols(Object cols, int cOff, CpuIm2col.Geo g, int nb, Object x, int xBase, int sampleStride) {
        int p = g.positions(), ld = nb * p;
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, nb * (g.plane() + g.rows() / Math.max(1, g.c()) * p)));
        // parallel over channels (each owns its input planes, so no races), every sample of a channel in one call
        Parallel.forRange(g.c(), grain, (from, to) -> {
            if (x instanceof float[] xf) CpuIm2col.col2im((float[]) cols, cOff, ld, p, g, from, to, xf, xBase, sampleStride, nb);
            else for (int n = 0; n < nb; n++)
                CpuIm2col.col2im((double[]) cols, cOff + n * p, ld, g, from, to, (double[]) x, xBase + n * sampleStride);
        });
    }

    private static void gemm(int m, int n, int k, Object a, int aOff, int aRow, int aCol, Object b, int bOff, int bRow,
                             int bCol, Object c, int cOff, int ldc, boolean acc) {
        if (a instanceof float[] af)
            Gemm.sgemm(1, m, n, k, af, aOff, 0, aRow, aCol, (float[]) b, bOff, 0, bRow, bCol, (float[]) c, cOff, 0, ldc, acc);
        else
            Gemm.dgemm(1, m, n, k, (double[]) a, aOff, 0, aRow, aCol, (double[]) b, bOff, 0, bRow, bCol, (double[]) c, cOff, 0, ldc, acc);
    }

    /** Pure-Java GEMM: the per-sample paths call it from several threads at once, which OpenBLAS is not given. */
    private static void gemmJ(int m, int n, int k, Object a, int aOff, int aRow, int aCol, Object b, int bOff, int bRow,
                              int bCol, Object c, int cOff, int ldc, boolean acc) {
        if (a instanceof float[] af)
            Gemm.sgemmJava(1, m, n, k, af, aOff, 0, aRow, aCol, (float[]) b, bOff, 0, bRow, bCol, (float[]) c, cOff, 0, ldc, acc);
        else
            Gemm.dgemmJava(1, m, n, k, (double[]) a, aOff, 0, aRow, aCol, (double[]) b, bOff, 0, bRow, bCol, (double[]) c, cOff, 0, ldc, acc);
    }

    /**
     * Per-sample only for few output channels (LeNet): with ResNet's 64+ the batch-wide GEMM goes to OpenBLAS, whose
     * AVX-512 kernel beat the per-sample Java GEMMs on the stem and layer1 (docs/conv.md).
     */
    private static boolean perSample(int n, int p, int og) { return n >= 2 && p >= PER_SAMPLE_MIN_P && og <= DOTS_MAX_O; }

    /** 1×1 kernel, stride 1, no padding: a sample's channel planes already are its column matrix [C, P]. */
    private static boolean pointwise(CpuIm2col.Geo g) {
        return g.kd() == 1 && g.kh() == 1 && g.kw() == 1 && g.sd() == 1 && g.sh() == 1 && g.sw() == 1
                && g.pd() == 0 && g.ph() == 0 && g.pw() == 0 && g.positions() == g.plane();
    }

    private static void im2colSample(Object x, int xOff, CpuIm2col.Geo g, Object cols) {
        if (x instanceof float[] xf) CpuIm2col.im2col(xf, xOff, g, 0, g.rows(), (float[]) cols, 0, g.positions());
        else CpuIm2col.im2col((double[]) x, xOff, g, 0, g.rows(), (double[]) cols, 0, g.positions());
    }

    private static Object colBuffer(boolean f32, int len) {
        Buffers b = BUFFERS.get();
        return f32 ? b.f1(len) : b.d1(len);
    }

    private static void fill0(Object a, int from, int to) {
        if (a instanceof float[] f) java.util.Arrays.fill(f, from, to, 0f);
        else java.util.Arrays.fill((double[]) a, from, to, 0.0);
    }

    /**
     * Small float convolutions (LeNet's 1→6 and 6→16 channels, 5×5) with stride 1, no padding or dilation, one group
     * and a 2-D kernel: for a fixed output row, tap (c, a, e) reads a contiguous run of the input row, so 8 outputs
     * along the row are one unaligned vector load per tap and no column matrix is built. Blocks of 4 output channels
     * share each load; a last partial block repeats channel o-1 and drops the extra results.
     */
    private static boolean directForward(boolean f32, int groups, CpuIm2col.Geo g, int o) {
        return f32 && groups == 1 && g.kd() == 1 && g.d() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0
                && g.pw() == 0 && g.dh() == 1 && g.dw() == 1 && g.ow() >= 8 && g.rows() <= DIRECT_MAX_K && o <= 64;
    }

    private static void directForwardF(float[] x, int xo, float[] w, int wo, float[] bias, int bo, float[] out, int oo,
                                       int n, int o, CpuIm2col.Geo g) {
        int cin = g.c(), h = g.h(), wd = g.w(), kh = g.kh(), kw = g.kw(), oh = g.oh(), ow = g.ow(), plane = h * wd;
        int p = oh * ow, kk = g.rows(), owv = ow - ow % 8;
        Parallel.forRange(n, 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                int xs = xo + s * cin * plane;
                for (int ob = 0; ob < o; ob += 4) {
                    int o0 = ob, o1 = Math.min(ob + 1, o - 1), o2 = Math.min(ob + 2, o - 1), o3 = Math.min(ob + 3, o - 1);
                    int w0 = wo + o0 * kk, w1 = wo + o1 * kk, w2 = wo + o2 * kk, w3 = wo + o3 * kk;
                    float b0 = bias == null ? 0f : bias[bo + o0], b1 = bias == null ? 0f : bias[bo + o1],
                            b2 = bias == null ? 0f : bias[bo + o2], b3 = bias == null ? 0f : bias[bo + o3];
                    int q0 = oo + (s * o + o0) * p, q1 = oo + (s * o + o1) * p, q2 = oo + (s * o + o2) * p, q3 = oo + (s * o + o3) * p;
                    for (int r = 0; r < oh; r++) {
                        for (int j = 0; j < owv; j += 8) {
                            var a0 = jdk.incubator.vector.FloatVector.broadcast(F8, b0);
                            var a1 = jdk.incubator.vector.FloatVector.broadcast(F8, b1);
                            var a2 = jdk.incubator.vector.FloatVector.broadcast(F8, b2);
                            var a3 = jdk.incubator.vector.FloatVector.broadcast(F8, b3);
                            int t = 0;
                            for (int c = 0; c < cin; c++) {
                                for (int a = 0; a < kh; a++) {
                                    int xr = xs + c * plane + (r + a) * wd + j;
                                    for (int e = 0; e < kw; e++, t++) {
                                        var xv = jdk.incubator.vector.FloatVector.fromArray(F8, x, xr + e);
                                        a0 = xv.fma(jdk.incubator.vector.FloatVector.broadcast(F8, w[w0 + t]), a0);
                                        a1 = xv.fma(jdk.incubator.vector.FloatVector.broadcast(F8, w[w1 + t]), a1);
                                        a2 = xv.fma(jdk.incubator.vector.FloatVector.broadcast(F8, w[w2 + t]), a2);
                                        a3 = xv.fma(jdk.incubator.vector.FloatVector.broadcast(F8, w[w3 + t]), a3);
                                    }
                                }
                            }
                            int d = r * ow + j;
                            // partial block: write the duplicates first so the real channel's store lands last
                            a3.intoArray(out, q3 + d);
                            a2.intoArray(out, q2 + d);
                            a1.intoArray(out, q1 + d);
                            a0.intoArray(out, q0 + d);
                        }
                        for (int j = owv; j < ow; j++) {
                            for (int oc = ob; oc < Math.min(ob + 4, o); oc++) {
                                float acc = bias == null ? 0f : bias[bo + oc];
                                int t = 0, wq = wo + oc * kk;
                                for (int c = 0; c < cin; c++)
                                    for (int a = 0; a < kh; a++) {
                                        int xr = xs + c * plane + (r + a) * wd + j;
                                        for (int e = 0; e < kw; e++, t++) acc += x[xr + e] * w[wq + t];
                                    }
                                out[oo + (s * o + oc) * p + r * ow + j] = acc;
                            }
                        }
                    }
                }
            }
        });
    }

    private static void forwardPerSample(Object xd, int xo, Object wd, int wo, Object bd, int bo, Object od, int oo,
                                         int n, int cin, int o, int groups, CpuIm2col.Geo g, boolean f32) {
        int k = g.rows(), p = g.positions(), plane = g.plane(), cg = g.c(), og = o / groups;
        boolean pw = pointwise(g);
        Parallel.forRange(n, 1, (from, to) -> {
            Object cols = pw ? null : colBuffer(f32, k * p);
            for (int s = from; s < to; s++) {
                for (int gi = 0; gi < groups; gi++) {
                    int xs = xo + (s * cin + gi * cg) * plane, os = oo + (s * o + gi * og) * p;
                    if (pw) {
                        gemmJ(og, p, k, wd, wo + gi * og * k, k, 1, xd, xs, p, 1, od, os, p, false);
                    } else {
                        im2colSample(xd, xs, g, cols);
                        gemmJ(og, p, k, wd, wo + gi * og * k, k, 1, cols, 0, p, 1, od, os, p, false);
                    }
                }
                if (bd != null) {
                    int q = oo + s * o * p;
                    if (od instanceof float[] of) {
                        float[] bf = (float[]) bd;
                        for (int c = 0; c < o; c++, q += p) {
                            float bv = bf[bo + c];
                            for (int i = 0; i < p; i++) of[q + i] += bv;
                        }
                    } else {
                        double[] odd = (double[]) od, bdd = (double[]) bd;
                        for (int c = 0; c < o; c++, q += p) {
                            double bv = bdd[bo + c];
                            for (int i = 0; i < p; i++) odd[q + i] += bv;
                        }
                    }
                }
            }
        });
    }

    private static void inputGradPerSample(Object gd, int go, Object wd, int wo, Object id, int io, int n, int cin,
                                           int o, int groups, CpuIm2col.Geo g, boolean f32) {
        int k = g.rows(), p = g.positions(), plane = g.plane(), cg = g.c(), og = o / groups;
        boolean pw = pointwise(g);
        Parallel.forRange(n, 1, (from, to) -> {
            Object cols = pw ? null : colBuffer(f32, k * p);
            for (int s = from; s < to; s++) {
                for (int gr = 0; gr < groups; gr++) {
                    int is = io + (s * cin + gr * cg) * plane, gs = go + (s * o + gr * og) * p;
                    if (pw) {
                        gemmJ(k, p, og, wd, wo + gr * og * k, 1, k, gd, gs, p, 1, id, is, p, false);
                    } else {
                        // cols[K, P] = W_gᵀ·gradOut[s, group]; col2im adds into this sample's planes, zeroed here
                        // rather than the whole gradient up front so they are still in cache
                        if (f32 && p >= 32)
                            wtGradF(og, k, p, (float[]) wd, wo + gr * og * k, (float[]) gd, gs, (float[]) cols);
                        else
                            gemmJ(k, p, og, wd, wo + gr * og * k, 1, k, gd, gs, p, 1, cols, 0, p, false);
                        fill0(id, is, is + cg * plane);
                        if (id instanceof float[] f) CpuIm2col.col2im((float[]) cols, 0, p, g, 0, cg, f, is);
                        else CpuIm2col.col2im((double[]) cols, 0, p, g, 0, cg, (double[]) id, is);
                    }
                }
            }
        });
    }

    /**
     * c[i, j] (+)= Σ_q a[i, q]·b[j, q] for i < m, j < n, q < len, rows of a and b contiguous (strides lda, ldb): the
     * weight gradient gradOut[og, P]·colsᵀ as dot products over P, blocked 2×4 so each vector load feeds 1.3 FMAs.
     */
    static void dotsF(int m, int n, int len, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
                      int cOff, int ldc, boolean acc) {
        int lv = FS.loopBound(len), vl = FS.length();
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = aOff + i * lda, a1 = a0 + lda, c0 = cOff + i * ldc, c1 = c0 + ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                var s00 = jdk.incubator.vector.FloatVector.zero(FS);
                var s01 = s00; var s02 = s00; var s03 = s00; var s10 = s00; var s11 = s00; var s12 = s00; var s13 = s00;
                for (int q = 0; q < lv; q += vl) {
                    var x0 = jdk.incubator.vector.FloatVector.fromArray(FS, a, a0 + q);
                    var x1 = jdk.incubator.vector.FloatVector.fromArray(FS, a, a1 + q);
                    var y = jdk.incubator.vector.FloatVector.fromArray(FS, b, b0 + q);
                    s00 = x0.fma(y, s00); s10 = x1.fma(y, s10);
                    y = jdk.incubator.vector.FloatVector.fromArray(FS, b, b1 + q);
                    s01 = x0.fma(y, s01); s11 = x1.fma(y, s11);
                    y = jdk.incubator.vector.FloatVector.fromArray(FS, b, b2 + q);
                    s02 = x0.fma(y, s02); s12 = x1.fma(y, s12);
                    y = jdk.incubator.vector.FloatVector.fromArray(FS, b, b3 + q);
                    s03 = x0.fma(y, s03); s13 = x1.fma(y, s13);
                }
                float r00 = s00.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), r01 = s01.reduceLanes(jdk.incubator.vector.VectorOperators.ADD),
                        r02 = s02.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), r03 = s03.reduceLanes(jdk.incubator.vector.VectorOperators.ADD),
                        r10 = s10.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), r11 = s11.reduceLanes(jdk.incubator.vector.VectorOperators.ADD),
                        r12 = s12.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), r13 = s13.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                for (int q = lv; q < len; q++) {
                    float x0 = a[a0 + q], x1 = a[a1 + q];
                    r00 += x0 * b[b0 + q]; r01 += x0 * b[b1 + q]; r02 += x0 * b[b2 + q]; r03 += x0 * b[b3 + q];
                    r10 += x1 * b[b0 + q]; r11 += x1 * b[b1 + q]; r12 += x1 * b[b2 + q]; r13 += x1 * b[b3 + q];
                }
                if (acc) {
                    c[c0 + j] += r00; c[c0 + j + 1] += r01; c[c0 + j + 2] += r02; c[c0 + j + 3] += r03;
                    c[c1 + j] += r10; c[c1 + j + 1] += r11; c[c1 + j + 2] += r12; c[c1 + j + 3] += r13;
                } else {
                    c[c0 + j] = r00; c[c0 + j + 1] = r01; c[c0 + j + 2] = r02; c[c0 + j + 3] = r03;
                    c[c1 + j] = r10; c[c1 + j + 1] = r11; c[c1 + j + 2] = r12; c[c1 + j + 3] = r13;
                }
            }
            for (; j < n; j++) {
                dot1(a, a0, b, bOff + j * ldb, len, lv, c, c0 + j, acc);
                dot1(a, a1, b, bOff + j * ldb, len, lv, c, c1 + j, acc);
            }
        }
        for (; i < m; i++)
            for (int j = 0; j < n; j++) dot1(a, aOff + i * lda, b, bOff + j * ldb, len, lv, c, cOff + i * ldc + j, acc);
    }

    /**
     * cols[r, j] = Σ_o w[o, r]·g[o, j] for r < k, j < p (w rows of length k, g rows of length p, both contiguous):
     * the input gradient's Wᵀ·gradOut for few output channels, where the GEMM's kc = og (16 for LeNet c2) leaves its
     * micro-kernel with 16 iterations per call and re-packs Wᵀ for every sample. Four 8-lane accumulators per row.
     */
    static void wtGradF(int og, int k, int p, float[] w, int wOff, float[] g, int gOff, float[] cols) {
        int pv = p - p % 32;
        for (int r = 0; r < k; r++) {
            int cr = r * p;
            for (int j = 0; j < pv; j += 32) {
                var a0 = jdk.incubator.vector.FloatVector.zero(F8);
                var a1 = a0; var a2 = a0; var a3 = a0;
                for (int o = 0; o < og; o++) {
                    var wv = jdk.incubator.vector.FloatVector.broadcast(F8, w[wOff + o * k + r]);
                    int gr = gOff + o * p + j;
                    a0 = jdk.incubator.vector.FloatVector.fromArray(F8, g, gr).fma(wv, a0);
                    a1 = jdk.incubator.vector.FloatVector.fromArray(F8, g, gr + 8).fma(wv, a1);
                    a2 = jdk.incubator.vector.FloatVector.fromArray(F8, g, gr + 16).fma(wv, a2);
                    a3 = jdk.incubator.vector.FloatVector.fromArray(F8, g, gr + 24).fma(wv, a3);
                }
                a0.intoArray(cols, cr + j); a1.intoArray(cols, cr + j + 8);
                a2.intoArray(cols, cr + j + 16); a3.intoArray(cols, cr + j + 24);
            }
            for (int j = pv; j < p; j++) {
                float acc = 0f;
                for (int o = 0; o < og; o++) acc += w[wOff + o * k + r] * g[gOff + o * p + j];
                cols[cr + j] = acc;
            }
        }
    }

    private static void dot1(float[] a, int ai, float[] b, int bi, int len, int lv, float[] c, int ci, boolean acc) {
        var s = jdk.incubator.vector.FloatVector.zero(FS);
        for (int q = 0; q < lv; q += FS.length())
            s = jdk.incubator.vector.FloatVector.fromArray(FS, a, ai + q).fma(jdk.incubator.vector.FloatVector.fromArray(FS, b, bi + q), s);
        float r = s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (int q = lv; q < len; q++) r += a[ai + q] * b[bi + q];
        c[ci] = acc ? c[ci] + r : r;
    }

    /**
     * The weight gradient of a stride-1, unpadded, undilated 2-D float conv whose output rows are a multiple of 8 wide
     * (LeNet's: 24 and 8), straight from the input: gradW[o, (c, a, b)] = Σ_(oh, ow) gy[o, oh, ow]·x[c, oh + a, ow + b],
     * where the x run for fixed (oh, a, b) is contiguous, so no column matrix is built (im2col was ~20% of a LeNet
     * epoch). Blocked 2 (o) × 4 (rows) like {@link #dotsF}; gy rows and x planes of one sample.
     */
    private static boolean windowWeightGrad(CpuIm2col.Geo g) {
        return g.kd() == 1 && g.d() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0 && g.dh() == 1
                && g.dw() == 1 && g.ow() % 8 == 0;
    }

    private static void windowDotsF(int og, float[] gy, int gOff, float[] x, int xOff, CpuIm2col.Geo g, float[] c,
                                    int cOff, boolean acc) {
        int k = g.rows(), khw = g.kh() * g.kw(), wd = g.w(), plane = g.plane(), oh = g.oh(), ow = g.ow(), p = oh * ow;
        int[] base = new int[k];
        for (int r = 0; r < k; r++) base[r] = xOff + (r / khw) * plane + (r % khw / g.kw()) * wd + r % g.kw();
        int i = 0;
        for (; i < og; i += 2) {
            int a0 = gOff + i * p, a1 = i + 1 < og ? a0 + p : a0; // an odd last channel repeats itself, result dropped
            int j = 0;
            for (; j < k; j += 4) {
                int b0 = base[j], b1 = base[Math.min(j + 1, k - 1)], b2 = base[Math.min(j + 2, k - 1)], b3 = base[Math.min(j + 3, k - 1)];
                var s00 = jdk.incubator.vector.FloatVector.zero(F8);
                var s01 = s00; var s02 = s00; var s03 = s00; var s10 = s00; var s11 = s00; var s12 = s00; var s13 = s00;
                for (int r = 0; r < oh; r++) {
                    int gq = r * ow, xq = r * wd;
                    for (int q = 0; q < ow; q += 8) {
                        var x0 = jdk.incubator.vector.FloatVector.fromArray(F8, gy, a0 + gq + q);
                        var x1 = jdk.incubator.vector.FloatVector.fromArray(F8, gy, a1 + gq + q);
                        var y = jdk.incubator.vector.FloatVector.fromArray(F8, x, b0 + xq + q);
                        s00 = x0.fma(y, s00); s10 = x1.fma(y, s10);
                        y = jdk.incubator.vector.FloatVector.fromArray(F8, x, b1 + xq + q);
                        s01 = x0.fma(y, s01); s11 = x1.fma(y, s11);
                        y = jdk.incubator.vector.FloatVector.fromArray(F8, x, b2 + xq + q);
                        s02 = x0.fma(y, s02); s12 = x1.fma(y, s12);
                        y = jdk.incubator.vector.FloatVector.fromArray(F8, x, b3 + xq + q);
                        s03 = x0.fma(y, s03); s13 = x1.fma(y, s13);
                    }
                }
                // reduced one by one: an array of vectors would escape and box every accumulator
                var add = jdk.incubator.vector.VectorOperators.ADD;
                int c0 = cOff + i * k + j, c1 = c0 + k;
                boolean two = i + 1 < og;
                store(c, c0, s00.reduceLanes(add), acc);
                if (two) store(c, c1, s10.reduceLanes(add), acc);
                if (j + 1 < k) {
                    store(c, c0 + 1, s01.reduceLanes(add), acc);
                    if (two) store(c, c1 + 1, s11.reduceLanes(add), acc);
                }
                if (j + 2 < k) {
                    store(c, c0 + 2, s02.reduceLanes(add), acc);
                    if (two) store(c, c1 + 2, s12.reduceLanes(add), acc);
                }
                if (j + 3 < k) {
                    store(c, c0 + 3, s03.reduceLanes(add), acc);
                    if (two) store(c, c1 + 3, s13.reduceLanes(add), acc);
                }
            }
        }
    }

    private static void store(float[] c, int i, float v, boolean acc) { c[i] = acc ? c[i] + v : v; }

    private static void weightGradPerSample(Object xd, int xo, Object gd, int go, Object wd, int wo, int n, int cin,
                                            int o, int groups, CpuIm2col.Geo g, boolean f32) {
        int k = g.rows(), p = g.positions(), plane = g.plane(), cg = g.c(), og = o / groups, len = o * k;
        boolean pw = pointwise(g), window = f32 && !pw && og <= DOTS_MAX_O && windowWeightGrad(g);
        // each task sums its contiguous share of the batch into its own partial; partials are added in task order,
        // so the result does not depend on scheduling
        int tasks = Math.min(n, Parallel.getNumThreads());
        Object[] parts = new Object[tasks];
        Parallel.forRange(tasks, 1, (t0, t1) -> {
            Object cols = pw || window ? null : colBuffer(f32, k * p);
            for (int t = t0; t < t1; t++) {
                Object part = t == 0 ? wd : f32 ? new float[len] : new double[len];
                int pOff = t == 0 ? wo : 0;
                int s0 = Parallel.bound(n, tasks, t), s1 = Parallel.bound(n, tasks, t + 1);
                for (int s = s0; s < s1; s++) {
                    for (int gr = 0; gr < groups; gr++) {
                        int xs = xo + (s * cin + gr * cg) * plane, gs = go + (s * o + gr * og) * p;
                        if (window) {
                            windowDotsF(og, (float[]) gd, gs, (float[]) xd, xs, g, (float[]) part, pOff + gr * og * k, s > s0);
                            continue;
                        }
                        Object src = xd;
                        int srcOff = xs;
                        if (!pw) {
                            im2colSample(xd, xs, g, cols);
                            src = cols;
                            srcOff = 0;
                        }
                        // part_g[og, K] (+)= gradOut[s, group][og, P]·colsᵀ[P, K]
                        if (f32 && og <= DOTS_MAX_O)
                            dotsF(og, k, p, (float[]) gd, gs, p, (float[]) src, srcOff, p, (float[]) part, pOff + gr * og * k, k, s > s0);
                        else
                            gemmJ(og, k, p, gd, gs, p, 1, src, srcOff, 1, p, part, pOff + gr * og * k, k, s > s0);
                    }
                }
                parts[t] = part;
            }
        });
        for (int t = 1; t < tasks; t++) addInto(wd, wo, parts[t], 0, len);
    }

    private static Object data(Tensor t) {
        CpuStorage s = (CpuStorage) t.storage();
        return t.dtype() == DType.FLOAT32 ? s.f32() : s.f64();
    }

    /**
     * out[n, o0 + o, p] = tmp[o, (n - n0)·P + p] (+ bias[o0 + o]) for nb samples; or, when toTmp, the reverse gather
     * tmp[o, n·P + p] = out[n, o0 + o, p] (staging a gradient into the GEMM layout).
     */
    private static void moveRows(Object tmp, int tOff, int og, int nb, int p, Object out, int outBase, int oTotal, int o0,
                                 Object bias, int biasOff, boolean toTmp) {
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, p));
        Parallel.forRange(nb * og, grain, (from, to) -> {
            for (int u = from; u < to; u++) {
                int n = u / og, o = u % og;
                int t = tOff + o * nb * p + n * p, q = outBase + (n * oTotal + o0 + o) * p;
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

    /**
     * The batch-wide column matrix and GEMM staging, each from its first 64-byte-aligned element (cOff, tOff): the
     * column matrix is the product's large operand, and OpenBLAS ran the ResNet-18 layer1 forward product
     * ([64×576]·[576×2048]) at 142 against 118 GFLOP/s with it aligned rather than 8 bytes off. A GC that moves the
     * buffer afterwards only costs that speed back.
     */
    private record Buf(Object cols, int cOff, Object tmp, int tOff) {}

    private static final int SLACK = 16; // floats (or 8 doubles) of room to align within

    private static Buf buffers(boolean f32, int colLen, int tmpLen) {
        Buffers b = BUFFERS.get();
        Object c = f32 ? b.f1(colLen + SLACK) : b.d1(colLen + SLACK), t = f32 ? b.f2(tmpLen + SLACK) : b.d2(tmpLen + SLACK);
        return new Buf(c, OpenBlas.alignedOffset(c), t, OpenBlas.alignedOffset(t));
    }

    @Override
    public void convForward(Tensor x, Tensor w, Tensor bias, Tensor out, int[] stride, int[] padding, int[] dilation,
                            int groups) {
        checkDtype(x);
        int n = x.size(0), cin = x.size(1), o = w.size(0), cg = cin / groups, og = o / groups;
        CpuIm2col.Geo g = CpuIm2col.Geo.of(cg, spatial(x), kernel(w), spatial(out), stride, padding, dilation);
        int k = g.rows(), p = g.positions(), plane = g.plane();
        if (n == 0 || o == 0 || p == 0) return;
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object xd = data(x), wd = data(w), od = data(out), bd = bias == null ? null : data(bias);
        int xo = x.storageOffset(), wo = w.storageOffset(), oo = out.storageOffset(), bo = bias == null ? 0 : bias.storageOffset();
        if (directForward(f32, groups, g, o) && w.isContiguous()) {
            directForwardF((float[]) xd, xo, (float[]) wd, wo, (float[]) bd, bo, (float[]) od, oo, n, o, g);
            return;
        }
        if (perSample(n, p, og)) {
            forwardPerSample(xd, xo, wd, wo, bd, bo, od, oo, n, cin, o, groups, g, f32);
            return;
        }
        sliced(n, parts(n, p), (t, s0, s1) -> forwardRange(xd, xo, wd, wo, bd, bo, od, oo, cin, o, groups, g, f32, s0, s1));
    }

    /** Forward for samples [s0, s1) on the calling thread: im2col, product, copy to NCHW, chunk by chunk. */
    private static void forwardRange(Object xd, int xo, Object wd, int wo, Object bd, int bo, Object od, int oo, int cin,
                                     int o, int groups, CpuIm2col.Geo g, boolean f32, int s0, int s1) {
        int k = g.rows(), p = g.positions(), plane = g.plane(), cg = cin / groups, og = o / groups;
        int nbMax = chunk(s1 - s0, (long) k * p);
        Buf buf = buffers(f32, k * nbMax * p, og * nbMax * p);
        for (int n0 = s0; n0 < s1; n0 += nbMax) {
            int nb = Math.min(nbMax, s1 - n0);
            for (int gi = 0; gi < groups; gi++) {
                fillCols(xd, xo + (n0 * cin + gi * cg) * plane, cin * plane, g, nb, buf.cols, buf.cOff);
                gemm(og, nb * p, k, wd, wo + gi * og * k, k, 1, buf.cols, buf.cOff, nb * p, 1, buf.tmp, buf.tOff, nb * p, false);
                moveRows(buf.tmp, buf.tOff, og, nb, p, od, oo + n0 * o * p, o, gi * og, bd, bo, false);
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
        boolean f32 = gradOut.dtype() == DType.FLOAT32;
        Object gd = data(gradOut), wd = data(w);
        int go = gradOut.storageOffset(), wo = w.storageOffset();
        if (p > 0 && o > 0 && perSample(n, p, og)) {
            inputGradPerSample(gd, go, wd, wo, gi0, io, n, cin, o, groups, g, f32);
            return;
        }
        if (n == 0 || p == 0 || o == 0) {
            fill0(gi0, io, io + (int) gradIn.numel());
            return;
        }
        sliced(n, parts(n, p), (t, s0, s1) -> inputRange(gd, go, wd, wo, gi0, io, cin, o, groups, g, f32, s0, s1));
    }

    /** Input gradient of samples [s0, s1) on the calling thread: stage gradOut, product, col2im into zeroed planes. */
    private static void inputRange(Object gd, int go, Object wd, int wo, Object gi0, int io, int cin, int o, int groups,
                                   CpuIm2col.Geo g, boolean f32, int s0, int s1) {
        int k = g.rows(), p = g.positions(), plane = g.plane(), cg = cin / groups, og = o / groups;
        fill0(gi0, io + s0 * cin * plane, io + s1 * cin * plane);
        int nbMax = chunk(s1 - s0, (long) k * p);
        Buf buf = buffers(f32, k * nbMax * p, og * nbMax * p);
        for (int n0 = s0; n0 < s1; n0 += nbMax) {
            int nb = Math.min(nbMax, s1 - n0);
            for (int gr = 0; gr < groups; gr++) {
                moveRows(buf.tmp, buf.tOff, og, nb, p, gd, go + n0 * o * p, o, gr * og, null, 0, true);
                // cols[K, nb·P] = W_gᵀ[K, og]·gradOut_g[og, nb·P]
                gemm(k, nb * p, og, wd, wo + gr * og * k, 1, k, buf.tmp, buf.tOff, nb * p, 1, buf.cols, buf.cOff, nb * p, false);
                addCols(buf.cols, buf.cOff, g, nb, gi0, io + (n0 * cin + gr * cg) * plane, cin * plane);
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
            fill0(wd, wo, wo + (int) gradW.numel());
            return;
        }
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object xd = data(x), gd = data(gradOut);
        int xo = x.storageOffset(), go = gradOut.storageOffset();
        if (perSample(n, p, og)) {
            weightGradPerSample(xd, xo, gd, go, wd, wo, n, cin, o, groups, g, f32);
            return;
        }
        int parts = (long) n * p >= SPLIT_WEIGHT_MIN_NP ? parts(n, p) : 1;
        // The first slice writes gradW itself, the others their own partial sums, added in afterwards in slice order.
        int len = o * k;
        Object partial = parts == 1 ? null : f32 ? new float[(parts - 1) * len] : new double[(parts - 1) * len];
        sliced(n, parts, (t, s0, s1) -> weightRange(xd, xo, gd, go, t == 0 ? wd : partial, t == 0 ? wo : (t - 1) * len,
                cin, o, groups, g, f32, s0, s1));
        for (int t = 1; t < parts; t++) addInto(wd, wo, partial, (t - 1) * len, len);
    }

    /** Weight gradient of samples [s0, s1) into gradW (at wo) on the calling thread: im2col, stage gradOut, product. */
    private static void weightRange(Object xd, int xo, Object gd, int go, Object wd, int wo, int cin, int o, int groups,
                                    CpuIm2col.Geo g, boolean f32, int s0, int s1) {
        int k = g.rows(), p = g.positions(), plane = g.plane(), cg = cin / groups, og = o / groups;
        int nbMax = chunk(s1 - s0, (long) k * p);
        Buf buf = buffers(f32, k * nbMax * p, og * nbMax * p);
        for (int n0 = s0; n0 < s1; n0 += nbMax) {
            int nb = Math.min(nbMax, s1 - n0);
            for (int gr = 0; gr < groups; gr++) {
                fillCols(xd, xo + (n0 * cin + gr * cg) * plane, cin * plane, g, nb, buf.cols, buf.cOff);
                moveRows(buf.tmp, buf.tOff, og, nb, p, gd, go + n0 * o * p, o, gr * og, null, 0, true);
                // gradW_g[og, K] (+)= gradOut_g[og, nb·P]·colsᵀ[nb·P, K]
                gemm(og, k, nb * p, buf.tmp, buf.tOff, nb * p, 1, buf.cols, buf.cOff, 1, nb * p, wd, wo + gr * og * k, k, n0 > s0);
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
        // one call per sample's share of rows: the small-plane path builds its offset table once per call
        Parallel.forRange(n * k, grain, (from, to) -> {
            for (int u = from; u < to; ) {
                int s = u / k, r = u % k, r1 = Math.min(k, r + (to - u));
                if (xd instanceof float[] xf)
                    CpuIm2col.im2col(xf, xo + s * c * plane, g, r, r1, (float[]) cd, co + s * k * p, p);
                else
                    CpuIm2col.im2col((double[]) xd, xo + s * c * plane, g, r, r1, (double[]) cd, co + s * k * p, p);
                u += r1 - r;
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
        fill0(od, oo, oo + (int) out.numel());
        int grain = Math.max(1, Parallel.GRAIN / Math.max(1, plane + k / Math.max(1, c) * p));
        Parallel.forRange(n * c, grain, (from, to) -> {
            for (int u = from; u < to; ) {
                int s = u / c, ch = u % c, ch1 = Math.min(c, ch + (to - u));
                if (od instanceof float[] of)
                    CpuIm2col.col2im((float[]) cd, co + s * k * p, p, g, ch, ch1, of, oo + s * c * plane);
                else
                    CpuIm2col.col2im((double[]) cd, co + s * k * p, p, g, ch, ch1, (double[]) od, oo + s * c * plane);
                u += ch1 - ch;
            }
        });
    }
}
