package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.init.Init;

/**
 * The shared part of {@link RNNCell}, {@link LSTMCell} and {@link GRUCell}, as {@code torch.nn.RNNCellBase}:
 * weight_ih [chunks·H, I], weight_hh [chunks·H, H], bias_ih and bias_hh [chunks·H], uniform in ±1/√H.
 */
public abstract class RNNCellBase extends Module {
    public final int inputSize, hiddenSize;
    public final boolean bias;
    public final Parameter weightIh, weightHh, biasIh, biasHh;

    RNNCellBase(int inputSize, int hiddenSize, boolean bias, int numChunks, DType dtype) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        DType dt = dtype == null ? DType.defaultFloat() : dtype;
        weightIh = new Parameter(Tensor.empty(new int[]{numChunks * hiddenSize, inputSize}, dt, Device.CPU));
        weightHh = new Parameter(Tensor.empty(new int[]{numChunks * hiddenSize, hiddenSize}, dt, Device.CPU));
        biasIh = bias ? new Parameter(Tensor.empty(new int[]{numChunks * hiddenSize}, dt, Device.CPU)) : null;
        biasHh = bias ? new Parameter(Tensor.empty(new int[]{numChunks * hiddenSize}, dt, Device.CPU)) : null;
        resetParameters();
    }

    /** Same as torch.nn.RNNCellBase.reset_parameters: every parameter uniform in ±1/√hidden_size. */
    public void resetParameters() {
        double stdv = hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
        for (Parameter p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    @Override public String extraRepr() {
        return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
    }

    /** Checks the input's dims and returns it batched. */
    Tensor batched(Tensor input, String name) {
        if (input.dim() != 1 && input.dim() != 2)
            throw new TorchException(name + ": Expected input to be 1-D or 2-D but received " + input.dim() + "-D tensor");
        return input.dim() == 1 ? input.unsqueeze(0) : input;
    }

    /** A given state made batched like the input, or zeros. */
    Tensor state(Tensor hx, Tensor input, boolean batched) {
        if (hx == null) return Torch.zeros(new int[]{input.size(0), hiddenSize}, input.dtype(), input.device());
        return batched ? hx : hx.unsqueeze(0);
    }

    /** x·W_ihᵀ + b_ih. */
    Tensor inputProjection(Tensor x) { return biasIh == null ? x.matmul(weightIh.t()) : Torch.addmm(biasIh, x, weightIh.t()); }

    /** h·W_hhᵀ + b_hh. */
    Tensor hiddenProjection(Tensor h) { return biasHh == null ? h.matmul(weightHh.t()) : Torch.addmm(biasHh, h, weightHh.t()); }
}
