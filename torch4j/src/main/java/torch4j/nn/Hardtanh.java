package torch4j.nn;

import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Hardtanh}: x clamped to [minVal, maxVal]. */
public class Hardtanh extends Module {
    public final double minVal, maxVal;

    /** Same as torch.nn.Hardtanh() (-1, 1). */
    public Hardtanh() { this(-1.0, 1.0); }

    /** Same as torch.nn.Hardtanh(min_val, max_val). */
    public Hardtanh(double minVal, double maxVal) {
        if (maxVal <= minVal) throw new TorchException("max_val must be larger than min_val");
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override public Tensor forward(Tensor input) { return F.hardtanh(input, minVal, maxVal); }

    @Override public String extraRepr() { return "min_val=" + PyRepr.f(minVal) + ", max_val=" + PyRepr.f(maxVal); }
}
