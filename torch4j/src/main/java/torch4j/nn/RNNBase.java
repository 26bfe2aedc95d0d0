package torch4j.nn;

import java.util.ArrayList;
import java.util.List;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.internal.trace.Tracer;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * The shared part of {@link RNN}, {@link LSTM} and {@link GRU}, as {@code torch.nn.RNNBase}: the per-layer,
 * per-direction weights ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0},
 * {@code ..._reverse}, and {@code weight_hr_l0} for a projected LSTM) registered in PyTorch's order, the
 * input checks, and the multi-layer, bidirectional time loop.
 */
public abstract class RNNBase extends Module {
    /** Keyword arguments shared by torch.nn.RNN, LSTM and GRU. */
    @SuppressWarnings("unchecked")
    public abstract static class Options<O extends Options<O>> {
        final int inputSize, hiddenSize;
        int numLayers = 1;
        boolean bias = true, batchFirst, bidirectional;
        double dropout;
        DType dtype;

        protected Options(int inputSize, int hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
        }

        /** Number of stacked recurrent layers (default 1). */
        public O numLayers(int n) {
            numLayers = n;
            return (O) this;
        }

        /** Whether the layers use bias_ih and bias_hh (default true). */
        public O bias(boolean on) {
            bias = on;
            return (O) this;
        }

        /** Input and output as [batch, seq, feature] instead of [seq, batch, feature] (default false). */
        public O batchFirst(boolean on) {
            batchFirst = on;
            return (O) this;
        }

        /** Dropout probability on the outputs of every layer but the last, in training mode (default 0). */
        public O dropout(double p) {
            dropout = p;
            return (O) this;
        }

        /** Whether each layer also runs backwards over the sequence (default false). */
        public O bidirectional(boolean on) {
            bidirectional = on;
            return (O) this;
        }

        /** The parameters' dtype (default: the default float dtype). */
        public O dtype(DType d) {
            dtype = d;
            return (O) this;
        }
    }

    /** The recurrence a layer runs. */
    enum Mode { RNN_TANH, RNN_RELU, LSTM, GRU }

    final Mode mode;
    public final int inputSize, hiddenSize, numLayers, projSize;
    public final boolean bias, batchFirst, bidirectional;
    public final double dropout;
    /** Per (layer, direction): weight_ih, weight_hh, bias_ih, bias_hh, weight_hr (null where absent). */
    private final Parameter[][] weights;

    RNNBase(Mode mode, Options<?> o, int projSize) {
        if (o.dropout < 0 || o.dropout > 1 || Double.isNaN(o.dropout))
            throw new TorchException("dropout should be a number in range [0, 1] representing the probability of an "
                    + "element being zeroed");
        if (projSize < 0)
            throw new TorchException("proj_size should be a positive integer or zero to disable projections");
        if (projSize > 0 && projSize >= o.hiddenSize)
            throw new TorchException("proj_size has to be smaller than hidden_size");
        this.mode = mode;
        inputSize = o.inputSize;
        hiddenSize = o.hiddenSize;
        numLayers = o.numLayers;
        bias = o.bias;
        batchFirst = o.batchFirst;
        dropout = o.dropout;
        bidirectional = o.bidirectional;
        this.projSize = projSize;
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        int gate = gates() * hiddenSize, dirs = numDirections();
        int realHidden = projSize > 0 ? projSize : hiddenSize;
        weights = new Parameter[numLayers * dirs][5];
        for (int layer = 0; layer < numLayers; layer++) {
            for (int d = 0; d < dirs; d++) {
                int in = layer == 0 ? inputSize : realHidden * dirs;
                String sfx = layer + (d == 1 ? "_reverse" : "");
                Parameter[] w = weights[layer * dirs + d];
                w[0] = registerParameter("weight_ih_l" + sfx, param(dt, gate, in));
                w[1] = registerParameter("weight_hh_l" + sfx, param(dt, gate, realHidden));
                if (bias) {
                    w[2] = registerParameter("bias_ih_l" + sfx, param(dt, gate));
                    w[3] = registerParameter("bias_hh_l" + sfx, param(dt, gate));
                }
                if (projSize > 0) w[4] = registerParameter("weight_hr_l" + sfx, param(dt, projSize, hiddenSize));
            }
        }
        resetParameters();
    }

