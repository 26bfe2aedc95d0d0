package torch4j.jit;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.internal.trace.Tracer;
import torch4j.nn.Module;

/**
 * Graph capture, as {@code torch.jit.trace}: runs a module's forward on example inputs while recording every op
 * into a {@link Graph}, which runs (fused), saves and loads as a {@link TracedModule}, and feeds ONNX export.
 * <pre>{@code
 * TracedModule traced = Jit.trace(model.eval(), Torch.randn(64, 784));
 * traced.save(Path.of("mlp.t4j"));
 * Tensor y = Jit.load(Path.of("mlp.t4j")).forward(x);
 * }</pre>
 * The batch size stays free: the forward is traced twice, with dim 0 of every input of size N and N + 1, and
 * each shape argument that differs between the two traces becomes "this dim follows the batch".
 */
public final class Jit {
    private Jit() {}

    /** Traces module.call(input) on one example input. */
    public static TracedModule trace(Module module, Tensor... exampleInputs) {
        if (exampleInputs.length != 1)
            throw new TorchException("Jit.trace: a Module's forward takes one input; pass the forward as a function for "
                    + exampleInputs.length + " inputs");
        return trace(module, xs -> new Tensor[]{module.call(xs[0])}, exampleInputs);
    }

    /** Traces module.call(input) with the batch in dim batchDim of the input (-1: fixed shapes). */
    public static TracedModule trace(Module module, int batchDim, Tensor exampleInput) {
        return trace(module, xs -> new Tensor[]{module.call(xs[0])}, batchDim, exampleInput);
    }

    /** Traces forward (inputs to outputs), naming module's parameters and buffers by their state-dict keys. */
    public static TracedModule trace(Module module, Function<Tensor[], Tensor[]> forward, Tensor... exampleInputs) {
        return trace(module, forward, true, exampleInputs);
    }

    /** Same; with dynamicBatch false the graph accepts only the example inputs' shapes. */
    public static TracedModule trace(Module module, Function<Tensor[], Tensor[]> forward, boolean dynamicBatch,
                                     Tensor... exampleInputs) {
        return trace(module, forward, dynamicBatch ? 0 : -1, exampleInputs);
    }

    /**
     * Same, with the batch in dim batchDim of every input (1 for sequence-first LSTMs and transformers; -1: no free
     * dim, only the example inputs' shapes).
     */
    public static TracedModule trace(Module module, Function<Tensor[], Tensor[]> forward, int batchDim, Tensor... exampleInputs) {
        return new TracedModule(capture(module, forward, exampleInputs, batchDim), true);
    }

    /** Loads a module written by {@link TracedModule#save}. */
    public static TracedModule load(Path path) { return new TracedModule(GraphFile.load(path), true); }

    /**
     * The traced graph, with the dims that follow dim batchDim of the inputs marked dynamic (none when batchDim is
     * -1); ONNX export uses this.
     */
    public static Graph capture(Module module, Function<Tensor[], Tensor[]> forward, Tensor[] inputs, int batchDim) {
        Map<String, Tensor> state = new LinkedHashMap<>(module.namedParameters());
        state.putAll(module.namedBuffers());
        String[] names = new String[inputs.length];
        for (int i = 0; i < names.length; i++) names[i] = "input" + i;
        Graph g = Tracer.trace(state, forward, inputs, names);
        if (batchDim < 0) return g;
        Tensor[] bigger = new Tensor[inputs.length];
        boolean any = false;
        try (var _ = Torch.noGrad()) {
            for (int i = 0; i < inputs.length; i++) {
                Tensor x = inputs[i];
                if (x.dim() <= batchDim || x.size(batchDim) == 0) bigger[i] = x;
                else {
                    bigger[i] = Torch.cat(List.of(x, x.narrow(batchDim, 0, 1)), batchDim);
                    any = true;
                }
            }
        }
        if (!any) return g;
        Graph g2;
        try {
            g2 = Tracer.trace(state, forward, bigger, names);
        } catch (RuntimeException e) {
            throw new TorchException("Jit.trace: the forward fails when dim " + batchDim + " of the inputs grows by one ("
                    + e.getMessage() + "), so the batch size cannot be left free; trace with dynamicBatch false", e);
        }
        markDynamic(g, g2, batchDim);
        return g;
    }

    private static TorchException batchError(String what, int batchDim) {
        return new TorchException("Jit.trace: " + what + " depends on the batch size (dim " + batchDim + " of the inputs), "
                + "so the graph cannot be made batch-agnostic");
    }

    /** Compares two traces that differ only in the batch size and marks, in a, what follows it. */
    static void markDynamic(Graph a, Graph b, int batchDim) {
        if (a.values.size() != b.values.size() || a.nodes.size() != b.nodes.size())
            throw batchError("the traced graph's structure", batchDim);
        for (int i = 0; i < a.values.size(); i++) {
            Graph.Value va = a.values.get(i), vb = b.values.get(i);
            if (va.kind != vb.kind || va.shape.length != vb.shape.length)
                throw batchError("the traced graph's structure", batchDim);
            for (int d = 0; d < va.shape.length; d++) va.dynamic[d] = va.shape[d] != vb.shape[d];
        }
        for (var e : a.constants.entrySet()) {
            Tensor ca = e.getValue(), cb = b.constants.get(e.getKey());
            if (cb == null || !Arrays.equals(ca.shapeArray(), cb.shapeArray()) || !ca.equal(cb))
                throw batchError("a constant tensor (" + e.getKey() + ")", batchDim);
        }
        for (int k = 0; k < a.nodes.size(); k++) {
            Graph.Node na = a.nodes.get(k), nb = b.nodes.get(k);
            if (!na.kind.equals(nb.kind) || !Arrays.equals(Fusion.ids(na.inputs), Fusion.ids(nb.inputs)))
                throw batchError("the traced graph's structure", batchDim);
            for (var e : na.attrs.entrySet()) {
                Object x = e.getValue(), y = nb.attrs.get(e.getKey());
                if (Objects.deepEquals(x, y)) continue;
                String key = e.getKey();
                if ((key.equals("shape") || key.equals("size")) && x instanceof int[] xa && y instanceof int[] ya
                        && xa.length == ya.length) {
                    int diff = -1, count = 0;
                    for (int d = 0; d < xa.length; d++) if (xa[d] != ya[d]) {
                        diff = d;
                        count++;
                    }
                    // expand may only free a dim that the input already has at the batch's size (not a broadcast 1)
                    if (count == 1 && na.kind.equals("expand")) {
                        Graph.Value in = na.inputs.get(0);
                        int d = diff - (xa.length - in.shape.length);
                        if (d < 0 || !in.dynamic[d]) count = 2;
                    }
                    if (count == 1) {
                        int[] r = xa.clone();
                        r[diff] = -1;
                        e.setValue(r);
                        continue;
                    }
                }
                if (na.kind.equals("slice") && key.equals("end")) {
                    int d = na.intAttr("dim");
                    if (na.intAttr("end") == na.inputs.get(0).shape[d] && nb.intAttr("end") == nb.inputs.get(0).shape[d]) {
                        e.setValue(Integer.MAX_VALUE);
                        continue;
                    }
                }
                throw batchError("argument '" + key + "' of op '" + na.kind + "'", batchDim);
            }
        }
    }
}
