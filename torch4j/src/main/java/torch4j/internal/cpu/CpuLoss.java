package torch4j.internal.cpu;

import torch4j.backend.CpuStorage;

/**
 * Fused CPU kernels of the class-index losses (cross_entropy and nll_loss). The input is a contiguous
 * {@code [N, C, S]} float32/float64 array (S = product of the spatial dims, 1 for {@code [N, C]}) and the target a
 * contiguous int64 {@code [N, S]} array; a "position" is one (n, s) pair, i.e. one row of C class scores. Targets
 * must already be validated (in range or equal to ignoreIndex).
 */
public final class CpuLoss {
    private CpuLoss() {}

    /** Per-position results of the forward pass. */
    public static final class Rows {
        /** -w[t] * logp[t] (0 where ignored). */
        public final double[] nll;
        /** -sum_c w[c] * logp[c] (0 where ignored); only with label smoothing. */
        public final double[] smooth;
        /** w[t] (0 where ignored): the mean's denominator is their sum. */
        public final double[] wt;
        /** log(sum(exp(x))) of the row; only for logits, kept so backward need not recompute it. */
        public final double[] lse;

        Rows(int positions, boolean smooth, boolean logits) {
            nll = new double[positions];
            this.smooth = smooth ? new double[positions] : null;
            wt = new double[positions];
            lse = logits ? new double[positions] : null;
        }
    }

    private static int grain(int c) { return Math.max(1, Parallel.GRAIN / Math.max(c, 1)); }

    /**
     * One pass per row: for logits a stable log-softmax (max, sum of exp) then the pick of the target's log
     * probability; for log probabilities (nll_loss) just the pick.
     */
    public static Rows forward(CpuStorage x, int xOff, CpuStorage target, int tOff, double[] w, long ignore,
                               boolean logits, boolean smooth, int n, int c, int s) {
        int positions = n * s;
        Rows r = new Rows(positions, smooth, logits);
        long[] ta = target.i64();
        double wsum = 0;
        if (smooth) {
            if (w == null) wsum = c;
            else for (double v : w) wsum += v;
        }
        double wTotal = wsum;
        if (x.dtype() == torch4j.DType.FLOAT32) {
            float[] xa = x.f32();
            Parallel.forRange(positions, grain(c), (from, to) -> {
                for (int pos = from; pos < to; pos++) {
                    long t = ta[tOff + pos];
                    if (t == ignore) continue;
                    int ti = (int) t, ni = pos / s, base = xOff + ni * c * s + (pos - ni * s);
                    double wti = w == null ? 1 : w[ti];
                    r.wt[pos] = wti;
                    if (!logits) {
                        r.nll[pos] = -wti * xa[base + ti * s];
                        continue;
                    }
                    double m = Double.NEGATIVE_INFINITY;
                    for (int k = 0, i = base; k < c; k++, i += s) m = Math.max(m, xa[i]);
                    double sum = 0;
                    for (int k = 0, i = base; k < c; k++, i += s) sum += Math.exp(xa[i] - m);
                    double l = m + Math.log(sum);
                    r.lse[pos] = l;
                    r.nll[pos] = -wti * (xa[base + ti * s] - l);
                    if (smooth) {
                        double acc = 0;
                        for (int k = 0, i = base; k < c; k++, i += s) acc += (w == null ? 1 : w[k]) * xa[i];
                        r.smooth[pos] = wTotal * l - acc;
                    }
                }
            });
        } else {
            double[] xa = x.f64();
            Parallel.forRange(positions, grain(c), (from, to) -> {
                for (int pos = from; pos < to; pos++) {
                    long t = ta[tOff + pos];
                    if (t == ignore) continue;
                    int ti = (int) t, ni = pos / s, base = xOff + ni * c * s + (pos - ni * s);
                    double wti = w == null ? 1 : w[ti];
                    r.wt[pos] = wti;
                    if (!logits) {
                        r.nll[pos] = -wti * xa[base + ti * s];
                        continue;
                    }
                    double m = Double.NEGATIVE_INFINITY;
                    for (int k = 0, i = base; k < c; k++, i += s) m = Math.max(m, xa[i]);
                    double sum = 0;
                    for (int k = 0, i = base; k < c; k++, i += s) sum += Math.exp(xa[i] - m);
                    double l = m + Math.log(sum);
                    r.lse[pos] = l;
                    r.nll[pos] = -wti * (xa[base + ti * s] - l);
                    if (smooth) {
                        double acc = 0;
                        for (int k = 0, i = base; k < c; k++, i += s) acc += (w == null ? 1 : w[k]) * xa[i];
                        r.smooth[pos] = wTotal * l - acc;
                    }
                }
            });
        }
        return r;
    }

    /**
     * The input gradient into out (contiguous, zero-filled, x's dtype). With a = the scale of the nll part and
     * b = that of the smoothing part at a position, d/dx_j = p_j (a w_t + b W) - a w_t [j == t] - b w_j for logits
     * (p = softmax, W = sum of the weights), and -a w_t [j == t] for log probabilities.
     */
    public static void backward(CpuStorage x, int xOff, CpuStorage target, int tOff, double[] w, long ignore,
                                boolean logits, Rows rows, double[] a, double[] b, int n, int c, int s, CpuStorage out) {
        long[] ta = target.i64();
        double wsum = 0;
        if (w == null) wsum = c;
        else for (double v : w) wsum += v;
        double wTotal = wsum;
        boolean f32 = x.dtype() == torch4j.DType.FLOAT32;
        float[] xf = f32 ? x.f32() : null, of = f32 ? out.f32() : null;
        double[] xd = f32 ? null : x.f64(), od = f32 ? null : out.f64();
        Parallel.forRange(n * s, grain(c), (from, to) -> {
            for (int pos = from; pos < to; pos++) {
                long t = ta[tOff + pos];
                if (t == ignore) continue;
                int ti = (int) t, ni = pos / s, rel = ni * c * s + (pos - ni * s);
                double wti = w == null ? 1 : w[ti], av = a[pos], bv = b == null ? 0 : b[pos];
                if (!logits) {
                    if (f32) of[rel + ti * s] = (float) (-av * wti);
                    else od[rel + ti * s] = -av * wti;
                    continue;
                }
                double l = rows.lse[pos], coef = av * wti + bv * wTotal;
                int base = xOff + rel;
                if (f32) {
                    for (int k = 0; k < c; k++) {
                        double v = Math.exp(xf[base + k * s] - l) * coef - bv * (w == null ? 1 : w[k]);
                        if (k == ti) v -= av * wti;
                        of[rel + k * s] = (float) v;
                    }
                } else {
                    for (int k = 0; k < c; k++) {
                        double v = Math.exp(xd[base + k * s] - l) * coef - bv * (w == null ? 1 : w[k]);
                        if (k == ti) v -= av * wti;
                        od[rel + k * s] = v;
                    }
                }
            }
        });
    }
}
