package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * max(0, -y (x1 - x2) + margin), as {@code torch.nn.MarginRankingLoss}.
 * <pre>{@code
 * Tensor loss = new MarginRankingLoss(0.1).forward(scoreA, scoreB, y);
 * }</pre>
 */
public class MarginRankingLoss extends Module {
    /** Keyword arguments of {@code torch.nn.MarginRankingLoss}: margin 0, reduction MEAN. */
    public static final class Options extends LossOptions<Options> {
        private double margin;

        public Options margin(double m) { margin = m; return this; }

        public double margin() { return margin; }
    }

    private final Options options;

    public MarginRankingLoss() { this(new Options()); }

    public MarginRankingLoss(double margin) { this(new Options().margin(margin)); }

    public MarginRankingLoss(Options options) { this.options = options; }

    /** Same as torch.nn.MarginRankingLoss.forward. */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.marginRankingLoss(input1, input2, target, options.margin(), options.reduction());
    }

    /** {@code loss(input1, input2, target)}. */
    public Tensor call(Tensor input1, Tensor input2, Tensor target) { return forward(input1, input2, target); }

    public Options options() { return options; }
}
