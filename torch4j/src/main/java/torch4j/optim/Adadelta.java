package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.nn.Parameter;

/**
 * Adadelta, as {@code torch.optim.Adadelta} (PyTorch 1.13): g = grad (+ weightDecay·p), s = ρ·s + (1 − ρ)·g²,
 * δ = √(a + eps)/√(s + eps)·g, a = ρ·a + (1 − ρ)·δ², p −= lr·δ. State: {@code step} (an integer),
 * {@code square_avg}, {@code acc_delta}.
 */
public final class Adadelta extends Optimizer {
    /** Adadelta's keyword arguments, with PyTorch's defaults (lr 1.0, rho 0.9, eps 1e-6). */
    public static class Options extends Optimizer.Options {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }

        public Options lr(double v) { set("lr", v); return this; }

        public Options rho(double v) { set("rho", v); return this; }

        public Options eps(double v) { set("eps", v); return this; }

        public Options weightDecay(double v) { set("weight_decay", v); return this; }

        public Options maximize(boolean v) { set("maximize", v); return this; }

        Optimizer.Options withDefaults() {
            return over(new Optimizer.Options()
                    .set("lr", 1.0).set("rho", 0.9).set("eps", 1e-6).set("weight_decay", 0.0).set("maximize", false));
        }
    }

    /** Adadelta with PyTorch's defaults. */
    public Adadelta(List<? extends Parameter> params) { this(params, new Options()); }

    public Adadelta(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults()); }

    private Adadelta(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults()); }

    /** Parameter groups with their own options. */
    public static Adadelta withGroups(List<ParamGroup> groups, Options defaults) { return new Adadelta(defaults, groups); }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        double rho = g.getDouble("rho"), eps = g.getDouble("eps"), wd = g.getDouble("weight_decay");
        if (!(rho >= 0 && rho <= 1)) throw new TorchException("Invalid rho value: " + repr(rho));
        if (!(eps >= 0)) throw new TorchException("Invalid epsilon value: " + repr(eps));
        if (!(wd >= 0)) throw new TorchException("Invalid weight_decay value: " + repr(wd));
    }

    @Override public void step() {
        try (var _ = GradMode.scope(false)) {
            for (ParamGroup g : groups) {
                double lr = g.lr(), rho = g.getDouble("rho"), eps = g.getDouble("eps"), wd = g.getDouble("weight_decay");
                boolean maximize = g.getBool("maximize");
                for (Parameter p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", 0L);
                        st.put("square_avg", Tensor.zerosLike(p));
                        st.put("acc_delta", Tensor.zerosLike(p));
                    }
                    incrementStep(st);
                    Tensor param = p.detach();
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) d = d.add(param, wd);
                    Tensor sq = required(st, "square_avg"), acc = required(st, "acc_delta");
                    sq.mul_(rho).addcmul_(d, d, 1 - rho);
                    Tensor std = sq.add(eps).sqrt_();
                    Tensor delta = acc.add(eps).sqrt_().div_(std).mul_(d);
                    acc.mul_(rho).addcmul_(delta, delta, 1 - rho);
                    param.add_(delta, -lr);
                }
            }
        }
    }
}
