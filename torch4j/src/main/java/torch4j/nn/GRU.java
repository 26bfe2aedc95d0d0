package torch4j.nn;

import torch4j.Tensor;
import torch4j.TorchException;

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
        Tensor[] r = traced("gru", input, new Tensor[]{h0}, () -> {
            Output o = forwardEager(input, h0);
            return new Tensor[]{o.output(), o.hN()};
        });
        return new Output(r[0], r[1]);
    }

    private Output forwardEager(Tensor input, Tensor h0) {
        boolean batched = input.dim() == 3;
        if (h0 != null) {
            if (!batched && h0.dim() != 2)
                throw new TorchException("For unbatched 2-D input, hx should also be 2-D but got " + h0.dim() + "-D tensor");
            if (batched && h0.dim() != 3)
                throw new TorchException("For batched 3-D input, hx should also be 3-D but got " + h0.dim() + "-D tensor");
            if (!batched) h0 = h0.unsqueeze(1);
        }
        Tensor x = batched(input);
        if (h0 != null) checkHidden(h0, new int[]{numLayers * numDirections(), x.size(1), hiddenSize}, "hidden");
        Result r = run(x, h0, null);
        return new Output(outputOf(r.output(), batched), batched ? r.hN() : r.hN().squeeze(1));
    }

    /** GRU returns (output, h_n): use {@link #forward(Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("GRU returns (output, h_n): call forward(input, h0) (h0 may be null)");
    }
}
