package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.LogSoftmax}: log(softmax(x)) along dim, computed stably. */
public class LogSoftmax extends Module {
    /** The dim, or null for PyTorch's deprecated implicit choice. */
    public final Integer dim;

    /** Same as torch.nn.LogSoftmax(dim). */
    public LogSoftmax(int dim) { this.dim = dim; }

    /** Same as torch.nn.LogSoftmax() (dim=None: 0 for 0-, 1- and 3-D inputs, else 1). */
    public LogSoftmax() { this.dim = null; }

    @Override public Tensor forward(Tensor input) {
        return F.logSoftmax(input, dim != null ? dim : F.implicitSoftmaxDim(input.dim()));
    }

    @Override public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
