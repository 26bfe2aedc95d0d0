package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.ReLU}: max(0, x). */
public class ReLU extends Module {
    /** Same as torch.nn.ReLU(). */
    public ReLU() {}

    @Override public Tensor forward(Tensor input) { return input.relu(); }
}
