package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Mish}: x·tanh(softplus(x)). */
public class Mish extends Module {
    /** Same as torch.nn.Mish(). */
    public Mish() {}

    @Override public Tensor forward(Tensor input) { return F.mish(input); }
}
