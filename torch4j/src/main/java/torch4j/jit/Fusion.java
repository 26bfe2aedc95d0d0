package torch4j.jit;

import java.util.ArrayList;
import java.util.List;

/** Turns a graph's nodes into plan steps, fusing chains of elementwise float32 ops into one kernel each. */
final class Fusion {
    private Fusion() {}

    static List<Plan.Step> steps(Graph g, boolean fuse) {
        List<Plan.Step> steps = new ArrayList<>();
        for (Graph.Node n : g.nodes) steps.add(new Plan.Step(Ops.of(n, g), ids(n.inputs), ids(n.outputs)));
        return steps;
    }

    static int[] ids(List<Graph.Value> vs) {
        int[] r = new int[vs.size()];
        for (int i = 0; i < r.length; i++) r[i] = vs.get(i) == null ? -1 : vs.get(i).id;
        return r;
    }
}
