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
    final int numOutputs;
    final Node[] next;          // grad_fn of input i when it is not a leaf
    final int[] nextNr;         // which output of next[i] input i is
    final Tensor[] leaves;      // input i when it is a leaf that requires grad
    final int[][] inputShapes;
    final DType[] inputDtypes;
    Derivative[] derivs;        // null once released by a backward without retainGraph
    MultiDerivative[] multiDerivs; // for nodes with several outputs
    private Tensor[] saved;
    private int[] savedVersions;
    List<UnaryOperator<Tensor>>[] hooks; // per output, created on demand
    Tensor[] retained;          // per output: the tensor retainGrad() was called on
    StackTraceElement[] createdAt; // anomaly mode only
    boolean custom;             // made by a user's autograd.Function, whose results may be shared

    /** The derivative of one input of a multi-output node, given each output's gradient (null where none flowed). */
    @FunctionalInterface
    public interface MultiDerivative {
        Tensor apply(Tensor[] grads);
    }

    private Node(String name, int numOutputs, Tensor[] inputs) {
        this.name = name;
        this.numOutputs = numOutputs;
        int n = inputs.length;
        next = new Node[n];
        nextNr = new int[n];
        leaves = new Tensor[n];
        inputShapes = new int[n][];
        inputDtypes = new DType[n];
        derivs = new Derivative[n];
        for (int i = 0; i < n; i++) {
            Tensor t = inputs[i];
            if (t == null || !t.requiresGrad()) continue;
            inputShapes[i] = t.shapeArray();
            inputDtypes[i] = t.dtype();
            if (t.gradFn() != null) {
                next[i] = t.gradFn();
                nextNr[i] = t.outputNr();
            } else leaves[i] = t;
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
    public static Node of(String name, Tensor... inputs) { return new Node(name, 1, inputs); }

    /**
     * Starts a node with several outputs (unbind, split): its derivatives see every output's gradient at once, so
     * the input gradient is built in one piece rather than summed from one full-size scatter per output.
     */
    public static Node multi(String name, int numOutputs, Tensor... inputs) {
        Node n = new Node(name, numOutputs, inputs);
        n.multiDerivs = new MultiDerivative[inputs.length];
        return n;
    }

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

    /** The derivative for input i of a multi-output node. */
    public Node gradMulti(int input, MultiDerivative d) {
        multiDerivs[input] = d;
        return this;
    }

    /** Makes this node the grad_fn of out (which then requires grad). */
    public Tensor attach(Tensor out) {
        out.setGradFn(this, 0);
        return out;
    }

    /** Makes this node the grad_fn of each output, in order. */
    public Tensor[] attach(Tensor[] outs) {
        if (outs.length != numOutputs) throw new IllegalArgumentException(name + " has " + numOutputs + " outputs, got " + outs.length);
        for (int i = 0; i < outs.length; i++) outs[i].setGradFn(this, i);
        return outs;
    }

    public int numOutputs() { return numOutputs; }

    /** PyTorch's node name, e.g. {@code PowBackward0}. */
    public String name() { return name; }

    /** Whether input i of this node needs a gradient. */
    public boolean needsInputGrad(int i) { return next[i] != null || leaves[i] != null; }

    /** The grad_fns this node feeds (null for leaves and inputs that need no grad), as {@code next_functions}. */
    public List<Node> nextFunctions() { return Arrays.asList(next.clone()); }

    /** Registers a hook on the gradient of output nr (used for hooks on non-leaf tensors). */
    @SuppressWarnings("unchecked")
    public void addHook(int nr, UnaryOperator<Tensor> hook) {
        if (hooks == null) hooks = new List[numOutputs];
        if (hooks[nr] == null) hooks[nr] = new ArrayList<>(2);
        hooks[nr].add(hook);
    }

    /** Keeps the gradient flowing into output nr in {@code t.grad()}. */
    public void retainFor(int nr, Tensor t) {
        if (retained == null) retained = new Tensor[numOutputs];
        retained[nr] = t;
    }

    void checkSaved() {
        if (derivs == null && multiDerivs == null)
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
                        + "output " + t.outputNr() + " of " + (t.gradFn() == null ? "a leaf" : t.gradFn().name()) + ", is at version "
                        + t.version() + "; expected version " + savedVersions[i] + " instead.");
        }
    }

    void release() {
        derivs = null;
        multiDerivs = null;
        saved = null;
    }

    @Override public String toString() { return "<" + name + ">"; }
}
