package torch4j.nn;

import torch4j.Tensor;

/** Returns its input, as {@code torch.nn.Identity} (a placeholder in architectures). */
public class Identity extends Module {
    /** Same as torch.nn.Identity(). */
    public Identity() {}

    @Override public Tensor forward(Tensor input) { return input; }
}
