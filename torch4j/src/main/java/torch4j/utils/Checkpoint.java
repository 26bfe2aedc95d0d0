package torch4j.utils;

import java.util.function.Function;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.Autograd;
import torch4j.autograd.GradMode;

/**
 * Activation checkpointing, as {@code torch.utils.checkpoint}: trade compute for memory by not keeping a
 * segment's intermediate tensors, and recomputing them during backward.
 * <pre>{@code
 * Tensor h = Checkpoint.checkpoint(in -> block.call(in[0]), x);   // block's activations are not kept
 * }</pre>
 */
public final class Checkpoint {
    private Checkpoint() {}

    /**
     * Same as torch.utils.checkpoint.checkpoint(function, *inputs) (the reentrant variant, PyTorch 1.13's default):
     * {@code fn} runs under no_grad keeping only the inputs; backward restores the default generator's state of
     * the forward (so dropout masks match), reruns {@code fn} with grad enabled and backpropagates through it,
     * which also accumulates gradients into the parameters {@code fn} uses. As in PyTorch, when no input
     * requires grad the output does not either, and parameters inside {@code fn} get no gradient.
     */
    public static Tensor checkpoint(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return checkpoint(fn, true, inputs);
    }

    /** Same as torch.utils.checkpoint.checkpoint(function, *inputs, preserve_rng_state=...). */
    public static Tensor checkpoint(Function<Tensor[], Tensor> fn, boolean preserveRngState, Tensor... inputs) {
        return new CheckpointFunction(fn, preserveRngState).apply(inputs);
    }

    /** Named as PyTorch's, so the output's grad_fn is {@code CheckpointFunctionBackward}. */
    private static final class CheckpointFunction extends torch4j.autograd.Function {
        private final Function<Tensor[], Tensor> fn;
        private final boolean preserveRngState;
        private byte[] forwardRngState;

        CheckpointFunction(Function<Tensor[], Tensor> fn, boolean preserveRngState) {
            this.fn = fn;
            this.preserveRngState = preserveRngState;
        }

        @Override protected Tensor forward(Ctx ctx, Tensor... inputs) {
            if (preserveRngState) forwardRngState = Torch.getRngState();
            ctx.saveForBackward(inputs);
            return fn.apply(inputs.clone()); // Function.apply already runs this under no_grad
        }

        @Override protected Tensor[] backward(Ctx ctx, Tensor gradOutput) {
            Tensor[] saved = ctx.savedTensors();
            Tensor[] detached = new Tensor[saved.length];
            for (int i = 0; i < saved.length; i++) {
                Tensor s = saved[i];
                detached[i] = s == null ? null : s.detach().requiresGrad_(s.requiresGrad());
            }
            Tensor out;
            byte[] outer = preserveRngState ? Torch.getRngState() : null;
            try {
                if (preserveRngState) Torch.setRngState(forwardRngState);
                try (var _ = GradMode.scope(true)) {
                    out = fn.apply(detached.clone());
                }
            } finally {
                if (preserveRngState) Torch.setRngState(outer);
            }
            if (!out.requiresGrad())
                throw new TorchException("none of output has requires_grad=True, this checkpoint() is not necessary");
            Autograd.backward(out, gradOutput, false, false);
            Tensor[] grads = new Tensor[detached.length];
            for (int i = 0; i < detached.length; i++) grads[i] = detached[i] == null ? null : detached[i].grad();
            return grads;
        }
    }
}
