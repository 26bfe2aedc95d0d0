package torch4j.nn;

import torch4j.Tensor;
import torch4j.ValuesIndices;
import torch4j.nn.functional.F;

/**
 * Same as {@code torch.nn.AdaptiveMaxPool2d}: max pooling of [N, C, H, W] or [C, H, W] to a fixed output size,
 * window i spanning [floor(i·in/out), ceil((i+1)·in/out)).
 */
public class AdaptiveMaxPool2d extends Module {
    /** The output size; a null entry keeps the input's size (Python None). */
    public final Integer outputH, outputW;
    private final boolean square;
    public final boolean returnIndices;

    /** Same as torch.nn.AdaptiveMaxPool2d(output_size) with one int. */
    public AdaptiveMaxPool2d(int outputSize) {
        outputH = outputW = outputSize;
        square = true;
        returnIndices = false;
    }

    /** Same as torch.nn.AdaptiveMaxPool2d((h, w)); null for None. */
    public AdaptiveMaxPool2d(Integer outputH, Integer outputW) {
        this.outputH = outputH;
        this.outputW = outputW;
        square = false;
        returnIndices = false;
    }

    /** Same as torch.nn.AdaptiveMaxPool2d((h, w), return_indices). */
    public AdaptiveMaxPool2d(Integer outputH, Integer outputW, boolean returnIndices) {
        this.outputH = outputH;
        this.outputW = outputW;
        square = false;
        this.returnIndices = returnIndices;
    }

    /** The forward with return_indices=True. */
    public ValuesIndices forwardWithIndices(Tensor input) { return F.adaptiveMaxPool2dWithIndices(input, outputH, outputW); }

    @Override public Tensor forward(Tensor input) { return F.adaptiveMaxPool2d(input, outputH, outputW); }

    @Override public String extraRepr() {
        if (square) return "output_size=" + outputH;
        return "output_size=(" + (outputH == null ? "None" : outputH) + ", " + (outputW == null ? "None" : outputW) + ")";
    }
}
