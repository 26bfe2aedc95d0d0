package torch4j.autograd;

import java.util.HashMap;
import java.util.Map;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * A custom differentiable op, as {@code torch.autograd.Function}: subclass it with a forward and a backward, and
 * call {@link #apply}. Forward runs without recording; backward returns one gradient per input (null for inputs
 * that need none).
 * <pre>{@code
 * class Exp extends Function {
 *     protected Tensor forward(Ctx ctx, Tensor... in) { Tensor y = in[0].exp(); ctx.saveForBackward(y); return y; }
 *     protected Tensor[] backward(Ctx ctx, Tensor g) { return new Tensor[]{g.mul(ctx.savedTensors()[0])}; }
 * }
 * Tensor y = new Exp().apply(x);   // y.gradFn().name() is "ExpBackward"
 * }</pre>
 */
public abstract class Function {
    /** The context shared by forward and backward ({@code ctx}). */
    public static final class Ctx {
        private final boolean[] needsInputGrad;
        private Tensor[] saved = new Tensor[0];
        private final Map<String, Object> values = new HashMap<>();

        Ctx(Tensor[] inputs) {
            needsInputGrad = new boolean[inputs.length];
            for (int i = 0; i < inputs.length; i++) needsInputGrad[i] = inputs[i] != null && inputs[i].requiresGrad();
        }

        /** {@code ctx.save_for_backward(...)}: backward fails if these are modified in place in between. */
        public void saveForBackward(Tensor... ts) { saved = ts.clone(); }

        /** {@code ctx.saved_tensors}. */
        public Tensor[] savedTensors() { return saved.clone(); }

        /** {@code ctx.needs_input_grad[i]}. */
        public boolean needsInputGrad(int i) { return needsInputGrad[i]; }

        /** Non-tensor state for backward ({@code ctx.foo = ...}). */
        public void put(String key, Object value) { values.put(key, value); }

        @SuppressWarnings("unchecked")
        public <T> T get(String key) { return (T) values.get(key); }
    }

    protected abstract Tensor forward(Ctx ctx, Tensor... inputs);

    protected abstract Tensor[] backward(Ctx ctx, Tensor gradOutput);

    /** Runs forward and, when an input requires grad, records a node named {@code <ClassName>Backward}. */
    public final Tensor apply(Tensor... inputs) {
        Ctx ctx = new Ctx(inputs);
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = forward(ctx, inputs);
        }
        if (!Node.needed(inputs)) return out;
        out = out.detach(); // a fresh tensor object to carry this node, even if forward returned an input
        Node node = Node.of(getClass().getSimpleName() + "Backward", inputs).saves(ctx.saved);
        node.custom = true;
        Tensor[][] cache = new Tensor[2][]; // [0][0]: the gradient seen last, [1]: backward's answer for it
        for (int i = 0; i < inputs.length; i++) {
            int k = i;
            node.grad(i, g -> {
                if (cache[0] == null || cache[0][0] != g) {
                    Tensor[] r = backward(ctx, g);
                    if (r.length != inputs.length)
                        throw new TorchException("function " + getClass().getSimpleName() + "Backward returned an incorrect "
                                + "number of gradients (expected " + inputs.length + ", got " + r.length + ")");
                    cache[0] = new Tensor[]{g};
                    cache[1] = r;
                }
                return cache[1][k];
            });
        }
        return node.attach(out);
    }
}
