package torch4j.nn;

import torch4j.DType;
import torch4j.Tensor;

/** Same as {@code torch.nn.GRUCell}: one GRU step (gates r, z, n in PyTorch's order). */
public class GRUCell extends RNNCellBase {
    /** Same as torch.nn.GRUCell(input_size, hidden_size). */
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, null); }

    /** Same as torch.nn.GRUCell(input_size, hidden_size, bias, dtype=dtype); dtype may be null. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias, DType dtype) { super(inputSize, hiddenSize, bias, 3, dtype); }

    /** Same as gru_cell(input) (zero state). */
    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    /** Same as gru_cell(input, hx); hx may be null (zeros); 1-D input and hx are unbatched. */
    public Tensor forward(Tensor input, Tensor hx) {
        boolean batched = input.dim() == 2;
        Tensor x = batched(input, "GRUCell");
        Tensor h = state(hx, x, batched);
        Tensor[] xg = inputProjection(x).chunk(3, 1), hg = hiddenProjection(h).chunk(3, 1);
        Tensor r = xg[0].add(hg[0]).sigmoid(), z = xg[1].add(hg[1]).sigmoid();
        Tensor n = xg[2].add(r.mul(hg[2])).tanh();
        Tensor y = n.add(z.mul(h.sub(n)));
        return batched ? y : y.squeeze(0);
    }
}
