package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.PixelUnshuffle}: [*, C, H·r, W·r] to [*, C·r², H, W]. */
public class PixelUnshuffle extends Module {
    public final int downscaleFactor;

    /** Same as torch.nn.PixelUnshuffle(downscale_factor). */
    public PixelUnshuffle(int downscaleFactor) { this.downscaleFactor = downscaleFactor; }

    @Override public Tensor forward(Tensor input) { return F.pixelUnshuffle(input, downscaleFactor); }

    @Override public String extraRepr() { return "downscale_factor=" + downscaleFactor; }
}
