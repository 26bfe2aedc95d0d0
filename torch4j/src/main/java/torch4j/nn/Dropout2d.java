package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Dropout2d}: zeroes whole channels of [N, C, H, W] inputs in training mode. */
public class Dropout2d extends Dropout {
    /** Same as torch.nn.Dropout2d() (p = 0.5). */
    public Dropout2d() { super(0.5); }

    /** Same as torch.nn.Dropout2d(p). */
    public Dropout2d(double p) { super(p); }

    @Override public Tensor forward(Tensor input) { return F.dropout2d(input, p, training); }
}
