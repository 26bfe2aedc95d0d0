package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Hardswish}: x·relu6(x + 3)/6. */
public class Hardswish extends Module {
    /** Same as torch.nn.Hardswish(). */
    public Hardswish() {}

    @Override public Tensor forward(Tensor input) { return F.hardswish(input); }
}
