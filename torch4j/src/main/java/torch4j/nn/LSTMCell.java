package torch4j.nn;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;

/** Same as {@code torch.nn.LSTMCell}: one LSTM step (gates i, f, g, o in PyTorch's order). */
public class LSTMCell extends RNNCellBase {
    /** {@code h_1, c_1 = lstm_cell(input, (h_0, c_0))}. */
    public record Output(Tensor h, Tensor c) {}

    /** Same as torch.nn.LSTMCell(input_size, hidden_size). */
    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, null); }

    /** Same as torch.nn.LSTMCell(input_size, hidden_size, bias, dtype=dtype); dtype may be null. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, DType dtype) { super(inputSize, hiddenSize, bias, 4, dtype); }

    /** Same as lstm_cell(input, (h0, c0)); h0 and c0 may both be null (zeros); 1-D input and states are unbatched. */
    public Output forward(Tensor input, Tensor h0, Tensor c0) {
        if ((h0 == null) != (c0 == null)) throw new TorchException("LSTMCell: h0 and c0 must be given together");
        boolean batched = input.dim() == 2;
        Tensor x = batched(input, "LSTMCell");
        Tensor h = state(h0, x, batched), c = state(c0, x, batched);
        Tensor[] g = inputProjection(x).add(hiddenProjection(h)).chunk(4, 1);
        Tensor c1 = g[1].sigmoid().mul(c).add(g[0].sigmoid().mul(g[2].tanh()));
        Tensor h1 = g[3].sigmoid().mul(c1.tanh());
        return batched ? new Output(h1, c1) : new Output(h1.squeeze(0), c1.squeeze(0));
    }

    /** LSTMCell returns (h_1, c_1): use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("LSTMCell returns (h_1, c_1): call forward(input, h0, c0) (states may be null)");
    }
}
