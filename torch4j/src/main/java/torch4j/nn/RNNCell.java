package torch4j.nn;

import torch4j.DType;
import torch4j.Tensor;

/** Same as {@code torch.nn.RNNCell}: one step h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu). */
public class RNNCell extends RNNCellBase {
    /** Keyword arguments of torch.nn.RNNCell. */
    public static final class Options {
        final int inputSize, hiddenSize;
        boolean bias = true;
        RNN.Nonlinearity nonlinearity = RNN.Nonlinearity.TANH;
        DType dtype;

        public Options(int inputSize, int hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
        }

        public Options bias(boolean on) {
            bias = on;
            return this;
        }

        public Options nonlinearity(RNN.Nonlinearity n) {
            nonlinearity = n;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    public final RNN.Nonlinearity nonlinearity;

    /** Same as torch.nn.RNNCell(input_size, hidden_size). */
    public RNNCell(int inputSize, int hiddenSize) { this(new Options(inputSize, hiddenSize)); }

    public RNNCell(Options o) {
        super(o.inputSize, o.hiddenSize, o.bias, 1, o.dtype);
        nonlinearity = o.nonlinearity;
    }

    /** Same as rnn_cell(input) (zero state). */
    @Override public Tensor forward(Tensor input) { return forward(input, null); }

    /** Same as rnn_cell(input, hx); hx may be null (zeros); 1-D input and hx are unbatched. */
    public Tensor forward(Tensor input, Tensor hx) {
        boolean batched = input.dim() == 2;
        Tensor x = batched(input, "RNNCell");
        Tensor pre = inputProjection(x).add(hiddenProjection(state(hx, x, batched)));
        Tensor h = nonlinearity == RNN.Nonlinearity.RELU ? pre.relu() : pre.tanh();
        return batched ? h : h.squeeze(0);
    }

    @Override public String extraRepr() {
        return super.extraRepr() + (nonlinearity == RNN.Nonlinearity.TANH ? "" : ", nonlinearity=" + nonlinearity);
    }
}
