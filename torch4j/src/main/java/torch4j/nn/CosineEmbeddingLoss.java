package torch4j.nn;

import torch4j.Tensor;
import torch4j.internal.ops.Losses;

/**
 * 1 - cos(x1, x2) where y = 1 and max(0, cos(x1, x2) - margin) where y = -1, as
 * {@code torch.nn.CosineEmbeddingLoss}.
 * <pre>{@code
 * Tensor loss = new CosineEmbeddingLoss(0.5).forward(a, b, y);
 * }</pre>
 */
public class CosineEmbeddingLoss extends Module {
    /** Keyword arguments of {@code torch.nn.CosineEmbeddingLoss}: margin 0, reduction MEAN. */
    public static final class Options extends LossOptions<Options> {
        private double margin;

        public Options margin(double m) { margin = m; return this; }

        public double margin() { return margin; }
    }

    private final Options options;

    public CosineEmbeddingLoss() { this(new Options()); }

    public CosineEmbeddingLoss(double margin) { this(new Options().margin(margin)); }

    public CosineEmbeddingLoss(Options options) { this.options = options; }

    /** Same as torch.nn.CosineEmbeddingLoss.forward. */
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return Losses.cosineEmbeddingLoss(input1, input2, target, options.margin(), options.reduction());
    }

    /** {@code loss(input1, input2, target)}. */
    public Tensor call(Tensor input1, Tensor input2, Tensor target) { return forward(input1, input2, target); }

    public Options options() { return options; }
}
