package torch4j.nn;

import torch4j.Tensor;

import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.AdaptiveAvgPool2d}: avg pooling of [N, C, H, W] or [C, H, W] to a fixed output size,
 * window i spanning [floor(i·in/out), ceil((i+1)·in/out)).
 */
public class AdaptiveAvgPool2d extends Module {
    /** The output size; a null entry keeps the input's size (Python None). */
    public final Integer outputH, outputW;
    private final boolean square;

    /** Same as torch.nn.AdaptiveAvgPool2d(output_size) with one int. */
    public AdaptiveAvgPool2d(int outputSize) {
        outputH = outputW = outputSize;
        square = true;

    }

    /** Same as torch.nn.AdaptiveAvgPool2d((h, w)); null for None. */
    public AdaptiveAvgPool2d(Integer outputH, Integer outputW) {
        this.outputH = outputH;
        this.outputW = outputW;
        square = false;

    }

    @Override public Tensor forward(Tensor input) { return F.adaptiveAvgPool2d(input, outputH, outputW); }

    @Override public String extraRepr() {
        if (square) return "output_size=" + outputH;
        return "output_size=(" + (outputH == null ? "None" : outputH) + ", " + (outputW == null ? "None" : outputW) + ")";
    }
}
