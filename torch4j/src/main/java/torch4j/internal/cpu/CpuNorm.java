package torch4j.internal.cpu;

import torch4j.backend.NormKernels;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;

/**
 * CPU kernels of layer, group and batch normalisation. Statistics are accumulated in double (two passes: mean,
 * then centred squares) whatever the dtype, so float32 results agree with PyTorch's to rounding. Tensors arrive
 * contiguous; float32 and float64 are read and written in place, other floating dtypes through a double copy.
 */
public final class CpuNorm implements NormKernels {
    public static final CpuNorm INSTANCE = new CpuNorm();

    private CpuNorm() {}

    /** Element access to a contiguous float32/float64 tensor without a copy; a copy for other dtypes. */
    private static final class Buf {
        final float[] f;
        final double[] d;
        final int off;
        final Tensor t;

        Buf(Tensor t) {
            this.t = t;
            CpuStorage s = (CpuStorage) t.storage();
            if (t.dtype() == DType.FLOAT32) {
                f = s.f32();
                d = null;
                off = t.storageOffset();
            } else if (t.dtype() == DType.FLOAT64) {
                f = null;
                d = s.f64();
                off = t.storageOffset();
            } else {
                f = null;
                d = t.toDoubleArray();
                off = 0;
            }
        }

        double get(int i) { return f != null ? f[off + i] : d[off + i]; }

        void set(int i, double v) {
            if (f != null) f[off + i] = (float) v;
            else d[off + i] = v;
        }

        /** Writes a copied buffer back (only for dtypes without direct access). */
        void flush() {
            if (f == null && t.dtype() != DType.FLOAT64) {
                CpuStorage s = (CpuStorage) t.storage();
                for (int i = 0; i < d.length; i++) s.setDouble(t.storageOffset() + i, d[i]);
            }
        }
    }

    private static Buf buf(Tensor t) { return t == null ? null : new Buf(t); }

    private static int grain(int work) { return Math.max(1, Parallel.GRAIN / Math.max(work, 1)); }

