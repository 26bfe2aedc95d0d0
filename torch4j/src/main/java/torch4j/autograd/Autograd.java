package torch4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * The backward engine: {@code torch.autograd.backward} and {@code torch.autograd.grad}. It sorts the graph
 * reachable from the outputs (Kahn's algorithm on dependency counts, no recursion), calls only the derivatives
 * whose input needs a gradient, sums broadcast gradients back to each input's shape, and accumulates into the
 * {@code grad()} of leaves. Grad mode is off while derivatives run unless {@code createGraph}, which is how
 * higher-order gradients come for free: derivatives are tensor ops.
 */
public final class Autograd {
    private Autograd() {}

    /** {@code tensor.backward(gradient, retain_graph, create_graph)}. */
    public static void backward(Tensor output, Tensor gradient, boolean retainGraph, boolean createGraph) {
        run(new Tensor[]{output}, new Tensor[]{gradient}, retainGraph, createGraph, null, false);
    }

    /** {@code torch.autograd.backward(tensors, grad_tensors)}. */
    public static void backward(Tensor[] outputs, Tensor[] gradients, boolean retainGraph, boolean createGraph) {
        run(outputs, gradients, retainGraph, createGraph, null, false);
    }

    /** {@code torch.autograd.grad(outputs, inputs)} for a scalar output: the gradients, leaves' grad() untouched. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[]{output}, inputs, null, false, false, false);
    }

    /**
     * {@code torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused)}.
     * retainGraph defaults to createGraph in PyTorch; pass it explicitly here.
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
                                boolean createGraph, boolean allowUnused) {
        for (int i = 0; i < inputs.length; i++)
            if (!inputs[i].requiresGrad())
                throw new TorchException("One of the differentiated Tensors does not require grad");
        Tensor[] res = run(outputs, gradOutputs == null ? new Tensor[outputs.length] : gradOutputs,
                retainGraph || createGraph, createGraph, inputs, allowUnused);
        return res;
    }

    private static Tensor[] run(Tensor[] roots, Tensor[] grads, boolean retain, boolean create, Tensor[] inputs,
                                boolean allowUnused) {
        if (grads.length != roots.length)
            throw new TorchException("got " + grads.length + " tensors and " + roots.length + " gradients");
        // Roots and their starting gradients.
        IdentityHashMap<Node, Tensor[]> pending = new IdentityHashMap<>();
        Holders holders = new Holders();
        Capture capture = inputs == null ? null : new Capture(inputs);
        List<Node> starts = new ArrayList<>(roots.length);
        try (var _ = GradMode.scope(create)) {
            for (int i = 0; i < roots.length; i++) {
                Tensor r = roots[i];
                if (!r.requiresGrad())
                    throw new TorchException("element " + i + " of tensors does not require grad and does not have a grad_fn");
                Tensor g = grads[i];
                if (g != null) holders.add(g); // the caller keeps its gradient tensor
                if (g == null) {
                    if (r.numel() != 1) throw new TorchException("grad can be implicitly created only for scalar outputs");
                    g = Tensor.onesLike(r);
                } else if (!Arrays.equals(g.shapeArray(), r.shapeArray())) {
                    throw new TorchException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                            + g.shape() + " and output[" + i + "] has a shape of " + r.shape() + ".");
                }
                Node fn = r.gradFn();
                if (fn == null) { // a leaf root: its gradient is the seed itself
                    if (capture == null || !capture.offerLeaf(r, g)) accumulate(r, g, create);
                    continue;
                }
                addPending(pending, fn, r.outputNr(), g, holders);
                starts.add(fn);
            }
            execute(starts, pending, retain, create, capture, holders);
        }
        if (capture == null) return null;
        for (int i = 0; i < inputs.length; i++)
            if (capture.results[i] == null && !allowUnused)
                throw new TorchException("One of the differentiated Tensors appears to not have been used in the graph. "
                        + "Set allow_unused=True if this is the desired behavior.");
        return capture.results;
    }

    private static void addPending(IdentityHashMap<Node, Tensor[]> pending, Node n, int nr, Tensor g, Holders holders) {
        Tensor[] slot = pending.computeIfAbsent(n, k -> new Tensor[k.numOutputs]);
        slot[nr] = slot[nr] == null ? g : slot[nr].add(g);
        holders.add(slot[nr]);
    }

    /**
     * How many places hold each gradient storage during one backward pass (pending slots, leaves' .grad, the caller),
     * so a leaf may take a gradient as its .grad without a copy exactly when nothing else holds that storage: PyTorch's
     * AccumulateGrad steals on a use count of one. Counts only err upwards (summed-away slots are never released),
     * which costs a copy, never an alias.
     */
    private static final class Holders {
        private final IdentityHashMap<Object, int[]> counts = new IdentityHashMap<>();

        void add(Tensor t) { counts.computeIfAbsent(t.storage(), k -> new int[1])[0]++; }

        void release(Tensor t) {
            int[] c = counts.get(t.storage());
            if (c != null) c[0]--;
        }

        int count(Tensor t) {
            int[] c = counts.get(t.storage());
            return c == null ? 0 : c[0];
        }
    }

    private static void execute(List<Node> starts, IdentityHashMap<Node, Tensor[]> pending, boolean retain,
                                boolean create, Capture capture, Holders holders) {
        // Dependency counts over the reachable graph.
        IdentityHashMap<Node, int[]> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node s : starts) if (deps.putIfAbsent(s, new int[1]) == null) stack.push(s);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node m : n.next) {
                if (m == null) continue;
                int[] c = deps.get(m);
                if (c == null) {
                    deps.put(m, c = new int[1]);
                    stack.push(m);
                }
                c[0]++;
            }
        }
        ArrayDeque<Node> ready = new ArrayDeque<>();
        for (Node s : starts) if (deps.get(s)[0] == 0 && !ready.contains(s)) ready.add(s);
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            Tensor[] gs = pending.remove(n);
            n.checkSaved();
            boolean any = false;
            if (gs != null) {
                for (int o = 0; o < gs.length; o++) {
                    if (gs[o] == null) continue;
                    any = true;
                    // consumed from its pending slot, unless a hook saw it (a hook may keep it)
                    if (n.hooks != null && n.hooks[o] != null) for (var h : n.hooks[o]) {
                        Tensor r = h.apply(gs[o]);
                        if (r != null) gs[o] = r;
                        holders.add(gs[o]);
                    }
                    else holders.release(gs[o]);
                    if (n.retained != null && n.retained[o] != null) accumulate(n.retained[o], gs[o], create);
                    if (capture != null) capture.offerNode(n, o, gs[o]);
                }
            }
            // every input's gradient first, so each is counted before any leaf decides whether it may take its own
            Tensor[] gis = new Tensor[n.next.length];
            for (int i = 0; i < n.next.length; i++) {
                if (!any || (n.next[i] == null && n.leaves[i] == null)) continue;
                Tensor gi = null;
                if (n.multiDerivs != null) {
                    if (n.multiDerivs[i] != null) gi = n.multiDerivs[i].apply(gs);
                } else if (n.derivs[i] != null && gs[0] != null) {
                    gi = n.derivs[i].apply(gs[0]);
                }
                if (gi != null) {
                    gi = fitTo(gi, n.inputShapes[i], n.inputDtypes[i]);
                    if (Anomaly.enabled) checkNan(n, i, gi);
                    gis[i] = gi;
                    if (n.next[i] == null) holders.add(gi);
                }
            }
            for (int i = 0; i < n.next.length; i++) {
                Node m = n.next[i];
                Tensor gi = gis[i];
                if (gi != null) {
                    if (m != null) addPending(pending, m, n.nextNr[i], gi, holders);
                    else if (capture == null || !capture.offerLeaf(n.leaves[i], gi)) {
                        // a gradient held nowhere else (a fresh result, or a view of one passed through) becomes .grad as it is
                        boolean owned = !n.custom && ownsStorage(gi) && holders.count(gi) == 1;
                        accumulate(n.leaves[i], gi, create, owned);
                    }
                }
                if (m != null && --deps.get(m)[0] == 0) ready.add(m);
            }
            if (!retain) n.release();
        }
    }

    /** Undoes broadcasting (sum over expanded dims) and dtype promotion on a gradient. */
    static Tensor fitTo(Tensor g, int[] shape, torch4j.DType dtype) {
        if (!Arrays.equals(g.shapeArray(), shape)) g = g.sumToSize(shape);
        if (g.dtype() != dtype) g = g.to(dtype);
        return g;
    }

    /** t covers its whole storage densely (so setting it as .grad aliases nothing else of that storage). */
    private static boolean ownsStorage(Tensor t) {
        return t.isContiguous() && t.storageOffset() == 0 && t.numel() == t.storage().numel();
    }


    static void accumulate(Tensor leaf, Tensor g, boolean create) { accumulate(leaf, g, create, false); }

    /**
     * Leaf accumulation: hooks first, then grad = g or grad += g. g is copied unless the caller owns it (a fresh
     * result no one else holds), as PyTorch's AccumulateGrad steals a gradient whose only reference it has.
     */
    static void accumulate(Tensor leaf, Tensor g, boolean create, boolean owned) {
        if (leaf.hasHooks()) owned = false; // a hook may have kept a reference
        g = leaf.runHooks(g);
        Tensor cur = leaf.grad();
        if (cur == null) leaf.setGrad(create ? g : owned && !g.requiresGrad() ? g : g.detach().clone());
        else if (create || cur.requiresGrad()) leaf.setGrad(cur.add(g));
        else cur.add_(g);
    }

    private static void checkNan(Node n, int i, Tensor gi) {
        if (gi.dtype().isFloatingPoint() && gi.isnan().any().item() != 0) {
            StringBuilder sb = new StringBuilder("Function '").append(n.name).append("' returned nan values in its ")
                    .append(i).append("th output.");
            if (n.createdAt != null) {
                sb.append(" The forward op was called at:");
                for (StackTraceElement e : n.createdAt) {
                    if (e.getClassName().startsWith("torch4j.")) continue;
                    sb.append("\n  at ").append(e);
                }
            }
            throw new TorchException(sb.toString());
        }
    }

    /** Gradients asked for by {@code grad()}: intercepted instead of accumulated. */
    private static final class Capture {
        final Tensor[] inputs;
        final Tensor[] results;
        final Map<Node, List<int[]>> nodeIndex = new IdentityHashMap<>(); // node -> (output nr, input index)

        Capture(Tensor[] inputs) {
            this.inputs = inputs;
            this.results = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++)
                if (inputs[i].gradFn() != null)
                    nodeIndex.computeIfAbsent(inputs[i].gradFn(), k -> new ArrayList<>()).add(new int[]{inputs[i].outputNr(), i});
        }

        boolean offerLeaf(Tensor leaf, Tensor g) {
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == leaf) {
                    results[i] = results[i] == null ? g : results[i].add(g);
                    return true;
                }
            }
            return true; // grad() never touches leaves' .grad
        }

        void offerNode(Node n, int nr, Tensor g) {
            List<int[]> l = nodeIndex.get(n);
            if (l != null) for (int[] e : l) if (e[0] == nr) results[e[1]] = g;
        }
    }
}
