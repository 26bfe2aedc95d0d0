package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.GELU}: x·Φ(x), exactly (erf) or with the tanh approximation. */
public class GELU extends Module {
    /** The approximate argument of GELU: NONE ('none', erf) or TANH ('tanh'). */
    public enum Approximate {
        NONE, TANH;

        /** The PyTorch spelling. */
        @Override public String toString() { return name().toLowerCase(); }
    }

    public final Approximate approximate;

    /** Same as torch.nn.GELU() (approximate='none'). */
    public GELU() { this(Approximate.NONE); }

    /** Same as torch.nn.GELU(approximate). */
    public GELU(Approximate approximate) { this.approximate = approximate; }

    @Override public Tensor forward(Tensor input) { return F.gelu(input, approximate); }

    @Override public String extraRepr() { return "approximate='" + approximate + "'"; }
}
