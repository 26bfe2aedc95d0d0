package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.ZeroPad2d}: pads the last two dims with zeros by (left, right, top, bottom). */
public class ZeroPad2d extends Module {
    /** (left, right, top, bottom). */
    public final int[] padding;

    /** Same as torch.nn.ZeroPad2d(padding) with one int for every side or (left, right, top, bottom). */
    public ZeroPad2d(int... padding) { this.padding = PoolRepr.expand(padding, 4); }

    @Override public Tensor forward(Tensor input) { return F.pad(input, padding); }

    @Override public String extraRepr() { return PyRepr.tuple(padding); }
}
