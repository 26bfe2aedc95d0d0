package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * The negative log-likelihood of class indices under log-probabilities, as {@code torch.nn.NLLLoss}. A weight, if
 * given, is a buffer named {@code weight}.
 * <pre>{@code
 * Tensor loss = new NLLLoss().forward(logits.logSoftmax(1), target);
 * }</pre>
 */
public class NLLLoss extends Module {
    /** Keyword arguments of {@code torch.nn.NLLLoss}: no weight, ignoreIndex -100, MEAN. */
    public static final class Options extends LossOptions<Options> {
        private Tensor weight;
        private long ignoreIndex = -100;
        public Options weight(Tensor w) { weight = w; return this; }

        public Options ignoreIndex(long i) { ignoreIndex = i; return this; }

        public Tensor weight() { return weight; }

        public long ignoreIndex() { return ignoreIndex; }
    }

    private final Options options;

    public NLLLoss() { this(new Options()); }

    public NLLLoss(Tensor weight) { this(new Options().weight(weight)); }

    public NLLLoss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public NLLLoss(Options options) {
        this.options = options;
        if (options.weight() != null) registerBuffer("weight", options.weight());
    }

    /** Same as torch.nn.NLLLoss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.nllLoss(input, target, buffer("weight"), options.ignoreIndex(), options.reduction());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
