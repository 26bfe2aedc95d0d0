package torch4j.internal.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.backend.Storage;
import torch4j.jit.Graph;

/**
 * Records the ops one thread runs into a {@link Graph}. Op entry points call {@link #record} after computing
 * their outputs, guarded by {@link #on()} (one volatile read), so eager code pays next to nothing while nobody
 * traces. Ops that call other recorded ops leave the inner nodes dead; {@link Graph#eliminateDeadCode} drops
 * them. Every tensor made, and every storage written in place, during a trace is noted with the public op that
 * did it, so a value computed or overwritten by an op that does not record itself is caught (and named) instead
 * of being frozen into a wrong constant.
 */
public final class Tracer {
    /** Threads tracing now; the only thing the eager path reads. */
    private static volatile int active;
    private static final ThreadLocal<Tracer> CURRENT = new ThreadLocal<>();
    private static final StackWalker WALKER = StackWalker.getInstance();
    /** Ops whose results may be frozen as constants: they read no tensor. */
    private static final Set<String> FACTORIES = Set.of("zeros", "ones", "full", "empty", "tensor", "arange", "linspace",
            "logspace", "eye", "scalar", "rand", "randn", "randint", "fromArray", "asTensor");

    private final Graph graph = new Graph();
    private final WeakIdentityMap<Tensor, Graph.Value> values = new WeakIdentityMap<>();
    private final IdentityHashMap<Tensor, String> paramNames = new IdentityHashMap<>();
    private final Map<String, Graph.Value> paramValues = new HashMap<>();
    private final WeakIdentityMap<Tensor, String> created = new WeakIdentityMap<>();
    /** Values that must not be live, with the error that says why. */
    private final Map<Graph.Value, String> poisoned = new HashMap<>();
    /** Storages last written in place by an op that recorded itself. */
    private final WeakIdentityMap<Storage, Boolean> recordedWrites = new WeakIdentityMap<>();
    /** The storage version each traced tensor had when its value was recorded. */
    private final WeakIdentityMap<Tensor, Integer> versions = new WeakIdentityMap<>();
    /** The op that last wrote into each storage in place. */
    private final WeakIdentityMap<Storage, String> writers = new WeakIdentityMap<>();
    private int suspended;

    private Tracer() {}

    /** Whether any thread traces: the cheap test op entry points make before {@link #record}. */
    public static boolean on() { return active != 0; }

    /** Whether this thread is tracing and not inside a module recorded whole. */
    public static boolean active() {
        if (active == 0) return false;
        Tracer t = CURRENT.get();
        return t != null && t.suspended == 0;
    }

    /** Attributes from alternating keys and values. */
    public static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Records that op kind computed outputs from inputs (null entries: absent optional tensors). */
    public static void record(String kind, Map<String, Object> attrs, Tensor[] inputs, Tensor... outputs) {
        Tracer t = CURRENT.get();
        if (t == null || t.suspended > 0) return;
        t.add(kind, attrs, inputs, outputs);
    }

    /** Runs body as one recorded node (a module exported whole, such as an LSTM): its inner ops are not recorded. */
    public static Tensor[] recordWhole(String kind, Map<String, Object> attrs, Tensor[] inputs, Supplier<Tensor[]> body) {
        Tracer t = active() ? CURRENT.get() : null;
        if (t == null) return body.get();
        Tensor[] outs;
        t.suspended++;
        try {
            outs = body.get();
        } finally {
            t.suspended--;
        }
        t.add(kind, attrs, inputs, outs);
        return outs;
    }

    /** Marks out as made by an op the tracer cannot express (what names it in the error, if out is used). */
    public static void unsupported(String what, Tensor out) {
        Tracer t = CURRENT.get();
        if (t != null && t.suspended == 0) t.created.put(out, what);
    }


    /** dim wrapped into [0, x.dim()). */
    public static int dim(int d, Tensor x) { return d < 0 ? d + x.dim() : d; }

    /** The permutation as non-negative dims. */
    public static int[] permutation(Tensor x, Tensor out, int[] dims) {
        int[] r = new int[dims.length];
        for (int i = 0; i < r.length; i++) r[i] = dim(dims[i], x);
        return r;
    }

