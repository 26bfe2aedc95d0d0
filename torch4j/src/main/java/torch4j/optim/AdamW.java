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
    public static class Options extends AdamOptions<Options> {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }
    }

    /** AdamW with PyTorch's defaults. */
    public AdamW(List<? extends Parameter> params) { this(params, new Options()); }

    public AdamW(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults(1e-2), true); }

    private AdamW(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults(1e-2), true); }

    /** Parameter groups with their own options ({@code AdamW([{'params': a}, {'params': b, 'lr': 1e-2}], lr=1e-3)}). */
    public static AdamW withGroups(List<ParamGroup> groups, Options defaults) { return new AdamW(defaults, groups); }
}
