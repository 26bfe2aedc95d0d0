package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.PixelShuffle}: [*, C·r², H, W] to [*, C, H·r, W·r]. */
public class PixelShuffle extends Module {
    public final int upscaleFactor;

    /** Same as torch.nn.PixelShuffle(upscale_factor). */
    public PixelShuffle(int upscaleFactor) { this.upscaleFactor = upscaleFactor; }

    @Override public Tensor forward(Tensor input) { return F.pixelShuffle(input, upscaleFactor); }

    @Override public String extraRepr() { return "upscale_factor=" + upscaleFactor; }
}
