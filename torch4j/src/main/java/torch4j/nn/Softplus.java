package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Softplus}: log(1 + exp(beta·x))/beta, linear where beta·x > threshold. */
public class Softplus extends Module {
    public final double beta, threshold;

    /** Same as torch.nn.Softplus() (beta 1, threshold 20). */
    public Softplus() { this(1, 20); }

    /** Same as torch.nn.Softplus(beta, threshold). */
    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override public Tensor forward(Tensor input) { return F.softplus(input, beta, threshold); }

    // PyTorch's defaults are ints (beta=1, threshold=20), printed without a fraction
    @Override public String extraRepr() { return "beta=" + PyRepr.num(beta) + ", threshold=" + PyRepr.num(threshold); }
}
