package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.LeakyReLU}: x for x > 0, negativeSlope·x otherwise. */
public class LeakyReLU extends Module {
    public final double negativeSlope;

    /** Same as torch.nn.LeakyReLU() (negative_slope 0.01). */
    public LeakyReLU() { this(0.01); }

    /** Same as torch.nn.LeakyReLU(negative_slope). */
    public LeakyReLU(double negativeSlope) { this.negativeSlope = negativeSlope; }

    @Override public Tensor forward(Tensor input) { return F.leakyRelu(input, negativeSlope); }

    @Override public String extraRepr() { return "negative_slope=" + PyRepr.f(negativeSlope); }
}
