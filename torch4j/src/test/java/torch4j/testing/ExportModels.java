package torch4j.testing;

import java.util.List;
import java.util.function.UnaryOperator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.LSTM;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.functional.F;

/** Small modules shared by the tracing (jit) and ONNX export tests. */
public final class ExportModels {
    private ExportModels() {}

    /** The output of an LSTM (input size 6, hidden 8), read by a linear head with 3 outputs. */
    public static final class LstmHead extends Module {
        final LSTM lstm;
        final Linear head;

        public LstmHead(boolean batchFirst, int layers, boolean bidirectional) {
            lstm = registerModule("lstm", new LSTM(new LSTM.Options(6, 8).numLayers(layers).batchFirst(batchFirst)
                    .bidirectional(bidirectional)));
            head = registerModule("head", new Linear(bidirectional ? 16 : 8, 3));
        }

        @Override public Tensor forward(Tensor x) { return head.call(lstm.forward(x, null, null).output()); }
    }

    /** A module whose forward is a lambda. */
    public static final class Fn extends Module {
        final UnaryOperator<Tensor> f;

        public Fn(UnaryOperator<Tensor> f) { this.f = f; }

        @Override public Tensor forward(Tensor x) { return f.apply(x); }
    }

    /**
     * Many ops in one forward of an (N, 4, 6, 6) input: pooling, permute, dynamic reshape, select, strided slice,
     * stack, cat, tanh-GELU, SiLU, log-softmax, baddbmm.
     */
    public static Tensor manyOps(Tensor x) {
        Tensor a = F.avgPool2d(x, 2).permute(0, 2, 3, 1);
        Tensor c = a.reshape(a.size(0), 9, 4);
        Tensor d = c.select(1, 0), e = c.slice(1, 1, 9, 2);
        Tensor g = Torch.cat(List.of(Torch.stack(List.of(d, d.silu()), 1), e), 1);
        Tensor h = g.gelu(true).logSoftmax(-1);
        Tensor m = h.matmul(h.transpose(1, 2)).baddbmm(h, h.transpose(1, 2), 0.5, 2.0);
        return m.sigmoid().sqrt().neg().exp().rsub(3.0).div(2.0);
    }
}
