package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;

/** Same as {@code torch.nn.Softmax}: exp(x) normalised to sum 1 along dim. */
public class Softmax extends Module {
    /** The dim, or null for PyTorch's deprecated implicit choice. */
    public final Integer dim;

    /** Same as torch.nn.Softmax(dim). */
    public Softmax(int dim) { this.dim = dim; }

    /** Same as torch.nn.Softmax() (dim=None: 0 for 0-, 1- and 3-D inputs, else 1). */
    public Softmax() { this.dim = null; }

    @Override public Tensor forward(Tensor input) {
        return F.softmax(input, dim != null ? dim : F.implicitSoftmaxDim(input.dim()));
    }

    @Override public String extraRepr() { return "dim=" + (dim == null ? "None" : dim.toString()); }
}
