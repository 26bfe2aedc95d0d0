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
    public static class Options extends AdamOptions<Options> {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }
    }

    /** Adam with PyTorch's defaults. */
    public Adam(List<? extends Parameter> params) { this(params, new Options()); }

    public Adam(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults(0.0), false); }

    private Adam(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults(0.0), false); }

    /** Parameter groups with their own options ({@code Adam([{'params': a}, {'params': b, 'lr': 1e-2}], lr=1e-3)}). */
    public static Adam withGroups(List<ParamGroup> groups, Options defaults) { return new Adam(defaults, groups); }
}
