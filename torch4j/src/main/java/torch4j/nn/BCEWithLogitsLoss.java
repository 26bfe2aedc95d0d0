package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * Sigmoid and binary cross-entropy in one numerically stable op, as {@code torch.nn.BCEWithLogitsLoss}. posWeight
 * (broadcast against the target, e.g. one per class) scales the positive term. weight and posWeight, if given, are
 * buffers named {@code weight} and {@code pos_weight}.
 * <pre>{@code
 * Tensor loss = new BCEWithLogitsLoss(new BCEWithLogitsLoss.Options().posWeight(pw)).forward(logits, target);
 * }</pre>
 */
public class BCEWithLogitsLoss extends Module {
    /** Keyword arguments of {@code torch.nn.BCEWithLogitsLoss}: no weight, MEAN, no posWeight. */
    public static final class Options extends LossOptions<Options> {
        private Tensor weight, posWeight;
        public Options weight(Tensor w) { weight = w; return this; }

        public Options posWeight(Tensor p) { posWeight = p; return this; }

        public Tensor weight() { return weight; }

        public Tensor posWeight() { return posWeight; }
    }

    private final Options options;

    public BCEWithLogitsLoss() { this(new Options()); }

    public BCEWithLogitsLoss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public BCEWithLogitsLoss(Options options) {
        this.options = options;
        if (options.weight() != null) registerBuffer("weight", options.weight());
        if (options.posWeight() != null) registerBuffer("pos_weight", options.posWeight());
    }

    /** Same as torch.nn.BCEWithLogitsLoss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, buffer("weight"), buffer("pos_weight"),
                options.reduction());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
