package torch4j.internal.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.backend.OptimKernels;

/**
 * Fused optimizer steps on float32 CPU arrays: one pass over parameter, gradient and state, rounding to float after
 * each of PyTorch's elementwise ops so the result is the one its float kernels give (up to fused multiply-adds).
 * Other dtypes take the optimizers' generic tensor path.
 */
final class CpuOptim implements OptimKernels {
    static final CpuOptim INSTANCE = new CpuOptim();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Large parameters (ResNet's 2.4M-weight convs) in parallel; each element's update is independent. */
    private static final int GRAIN = 1 << 18;

    private CpuOptim() {}

    @Override public boolean supports(DType dtype) { return dtype == DType.FLOAT32; }

    private static float[] f32(Tensor t) { return ((CpuStorage) t.storage()).f32(); }

    @Override
    public void sgd(Tensor p, Tensor grad, Tensor buf, double lr, double momentum, double dampening, double wd,
                    boolean nesterov, boolean maximize) {
        float[] w = f32(p), gr = f32(grad), b = buf == null ? null : f32(buf);
        int ow = p.storageOffset(), og = grad.storageOffset(), ob = buf == null ? 0 : buf.storageOffset();
        float flr = (float) lr, fm = (float) momentum, fd = (float) (1 - dampening), fwd = (float) wd;
        boolean plain = b != null && !maximize && wd == 0 && !nesterov;
        Parallel.forRange((int) p.numel(), GRAIN, (from, to) -> {
            if (plain) momentumRange(w, ow, gr, og, b, ob, from, to, flr, fm, fd);
            else for (int i = from; i < to; i++) {
                float d = maximize ? -gr[og + i] : gr[og + i];
                if (wd != 0) d += fwd * w[ow + i];
                if (b != null) {
                    float bi = fm * b[ob + i] + fd * d;
                    b[ob + i] = bi;
                    d = nesterov ? d + fm * bi : bi;
                }
                w[ow + i] -= flr * d;
            }
        });
    }

    /** The usual case (plain momentum), vectorised: C2 would not, as the arrays might alias. */
    private static void momentumRange(float[] w, int ow, float[] gr, int og, float[] b, int ob, int from, int to,
                                      float flr, float fm, float fd) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            var bv = FloatVector.fromArray(S, b, ob + i).mul(fm).add(FloatVector.fromArray(S, gr, og + i).mul(fd));
            bv.intoArray(b, ob + i);
            FloatVector.fromArray(S, w, ow + i).sub(bv.mul(flr)).intoArray(w, ow + i);
        }
        for (; i < to; i++) {
            float bi = fm * b[ob + i] + fd * gr[og + i];
            b[ob + i] = bi;
            w[ow + i] -= flr * bi;
        }
    }

    @Override
    public void adam(Tensor p, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1, double beta2,
                     double wd, double eps, boolean decoupled, boolean maximize, double stepSize, double bc2Sqrt) {
        float[] w = f32(p), gr = f32(grad), ma = f32(m), va = f32(v), xa = vmax == null ? null : f32(vmax);
        int ow = p.storageOffset(), og = grad.storageOffset(), om = m.storageOffset(), ov = v.storageOffset();
        int ox = vmax == null ? 0 : vmax.storageOffset();
        boolean l2 = !decoupled && wd != 0;
        float decay = (float) (1 - lr * wd), fwd = (float) wd, b1 = (float) beta1, c1 = (float) (1 - beta1);
        float b2 = (float) beta2, c2 = (float) (1 - beta2), fe = (float) eps, fbc = (float) bc2Sqrt;
        float nss = (float) -stepSize;
        Parallel.forRange((int) p.numel(), Parallel.GRAIN / 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                float wi = w[ow + i];
                if (decoupled) wi *= decay;
                float gi = maximize ? -gr[og + i] : gr[og + i];
                if (l2) gi += fwd * wi;
                float mi = ma[om + i] * b1 + c1 * gi;
                float vi = va[ov + i] * b2 + c2 * gi * gi;
                ma[om + i] = mi;
                va[ov + i] = vi;
                if (xa != null) {
                    vi = Math.max(xa[ox + i], vi);
                    xa[ox + i] = vi;
                }
                float denom = (float) Math.sqrt(vi) / fbc + fe;
                w[ow + i] = wi + nss * (mi / denom);
            }
        });
    }
}