    private static Parameter param(DType dt, int... shape) { return new Parameter(Tensor.empty(shape, dt, Device.CPU)); }

    private int gates() {
        return switch (mode) {
            case LSTM -> 4;
            case GRU -> 3;
            default -> 1;
        };
    }

    int numDirections() { return bidirectional ? 2 : 1; }

    /**
     * Runs body as one traced node of the given kind (inputs: the input, the given states, then the parameters), so
     * that ONNX export gets one recurrent op rather than the unrolled time loop; runs body alone when not tracing.
     */
    Tensor[] traced(String kind, Tensor input, Tensor[] states, java.util.function.Supplier<Tensor[]> body) {
        if (!Tracer.on() || (training && dropout > 0)) return body.get();
        List<Tensor> ins = new ArrayList<>();
        ins.add(input);
        ins.addAll(java.util.Arrays.asList(states));
        ins.addAll(namedParameters().values());
        return Tracer.recordWhole(kind, Tracer.attrs("input_size", inputSize, "hidden_size", hiddenSize,
                "num_layers", numLayers, "bias", bias, "batch_first", batchFirst, "bidirectional", bidirectional,
                "proj_size", projSize, "param_names", String.join(",", namedParameters().keySet())),
                ins.toArray(new Tensor[0]), body);
    }

