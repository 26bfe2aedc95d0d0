package torch4j.optim;

import java.util.List;
import torch4j.nn.Parameter;

/**
 * AdamW, as {@code torch.optim.AdamW} (PyTorch 1.13): Adam with decoupled weight decay, p ← p·(1 − lr·weightDecay)
 * before the Adam update (the gradient itself is not decayed). Default weight decay 1e-2. Same state as {@link Adam};
 * contiguous float32 parameters are updated in one fused pass.
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), new AdamW.Options(1e-3).weightDecay(0.05));
 * }</pre>
 */
public final class AdamW extends AdamFamily {
    /** AdamW's keyword arguments, with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2). */
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
            d.set("lr", 1e-3).set("betas", List.of(0.9, 0.999)).set("eps", 1e-8).set("weight_decay", 1e-2)
                    .set("amsgrad", false).set("maximize", false);
            d.values.putAll(values);
            return d;
        }
    }

    /** AdamW with PyTorch's defaults. */
    public AdamW(List<? extends Parameter> params) { this(params, new Options()); }

    public AdamW(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults(), true); }

    private AdamW(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults(), true); }

    /** Parameter groups with their own options ({@code AdamW([{'params': a}, {'params': b, 'lr': 1e-2}], lr=1e-3)}). */
    public static AdamW withGroups(List<ParamGroup> groups, Options defaults) { return new AdamW(defaults, groups); }
}
