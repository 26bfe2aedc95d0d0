package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.backend.OptimKernels;
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

    /** The backend's fused step, when it has one for this dtype and the tensors are dense, of one dtype and device. */
    private boolean fused(Parameter p, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1,
                          double beta2, double wd, double eps, boolean maximize, double stepSize, double bc2Sqrt) {
        OptimKernels k = p.backend().optim();
        if (k == null || !k.supports(p.dtype()) || !Optimizer.dense(p, grad, m, v, vmax)) return false;
        k.adam(p, grad, m, v, vmax, lr, beta1, beta2, wd, eps, decoupled, maximize, stepSize, bc2Sqrt);
        p.bumpVersion();
        m.bumpVersion();
        v.bumpVersion();
        if (vmax != null) vmax.bumpVersion();
        return true;
    }
}
