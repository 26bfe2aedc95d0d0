package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.SiLU}: x·sigmoid(x). */
public class SiLU extends Module {
    /** Same as torch.nn.SiLU(). */
    public SiLU() {}

    @Override public Tensor forward(Tensor input) { return F.silu(input); }
}
