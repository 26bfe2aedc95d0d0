package torch4j.jit;

import java.util.List;
import torch4j.Tensor;
import torch4j.TorchException;

/** A graph compiled for running: kernels with their attributes read once, and value slots indexed by id. */
final class Plan {
    private final Graph graph;
    private final Tensor[] template;
    private final Ops.Kernel[] kernels;
    private final int[][] ins, outs;
    /** Slots to clear after each step, so intermediates are collected as soon as nothing reads them. */
    private final int[][] release;
    private final List<String> labels = new java.util.ArrayList<>();

    Plan(Graph graph, List<Step> steps) {
        this.graph = graph;
        int n = graph.values.size();
        template = new Tensor[n];
        for (Graph.Value v : graph.values) if (v.kind == Graph.Kind.PARAM || v.kind == Graph.Kind.CONST) template[v.id] = graph.tensorOf(v);
        kernels = new Ops.Kernel[steps.size()];
        ins = new int[steps.size()][];
        outs = new int[steps.size()][];
        int[] last = new int[n];
        java.util.Arrays.fill(last, -1);
        for (int k = 0; k < steps.size(); k++) {
            Step s = steps.get(k);
            kernels[k] = s.kernel;
            labels.add(s.label);
            ins[k] = s.inputs;
            outs[k] = s.outputs;
            for (int id : s.inputs) if (id >= 0) last[id] = k;
        }
        boolean[] keep = new boolean[n];
        for (Graph.Value v : graph.outputs) keep[v.id] = true;
        for (Graph.Value v : graph.values) if (v.kind != Graph.Kind.NODE) keep[v.id] = true;
        int[] count = new int[steps.size()];
        for (int id = 0; id < n; id++) if (last[id] >= 0 && !keep[id]) count[last[id]]++;
        release = new int[steps.size()][];
        for (int k = 0; k < steps.size(); k++) release[k] = new int[count[k]];
        for (int id = 0; id < n; id++) if (last[id] >= 0 && !keep[id]) release[last[id]][--count[last[id]]] = id;
    }

    /** One unit of work: a node's kernel, or a fused chain of them. */
    record Step(Ops.Kernel kernel, int[] inputs, int[] outputs, String label) {}

    /** What each step runs: a node kind, or fused[kinds] for a fused chain. */
    List<String> labels() { return labels; }

    Tensor[] run(Tensor[] inputs) {
        List<Graph.Value> gi = graph.inputs;
        if (inputs.length != gi.size())
            throw new TorchException("TracedModule: expected " + gi.size() + " inputs, got " + inputs.length);
        Tensor[] env = template.clone();
        for (int i = 0; i < inputs.length; i++) {
            check(gi.get(i), inputs[i], i);
            env[gi.get(i).id] = inputs[i];
        }
        for (int k = 0; k < kernels.length; k++) {
            int[] in = ins[k];
            Tensor[] a = new Tensor[in.length];
            for (int j = 0; j < in.length; j++) a[j] = in[j] < 0 ? null : env[in[j]];
            Tensor[] r = kernels[k].apply(a);
            int[] out = outs[k];
            for (int j = 0; j < out.length; j++) env[out[j]] = r[j];
            for (int id : release[k]) env[id] = null;
        }
        Tensor[] result = new Tensor[graph.outputs.size()];
        for (int i = 0; i < result.length; i++) result[i] = env[graph.outputs.get(i).id];
        return result;
    }

    private static void check(Graph.Value v, Tensor x, int i) {
        if (x == null) throw new TorchException("TracedModule: input " + i + " is null");
        boolean ok = x.dtype() == v.dtype && x.dim() == v.shape.length;
        for (int d = 0; ok && d < v.shape.length; d++) ok = v.dynamic[d] || x.size(d) == v.shape[d];
        if (!ok)
            throw new TorchException("TracedModule: input " + i + " (" + v.name + ") expected " + v.typeString()
                    + " but got " + x.dtype().name().toLowerCase() + java.util.Arrays.toString(x.shapeArray()));
    }
}
