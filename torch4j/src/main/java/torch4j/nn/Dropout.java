package torch4j.nn;

import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.Dropout}: in training mode zeroes each element with probability p (drawn from the
 * default generator) and scales the others by 1/(1 - p); the identity in eval mode.
 */
public class Dropout extends Module {
    public final double p;

    /** Same as torch.nn.Dropout() (p = 0.5). */
    public Dropout() { this(0.5); }

    /** Same as torch.nn.Dropout(p). */
    public Dropout(double p) {
        if (p < 0 || p > 1)
            throw new TorchException("dropout probability has to be between 0 and 1, but got " + PyRepr.f(p));
        this.p = p;
    }

    @Override public Tensor forward(Tensor input) { return F.dropout(input, p, training); }

    @Override public String extraRepr() { return "p=" + PyRepr.f(p) + ", inplace=False"; }
}
