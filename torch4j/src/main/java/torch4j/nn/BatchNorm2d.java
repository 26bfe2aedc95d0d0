package torch4j.nn;

import torch4j.Tensor;
import torch4j.TorchException;

/** Same as {@code torch.nn.BatchNorm2d}: batch normalisation of [N, C, H, W] inputs. */
public class BatchNorm2d extends BatchNorm {
    /** Same as torch.nn.BatchNorm2d(num_features). */
    public BatchNorm2d(int numFeatures) { super(new Options(numFeatures)); }

    public BatchNorm2d(Options options) { super(options); }

    @Override protected void checkInputDim(Tensor input) {
        if (input.dim() != 4) throw new TorchException("expected 4D input (got " + input.dim() + "D input)");
    }
}