    /** Same as torch.nn.RNNBase.reset_parameters: every parameter uniform in ±1/√hidden_size. */
    public void resetParameters() {
        double stdv = hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
        for (Parameter p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    /** Same as torch.nn.RNNBase.all_weights: the parameters of each (layer, direction), in registration order. */
    public List<List<Parameter>> allWeights() {
        List<List<Parameter>> out = new ArrayList<>();
        for (Parameter[] w : weights) {
            List<Parameter> l = new ArrayList<>();
            for (Parameter p : w) if (p != null) l.add(p);
            out.add(l);
        }
        return out;
    }

    @Override public String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) s.append(", proj_size=").append(projSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(PyRepr.f(dropout));
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }

    // ------------------------------------------------------------------ forward machinery

    /** The 3-D input, seq-first; unbatched 2-D inputs get a batch dim of 1 (as PyTorch, at batch_first's dim). */
    Tensor batched(Tensor input) {
        Tensor x = input.dim() == 3 ? input : input.unsqueeze(batchFirst ? 0 : 1);
        // PyTorch 1.13 unsqueezes any non-3-D input and then reports the resulting dim
        if (x.dim() != 3) throw new TorchException("input must have 3 dimensions, got " + x.dim());
        if (x.size(-1) != inputSize)
            throw new TorchException("input.size(-1) must be equal to input_size. Expected " + inputSize + ", got "
                    + x.size(-1));
        return batchFirst ? x.transpose(0, 1) : x;
    }

    /** The forward of RNN and GRU (one hidden state, h0 may be null): {output, h_n}. */
    Tensor[] forwardOneState(Tensor input, Tensor h0) {
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
        return new Tensor[]{outputOf(r.output(), batched), batched ? r.hN() : r.hN().squeeze(1)};
    }

    static void checkHidden(Tensor hx, int[] expected, String what) {
        if (!java.util.Arrays.equals(hx.shapeArray(), expected)) {
            StringBuilder got = new StringBuilder("[");
            int[] s = hx.shapeArray();
            for (int i = 0; i < s.length; i++) got.append(i == 0 ? "" : ", ").append(s[i]);
            throw new TorchException("Expected " + what + " size " + PyRepr.tuple(expected) + ", got " + got + "]");
        }
    }

    /** The result of the time loop, seq-first: output [T, B, D·H], hN [L·D, B, H] and (LSTM) cN. */
    record Result(Tensor output, Tensor hN, Tensor cN) {}

    /** Runs all layers and directions over x [T, B, I]; h0 [L·D, B, H'] and (LSTM) c0 [L·D, B, H] may be null. */
    Result run(Tensor x, Tensor h0, Tensor c0) {
        int dirs = numDirections(), batch = x.size(1);
        int realHidden = projSize > 0 ? projSize : hiddenSize;
        if (h0 == null) h0 = Torch.zeros(new int[]{numLayers * dirs, batch, realHidden}, x.dtype(), x.device());
        if (mode == Mode.LSTM && c0 == null)
            c0 = Torch.zeros(new int[]{numLayers * dirs, batch, hiddenSize}, x.dtype(), x.device());
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] outs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                int idx = layer * dirs + d;
                Tensor[] state = {h0.select(0, idx), c0 == null ? null : c0.select(0, idx)};
                outs[d] = direction(layerInput, state, weights[idx], d == 1);
                hs.add(state[0]);
                if (state[1] != null) cs.add(state[1]);
            }
            layerInput = dirs == 1 ? outs[0] : Torch.cat(outs, 2);
            if (dropout > 0 && training && layer < numLayers - 1) layerInput = F.dropout(layerInput, dropout, true);
        }
        return new Result(layerInput, Torch.stack(hs, 0), cs.isEmpty() ? null : Torch.stack(cs, 0));
    }

    /**
     * One layer in one direction: a single matmul projects the inputs of all time steps, then each step costs one
     * addmm for the hidden projection plus the gate arithmetic. state holds (h, c) on entry and the final ones on
     * exit; returns the per-step hidden states [T, B, H'].
     */
    private Tensor direction(Tensor x, Tensor[] state, Parameter[] w, boolean reverse) {
        int steps = x.size(0), batch = x.size(1), gate = w[0].size(0);
        Tensor wIhT = w[0].t(), wHhT = w[1].t(), bIh = w[2], bHh = w[3];
        // GRU needs b_hh inside r ⊙ (W_hn·h + b_hn), so only RNN and LSTM fold it into the input projection
        Tensor inBias = bIh == null ? null : mode == Mode.GRU ? bIh : bIh.add(bHh);
        Tensor x2 = x.reshape(steps * batch, x.size(2));
        Tensor xp = (inBias == null ? x2.matmul(wIhT) : Torch.addmm(inBias, x2, wIhT)).view(steps, batch, gate);
        Tensor h = state[0], c = state[1];
        Tensor[] xs = new Tensor[steps];
        splitSteps(xp, 0, xs);
        Tensor[] out = new Tensor[steps];
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Tensor xt = xs[t];
            switch (mode) {
                case RNN_TANH -> h = Torch.addmm(xt, h, wHhT).tanh();
                case RNN_RELU -> h = Torch.addmm(xt, h, wHhT).relu();
                case LSTM -> {
                    Tensor[] g = Torch.addmm(xt, h, wHhT).chunk(4, 1);
                    Tensor i = g[0].sigmoid(), f = g[1].sigmoid(), cand = g[2].tanh(), o = g[3].sigmoid();
                    c = f.mul(c).add(i.mul(cand));
                    h = o.mul(c.tanh());
                    if (w[4] != null) h = h.matmul(w[4].t());
                }
                case GRU -> {
                    Tensor hp = bHh == null ? h.matmul(wHhT) : Torch.addmm(bHh, h, wHhT);
                    Tensor[] xg = xt.chunk(3, 1), hg = hp.chunk(3, 1);
                    Tensor r = xg[0].add(hg[0]).sigmoid(), z = xg[1].add(hg[1]).sigmoid();
                    Tensor n = xg[2].add(r.mul(hg[2])).tanh();
                    h = n.add(z.mul(h.sub(n)));
                }
            }
            out[t] = h;
        }
        state[0] = h;
        state[1] = c;
        return Torch.stack(out, 0);
    }

    /**
     * The time steps of xp as views, taken by halving: the backward of a select or narrow materialises a gradient
     * of its whole input, so T selects of xp would cost O(T²) in backward, halving costs O(T log T).
     */
    private static void splitSteps(Tensor xp, int offset, Tensor[] out) {
        int n = xp.size(0);
        if (n == 1) {
            out[offset] = xp.select(0, 0);
            return;
        }
        int mid = n / 2;
        splitSteps(xp.narrow(0, 0, mid), offset, out);
        splitSteps(xp.narrow(0, mid, n - mid), offset + mid, out);
    }

    /** The user-facing output: batch-first again when asked, and without the batch dim for unbatched inputs. */
    Tensor outputOf(Tensor seqFirst, boolean batched) {
        Tensor y = batchFirst ? seqFirst.transpose(0, 1) : seqFirst;
        return batched ? y : y.squeeze(batchFirst ? 0 : 1);
    }
}
