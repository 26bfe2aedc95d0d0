package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * A squared error below {@code beta} and an absolute error above it, as {@code torch.nn.SmoothL1Loss}.
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss(0.5).forward(prediction, target);
 * }</pre>
 */
public class SmoothL1Loss extends Module {
    /** Keyword arguments of {@code torch.nn.SmoothL1Loss}: reduction MEAN, beta 1.0. */
    public static final class Options extends LossOptions<Options> {
        private double beta = 1.0;

        public Options beta(double b) { beta = b; return this; }

        public double beta() { return beta; }
    }

    private final Options options;

    public SmoothL1Loss() { this(new Options()); }

    public SmoothL1Loss(double beta) { this(new Options().beta(beta)); }

    public SmoothL1Loss(Options options) { this.options = options; }

    /** Same as torch.nn.SmoothL1Loss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.smoothL1Loss(input, target, options.reduction(), options.beta());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
