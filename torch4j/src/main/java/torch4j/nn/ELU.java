package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.ELU}: x for x > 0, alpha·(exp(x) - 1) otherwise. */
public class ELU extends Module {
    public final double alpha;

    /** Same as torch.nn.ELU() (alpha 1). */
    public ELU() { this(1.0); }

    /** Same as torch.nn.ELU(alpha). */
    public ELU(double alpha) { this.alpha = alpha; }

    @Override public Tensor forward(Tensor input) { return F.elu(input, alpha); }

    @Override public String extraRepr() { return "alpha=" + PyRepr.f(alpha); }
}
