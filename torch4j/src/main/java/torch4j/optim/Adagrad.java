package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.nn.Parameter;

/**
 * Adagrad, as {@code torch.optim.Adagrad} (PyTorch 1.13): g = grad (+ weightDecay·p), sum += g²,
 * p −= lr/(1 + (t − 1)·lrDecay) · g/(√sum + eps). State ({@code step}, a float32 scalar tensor, and {@code sum},
 * starting at initialAccumulatorValue) is created for every parameter when the optimizer is built, as PyTorch does.
 */
public final class Adagrad extends Optimizer {
    /** Adagrad's keyword arguments, with PyTorch's defaults (lr 1e-2, eps 1e-10). */
    public static class Options extends Optimizer.Options {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }

        public Options lr(double v) { set("lr", v); return this; }

        public Options lrDecay(double v) { set("lr_decay", v); return this; }

        public Options weightDecay(double v) { set("weight_decay", v); return this; }

        public Options initialAccumulatorValue(double v) { set("initial_accumulator_value", v); return this; }

        public Options eps(double v) { set("eps", v); return this; }

        public Options maximize(boolean v) { set("maximize", v); return this; }

        Optimizer.Options withDefaults() {
            return over(new Optimizer.Options()
                    .set("lr", 1e-2).set("lr_decay", 0.0).set("eps", 1e-10).set("weight_decay", 0.0)
                    .set("initial_accumulator_value", 0.0).set("maximize", false));
        }
    }

    /** Adagrad with PyTorch's defaults. */
    public Adagrad(List<? extends Parameter> params) { this(params, new Options()); }

    public Adagrad(List<? extends Parameter> params, Options options) {
        super(single(params), options.withDefaults());
        initState();
    }

    private Adagrad(Options options, List<ParamGroup> groups) {
        super(groups, options.withDefaults());
        initState();
    }

    /** Parameter groups with their own options. */
    public static Adagrad withGroups(List<ParamGroup> groups, Options defaults) { return new Adagrad(defaults, groups); }

    private void initState() {
        for (ParamGroup g : groups)
            for (Parameter p : g.params) init(p, g);
    }

    private void init(Parameter p, ParamGroup g) {
        Map<String, Object> st = state(p);
        if (!st.isEmpty()) return;
        st.put("step", Torch.tensor(0.0, DType.FLOAT32));
        st.put("sum", Torch.fullLike(p.detach(), g.getDouble("initial_accumulator_value")));
    }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        double lrDecay = g.getDouble("lr_decay"), wd = g.getDouble("weight_decay");
        double init = g.getDouble("initial_accumulator_value"), eps = g.getDouble("eps");
        if (!(lrDecay >= 0)) throw new TorchException("Invalid lr_decay value: " + repr(lrDecay));
        if (!(wd >= 0)) throw new TorchException("Invalid weight_decay value: " + repr(wd));
        if (!(init >= 0)) throw new TorchException("Invalid initial_accumulator_value value: " + repr(init));
        if (!(eps >= 0)) throw new TorchException("Invalid epsilon value: " + repr(eps));
    }

    @Override public void step() {
        try (var _ = GradMode.scope(false)) {
            for (ParamGroup g : groups) {
                double lr = g.lr(), lrDecay = g.getDouble("lr_decay"), wd = g.getDouble("weight_decay");
                double eps = g.getDouble("eps");
                boolean maximize = g.getBool("maximize");
                for (Parameter p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    init(p, g); // a group added after construction
                    Map<String, Object> st = state(p);
                    double step = incrementStep(st);
                    Tensor param = p.detach();
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) d = d.add(param, wd);
                    double clr = lr / (1 + (step - 1) * lrDecay);
                    Tensor sum = required(st, "sum");
                    sum.addcmul_(d, d, 1);
                    Tensor std = sum.sqrt().add_(eps);
                    param.addcdiv_(d, std, -clr);
                }
            }
        }
    }
}
