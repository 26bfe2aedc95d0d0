package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * The binary cross-entropy between probabilities and targets, as {@code torch.nn.BCELoss} (logs are clamped at
 * -100). A weight, if given, is a buffer named {@code weight}.
 * <pre>{@code
 * Tensor loss = new BCELoss().forward(logits.sigmoid(), target);
 * }</pre>
 */
public class BCELoss extends Module {
    /** Keyword arguments of {@code torch.nn.BCELoss}: no weight, MEAN. */
    public static final class Options extends LossOptions<Options> {
        private Tensor weight;
        public Options weight(Tensor w) { weight = w; return this; }

        public Tensor weight() { return weight; }
    }

    private final Options options;

    public BCELoss() { this(new Options()); }

    public BCELoss(Tensor weight) { this(new Options().weight(weight)); }

    public BCELoss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public BCELoss(Options options) {
        this.options = options;
        if (options.weight() != null) registerBuffer("weight", options.weight());
    }

    /** Same as torch.nn.BCELoss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropy(input, target, buffer("weight"), options.reduction());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
