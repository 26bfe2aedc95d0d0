package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Tanh}. */
public class Tanh extends Module {
    /** Same as torch.nn.Tanh(). */
    public Tanh() {}

    @Override public Tensor forward(Tensor input) { return input.tanh(); }
}
