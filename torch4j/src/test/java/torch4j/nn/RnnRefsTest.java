package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.RnnRefCases.Built;

/** RNN, LSTM, GRU and their cells against PyTorch 1.13 (tools/gen_refs_nn_rnn.py). */
class RnnRefsTest {

    static Function<Map<String, Tensor>, Map<String, Tensor>> rnn(RNN m) {
        return in -> {
            RNN.Output r = m.forward(in.get("x"), in.get("h0"));
            return RnnRefCases.named("output", r.output(), "h_n", r.hN());
        };
    }

    static Function<Map<String, Tensor>, Map<String, Tensor>> gru(GRU m) {
        return in -> {
            GRU.Output r = m.forward(in.get("x"), in.get("h0"));
            return RnnRefCases.named("output", r.output(), "h_n", r.hN());
        };
    }

    static Function<Map<String, Tensor>, Map<String, Tensor>> lstm(LSTM m) {
        return in -> {
            LSTM.Output r = m.forward(in.get("x"), in.get("h0"), in.get("c0"));
            return RnnRefCases.named("output", r.output(), "h_n", r.hN(), "c_n", r.cN());
        };
    }

    static Built build(String id) {
        return switch (id) {
            case "rnn_tanh_2l_bi_bf" -> {
                RNN m = new RNN(new RNN.Options(3, 4).numLayers(2).bidirectional(true).batchFirst(true));
                yield new Built(m, rnn(m));
            }
            case "rnn_relu_nobias" -> {
                RNN m = new RNN(new RNN.Options(3, 4).nonlinearity(RNN.Nonlinearity.RELU).bias(false));
                yield new Built(m, rnn(m));
            }
            case "rnn_unbatched_bf" -> {
                RNN m = new RNN(new RNN.Options(3, 4).batchFirst(true));
                yield new Built(m, rnn(m));
            }
            case "lstm_2l_bi_h0" -> {
                LSTM m = new LSTM(new LSTM.Options(3, 4).numLayers(2).bidirectional(true));
                yield new Built(m, lstm(m));
            }
            case "lstm_proj_bf" -> {
                LSTM m = new LSTM(new LSTM.Options(3, 5).projSize(2).batchFirst(true).dropout(0.25).numLayers(2));
                yield new Built(m, lstm(m));
            }
            case "lstm_unbatched" -> {
                LSTM m = new LSTM(3, 4);
                yield new Built(m, lstm(m));
            }
            case "gru_1l" -> {
                GRU m = new GRU(3, 4);
                yield new Built(m, gru(m));
            }
            case "gru_unbatched_2l_bi" -> {
                GRU m = new GRU(new GRU.Options(3, 4).numLayers(2).bidirectional(true));
                yield new Built(m, gru(m));
            }
            case "rnn_cell" -> {
                RNNCell m = new RNNCell(3, 4);
                yield new Built(m, in -> RnnRefCases.named("h", m.forward(in.get("x"), in.get("h0"))));
            }
            case "rnn_cell_relu_unbatched" -> {
                RNNCell m = new RNNCell(new RNNCell.Options(3, 4).bias(false).nonlinearity(RNN.Nonlinearity.RELU));
                yield new Built(m, in -> RnnRefCases.named("h", m.forward(in.get("x"), in.get("h0"))));
            }
            case "lstm_cell" -> {
                LSTMCell m = new LSTMCell(3, 4);
                yield new Built(m, in -> {
                    LSTMCell.Output r = m.forward(in.get("x"), in.get("h0"), in.get("c0"));
                    return RnnRefCases.named("h", r.h(), "c", r.c());
                });
            }
            case "gru_cell", "gru_cell_nostate" -> {
                GRUCell m = new GRUCell(3, 4);
                yield new Built(m, in -> RnnRefCases.named("h", m.forward(in.get("x"), in.get("h0"))));
            }
            default -> throw new IllegalArgumentException(id);
        };
    }

