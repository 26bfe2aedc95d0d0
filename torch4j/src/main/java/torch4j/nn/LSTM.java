package torch4j.nn;

import torch4j.Tensor;
import torch4j.TorchException;

/**
 * Same as {@code torch.nn.LSTM}: gates i, f, g, o in PyTorch's order (rows of weight_ih / weight_hh),
 * c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c') (then h'·W_hrᵀ with proj_size); multi-layer and optionally bidirectional.
 * <pre>{@code
 * LSTM lstm = new LSTM(new LSTM.Options(10, 20).numLayers(2).bidirectional(true));
 * LSTM.Output r = lstm.forward(x, h0, c0);   // output, (h_n, c_n) = lstm(x, (h0, c0))
 * }</pre>
 */
public class LSTM extends RNNBase {
    /** Keyword arguments of torch.nn.LSTM. */
    public static final class Options extends RNNBase.Options<Options> {
        int projSize;

        public Options(int inputSize, int hiddenSize) { super(inputSize, hiddenSize); }

        /** Projects each hidden state to this size with weight_hr (default 0: no projection). */
        public Options projSize(int n) {
            projSize = n;
            return this;
        }
    }

    /**
     * {@code output, (h_n, c_n) = lstm(input, (h_0, c_0))}: output [T, N, D·H_out] (or batch-first),
     * h_n [D·num_layers, N, H_out] and c_n [D·num_layers, N, H].
     */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    /** Same as torch.nn.LSTM(input_size, hidden_size). */
    public LSTM(int inputSize, int hiddenSize) { this(new Options(inputSize, hiddenSize)); }

    /** Same as torch.nn.LSTM(input_size, hidden_size, num_layers). */
    public LSTM(int inputSize, int hiddenSize, int numLayers) { this(new Options(inputSize, hiddenSize).numLayers(numLayers)); }

    public LSTM(Options o) { super(Mode.LSTM, o, o.projSize); }

    /**
     * Same as lstm(input, (h_0, c_0)); h0 and c0 may both be null (zeros). Unbatched input is [T, input_size] with
     * states [D·num_layers, H].
     */
    public Output forward(Tensor input, Tensor h0, Tensor c0) {
        Tensor[] r = traced("lstm", input, new Tensor[]{h0, c0}, () -> {
            Output o = forwardEager(input, h0, c0);
            return new Tensor[]{o.output(), o.hN(), o.cN()};
        });
        return new Output(r[0], r[1], r[2]);
    }

    private Output forwardEager(Tensor input, Tensor h0, Tensor c0) {
        boolean batched = input.dim() == 3;
        if ((h0 == null) != (c0 == null)) throw new TorchException("LSTM: h0 and c0 must be given together");
        if (h0 != null) {
            if (batched && (h0.dim() != 3 || c0.dim() != 3))
                throw new TorchException("For batched 3-D input, hx and cx should also be 3-D but got (" + h0.dim()
                        + "-D, " + c0.dim() + "-D) tensors");
            if (!batched && (h0.dim() != 2 || c0.dim() != 2))
                throw new TorchException("For unbatched 2-D input, hx and cx should also be 2-D but got (" + h0.dim()
                        + "-D, " + c0.dim() + "-D) tensors");
            if (!batched) {
                h0 = h0.unsqueeze(1);
                c0 = c0.unsqueeze(1);
            }
        }
        Tensor x = batched(input);
        if (h0 != null) {
            int n = numLayers * numDirections(), b = x.size(1);
            checkHidden(h0, new int[]{n, b, projSize > 0 ? projSize : hiddenSize}, "hidden[0]");
            checkHidden(c0, new int[]{n, b, hiddenSize}, "hidden[1]");
        }
        Result r = run(x, h0, c0);
        Tensor hN = batched ? r.hN() : r.hN().squeeze(1), cN = batched ? r.cN() : r.cN().squeeze(1);
        return new Output(outputOf(r.output(), batched), hN, cN);
    }

    /** LSTM returns (output, (h_n, c_n)): use {@link #forward(Tensor, Tensor, Tensor)}. */
    @Override public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(
                "LSTM returns (output, (h_n, c_n)): call forward(input, h0, c0) (h0 and c0 may be null)");
    }
}
