package torch4j.jit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.io.Json;
import torch4j.io.Safetensors;

/**
 * The saved form of a traced module: one safetensors file whose tensors are the parameters (under their
 * state-dict keys) and constants (under {@code constant/NAME}), and whose metadata entry {@code torch4j.graph}
 * holds the graph as JSON (values, inputs, outputs, nodes with their attributes).
 */
final class GraphFile {
    static final String KEY = "torch4j.graph";
    private static final String CONST = "constant/";

    private GraphFile() {}

    static void save(Graph g, Path path) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(g.params);
        g.constants.forEach((k, v) -> tensors.put(CONST + k, v));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "torch4j.jit");
        root.put("version", 1L);
        List<Object> values = new ArrayList<>();
        for (Graph.Value v : g.values) {
            List<Object> dyn = new ArrayList<>();
            for (int d = 0; d < v.dynamic.length; d++) if (v.dynamic[d]) dyn.add((long) d);
            values.add(List.of(v.name, v.kind.name(), v.dtype.name(), longs(v.shape), dyn));
        }
        root.put("values", values);
        root.put("inputs", g.inputs.stream().map(v -> (Object) (long) v.id).toList());
        root.put("outputs", g.outputs.stream().map(v -> (Object) (long) v.id).toList());
        List<Object> nodes = new ArrayList<>();
        for (Graph.Node n : g.nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", n.kind);
            m.put("inputs", n.inputs.stream().map(v -> (Object) (v == null ? -1L : (long) v.id)).toList());
            m.put("outputs", n.outputs.stream().map(v -> (Object) (long) v.id).toList());
            Map<String, Object> attrs = new LinkedHashMap<>();
            n.attrs.forEach((k, a) -> attrs.put(k, a instanceof int[] arr ? longs(arr) : a));
            m.put("attrs", attrs);
            nodes.add(m);
        }
        root.put("nodes", nodes);
        Safetensors.saveFile(tensors, path, Map.of(KEY, Json.write(root)));
    }

    private static List<Object> longs(int[] a) {
        List<Object> l = new ArrayList<>();
        for (int x : a) l.add((long) x);
        return l;
    }

    @SuppressWarnings("unchecked")
    static Graph load(Path path) {
        Map<String, String> meta = Safetensors.metadata(path);
        String json = meta == null ? null : meta.get(KEY);
        if (json == null) throw new TorchException("Jit.load: " + path + " holds no torch4j graph (no '" + KEY + "' metadata)");
        Map<String, Tensor> tensors = Safetensors.loadFile(path);
        try {
            Map<String, Object> root = (Map<String, Object>) Json.parse(json);
            if (!"torch4j.jit".equals(root.get("format")) || ((Number) root.get("version")).intValue() != 1)
                throw new TorchException("Jit.load: " + path + " has an unknown graph format");
            Graph g = new Graph();
            List<Graph.Value> vs = new ArrayList<>();
            for (Object o : (List<Object>) root.get("values")) {
                List<Object> l = (List<Object>) o;
                String name = (String) l.get(0);
                Graph.Kind kind = Graph.Kind.valueOf((String) l.get(1));
                DType dt = DType.valueOf((String) l.get(2));
                int[] shape = Graph.ints(l.get(3));
                Graph.Value v = switch (kind) {
                    case PARAM -> g.addParam(name, need(tensors, name, path));
                    case CONST -> {
                        g.constants.put(name, need(tensors, CONST + name, path));
                        yield g.addValue(kind, name, shape, dt);
                    }
                    default -> g.addValue(kind, name, shape, dt);
                };
                for (int d : Graph.ints(l.get(4))) v.dynamic[d] = true;
                vs.add(v);
            }
            g.inputs.clear();
            for (int id : Graph.ints(root.get("inputs"))) g.inputs.add(vs.get(id));
            for (Object o : (List<Object>) root.get("nodes")) {
                Map<String, Object> m = (Map<String, Object>) o;
                List<Graph.Value> ins = new ArrayList<>();
                for (int id : Graph.ints(m.get("inputs"))) ins.add(id < 0 ? null : vs.get(id));
                List<Graph.Value> outs = new ArrayList<>();
                for (int id : Graph.ints(m.get("outputs"))) outs.add(vs.get(id));
                Map<String, Object> attrs = new LinkedHashMap<>();
                ((Map<String, Object>) m.get("attrs")).forEach((k, a) -> attrs.put(k, switch (a) {
                    case null -> null;
                    case List<?> l -> Graph.ints(l);
                    case Long x -> (Object) x.intValue();
                    default -> a;
                }));
                g.addNode((String) m.get("kind"), ins, outs, attrs);
            }
            for (int id : Graph.ints(root.get("outputs"))) g.addOutput(vs.get(id));
            return g;
        } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException | IllegalArgumentException e) {
            throw new TorchException("Jit.load: " + path + " has a malformed graph: " + e);
        }
    }

    private static Tensor need(Map<String, Tensor> tensors, String key, Path path) {
        Tensor t = tensors.get(key);
        if (t == null) throw new TorchException("Jit.load: " + path + " lacks tensor '" + key + "'");
        return t;
    }
}