    static Stream<String> ids() { return RnnRefCases.ids("rnn", "lstm", "gru").stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void matchesPyTorch(String id) { RnnRefCases.run(id, build(id)); }

    @Test
    void parameterOrderAndInit() {
        Torch.manualSeed(0);
        LSTM m = new LSTM(new LSTM.Options(3, 16).numLayers(2).bidirectional(true));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
                "bias_hh_l1_reverse"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of(64, 32), List.of(m.namedParameters().get("weight_ih_l1").size(0),
                m.namedParameters().get("weight_ih_l1").size(1)));
        for (Parameter p : m.parameters()) {
            assertTrue(p.abs().max().itemDouble() <= 0.25, "uniform in ±1/sqrt(16)");
            assertTrue(p.abs().max().itemDouble() > 0.2, "spread over the range");
        }
        assertEquals(4, m.allWeights().size());
    }

    @Test
    void dropoutBetweenLayersOnlyInTraining() {
        Torch.manualSeed(1);
        GRU g = new GRU(new GRU.Options(3, 8).numLayers(2).dropout(0.9));
        Tensor x = Torch.randn(5, 2, 3);
        Tensor train1 = g.forward(x, null).output(), train2 = g.forward(x, null).output();
        assertTrue(!train1.allclose(train2), "dropout draws new masks in training mode");
        g.eval();
        assertTrue(g.forward(x, null).output().allclose(g.forward(x, null).output()));
    }

    @Test
    void errorsAsPyTorch() {
        LSTM m = new LSTM(new LSTM.Options(3, 4).numLayers(2));
        Tensor x = Torch.randn(5, 2, 3);
        assertEquals("Expected hidden[0] size (2, 2, 4), got [2, 3, 4]",
                assertThrows(TorchException.class, () -> m.forward(x, Torch.zeros(2, 3, 4), Torch.zeros(2, 2, 4))).getMessage());
        assertEquals("Expected hidden[1] size (2, 2, 4), got [1, 2, 4]",
                assertThrows(TorchException.class, () -> m.forward(x, Torch.zeros(2, 2, 4), Torch.zeros(1, 2, 4))).getMessage());
        assertEquals("input.size(-1) must be equal to input_size. Expected 3, got 5",
                assertThrows(TorchException.class, () -> m.forward(Torch.randn(5, 2, 5), null, null)).getMessage());
        assertEquals("For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors",
                assertThrows(TorchException.class, () -> m.forward(x, Torch.zeros(2, 4), Torch.zeros(2, 2, 4))).getMessage());
        RNN r = new RNN(3, 4);
        assertEquals("Expected hidden size (1, 2, 4), got [1, 2, 5]",
                assertThrows(TorchException.class, () -> r.forward(x, Torch.zeros(1, 2, 5))).getMessage());
        assertEquals("For unbatched 2-D input, hx should also be 2-D but got 3-D tensor",
                assertThrows(TorchException.class, () -> r.forward(Torch.randn(5, 3), Torch.zeros(1, 1, 4))).getMessage());
        assertEquals("input must have 3 dimensions, got 5",
                assertThrows(TorchException.class, () -> r.forward(Torch.randn(1, 5, 2, 3), null)).getMessage());
        assertEquals("RNNCell: Expected input to be 1-D or 2-D but received 3-D tensor",
                assertThrows(TorchException.class, () -> new RNNCell(3, 4).forward(x)).getMessage());
        assertEquals("dropout should be a number in range [0, 1] representing the probability of an element being zeroed",
                assertThrows(TorchException.class, () -> new GRU(new GRU.Options(3, 4).dropout(1.5))).getMessage());
        assertEquals("proj_size has to be smaller than hidden_size",
                assertThrows(TorchException.class, () -> new LSTM(new LSTM.Options(3, 4).projSize(4))).getMessage());
    }

    @Test
    void float32AndRepr() {
        LSTM m = new LSTM(new LSTM.Options(3, 4).numLayers(2).bidirectional(true).batchFirst(true).dropout(0.5));
        assertEquals("LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.5, bidirectional=True)", m.toString());
        assertEquals("RNN(3, 4, bias=False)", new RNN(new RNN.Options(3, 4).bias(false)
                .nonlinearity(RNN.Nonlinearity.RELU)).toString());
        assertEquals("GRUCell(3, 4)", new GRUCell(3, 4).toString());
        LSTM.Output r = m.forward(Torch.randn(2, 7, 3), null, null);
        assertEquals(DType.FLOAT32, r.output().dtype());
        assertEquals(List.of(2, 7, 8), List.of(r.output().size(0), r.output().size(1), r.output().size(2)));
        assertEquals(List.of(4, 2, 4), List.of(r.hN().size(0), r.hN().size(1), r.hN().size(2)));
    }
}
