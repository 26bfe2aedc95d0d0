package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * The Kullback-Leibler divergence of target from input (input holds log-probabilities), as
 * {@code torch.nn.KLDivLoss}. The default reduction is MEAN, as PyTorch's (which warns that it divides by the
 * element count); {@link Reduction#BATCHMEAN} gives the mathematical KL divergence per batch element.
 * <pre>{@code
 * Tensor loss = new KLDivLoss(Reduction.BATCHMEAN).forward(logProbs, targetProbs);
 * }</pre>
 */
public class KLDivLoss extends Module {
    /** Keyword arguments of {@code torch.nn.KLDivLoss}: reduction MEAN, logTarget false. */
    public static final class Options extends LossOptions<Options> {
        private boolean logTarget;

        public Options logTarget(boolean b) { logTarget = b; return this; }

        public boolean logTarget() { return logTarget; }
    }

    private final Options options;

    public KLDivLoss() { this(new Options()); }

    public KLDivLoss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public KLDivLoss(Options options) { this.options = options; }

    /** Same as torch.nn.KLDivLoss.forward. */
    public Tensor forward(Tensor input, Tensor target) {
        return Losses.klDiv(input, target, options.reduction(), options.logTarget());
    }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