    /** Reduction dims as sorted non-negative dims (null: all of x's dims). */
    public static int[] reduceDims(int[] dims, Tensor x) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[x.dim()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] r = new int[dims.length];
        for (int i = 0; i < r.length; i++) r[i] = dim(dims[i], x);
        java.util.Arrays.sort(r);
        return r;
    }

    /** Records a binary op; a wrapped Java number becomes the "scalar" attribute instead of an input. */
    public static void binary(String kind, Tensor a, Tensor b, Tensor out) {
        if (b.isWrappedNumber())
            record(kind, attrs("scalar", b.item(), "int", !b.isFloatingPoint()), new Tensor[]{a}, out);
        else if (a.isWrappedNumber())
            record(kind, attrs("scalar", a.item(), "int", !a.isFloatingPoint(), "reverse", true), new Tensor[]{b}, out);
        else record(kind, attrs(), new Tensor[]{a, b}, out);
    }

    /** Records a convolution with its per-dim arguments spelled out. */
    public static void conv(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups,
                            int spatial, Tensor out) {
        record("conv", attrs("stride", perDim(stride, spatial, 1), "padding", perDim(padding, spatial, 0),
                "dilation", perDim(dilation, spatial, 1), "groups", groups), new Tensor[]{input, weight, bias}, out);
    }

    private static int[] perDim(int[] a, int n, int dflt) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = a == null || a.length == 0 ? dflt : a.length == 1 ? a[0] : a[i];
        return r;
    }

    /** Called when a storage is written in place while some thread traces. */
    public static void mutated(Storage s) {
        Tracer t = CURRENT.get();
        if (t != null && t.suspended == 0) {
            t.writers.put(s, opName());
            t.recordedWrites.put(s, false);
        }
    }

    private static String unsupportedOp(String op) { return "op '" + op + "' is not supported for tracing"; }

    /** Called by every tensor constructor while some thread traces. */
    public static void created(Tensor x) {
        Tracer t = CURRENT.get();
        if (t != null && t.suspended == 0) t.created.put(x, opName());
    }

    private static boolean isApi(String c) {
        return c.startsWith("torch4j.Tensor") || c.startsWith("torch4j.Torch") || c.startsWith("torch4j.Index")
                || c.startsWith("torch4j.internal.") || c.startsWith("torch4j.backend.") || c.startsWith("torch4j.linalg.")
                || c.startsWith("torch4j.nn.functional.") || c.startsWith("torch4j.autograd.");
    }

    /** The outermost public op on the stack: what the user called. */
    private static String opName() {
        return WALKER.walk(s -> {
            String last = "unknown";
            for (var it = s.iterator(); it.hasNext(); ) {
                StackWalker.StackFrame f = it.next();
                String c = f.getClassName();
                if (c.startsWith("torch4j.internal.trace.")) continue;
                if (!isApi(c)) break;
                String m = f.getMethodName();
                if (!m.startsWith("lambda$") && !m.equals("<init>")) last = m;
            }
            return last;
        });
    }

    /**
     * Traces forward on inputs into a graph. state maps parameter and buffer tensors to their state-dict keys;
     * names are the graph input names.
     */
    public static Graph trace(Map<String, ? extends Tensor> state, Function<Tensor[], Tensor[]> forward, Tensor[] inputs,
                              String[] names) {
        if (CURRENT.get() != null) throw new TorchException("Jit.trace: already tracing on this thread");
        Tracer t = new Tracer();
        state.forEach((k, v) -> t.paramNames.putIfAbsent(v, k));
        for (int i = 0; i < inputs.length; i++) {
            t.values.put(inputs[i], t.graph.addValue(Graph.Kind.INPUT, names[i], inputs[i].shapeArray(), inputs[i].dtype()));
            t.versions.put(inputs[i], inputs[i].version());
        }
        Tensor[] outs;
        CURRENT.set(t);
        synchronized (Tracer.class) {
            active++;
        }
        try (var _ = Torch.noGrad()) {
            outs = forward.apply(inputs.clone());
        } finally {
            synchronized (Tracer.class) {
                active--;
            }
            CURRENT.remove();
        }
        for (Tensor o : outs) {
            if (o == null) throw new TorchException("Jit.trace: the forward returned null");
            t.graph.addOutput(t.resolve(o));
        }
        t.graph.eliminateDeadCode();
        List<Graph.Value> live = new ArrayList<>(t.graph.outputs());
        for (Graph.Node n : t.graph.nodes()) live.addAll(n.inputs());
        for (Graph.Value v : live) {
            String why = v == null ? null : t.poisoned.get(v);
            if (why != null) throw new TorchException("Jit.trace: " + why);
        }
        return t.graph;
    }

    private Graph.Value resolve(Tensor x) {
        Graph.Value v = values.get(x);
        if (v != null && versions.get(x) == x.version()) return v;
        if (v != null) {
            // written in place since it was recorded: by an op that does not record itself, or through another view
            String op = writers.get(x.storage());
            if (op == null) op = "an in-place write";
            v = graph.addValue(Graph.Kind.CONST, "unsupported_" + op, x.shapeArray(), x.dtype());
            poisoned.put(v, Boolean.TRUE.equals(recordedWrites.get(x.storage()))
                    ? "op '" + op + "' writes in place into a tensor that is read afterwards through another view, "
                            + "which is not supported for tracing"
                    : unsupportedOp(op));
            return v;
        }
        String key = paramNames.get(x);
        if (key != null) return paramValues.computeIfAbsent(key, k -> graph.addParam(k, x));
        String op = created.get(x);
        if (op != null && !FACTORIES.contains(op)) {
            v = graph.addValue(Graph.Kind.CONST, "unsupported_" + op, x.shapeArray(), x.dtype());
            poisoned.put(v, unsupportedOp(op));
        } else {
            Tensor snapshot;
            suspended++;
            try (var _ = Torch.noGrad()) {
                snapshot = x.detach().clone();
            } finally {
                suspended--;
            }
            v = graph.addConstant(snapshot);
        }
        values.put(x, v);
        versions.put(x, x.version());
        return v;
    }

    private void add(String kind, Map<String, Object> attrs, Tensor[] inputs, Tensor[] outputs) {
        List<Graph.Value> ins = new ArrayList<>(inputs.length);
        for (Tensor x : inputs) {
            boolean self = false;
            for (Tensor o : outputs) self |= o == x;
            // an in-place op has already bumped its target's version once by the time it records itself
            if (self && values.containsKey(x) && versions.get(x) == x.version() - 1) ins.add(values.get(x));
            else ins.add(x == null ? null : resolve(x));
            if (self) recordedWrites.put(x.storage(), true);
        }
        List<Graph.Value> outs = new ArrayList<>(outputs.length);
        for (Tensor o : outputs) {
            Graph.Value v = graph.addValue(Graph.Kind.NODE, "v" + graph.values().size(), o.shapeArray(), o.dtype());
            values.put(o, v);
            versions.put(o, o.version());
            outs.add(v);
        }
        graph.addNode(kind, ins, outs, attrs);
    }
}
