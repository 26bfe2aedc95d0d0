package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.ConstantPad2d}: pads the last two dims with a constant by (left, right, top, bottom). */
public class ConstantPad2d extends Module {
    /** (left, right, top, bottom). */
    public final int[] padding;
    public final double value;

    /** Same as torch.nn.ConstantPad2d(padding, value) with one int for every side. */
    public ConstantPad2d(int padding, double value) { this(new int[]{padding}, value); }

    /** Same as torch.nn.ConstantPad2d((left, right, top, bottom), value). */
    public ConstantPad2d(int[] padding, double value) {
        this.padding = PoolRepr.expand(padding, 4);
        this.value = value;
    }

    @Override public Tensor forward(Tensor input) { return F.pad(input, padding, value); }

    @Override public String extraRepr() { return "padding=" + PyRepr.tuple(padding) + ", value=" + PyRepr.num(value); }
}
