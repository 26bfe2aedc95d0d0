package torch4j.jit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import torch4j.DType;
import torch4j.Tensor;

/**
 * A captured forward pass: graph inputs, parameters (named by their state-dict keys), constants, and nodes in
 * execution order, each with an op kind, attributes and input/output values. Made by {@link Jit#trace}, run by
 * {@link TracedModule}, exported by {@code torch4j.onnx.Onnx}. Printing gives an IR listing.
 */
public final class Graph {
    /** Where a value comes from. */
    public enum Kind { INPUT, PARAM, CONST, NODE }

    /** One tensor-valued edge of the graph, with the shape and dtype seen while tracing. */
    public static final class Value {
        int id;
        final Kind kind;
        final String name;
        final int[] shape;
        final DType dtype;
        /** Dims whose size follows the size of the inputs' dim 0 (the batch), found by tracing twice. */
        boolean[] dynamic;
        Node producer;

        Value(int id, Kind kind, String name, int[] shape, DType dtype) {
            this.id = id;
            this.kind = kind;
            this.name = name;
            this.shape = shape;
            this.dtype = dtype;
            this.dynamic = new boolean[shape.length];
        }

        public int id() { return id; }

        public Kind kind() { return kind; }

        /** The input's name, the parameter's state-dict key, or a generated name. */
        public String name() { return name; }

        /** The shape seen while tracing (the example's batch size in dynamic dims). */
        public int[] shape() { return shape.clone(); }

        public DType dtype() { return dtype; }

        /** Whether dim d follows the batch size. */
        public boolean isDynamic(int d) { return dynamic[d]; }

        /** The node that computes this value, or null for inputs, parameters and constants. */
        public Node producer() { return producer; }

        String typeString() {
            StringBuilder sb = new StringBuilder(dtype.name().charAt(0) + dtype.name().substring(1).toLowerCase()).append('(');
            for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(dynamic[i] ? "?" : String.valueOf(shape[i]));
            return sb.append(')').toString();
        }

        @Override public String toString() { return "%" + name; }
    }

    /** One op application. Attribute values are Integer, Double, Boolean, String, int[] or null. */
    public static final class Node {
        final String kind;
        final List<Value> inputs;
        final List<Value> outputs;
        final Map<String, Object> attrs;

        Node(String kind, List<Value> inputs, List<Value> outputs, Map<String, Object> attrs) {
            this.kind = kind;
            this.inputs = inputs;
            this.outputs = outputs;
            this.attrs = attrs;
        }

        public String kind() { return kind; }

        /** Inputs in the op's argument order; null where an optional tensor was absent. */
        public List<Value> inputs() { return Collections.unmodifiableList(inputs); }

        public List<Value> outputs() { return Collections.unmodifiableList(outputs); }

        public Map<String, Object> attrs() { return Collections.unmodifiableMap(attrs); }

        public Value input(int i) { return i < inputs.size() ? inputs.get(i) : null; }

        public Value output() { return outputs.get(0); }

        public int intAttr(String k) { return ((Number) attrs.get(k)).intValue(); }

        public double doubleAttr(String k) { return ((Number) attrs.get(k)).doubleValue(); }

        public boolean boolAttr(String k) { return Boolean.TRUE.equals(attrs.get(k)); }

        public boolean hasAttr(String k) { return attrs.get(k) != null; }

        public String stringAttr(String k) { return (String) attrs.get(k); }

        public int[] intsAttr(String k) { return ints(attrs.get(k)); }

        @Override public String toString() {
            String outs = outputs.stream().map(v -> v + " : " + v.typeString()).collect(Collectors.joining(", "));
            String as = attrs.isEmpty() ? "" : attrs.entrySet().stream()
                    .map(e -> e.getKey() + "=" + attrString(e.getValue())).collect(Collectors.joining(", ", "[", "]"));
            String ins = inputs.stream().map(v -> v == null ? "None" : v.toString()).collect(Collectors.joining(", "));
            return outs + " = " + kind + as + "(" + ins + ")";
        }
    }

