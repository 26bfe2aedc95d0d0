package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;
import torch4j.nn.functional.PadMode;

/** Same as {@code torch.nn.ReflectionPad2d}: pads the last two dims of [N, C, H, W] or [C, H, W] by reflection of the input (the edge not repeated). */
public class ReflectionPad2d extends Module {
    /** (left, right, top, bottom). */
    public final int[] padding;

    /** Same as torch.nn.ReflectionPad2d(padding) with one int for every side or (left, right, top, bottom). */
    public ReflectionPad2d(int... padding) { this.padding = PoolRepr.expand(padding, 4); }

    @Override public Tensor forward(Tensor input) { return F.pad(input, padding, PadMode.REFLECT); }

    @Override public String extraRepr() { return PyRepr.tuple(padding); }
}
