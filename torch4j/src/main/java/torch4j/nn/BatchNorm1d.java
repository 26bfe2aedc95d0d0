package torch4j.nn;

import torch4j.Tensor;
import torch4j.TorchException;

/** Same as {@code torch.nn.BatchNorm1d}: batch normalisation of [N, C] or [N, C, L] inputs. */
public class BatchNorm1d extends BatchNorm {
    /** Same as torch.nn.BatchNorm1d(num_features). */
    public BatchNorm1d(int numFeatures) { super(new Options(numFeatures)); }

    public BatchNorm1d(Options options) { super(options); }

    @Override protected void checkInputDim(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3)
            throw new TorchException("expected 2D or 3D input (got " + input.dim() + "D input)");
    }
}
