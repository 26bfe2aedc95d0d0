package torch4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * A node of the backward graph: the {@code grad_fn} of the tensor an op produced. It keeps, per op input, an
 * edge (the input's own grad_fn, or the input itself when it is a leaf that requires grad) and the input's
 * derivative. Ops build nodes with {@link #of}; a node is attached only when an input requires grad and grad
 * mode is on.
 * <pre>{@code
 * if (Node.needed(a, b))
 *     Node.of("MulBackward0", a, b).saves(a, b).grad(0, g -> g.mul(b)).grad(1, g -> g.mul(a)).attach(out);
 * }</pre>
 */
public final class Node {
    final String name;
    final Node[] next;          // grad_fn of input i when it is not a leaf
    final Tensor[] leaves;      // input i when it is a leaf that requires grad
    final int[][] inputShapes;
    final DType[] inputDtypes;
    Derivative[] derivs;        // null once released by a backward without retainGraph
    private Tensor[] saved;
    private int[] savedVersions;
    List<UnaryOperator<Tensor>> hooks;
    Tensor retained;            // the output tensor when retainGrad() was called on it
    StackTraceElement[] createdAt; // anomaly mode only

    private Node(String name, Tensor[] inputs) {
        this.name = name;
        int n = inputs.length;
        next = new Node[n];
        leaves = new Tensor[n];
        inputShapes = new int[n][];
        inputDtypes = new DType[n];
        derivs = new Derivative[n];
        for (int i = 0; i < n; i++) {
            Tensor t = inputs[i];
            if (t == null || !t.requiresGrad()) continue;
            inputShapes[i] = t.shapeArray();
            inputDtypes[i] = t.dtype();
            if (t.gradFn() != null) next[i] = t.gradFn();
            else leaves[i] = t;
        }
        if (Anomaly.enabled) createdAt = new Throwable().getStackTrace();
    }

    /** True when an op over these inputs must record a node. */
    public static boolean needed(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    public static boolean needed(Tensor a, Tensor b) {
        return (a.requiresGrad() || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    public static boolean needed(Tensor... ts) {
        if (!GradMode.isEnabled()) return false;
        for (Tensor t : ts) if (t != null && t.requiresGrad()) return true;
        return false;
    }

    /** Starts a node named as PyTorch names it ({@code "MulBackward0"}) over the op's inputs. */
    public static Node of(String name, Tensor... inputs) { return new Node(name, inputs); }

    /** Tensors the derivatives read: backward fails if any is modified in place in between. */
    public Node saves(Tensor... ts) {
        saved = ts;
        savedVersions = new int[ts.length];
        for (int i = 0; i < ts.length; i++) savedVersions[i] = ts[i] == null ? 0 : ts[i].version();
        return this;
    }

    /** The derivative for input i; it is called only when that input needs a gradient. */
    public Node grad(int input, Derivative d) {
        derivs[input] = d;
        return this;
    }

    /** Makes this node the grad_fn of out (which then requires grad). */
    public Tensor attach(Tensor out) {
        out.setGradFn(this);
        return out;
    }

    /** PyTorch's node name, e.g. {@code PowBackward0}. */
    public String name() { return name; }

    /** Whether input i of this node needs a gradient. */
    public boolean needsInputGrad(int i) { return next[i] != null || leaves[i] != null; }

    /** The grad_fns this node feeds (null for leaves and inputs that need no grad), as {@code next_functions}. */
    public List<Node> nextFunctions() { return Arrays.asList(next.clone()); }

    /** Registers a hook on the gradient of this node's output (used for hooks on non-leaf tensors). */
    public void addHook(UnaryOperator<Tensor> hook) {
        if (hooks == null) hooks = new ArrayList<>(2);
        hooks.add(hook);
    }

    /** Keeps the gradient flowing into this node in {@code t.grad()}. */
    public void retainFor(Tensor t) { retained = t; }

    void checkSaved() {
        if (derivs == null)
            throw new TorchException("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed). Saved intermediate values of the graph are freed "
                    + "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
                    + "through the graph a second time or if you need to access saved tensors after calling backward.");
        if (saved == null) return;
        for (int i = 0; i < saved.length; i++) {
            Tensor t = saved[i];
            if (t != null && t.version() != savedVersions[i])
                throw new TorchException("one of the variables needed for gradient computation has been modified by "
                        + "an inplace operation: [" + t.typeName() + " " + Arrays.toString(t.shapeArray()) + "], which is "
                        + "output 0 of " + (t.gradFn() == null ? "a leaf" : t.gradFn().name()) + ", is at version "
                        + t.version() + "; expected version " + savedVersions[i] + " instead.");
        }
    }

    void release() {
        derivs = null;
        saved = null;
    }

    @Override public String toString() { return "<" + name + ">"; }
}
