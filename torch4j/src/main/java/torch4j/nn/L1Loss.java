package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * The mean absolute error between input and target, as {@code torch.nn.L1Loss}.
 * <pre>{@code
 * Tensor loss = new L1Loss().forward(prediction, target);
 * }</pre>
 */
public class L1Loss extends Module {
    /** Keyword arguments of {@code torch.nn.L1Loss}. */
    public static final class Options extends LossOptions<Options> {}

    private final Options options;

    public L1Loss() { this(new Options()); }

    public L1Loss(Reduction reduction) { this(new Options().reduction(reduction)); }

    public L1Loss(Options options) { this.options = options; }

    /** Same as torch.nn.L1Loss.forward. */
    public Tensor forward(Tensor input, Tensor target) { return Losses.l1Loss(input, target, options.reduction()); }

    /** {@code loss(input, target)}. */
    public Tensor call(Tensor input, Tensor target) { return forward(input, target); }

    public Options options() { return options; }
}
