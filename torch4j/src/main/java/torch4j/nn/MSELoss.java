package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * The mean squared error between input and target, as {@code torch.nn.MSELoss}.
 * <pre>{@code
 * Tensor loss = new MSELoss().forward(prediction, target);
 * }</pre>
 */
public class MSELoss extends Module {
    /** Keyword arguments of {@code torch.nn.MSELoss}. */
    public static final class Options extends LossOptions<Options> {}

    private final Options options;

    public MSELoss() { this(new Options()); }

    public MSELoss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public MSELoss(Options options) { this.options = options; }

    /** Same as torch.nn.MSELoss.forward. */
    public Tensor forward(Tensor input, Tensor target) { return Losses.mseLoss(input, target, options.reduction()); }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
