package torch4j.internal.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import torch4j.backend.CpuStorage;

/**
 * Fused CPU kernels of the class-index losses (cross_entropy and nll_loss). The input is a contiguous
 * {@code [N, C, S]} float32/float64 array (S = product of the spatial dims, 1 for {@code [N, C]}) and the target a
 * contiguous int64 {@code [N, S]} array; a "position" is one (n, s) pair, i.e. one row of C class scores. Targets
 * must already be validated (in range or equal to ignoreIndex).
 */
public final class CpuLoss {
    /** float64 or float32 scores behind one accessor, for the generic (cold) loops. */
    private record Xs(double[] d, float[] f) {
        double get(int i) { return d != null ? d[i] : f[i]; }
    }

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
        if (x.dtype() == torch4j.DType.FLOAT32 && logits && s == 1) {
            float[] xa = x.f32();
            Parallel.forRange(positions, grain(c), (from, to) -> forwardRowsF32(xa, xOff, ta, tOff, w, ignore, smooth,
                    c, wTotal, r, from, to));
        } else {
            // float64, and float32 off the fast path (strided positions, log-probability input): one generic loop
            Xs xa = x.dtype() == torch4j.DType.FLOAT64 ? new Xs(x.f64(), null) : new Xs(null, x.f32());
            Parallel.forRange(positions, grain(c), (from, to) -> {
                for (int pos = from; pos < to; pos++) {
                    long t = ta[tOff + pos];
                    if (t == ignore) continue;
                    int ti = (int) t, ni = pos / s, base = xOff + ni * c * s + (pos - ni * s);
                    double wti = w == null ? 1 : w[ti];
                    r.wt[pos] = wti;
                    if (!logits) {
                        r.nll[pos] = -wti * xa.get(base + ti * s);
                        continue;
                    }
                    double m = Double.NEGATIVE_INFINITY;
                    for (int k = 0, i = base; k < c; k++, i += s) m = Math.max(m, xa.get(i));
                    double sum = 0;
                    for (int k = 0, i = base; k < c; k++, i += s) sum += Math.exp(xa.get(i) - m);
                    double l = m + Math.log(sum);
                    r.lse[pos] = l;
                    r.nll[pos] = -wti * (xa.get(base + ti * s) - l);
                    if (smooth) {
                        double acc = 0;
                        for (int k = 0, i = base; k < c; k++, i += s) acc += (w == null ? 1 : w[k]) * xa.get(i);
                        r.smooth[pos] = wTotal * l - acc;
                    }
                }
            });
        }
        return r;
    }

    /**
     * Logits rows laid out contiguously ([N, C] float32): x - max for a block of rows into a buffer, one vectorised
     * exp over the whole block (rows are often shorter than a vector), then per-row sums.
     */
    private static void forwardRowsF32(float[] xa, int xOff, long[] ta, int tOff, double[] w, long ignore,
                                       boolean smooth, int c, double wTotal, Rows r, int from, int to) {
        int len = (to - from) * c;
        float[] buf = new float[len];
        float[] mx = new float[to - from];
        for (int pos = from; pos < to; pos++) {
            int p = xOff + pos * c, q = (pos - from) * c;
            float m = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) m = Math.max(m, xa[p + k]);
            mx[pos - from] = m;
            for (int k = 0; k < c; k++) buf[q + k] = xa[p + k] - m;
        }
        expInPlace(buf, 0, len);
        for (int pos = from; pos < to; pos++) {
            long t = ta[tOff + pos];
            if (t == ignore) continue;
            int ti = (int) t, p = xOff + pos * c, q = (pos - from) * c;
            double sum = 0;
            for (int k = 0; k < c; k++) sum += buf[q + k];
            double l = mx[pos - from] + Math.log(sum), wti = w == null ? 1 : w[ti];
            r.wt[pos] = wti;
            r.lse[pos] = l;
            r.nll[pos] = -wti * (xa[p + ti] - l);
            if (smooth) {
                double acc = 0;
                for (int k = 0; k < c; k++) acc += (w == null ? 1 : w[k]) * xa[p + k];
                r.smooth[pos] = wTotal * l - acc;
            }
        }
    }

    private static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;

    private static void expInPlace(float[] a, int from, int to) {
        int i = from;
        for (int bound = from + SP.loopBound(to - from); i < bound; i += SP.length())
            VecMath.exp(FloatVector.fromArray(SP, a, i)).intoArray(a, i);
        for (; i < to; i++) a[i] = (float) Math.exp(a[i]);
    }

    /** The backward of {@link #forwardRowsF32}: exp(x - lse) vectorised over the block, then the scaling. */
    private static void backwardRowsF32(float[] xa, int xOff, long[] ta, int tOff, double[] w, long ignore, double wTotal,
                                        Rows rows, double[] a, double[] b, int c, float[] of, int from, int to) {
        for (int pos = from; pos < to; pos++) {
            int p = xOff + pos * c, q = pos * c;
            float l = (float) rows.lse[pos];
            for (int k = 0; k < c; k++) of[q + k] = xa[p + k] - l;
        }
        expInPlace(of, from * c, to * c);
        for (int pos = from; pos < to; pos++) {
            long t = ta[tOff + pos];
            int q = pos * c;
            if (t == ignore) {
                java.util.Arrays.fill(of, q, q + c, 0f);
                continue;
            }
            int ti = (int) t;
            double wti = w == null ? 1 : w[ti], av = a[pos], bv = b == null ? 0 : b[pos];
            double coef = av * wti + bv * wTotal;
            for (int k = 0; k < c; k++) {
                double v = of[q + k] * coef - bv * (w == null ? 1 : w[k]);
                if (k == ti) v -= av * wti;
                of[q + k] = (float) v;
            }
        }
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
        if (f32 && logits && s == 1) {
            float[] xf = x.f32(), of = out.f32();
            Parallel.forRange(n, grain(c), (from, to) -> backwardRowsF32(xf, xOff, ta, tOff, w, ignore, wTotal, rows, a,
                    b, c, of, from, to));
            return;
        }
        Xs xa = f32 ? new Xs(null, x.f32()) : new Xs(x.f64(), null);
        Parallel.forRange(n * s, grain(c), (from, to) -> {
            for (int pos = from; pos < to; pos++) {
                long t = ta[tOff + pos];
                if (t == ignore) continue;
                int ti = (int) t, ni = pos / s, rel = ni * c * s + (pos - ni * s);
                double wti = w == null ? 1 : w[ti], av = a[pos], bv = b == null ? 0 : b[pos];
                if (!logits) {
                    out.setDouble(rel + ti * s, -av * wti);
                    continue;
                }
                double l = rows.lse[pos], coef = av * wti + bv * wTotal;
                int base = xOff + rel;
                for (int k = 0; k < c; k++) {
                    double v = Math.exp(xa.get(base + k * s) - l) * coef - bv * (w == null ? 1 : w[k]);
                    if (k == ti) v -= av * wti;
                    out.setDouble(rel + k * s, v);
                }
            }
        });
    }
}
