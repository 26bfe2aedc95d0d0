package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;
import torch4j.internal.cpu.Parallel;
import torch4j.nn.Parameter;

/**
 * The update shared by {@link Adam} and {@link AdamW} (PyTorch 1.13's single-tensor path): they differ only in
 * whether weight decay is added to the gradient (L2) or applied to the parameter before the update (decoupled).
 */
abstract sealed class AdamFamily extends Optimizer permits Adam, AdamW {
    private final boolean decoupled;

    AdamFamily(List<ParamGroup> groups, Options defaults, boolean decoupled) {
        super(groups, defaults);
        this.decoupled = decoupled;
    }

    /** The keyword arguments of Adam and AdamW, which differ only in weight_decay's default. */
    @SuppressWarnings("unchecked")
    abstract static class AdamOptions<O extends AdamOptions<O>> extends Optimizer.Options {
        public O lr(double v) { return put("lr", v); }

        public O betas(double beta1, double beta2) { return put("betas", List.of(beta1, beta2)); }

        public O eps(double v) { return put("eps", v); }

        public O weightDecay(double v) { return put("weight_decay", v); }

        public O amsgrad(boolean v) { return put("amsgrad", v); }

        public O maximize(boolean v) { return put("maximize", v); }

        private O put(String key, Object v) {
            set(key, v);
            return (O) this;
        }

        Optimizer.Options withDefaults(double weightDecay) {
            return over(new Optimizer.Options().set("lr", 1e-3).set("betas", List.of(0.9, 0.999)).set("eps", 1e-8)
                    .set("weight_decay", weightDecay).set("amsgrad", false).set("maximize", false));
        }
    }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        double eps = g.getDouble("eps");
        if (!(eps >= 0)) throw new TorchException("Invalid epsilon value: " + repr(eps));
        double[] b = betas(g);
        for (int i = 0; i < 2; i++)
            if (!(b[i] >= 0 && b[i] < 1)) throw new TorchException("Invalid beta parameter at index " + i + ": " + repr(b[i]));
        double wd = g.getDouble("weight_decay");
        if (!(wd >= 0)) throw new TorchException("Invalid weight_decay value: " + repr(wd));
    }

    @Override public void step() {
        try (var _ = GradMode.scope(false)) {
            for (ParamGroup g : groups) {
                double lr = g.lr(), eps = g.getDouble("eps"), wd = g.getDouble("weight_decay");
                double[] b = betas(g);
                boolean amsgrad = g.getBool("amsgrad"), maximize = g.getBool("maximize");
                for (Parameter p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.tensor(0.0, DType.FLOAT32));
                        st.put("exp_avg", Tensor.zerosLike(p));
                        st.put("exp_avg_sq", Tensor.zerosLike(p));
                        if (amsgrad) st.put("max_exp_avg_sq", Tensor.zerosLike(p));
                    }
                    Tensor m = (Tensor) st.get("exp_avg"), v = (Tensor) st.get("exp_avg_sq");
                    Tensor vmax = amsgrad ? (Tensor) st.get("max_exp_avg_sq") : null;
                    if (amsgrad && vmax == null)
                        throw new TorchException("state of a parameter has no 'max_exp_avg_sq' (amsgrad turned on after training started)");
                    double step = incrementStep(st);
                    double bc1 = 1 - Math.pow(b[0], step), bc2 = 1 - Math.pow(b[1], step);
                    double stepSize = lr / bc1, bc2Sqrt = Math.sqrt(bc2);
                    if (fused(p, grad, m, v, vmax, lr, b[0], b[1], wd, eps, maximize, stepSize, bc2Sqrt)) continue;
                    Tensor param = p.detach();
                    Tensor d = maximize ? grad.neg() : grad;
                    if (decoupled) param.mul_(1 - lr * wd);
                    else if (wd != 0) d = d.add(param, wd);
                    m.mul_(b[0]).add_(d, 1 - b[0]);
                    v.mul_(b[1]).addcmul_(d, d, 1 - b[1]);
                    Tensor denom;
                    if (amsgrad) {
                        vmax.copy_(vmax.maximum(v));
                        denom = vmax.sqrt().div(bc2Sqrt).add_(eps);
                    } else {
                        denom = v.sqrt().div(bc2Sqrt).add_(eps);
                    }
                    param.addcdiv_(m, denom, -stepSize);
                }
            }
        }
    }

    /**
     * One pass over parameter, gradient and state: the backend's fused kernel on other devices, and for contiguous
     * float32 CPU tensors a loop rounding to float after each of PyTorch's ops so the result is the one its float
     * kernels give (up to their fused multiply-adds).
     */
    private boolean fused(Parameter p, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1,
                          double beta2, double wd, double eps, boolean maximize, double stepSize, double bc2Sqrt) {
        if (!p.device().isCpu()) {
            torch4j.backend.OptimKernels k = p.backend().optim();
            for (Tensor t : new Tensor[]{grad, m, v, vmax})
                if (t != null && (!t.isContiguous() || t.dtype() != p.dtype() || !t.device().equals(p.device()))) return false;
            if (k == null || !p.isContiguous()) return false;
            k.adam(p, grad, m, v, vmax, lr, beta1, beta2, wd, eps, decoupled, maximize, stepSize, bc2Sqrt);
        } else {
            if (!f32(p) || !f32(grad) || !f32(m) || !f32(v) || (vmax != null && !f32(vmax))) return false;
            cpuStep(p, grad, m, v, vmax, lr, beta1, beta2, wd, eps, maximize, stepSize, bc2Sqrt);
        }
        p.bumpVersion();
        m.bumpVersion();
        v.bumpVersion();
        if (vmax != null) vmax.bumpVersion();
        return true;
    }

    private void cpuStep(Parameter p, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1,
                         double beta2, double wd, double eps, boolean maximize, double stepSize, double bc2Sqrt) {
        float[] w = arr(p), gr = arr(grad), ma = arr(m), va = arr(v), xa = vmax == null ? null : arr(vmax);
        int ow = p.storageOffset(), og = grad.storageOffset(), om = m.storageOffset(), ov = v.storageOffset();
        int ox = vmax == null ? 0 : vmax.storageOffset();
        int n = (int) p.numel();
        boolean dec = decoupled, l2 = !decoupled && wd != 0;
        float decay = (float) (1 - lr * wd), fwd = (float) wd, b1 = (float) beta1, c1 = (float) (1 - beta1);
        float b2 = (float) beta2, c2 = (float) (1 - beta2), fe = (float) eps, fbc = (float) bc2Sqrt;
        float nss = (float) -stepSize;
        Parallel.forRange(n, Parallel.GRAIN / 4, (from, to) -> {
            for (int i = from; i < to; i++) {
                float wi = w[ow + i];
                if (dec) wi *= decay;
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

    private static boolean f32(Tensor t) { return t.dtype() == DType.FLOAT32 && t.device().isCpu() && t.isContiguous(); }

    private static float[] arr(Tensor t) { return ((CpuStorage) t.storage()).f32(); }
}
