package torch4j.nn;

import torch4j.Tensor;

/**
 * Same as {@code torch.nn.RNN}: an Elman RNN, h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh) (or relu),
 * multi-layer and optionally bidirectional.
 * <pre>{@code
 * RNN rnn = new RNN(new RNN.Options(10, 20).numLayers(2).batchFirst(true));
 * RNN.Output r = rnn.forward(x, null);   // output, h_n = rnn(x)
 * }</pre>
 */
public class RNN extends RNNBase {
    /** The nonlinearity argument of RNN and RNNCell: TANH ('tanh') or RELU ('relu'). */
    public enum Nonlinearity {
        TANH, RELU;

        /** The PyTorch spelling. */
        @Override public String toString() { return name().toLowerCase(); }
    }

    /** Keyword arguments of torch.nn.RNN. */
    public static final class Options extends RNNBase.Options<Options> {
        Nonlinearity nonlinearity = Nonlinearity.TANH;

        public Options(int inputSize, int hiddenSize) { super(inputSize, hiddenSize); }

        /** The nonlinearity of the recurrence (default TANH). */
        public Options nonlinearity(Nonlinearity n) {
            nonlinearity = n;
            return this;
        }
    }

    /** {@code output, h_n = rnn(input, h_0)}: output [T, N, D·H] (or batch-first) and h_n [D·num_layers, N, H]. */
    public record Output(Tensor output, Tensor hN) {}

    public final Nonlinearity nonlinearity;

    /** Same as torch.nn.RNN(input_size, hidden_size). */
    public RNN(int inputSize, int hiddenSize) { this(new Options(inputSize, hiddenSize)); }

    /** Same as torch.nn.RNN(input_size, hidden_size, num_layers). */
    public RNN(int inputSize, int hiddenSize, int numLayers) { this(new Options(inputSize, hiddenSize).numLayers(numLayers)); }

    public RNN(Options o) {
        super(o.nonlinearity == Nonlinearity.RELU ? Mode.RNN_RELU : Mode.RNN_TANH, o, 0);
        nonlinearity = o.nonlinearity;
    }

    /** Same as rnn(input, h_0); h0 may be null (zeros). Unbatched input is [T, input_size] with h0 [D·num_layers, H]. */
    public Output forward(Tensor input, Tensor h0) {
        Tensor[] r = forwardOneState(input, h0);
        return new Output(r[0], r[1]);
    }

    /** RNN returns (output, h_n): use {@link #forward(Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("RNN returns (output, h_n): call forward(input, h0) (h0 may be null)");
    }
}
