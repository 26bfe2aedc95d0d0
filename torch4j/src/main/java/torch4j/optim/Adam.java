package torch4j.optim;

import java.util.List;
import torch4j.nn.Parameter;

/**
 * Adam, as {@code torch.optim.Adam} (PyTorch 1.13): g = grad (+ weightDecay·p), m = β1·m + (1 − β1)·g,
 * v = β2·v + (1 − β2)·g², p −= lr/(1 − β1ᵗ) · m / (√v̂/√(1 − β2ᵗ) + eps), with v̂ = max of all v when amsgrad.
 * State per parameter: {@code step} (float32 scalar tensor), {@code exp_avg}, {@code exp_avg_sq}
 * (+ {@code max_exp_avg_sq}). Contiguous float32 parameters are updated in one fused pass.
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options(1e-3).betas(0.9, 0.999));
 * }</pre>
 */
public final class Adam extends AdamFamily {
    /** Adam's keyword arguments, with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8). */
    public static class Options extends Optimizer.Options {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }

        public Options lr(double v) { set("lr", v); return this; }

        public Options betas(double beta1, double beta2) { set("betas", List.of(beta1, beta2)); return this; }

        public Options eps(double v) { set("eps", v); return this; }

        public Options weightDecay(double v) { set("weight_decay", v); return this; }

        public Options amsgrad(boolean v) { set("amsgrad", v); return this; }

        public Options maximize(boolean v) { set("maximize", v); return this; }

        Options withDefaults() {
            Options d = new Options();
            d.set("lr", 1e-3).set("betas", List.of(0.9, 0.999)).set("eps", 1e-8).set("weight_decay", 0.0)
                    .set("amsgrad", false).set("maximize", false);
            d.values.putAll(values);
            return d;
        }
    }

    /** Adam with PyTorch's defaults. */
    public Adam(List<? extends Parameter> params) { this(params, new Options()); }

    public Adam(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults(), false); }

    private Adam(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults(), false); }

    /** Parameter groups with their own options ({@code Adam([{'params': a}, {'params': b, 'lr': 1e-2}], lr=1e-3)}). */
    public static Adam withGroups(List<ParamGroup> groups, Options defaults) { return new Adam(defaults, groups); }
}