    static int[] ints(Object o) {
        if (o == null) return null;
        if (o instanceof int[] a) return a;
        List<?> l = (List<?>) o;
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).intValue();
        return a;
    }

    private static String attrString(Object v) {
        return v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
    }

    final List<Value> values = new ArrayList<>();
    final List<Value> inputs = new ArrayList<>();
    final List<Value> outputs = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final Map<String, Tensor> params = new LinkedHashMap<>();
    final Map<String, Tensor> constants = new LinkedHashMap<>();

    /** An empty graph; the tracer and the file reader fill it through the methods below. */
    public Graph() {}

    /** Adds a value (for the tracer and the loader). */
    public Value addValue(Kind kind, String name, int[] shape, DType dtype) {
        Value v = new Value(values.size(), kind, name, shape.clone(), dtype);
        values.add(v);
        if (kind == Kind.INPUT) inputs.add(v);
        return v;
    }

    /** Adds a parameter value with its tensor under its state-dict key. */
    public Value addParam(String key, Tensor t) {
        params.put(key, t);
        return addValue(Kind.PARAM, key, t.shapeArray(), t.dtype());
    }

    /** Adds a constant value holding t. */
    public Value addConstant(Tensor t) {
        String name = "const" + constants.size();
        constants.put(name, t);
        return addValue(Kind.CONST, name, t.shapeArray(), t.dtype());
    }

    /** Appends a node computing outputs from inputs. */
    public Node addNode(String kind, List<Value> inputs, List<Value> outputs, Map<String, Object> attrs) {
        Node n = new Node(kind, new ArrayList<>(inputs), new ArrayList<>(outputs), new LinkedHashMap<>(attrs));
        for (Value o : outputs) o.producer = n;
        nodes.add(n);
        return n;
    }

    /** Marks v as a graph output. */
    public void addOutput(Value v) { outputs.add(v); }

    public List<Value> inputs() { return Collections.unmodifiableList(inputs); }

    public List<Value> outputs() { return Collections.unmodifiableList(outputs); }

    public List<Node> nodes() { return Collections.unmodifiableList(nodes); }

    public List<Value> values() { return Collections.unmodifiableList(values); }

    /** Parameters and buffers by state-dict key. */
    public Map<String, Tensor> params() { return Collections.unmodifiableMap(params); }

    /** The tensor behind a parameter or constant value. */
    public Tensor tensorOf(Value v) {
        return switch (v.kind) {
            case PARAM -> params.get(v.name);
            case CONST -> constants.get(v.name);
            default -> null;
        };
    }

    /** Drops nodes whose outputs no graph output depends on. */
    public void eliminateDeadCode() {
        boolean[] live = new boolean[values.size()];
        for (Value v : outputs) live[v.id] = true;
        List<Node> keep = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            boolean used = false;
            for (Value o : n.outputs) used |= live[o.id];
            if (!used) continue;
            keep.add(n);
            for (Value in : n.inputs) if (in != null) live[in.id] = true;
        }
        Collections.reverse(keep);
        nodes.clear();
        nodes.addAll(keep);
        for (Value v : inputs) live[v.id] = true;
        for (Node n : nodes) for (Value o : n.outputs) live[o.id] = true;
        List<Value> kept = new ArrayList<>();
        for (Value v : values) if (live[v.id]) kept.add(v);
        params.keySet().removeIf(k -> kept.stream().noneMatch(v -> v.kind == Kind.PARAM && v.name.equals(k)));
        constants.keySet().removeIf(k -> kept.stream().noneMatch(v -> v.kind == Kind.CONST && v.name.equals(k)));
        values.clear();
        values.addAll(kept);
        for (int i = 0; i < values.size(); i++) values.get(i).id = i;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("graph(");
        List<Value> heads = new ArrayList<>(inputs);
        for (Value v : values) if ((v.kind == Kind.PARAM && params.containsKey(v.name)) || (v.kind == Kind.CONST && constants.containsKey(v.name))) heads.add(v);
        for (int i = 0; i < heads.size(); i++)
            sb.append(i > 0 ? ",\n      " : "").append(heads.get(i)).append(" : ").append(heads.get(i).typeString());
        sb.append("):\n");
        for (Node n : nodes) sb.append("  ").append(n).append('\n');
        return sb.append("  return (").append(outputs.stream().map(Value::toString).collect(Collectors.joining(", ")))
                .append(")\n").toString();
    }
}