    @Override
    public void rowNorm(Tensor x, Tensor w, Tensor b, int groups, int spatial, double eps, Tensor y, Tensor mean,
                        Tensor rstd) {
        int rows = mean.shapeArray().length == 0 ? 1 : (int) mean.numel();
        int len = rows == 0 ? 0 : (int) (x.numel() / rows);
        Buf xb = buf(x), wb = buf(w), bb = buf(b), yb = buf(y), mb = buf(mean), rb = buf(rstd);
        int k = len / spatial; // channels per group: the affine index is (row % groups) * k + j / spatial
        Parallel.forRange(rows, grain(len), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * len;
                double s = 0;
                for (int j = 0; j < len; j++) s += xb.get(base + j);
                double m = len == 0 ? Double.NaN : s / len;
                double v = 0;
                for (int j = 0; j < len; j++) {
                    double c = xb.get(base + j) - m;
                    v += c * c;
                }
                double rs = 1 / Math.sqrt(v / len + eps);
                mb.set(r, m);
                rb.set(r, rs);
                int abase = (r % groups) * k;
                for (int j = 0; j < len; j++) {
                    double o = (xb.get(base + j) - m) * rs;
                    if (wb != null || bb != null) {
                        int a = abase + j / spatial;
                        if (wb != null) o *= wb.get(a);
                        if (bb != null) o += bb.get(a);
                    }
                    yb.set(base + j, o);
                }
            }
        });
        yb.flush();
        mb.flush();
        rb.flush();
    }

    @Override
    public void rowNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor rstd, Tensor w, int groups, int spatial,
                                Tensor dx, Tensor dw, Tensor db) {
        int rows = mean.shapeArray().length == 0 ? 1 : (int) mean.numel();
        int len = rows == 0 ? 0 : (int) (x.numel() / rows);
        int k = len / spatial;
        int nAffine = groups * k;
        Buf gb = buf(dy), xb = buf(x), mb = buf(mean), rb = buf(rstd), wb = buf(w), dxb = buf(dx);
        if (dx != null) {
            Parallel.forRange(rows, grain(len), (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int base = r * len, abase = (r % groups) * k;
                    double m = mb.get(r), rs = rb.get(r);
                    double sg = 0, sgx = 0;
                    for (int j = 0; j < len; j++) {
                        double g = gb.get(base + j);
                        if (wb != null) g *= wb.get(abase + j / spatial);
                        double xh = (xb.get(base + j) - m) * rs;
                        sg += g;
                        sgx += g * xh;
                    }
                    sg /= len;
                    sgx /= len;
                    for (int j = 0; j < len; j++) {
                        double g = gb.get(base + j);
                        if (wb != null) g *= wb.get(abase + j / spatial);
                        double xh = (xb.get(base + j) - m) * rs;
                        dxb.set(base + j, rs * (g - sg - xh * sgx));
                    }
                }
            });
            dxb.flush();
        }
        if (dw != null || db != null) {
            // per affine element: a sum over the rows of its group, split by affine element across threads
            double[] sw = new double[nAffine], sb = new double[nAffine];
            int rowsPerGroup = rows / groups;
            Parallel.forRange(nAffine, grain(rowsPerGroup * spatial), (a0, a1) -> {
                for (int a = a0; a < a1; a++) {
                    int g = a / k, c = a % k;
                    double accW = 0, accB = 0;
                    for (int rr = 0; rr < rowsPerGroup; rr++) {
                        int r = rr * groups + g;
                        double m = mb.get(r), rs = rb.get(r);
                        int base = r * len + c * spatial;
                        for (int s = 0; s < spatial; s++) {
                            double gv = gb.get(base + s);
                            accW += gv * (xb.get(base + s) - m) * rs;
                            accB += gv;
                        }
                    }
                    sw[a] = accW;
                    sb[a] = accB;
                }
            });
            if (dw != null) {
                Buf o = buf(dw);
                for (int a = 0; a < nAffine; a++) o.set(a, sw[a]);
                o.flush();
            }
            if (db != null) {
                Buf o = buf(db);
                for (int a = 0; a < nAffine; a++) o.set(a, sb[a]);
                o.flush();
            }
        }
    }

    @Override
    public void channelStats(Tensor x, int channels, Tensor mean, Tensor var) {
        int n = (int) x.numel();
        int batch = x.size(0), spatial = channels == 0 || batch == 0 ? 0 : n / (batch * channels);
        if (rowsF(x, channels, spatial) && mean.dtype() == DType.FLOAT32 && var.dtype() == DType.FLOAT32) {
            statsF(f(x), x.storageOffset(), batch, channels, spatial, f(mean), mean.storageOffset(), f(var),
                    var.storageOffset());
            return;
        }
        Buf xb = buf(x), mb = buf(mean), vb = buf(var);
        long cnt = (long) batch * spatial;
        Parallel.forRange(channels, grain(n / Math.max(channels, 1)), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double s = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) s += xb.get(base + i);
                }
                double m = s / cnt, v = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        double d = xb.get(base + i) - m;
                        v += d * d;
                    }
                }
                mb.set(c, m);
                vb.set(c, v / cnt);
            }
        });
        mb.flush();
        vb.flush();
    }

    @Override
    public void channelNorm(Tensor x, Tensor mean, Tensor invstd, Tensor w, Tensor b, Tensor y) {
        int channels = (int) mean.numel();
        int n = (int) x.numel();
        int batch = x.size(0), spatial = channels == 0 || batch == 0 ? 0 : n / (batch * channels);
        if (rowsF(x, channels, spatial) && y.dtype() == DType.FLOAT32) {
            Buf mb = buf(mean), ib = buf(invstd), wb = buf(w), bb = buf(b);
            int cs = channels * spatial;
            float[] sc = new float[cs], sh = new float[cs];
            for (int c = 0; c < channels; c++) {
                double is = ib.get(c), scale = wb == null ? is : is * wb.get(c);
                double shift = (bb == null ? 0 : bb.get(c)) - mb.get(c) * scale;
                java.util.Arrays.fill(sc, c * spatial, (c + 1) * spatial, (float) scale);
                java.util.Arrays.fill(sh, c * spatial, (c + 1) * spatial, (float) shift);
            }
            float[] xf = f(x), yf = f(y);
            int xo = x.storageOffset(), yo = y.storageOffset();
            Parallel.forRange(batch, grain(cs), (b0, b1) -> {
                for (int r = b0; r < b1; r++) {
                    int xi = xo + r * cs, yi = yo + r * cs;
                    for (int j = 0; j < cs; j++) yf[yi + j] = xf[xi + j] * sc[j] + sh[j];
                }
            });
            return;
        }
        Buf xb = buf(x), mb = buf(mean), ib = buf(invstd), wb = buf(w), bb = buf(b), yb = buf(y);
        Parallel.forRange(batch * channels, grain(spatial), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int c = p % channels, base = p * spatial;
                double m = mb.get(c), is = ib.get(c);
                double scale = wb == null ? is : is * wb.get(c);
                double shift = (bb == null ? 0 : bb.get(c)) - m * scale;
                for (int i = 0; i < spatial; i++) yb.set(base + i, xb.get(base + i) * scale + shift);
            }
        });
        yb.flush();
    }

    @Override
    public void channelNormBackward(Tensor dy, Tensor x, Tensor mean, Tensor invstd, Tensor w, boolean training,
                                    Tensor dx, Tensor dw, Tensor db) {
        int channels = (int) mean.numel();
        int n = (int) x.numel();
        int batch = x.size(0), spatial = channels == 0 || batch == 0 ? 0 : n / (batch * channels);
        long cnt = (long) batch * spatial;
        if (rowsF(x, channels, spatial) && dy.dtype() == DType.FLOAT32 && (dx == null || dx.dtype() == DType.FLOAT32)) {
            backwardF(dy, x, mean, invstd, w, training, dx, dw, db, batch, channels, spatial);
            return;
        }
        Buf gb = buf(dy), xb = buf(x), mb = buf(mean), ib = buf(invstd), wb = buf(w);
        Buf dxb = buf(dx), dwb = buf(dw), dbb = buf(db);
        Parallel.forRange(channels, grain(n / Math.max(channels, 1)), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double m = mb.get(c), is = ib.get(c), wc = wb == null ? 1 : wb.get(c);
                double sg = 0, sgx = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        double g = gb.get(base + i);
                        sg += g;
                        sgx += g * (xb.get(base + i) - m);
                    }
                }
                if (dwb != null) dwb.set(c, sgx * is);
                if (dbb != null) dbb.set(c, sg);
                if (dxb == null) continue;
                if (training) {
                    // dx = w·invstd·(g - mean(g) - x̂·mean(g·x̂)), with x̂ = (x - mean)·invstd
                    double mg = sg / cnt, k = sgx * is * is / cnt;
                    for (int b = 0; b < batch; b++) {
                        int base = (b * channels + c) * spatial;
                        for (int i = 0; i < spatial; i++)
                            dxb.set(base + i, (gb.get(base + i) - mg - (xb.get(base + i) - m) * k) * is * wc);
                    }
                } else {
                    for (int b = 0; b < batch; b++) {
                        int base = (b * channels + c) * spatial;
                        for (int i = 0; i < spatial; i++) dxb.set(base + i, gb.get(base + i) * is * wc);
                    }
                }
            }
        });
        if (dxb != null) dxb.flush();
        if (dwb != null) dwb.flush();
        if (dbb != null) dbb.flush();
    }

    // ------------------------------------------------------------------ float32 batch norm over [N, C·S] rows

    /**
     * Float32 batch-norm tensors whose per-sample row of C·S elements is at most this long take the row paths below:
     * every loop then runs along a whole contiguous row of a sample (position j = c·S + s) with per-position
     * coefficients, which the JIT vectorises, instead of along one channel's S elements (ResNet's deep layers have
     * S = 1 to 16, where the per-channel loops ran mostly loop overhead and the generic accessors). Sums stay in double.
     */
    private static final int ROW_MAX = 1 << 16;

    private static boolean rowsF(Tensor x, int channels, int spatial) {
        return x.dtype() == DType.FLOAT32 && channels > 0 && spatial > 0 && (long) channels * spatial <= ROW_MAX;
    }

    private static float[] f(Tensor t) { return ((CpuStorage) t.storage()).f32(); }

    private static void statsF(float[] x, int xo, int batch, int channels, int spatial, float[] mean, int mo,
                               float[] var, int vo) {
        int cs = channels * spatial;
        long cnt = (long) batch * spatial;
        Parallel.forRange(channels, grain(batch * spatial), (c0, c1) -> {
            int j0 = c0 * spatial, len = (c1 - c0) * spatial;
            double[] acc = new double[len], mj = new double[len];
            for (int b = 0; b < batch; b++) {
                int base = xo + b * cs + j0;
                for (int j = 0; j < len; j++) acc[j] += x[base + j];
            }
            for (int c = c0; c < c1; c++) {
                double m = sum(acc, (c - c0) * spatial, spatial) / cnt;
                mean[mo + c] = (float) m;
                java.util.Arrays.fill(mj, (c - c0) * spatial, (c - c0 + 1) * spatial, m);
            }
            java.util.Arrays.fill(acc, 0);
            for (int b = 0; b < batch; b++) {
                int base = xo + b * cs + j0;
                for (int j = 0; j < len; j++) {
                    double d = x[base + j] - mj[j];
                    acc[j] += d * d;
                }
            }
            for (int c = c0; c < c1; c++) var[vo + c] = (float) (sum(acc, (c - c0) * spatial, spatial) / cnt);
        });
    }

    /** One channel's per-position sums, a[from, from + n), added up. */
    private static double sum(double[] a, int from, int n) {
        double r = 0;
        for (int i = from; i < from + n; i++) r += a[i];
        return r;
    }

    private static void backwardF(Tensor dy, Tensor x, Tensor mean, Tensor invstd, Tensor w, boolean training,
                                  Tensor dx, Tensor dw, Tensor db, int batch, int channels, int spatial) {
        int cs = channels * spatial;
        long cnt = (long) batch * spatial;
        float[] g = f(dy), xf = f(x), dxf = dx == null ? null : f(dx);
        int go = dy.storageOffset(), xo = x.storageOffset(), dxo = dx == null ? 0 : dx.storageOffset();
        Buf mb = buf(mean), ib = buf(invstd), wb = buf(w), dwb = buf(dw), dbb = buf(db);
        // per position: dx = a·g + b·x + c (training) or a·g (eval)
        float[] ca = new float[cs], cb = new float[cs], cc = new float[cs];
        Parallel.forRange(channels, grain(batch * spatial), (c0, c1) -> {
            int j0 = c0 * spatial, len = (c1 - c0) * spatial;
            double[] sg = new double[len], sgx = new double[len], mj = new double[len];
            for (int c = c0; c < c1; c++)
                java.util.Arrays.fill(mj, (c - c0) * spatial, (c - c0 + 1) * spatial, mb.get(c));
            for (int b = 0; b < batch; b++) {
                int gb = go + b * cs + j0, xb = xo + b * cs + j0;
                for (int j = 0; j < len; j++) {
                    double gv = g[gb + j];
                    sg[j] += gv;
                    sgx[j] += gv * (xf[xb + j] - mj[j]);
                }
            }
            for (int c = c0; c < c1; c++) {
                double s1 = sum(sg, (c - c0) * spatial, spatial), s2 = sum(sgx, (c - c0) * spatial, spatial);
                double m = mb.get(c), is = ib.get(c), wc = wb == null ? 1 : wb.get(c);
                if (dwb != null) dwb.set(c, s2 * is);
                if (dbb != null) dbb.set(c, s1);
                // dx = w·invstd·(g - mean(g) - (x - mean)·k), k = mean(g·x̂)·invstd
                double a = is * wc, k = training ? s2 * is * is / cnt : 0, mg = training ? s1 / cnt : 0;
                int from = c * spatial, to = from + spatial;
                java.util.Arrays.fill(ca, from, to, (float) a);
                java.util.Arrays.fill(cb, from, to, (float) (-a * k));
                java.util.Arrays.fill(cc, from, to, (float) (a * (m * k - mg)));
            }
        });
        if (dxf == null) return;
        Parallel.forRange(batch, grain(cs), (b0, b1) -> {
            for (int r = b0; r < b1; r++) {
                int gi = go + r * cs, xi = xo + r * cs, di = dxo + r * cs;
                for (int j = 0; j < cs; j++) dxf[di + j] = ca[j] * g[gi + j] + cb[j] * xf[xi + j] + cc[j];
            }
        });
    }
}
