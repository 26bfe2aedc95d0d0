package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.backend.OptimKernels;
import torch4j.nn.Parameter;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD}:
 * buf = momentum·buf + (1 − dampening)·g (buf = g at the first step), then p −= lr·(nesterov ? g + momentum·buf : buf),
 * with g = grad + weightDecay·p (negated when maximize). Contiguous float32 parameters are updated in one fused pass.
 * <pre>{@code
 * var opt = new SGD(model.parameters(), new SGD.Options(0.01).momentum(0.9));
 * }</pre>
 */
public class SGD extends Optimizer {
    /** SGD's keyword arguments, with PyTorch's defaults. */
    public static class Options extends Optimizer.Options {
        public Options(double lr) {
            set("lr", lr);
        }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }

        private Options() {}

        public Options lr(double v) { set("lr", v); return this; }

        public Options momentum(double v) { set("momentum", v); return this; }

        public Options dampening(double v) { set("dampening", v); return this; }

        public Options weightDecay(double v) { set("weight_decay", v); return this; }

        public Options nesterov(boolean v) { set("nesterov", v); return this; }

        public Options maximize(boolean v) { set("maximize", v); return this; }

        Optimizer.Options withDefaults() {
            return over(new Optimizer.Options().set("momentum", 0.0).set("dampening", 0.0).set("weight_decay", 0.0)
                    .set("nesterov", false).set("maximize", false));
        }
    }

    public SGD(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults()); }

    private SGD(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults()); }

    /** Parameter groups with their own options: {@code SGD.withGroups(List.of(new ParamGroup(a), new ParamGroup(b, SGD.Options.group().lr(1e-3))), defaults)}. */
    public static SGD withGroups(List<ParamGroup> groups, Options defaults) { return new SGD(defaults, groups); }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        if (g.getDouble("momentum") < 0) throw new TorchException("Invalid momentum value: " + repr(g.getDouble("momentum")));
        if (g.getDouble("weight_decay") < 0) throw new TorchException("Invalid weight_decay value: " + repr(g.getDouble("weight_decay")));
        if (g.getBool("nesterov") && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0))
            throw new TorchException("Nesterov momentum requires a momentum and zero dampening");
    }

    @Override public void step() {
        try (var _ = GradMode.scope(false)) {
            for (ParamGroup g : groups) {
                double lr = g.lr(), momentum = g.getDouble("momentum"), dampening = g.getDouble("dampening");
                double wd = g.getDouble("weight_decay");
                boolean nesterov = g.getBool("nesterov"), maximize = g.getBool("maximize");
                for (Parameter p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> st = state(p);
                    Tensor buf = (Tensor) st.get("momentum_buffer");
                    // PyTorch records the (absent) buffer of momentum-free SGD as None
                    if (momentum == 0 && !st.containsKey("momentum_buffer")) st.put("momentum_buffer", null);
                    if (fused(p, grad, buf, lr, momentum, dampening, wd, nesterov, maximize)) continue;
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) d = d.add(p.detach(), wd);
                    if (momentum != 0) {
                        if (buf == null) {
                            buf = d.clone();
                            st.put("momentum_buffer", buf);
                        } else {
                            buf.mul_(momentum).add_(d, 1 - dampening);
                        }
                        d = nesterov ? d.add(buf, momentum) : buf;
                    }
                    p.detach().add_(d, -lr);
                }
            }
        }
    }

    /** The backend's fused step, when it has one for this dtype and the tensors are dense, of one dtype and device. */
    private static boolean fused(Parameter p, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                                 double wd, boolean nesterov, boolean maximize) {
        // first momentum step: the buffer is the gradient itself, which the generic path sets up
        if (momentum != 0 && buf == null) return false;
        if (buf != null && momentum == 0) buf = null;
        OptimKernels k = p.backend().optim();
        if (k == null || !k.supports(p.dtype()) || !Optimizer.dense(p, grad, buf)) return false;
        k.sgd(p, grad, buf, lr, momentum, dampening, wd, nesterov, maximize);
        p.bumpVersion();
        if (buf != null) buf.bumpVersion();
        return true;
    }
}
