package torch4j.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.backend.CpuStorage;
import torch4j.internal.cpu.CpuFused;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.UnaryOp;

/**
 * Turns a graph's nodes into plan steps. For inference it also (1) fuses chains of float32 elementwise ops whose
 * intermediate values have one consumer into one {@link CpuFused} kernel, run where the chain's last node was; a
 * chain whose input is a fresh intermediate that nothing else reads writes into it in place (so even a lone ReLU
 * after a Linear saves an allocation); and (2) computes views of parameters (a Linear's weight.t()) once.
 */
final class Fusion {
    private static final Set<UnaryOp> UNARY = Set.of(UnaryOp.RELU, UnaryOp.NEG, UnaryOp.ABS, UnaryOp.EXP, UnaryOp.LOG,
            UnaryOp.SQRT, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SILU, UnaryOp.RECIPROCAL, UnaryOp.RSQRT);
    private static final Set<BinaryOp> BINARY = Set.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV,
            BinaryOp.MAXIMUM, BinaryOp.MINIMUM);
    /** Ops whose output owns fresh storage that only it views. */
    private static final Set<String> FRESH = Set.of("addmm", "matmul", "baddbmm", "conv", "batch_norm", "layer_norm",
            "softmax", "log_softmax", "avg_pool2d", "max_pool2d", "adaptive_avg_pool2d", "sum", "mean", "clamp");
    private static final Set<String> VIEWS = Set.of("transpose", "permute", "reshape", "expand", "slice", "select");

    private Fusion() {}

    static int[] ids(List<Graph.Value> vs) {
        int[] r = new int[vs.size()];
        for (int i = 0; i < r.length; i++) r[i] = vs.get(i) == null ? -1 : vs.get(i).id;
        return r;
    }

    private static Plan.Step plain(Graph.Node n, Graph g) { return new Plan.Step(Ops.of(n, g), ids(n.inputs), ids(n.outputs), n.kind); }

    static List<Plan.Step> steps(Graph g, boolean fuse) {
        List<Plan.Step> steps = new ArrayList<>();
        if (!fuse) {
            for (Graph.Node n : g.nodes) steps.add(plain(n, g));
            return steps;
        }
        int nv = g.values.size();
        int[] uses = new int[nv];
        Graph.Node[] consumer = new Graph.Node[nv];
        for (Graph.Node n : g.nodes) for (Graph.Value v : n.inputs) if (v != null) {
            uses[v.id]++;
            consumer[v.id] = n;
        }
        for (Graph.Value v : g.outputs) uses[v.id] += 2;
        // chains, keyed by their last node
        Map<Graph.Node, List<Graph.Node>> chains = new HashMap<>();
        Map<Graph.Node, Boolean> member = new HashMap<>();
        for (Graph.Node n : g.nodes) {
            if (member.containsKey(n) || !fusable(n)) continue;
            List<Graph.Node> chain = new ArrayList<>(List.of(n));
            Graph.Node cur = n;
            while (uses[cur.output().id] == 1) {
                Graph.Node next = consumer[cur.output().id];
                if (!fusable(next) || member.containsKey(next)) break;
                chain.add(next);
                cur = next;
            }
            Graph.Value in = n.inputs.get(0);
            boolean inPlace = in.kind == Graph.Kind.NODE && uses[in.id] == 1 && fresh(in.producer)
                    && Arrays.equals(in.shape, n.output().shape);
            if (chain.size() < 2 && !inPlace) continue;
            for (Graph.Node c : chain) member.put(c, true);
            chains.put(cur, chain);
            if (inPlace) chain.add(0, null); // marker: write into the input
        }
        boolean[] isStatic = new boolean[nv];
        for (Graph.Value v : g.values) isStatic[v.id] = v.kind == Graph.Kind.PARAM || v.kind == Graph.Kind.CONST;
        for (Graph.Node n : g.nodes) {
            List<Graph.Node> chain = chains.get(n);
            if (chain != null) steps.add(fused(chain, g));
            else if (!member.containsKey(n)) {
                boolean st = VIEWS.contains(n.kind) && n.inputs.stream().allMatch(v -> v != null && isStatic[v.id]);
                Plan.Step p = plain(n, g);
                if (st) {
                    for (Graph.Value o : n.outputs) isStatic[o.id] = true;
                    steps.add(new Plan.Step(memo(p.kernel()), p.inputs(), p.outputs(), "once:" + n.kind));
                } else steps.add(p);
            }
        }
        return steps;
    }

    /** Whether n's output owns new storage that nothing else views. */
    private static boolean fresh(Graph.Node n) {
        return FRESH.contains(n.kind) || Ops.unaryOp(n.kind) != null || Ops.binaryOp(n.kind) != null;
    }

    /** Views of parameters are computed on the first run only. */
    private static Ops.Kernel memo(Ops.Kernel k) {
        Tensor[][] cache = new Tensor[1][];
        return in -> {
            Tensor[] r = cache[0];
            if (r == null) cache[0] = r = k.apply(in);
            return r;
        };
    }

    /** Whether n is a float32 elementwise op the fused kernel runs. */
    private static boolean fusable(Graph.Node n) {
        if (n == null || n.outputs.size() != 1 || n.output().dtype != DType.FLOAT32) return false;
        for (Graph.Value v : n.inputs) if (v == null || v.dtype != DType.FLOAT32) return false;
        UnaryOp u = Ops.unaryOp(n.kind);
        if (u != null) return UNARY.contains(u);
        BinaryOp b = Ops.binaryOp(n.kind);
        if (b == null || !BINARY.contains(b)) return false;
        if (n.hasAttr("scalar")) return true;
        // a tensor operand of exactly the chain's shape, and not the chain value itself (x * x reads it twice)
        Graph.Value a = n.inputs.get(0), c = n.inputs.get(1);
        return a != c && Arrays.equals(a.shape, c.shape) && Arrays.equals(a.dynamic, c.dynamic);
    }

    private static Plan.Step fused(List<Graph.Node> chainWithMarker, Graph g) {
        boolean inPlace = chainWithMarker.get(0) == null;
        List<Graph.Node> chain = inPlace ? chainWithMarker.subList(1, chainWithMarker.size()) : chainWithMarker;
        Graph.Value head = chain.get(0).inputs.get(0);
        List<Integer> inputIds = new ArrayList<>(List.of(head.id));
        CpuFused.Link[] links = new CpuFused.Link[chain.size()];
        Graph.Value running = head;
        for (int i = 0; i < chain.size(); i++) {
            Graph.Node n = chain.get(i);
            UnaryOp u = Ops.unaryOp(n.kind);
            if (u != null) links[i] = new CpuFused.Link(u, null, null, -1, true);
            else if (n.hasAttr("scalar"))
                links[i] = new CpuFused.Link(null, Ops.binaryOp(n.kind), new float[]{(float) n.doubleAttr("scalar")}, -1,
                        !n.boolAttr("reverse"));
            else {
                boolean first = n.inputs.get(0) == running;
                Graph.Value other = n.inputs.get(first ? 1 : 0);
                links[i] = new CpuFused.Link(null, Ops.binaryOp(n.kind), null, inputIds.size() - 1, first);
                inputIds.add(other.id);
            }
            running = n.output();
        }
        Graph.Node last = chain.get(chain.size() - 1);
        // the unfused form, for inputs the kernel does not take (strided, another device)
        List<Plan.Step> each = new ArrayList<>();
        for (Graph.Node n : chain) each.add(plain(n, g));
        int[] ins = inputIds.stream().mapToInt(Integer::intValue).toArray();
        int outId = last.output().id;
        Ops.Kernel k = in -> {
            if (!dense(in[0], in[0])) return fallback(each, ins, in, outId);
            for (int i = 1; i < in.length; i++) if (!dense(in[i], in[0])) return fallback(each, ins, in, outId);
            Tensor x = in[0];
            int n = (int) x.numel();
            Tensor out = inPlace ? x : Tensor.empty(x.shapeArray(), DType.FLOAT32, Device.CPU);
            float[][] ops = new float[in.length - 1][];
            int[] offs = new int[in.length - 1];
            for (int i = 1; i < in.length; i++) {
                ops[i - 1] = ((CpuStorage) in[i].storage()).f32();
                offs[i - 1] = in[i].storageOffset();
            }
            CpuFused.run(links, ((CpuStorage) x.storage()).f32(), x.storageOffset(), ops, offs,
                    ((CpuStorage) out.storage()).f32(), out.storageOffset(), n);
            if (inPlace) x.bumpVersion();
            return new Tensor[]{out};
        };
        String label = (inPlace ? "fused_" : "fused") + chain.stream().map(c -> c.kind).toList();
        return new Plan.Step(k, ins, new int[]{outId}, label);
    }

    private static boolean dense(Tensor t, Tensor like) {
        return t.dtype() == DType.FLOAT32 && t.device().equals(Device.CPU) && t.isContiguous()
                && Arrays.equals(t.shapeArray(), like.shapeArray()) && t.storage() instanceof CpuStorage;
    }

    private static Tensor[] fallback(List<Plan.Step> each, int[] ids, Tensor[] in, int outId) {
        Map<Integer, Tensor> env = new HashMap<>();
        for (int i = 0; i < ids.length; i++) env.put(ids[i], in[i]);
        for (Plan.Step s : each) {
            Tensor[] a = new Tensor[s.inputs().length];
            for (int j = 0; j < a.length; j++) a[j] = env.get(s.inputs()[j]);
            Tensor[] r = s.kernel().apply(a);
            for (int j = 0; j < r.length; j++) env.put(s.outputs()[j], r[j]);
        }
        return new Tensor[]{env.get(outId)};
    }
}
