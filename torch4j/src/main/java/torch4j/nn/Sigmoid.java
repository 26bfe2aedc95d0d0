package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Sigmoid}. */
public class Sigmoid extends Module {
    /** Same as torch.nn.Sigmoid(). */
    public Sigmoid() {}

    @Override public Tensor forward(Tensor input) { return input.sigmoid(); }
}
