package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.nn.Parameter;

/**
 * RMSprop, as {@code torch.optim.RMSprop} (PyTorch 1.13): g = grad (+ weightDecay·p), s = α·s + (1 − α)·g²,
 * avg = √(s − ḡ²) when centered (ḡ = α·ḡ + (1 − α)·g) else √s, plus eps; then p −= lr·g/avg, or with momentum
 * buf = momentum·buf + g/avg, p −= lr·buf. State: {@code step} (an integer), {@code square_avg}
 * (+ {@code momentum_buffer}, {@code grad_avg}).
 */
public final class RMSprop extends Optimizer {
    /** RMSprop's keyword arguments, with PyTorch's defaults (lr 1e-2, alpha 0.99, eps 1e-8). */
    public static class Options extends Optimizer.Options {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }

        public Options lr(double v) { set("lr", v); return this; }

        public Options alpha(double v) { set("alpha", v); return this; }

        public Options eps(double v) { set("eps", v); return this; }

        public Options weightDecay(double v) { set("weight_decay", v); return this; }

        public Options momentum(double v) { set("momentum", v); return this; }

        public Options centered(boolean v) { set("centered", v); return this; }

        public Options maximize(boolean v) { set("maximize", v); return this; }

        Optimizer.Options withDefaults() {
            return over(new Optimizer.Options()
                    .set("lr", 1e-2).set("momentum", 0.0).set("alpha", 0.99).set("eps", 1e-8).set("centered", false)
                    .set("weight_decay", 0.0).set("maximize", false));
        }
    }

    /** RMSprop with PyTorch's defaults. */
    public RMSprop(List<? extends Parameter> params) { this(params, new Options()); }

    public RMSprop(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults()); }

    private RMSprop(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults()); }

    /** Parameter groups with their own options. */
    public static RMSprop withGroups(List<ParamGroup> groups, Options defaults) { return new RMSprop(defaults, groups); }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        double eps = g.getDouble("eps"), momentum = g.getDouble("momentum"), wd = g.getDouble("weight_decay");
        double alpha = g.getDouble("alpha");
        if (!(eps >= 0)) throw new TorchException("Invalid epsilon value: " + repr(eps));
        if (!(momentum >= 0)) throw new TorchException("Invalid momentum value: " + repr(momentum));
        if (!(wd >= 0)) throw new TorchException("Invalid weight_decay value: " + repr(wd));
        if (!(alpha >= 0)) throw new TorchException("Invalid alpha value: " + repr(alpha));
    }

    @Override public void step() {
        try (var _ = GradMode.scope(false)) {
            for (ParamGroup g : groups) {
                double lr = g.lr(), alpha = g.getDouble("alpha"), eps = g.getDouble("eps");
                double wd = g.getDouble("weight_decay"), momentum = g.getDouble("momentum");
                boolean centered = g.getBool("centered"), maximize = g.getBool("maximize");
                for (Parameter p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", 0L);
                        st.put("square_avg", Tensor.zerosLike(p));
                        if (momentum > 0) st.put("momentum_buffer", Tensor.zerosLike(p));
                        if (centered) st.put("grad_avg", Tensor.zerosLike(p));
                    }
                    incrementStep(st);
                    Tensor param = p.detach();
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) d = d.add(param, wd);
                    Tensor sq = (Tensor) st.get("square_avg");
                    sq.mul_(alpha).addcmul_(d, d, 1 - alpha);
                    Tensor avg;
                    if (centered) {
                        Tensor ga = required(st, "grad_avg");
                        ga.mul_(alpha).add_(d, 1 - alpha);
                        avg = sq.addcmul(ga, ga, -1).sqrt_();
                    } else {
                        avg = sq.sqrt();
                    }
                    avg.add_(eps);
                    if (momentum > 0) {
                        Tensor buf = required(st, "momentum_buffer");
                        buf.mul_(momentum).addcdiv_(d, avg, 1);
                        param.add_(buf, -lr);
                    } else {
                        param.addcdiv_(d, avg, -lr);
                    }
                }
            }
        }
    }
}
