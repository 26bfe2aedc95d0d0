package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * The cross-entropy between logits and class indices (or class probabilities), as {@code torch.nn.CrossEntropyLoss}:
 * log_softmax and nll_loss fused into one op. A weight, if given, is a buffer named {@code weight}.
 * <pre>{@code
 * CrossEntropyLoss criterion = new CrossEntropyLoss();
 * Tensor loss = criterion.forward(logits, target);   // logits [N, C], target int64 [N]
 * new CrossEntropyLoss(new CrossEntropyLoss.Options().weight(w).labelSmoothing(0.1));
 * }</pre>
 */
public class CrossEntropyLoss extends Module {
    /** Keyword arguments of {@code torch.nn.CrossEntropyLoss}: no weight, ignoreIndex -100, MEAN, labelSmoothing 0. */
    public static final class Options extends LossOptions<Options> {
        private Tensor weight;
        private long ignoreIndex = -100;
        private double labelSmoothing;

        public Options weight(Tensor w) { weight = w; return this; }

        public Options ignoreIndex(long i) { ignoreIndex = i; return this; }

        public Options labelSmoothing(double s) { labelSmoothing = s; return this; }

        public Tensor weight() { return weight; }

        public long ignoreIndex() { return ignoreIndex; }

        public double labelSmoothing() { return labelSmoothing; }
    }

    private final Options options;

    public CrossEntropyLoss() { this(new Options()); }

    public CrossEntropyLoss(Tensor weight) { this(new Options().weight(weight)); }

    public CrossEntropyLoss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public CrossEntropyLoss(Options options) {
        this.options = options;
        if (options.weight() != null) registerBuffer("weight", options.weight());
    }

    /** Same as torch.nn.CrossEntropyLoss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, buffer("weight"), options.ignoreIndex(), options.labelSmoothing(),
                options.reduction());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
