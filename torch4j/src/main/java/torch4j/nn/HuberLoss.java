package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * A squared error below {@code delta} and a delta-scaled absolute error above it, as {@code torch.nn.HuberLoss}.
 * <pre>{@code
 * Tensor loss = new HuberLoss(2.0).forward(prediction, target);
 * }</pre>
 */
public class HuberLoss extends Module {
    /** Keyword arguments of {@code torch.nn.HuberLoss}: reduction MEAN, delta 1.0. */
    public static final class Options extends LossOptions<Options> {
        private double delta = 1.0;

        public Options delta(double d) { delta = d; return this; }

        public double delta() { return delta; }
    }

    private final Options options;

    public HuberLoss() { this(new Options()); }

    public HuberLoss(double delta) { this(new Options().delta(delta)); }

    public HuberLoss(Options options) { this.options = options; }

    /** Same as torch.nn.HuberLoss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.huberLoss(input, target, options.reduction(), options.delta());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
