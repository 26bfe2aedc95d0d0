package torch4j.nn;

import torch4j.Tensor;

/**
 * Same as {@code torch.nn.GRU}: gates r, z, n in PyTorch's order (rows of weight_ih / weight_hh),
 * n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h' = (1 - z) ⊙ n + z ⊙ h; multi-layer and optionally bidirectional.
 * <pre>{@code
 * GRU gru = new GRU(10, 20);
 * GRU.Output r = gru.forward(x, null);   // output, h_n = gru(x)
 * }</pre>
 */
public class GRU extends RNNBase {
    /** Keyword arguments of torch.nn.GRU. */
    public static final class Options extends RNNBase.Options<Options> {
        public Options(int inputSize, int hiddenSize) { super(inputSize, hiddenSize); }
    }

    /** {@code output, h_n = gru(input, h_0)}: output [T, N, D·H] (or batch-first) and h_n [D·num_layers, N, H]. */
    public record Output(Tensor output, Tensor hN) {}

    /** Same as torch.nn.GRU(input_size, hidden_size). */
    public GRU(int inputSize, int hiddenSize) { this(new Options(inputSize, hiddenSize)); }

    /** Same as torch.nn.GRU(input_size, hidden_size, num_layers). */
    public GRU(int inputSize, int hiddenSize, int numLayers) { this(new Options(inputSize, hiddenSize).numLayers(numLayers)); }

    public GRU(Options o) { super(Mode.GRU, o, 0); }

    /** Same as gru(input, h_0); h0 may be null (zeros). Unbatched input is [T, input_size] with h0 [D·num_layers, H]. */
    public Output forward(Tensor input, Tensor h0) {
        Tensor[] r = traced("gru", input, new Tensor[]{h0}, () -> forwardOneState(input, h0));
        return new Output(r[0], r[1]);
    }

    /** GRU returns (output, h_n): use {@link #forward(Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("GRU returns (output, h_n): call forward(input, h0) (h0 may be null)");
    }
}
