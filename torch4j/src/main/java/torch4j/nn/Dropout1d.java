package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Dropout1d}: zeroes whole channels of [N, C, L] (or [C, L]) inputs in training mode. */
public class Dropout1d extends Dropout {
    /** Same as torch.nn.Dropout1d() (p = 0.5). */
    public Dropout1d() { super(0.5); }

    /** Same as torch.nn.Dropout1d(p). */
    public Dropout1d(double p) { super(p); }

    @Override public Tensor forward(Tensor input) { return F.dropout1d(input, p, training); }
}
