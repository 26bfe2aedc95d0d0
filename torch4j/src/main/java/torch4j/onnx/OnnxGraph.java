package torch4j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.jit.Graph;

/** Maps a traced graph's nodes to ONNX nodes and writes the ModelProto (field numbers from onnx.proto). */
final class OnnxGraph {
    private static final Map<String, String> UNARY = Map.ofEntries(Map.entry("relu", "Relu"), Map.entry("sigmoid", "Sigmoid"),
            Map.entry("tanh", "Tanh"), Map.entry("exp", "Exp"), Map.entry("log", "Log"), Map.entry("neg", "Neg"),
            Map.entry("sqrt", "Sqrt"), Map.entry("abs", "Abs"), Map.entry("erf", "Erf"), Map.entry("reciprocal", "Reciprocal"),
            Map.entry("floor", "Floor"), Map.entry("ceil", "Ceil"), Map.entry("round", "Round"), Map.entry("sin", "Sin"),
            Map.entry("cos", "Cos"), Map.entry("tan", "Tan"), Map.entry("asin", "Asin"), Map.entry("acos", "Acos"),
            Map.entry("atan", "Atan"), Map.entry("sinh", "Sinh"), Map.entry("cosh", "Cosh"), Map.entry("sign", "Sign"),
            Map.entry("isnan", "IsNaN"), Map.entry("isinf", "IsInf"), Map.entry("logical_not", "Not"), Map.entry("contiguous", "Identity"));
    private static final Map<String, String> BINARY = Map.of("add", "Add", "sub", "Sub", "mul", "Mul", "div", "Div",
            "pow", "Pow", "maximum", "Max", "minimum", "Min");

    private final Graph g;
    private final List<String> inputNames, outputNames;
    private final int opset;
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final Set<String> initNames = new HashSet<>();
    /** Every name given out so far: ONNX wants one name per value. */
    private final Set<String> taken = new HashSet<>();
    private final Map<Graph.Value, String> names = new HashMap<>();
    private int fresh;

    OnnxGraph(Graph g, List<String> inputNames, List<String> outputNames, int opset) {
        this.g = g;
        this.inputNames = inputNames;
        this.outputNames = outputNames;
        this.opset = opset;
    }

    // ------------------------------------------------------------------ model

    byte[] model() {
        for (int i = 0; i < g.inputs().size(); i++) names.put(g.inputs().get(i), reserve(inputNames.get(i)));
        for (int i = 0; i < g.outputs().size(); i++) reserve(outputNames.get(i));
        for (Graph.Value v : g.values())
            if (v.kind() == Graph.Kind.PARAM || v.kind() == Graph.Kind.CONST) names.put(v, initializer(reserve(v.name()), g.tensorOf(v)));
        // a node output that is a graph output takes the output's name (once)
        Set<Graph.Value> named = new HashSet<>();
        for (int i = 0; i < g.outputs().size(); i++) {
            Graph.Value v = g.outputs().get(i);
            if (v.kind() == Graph.Kind.NODE && named.add(v)) names.put(v, outputNames.get(i));
        }
        for (Graph.Node n : g.nodes()) convert(n);
        for (int i = 0; i < g.outputs().size(); i++) {
            Graph.Value v = g.outputs().get(i);
            if (!name(v).equals(outputNames.get(i))) node("Identity", new String[]{name(v)}, new String[]{outputNames.get(i)});
        }
        ProtoWriter graph = new ProtoWriter();
        for (ProtoWriter n : nodes) graph.message(1, n);
        graph.string(2, "torch4j");
        for (ProtoWriter t : initializers) graph.message(5, t);
        for (int i = 0; i < g.inputs().size(); i++) graph.message(11, valueInfo(inputNames.get(i), g.inputs().get(i)));
        for (int i = 0; i < g.outputs().size(); i++) graph.message(12, valueInfo(outputNames.get(i), g.outputs().get(i)));
        ProtoWriter model = new ProtoWriter();
        // the IR version each opset came with: 8 for opsets 17-18, 9 for 19-20, 10 for 21
        model.varint(1, opset <= 18 ? 8 : opset <= 20 ? 9 : 10);
        model.string(2, "torch4j");
        model.string(3, "0.1");
        model.message(7, graph);
        model.message(8, new ProtoWriter().string(1, "").varint(2, opset));
        return model.toByteArray();
    }

    private ProtoWriter valueInfo(String name, Graph.Value v) {
        ProtoWriter shape = new ProtoWriter();
        int[] s = v.shape();
        for (int d = 0; d < s.length; d++) {
            ProtoWriter dim = new ProtoWriter();
            if (v.isDynamic(d)) dim.string(2, "batch");
            else dim.varint(1, s[d]);
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, elemType(v.dtype())).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
    }

    private static int elemType(DType t) {
        return switch (t) {
            case FLOAT32 -> 1;
            case UINT8 -> 2;
            case INT8 -> 3;
            case INT16 -> 5;
            case INT32 -> 6;
            case INT64 -> 7;
            case BOOL -> 9;
            case FLOAT64 -> 11;
            default -> throw new TorchException("Onnx.export: dtype " + t.name().toLowerCase() + " is not supported");
        };
    }

    // ------------------------------------------------------------------ building blocks

    private String reserve(String name) {
        if (!taken.add(name)) throw new TorchException("Onnx.export: the name '" + name + "' is used twice (inputs, outputs and parameters need distinct names)");
        return name;
    }

    /** name, or name with underscores appended until no input, output, parameter or node output has it. */
    private String unique(String name) {
        while (!taken.add(name)) name += "_";
        return name;
    }

    private String name(Graph.Value v) { return names.computeIfAbsent(v, x -> unique("v" + x.id())); }

    private String tmp(String hint) { return unique(hint + "_" + fresh++); }

    /** An attribute: a Long, Double, String, long[] or float[] value. */
    private record Attr(String name, Object value) {}

    private static Attr a(String name, Object value) { return new Attr(name, value); }

    private static long[] longs(int... v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    private void node(String op, String[] ins, String[] outs, Attr... attrs) {
        ProtoWriter n = new ProtoWriter();
        for (String i : ins) n.string(1, i == null ? "" : i);
        for (String o : outs) n.string(2, o);
        n.string(3, op + "_" + nodes.size());
        n.string(4, op);
        for (Attr at : attrs) {
            ProtoWriter p = new ProtoWriter().string(1, at.name);
            switch (at.value) {
                case Long l -> p.varint(3, l).varint(20, 2);
                case Integer l -> p.varint(3, l).varint(20, 2);
                case Double d -> p.float32(2, d.floatValue()).varint(20, 1);
                case String s -> p.string(4, s).varint(20, 3);
                case long[] ls -> {
                    for (long l : ls) p.varint(8, l);
                    p.varint(20, 7);
                }
                default -> throw new IllegalStateException(String.valueOf(at.value));
            }
            n.message(5, p);
        }
        nodes.add(n);
    }

    /** A one-output node; returns its output's name. */
    private String op(String op, String out, String[] ins, Attr... attrs) {
        node(op, ins, new String[]{out}, attrs);
        return out;
    }

    private String initializer(String name, Tensor t) {
        if (!initNames.add(name)) return name;
        Tensor c = t.contiguous();
        ByteBuffer b = ByteBuffer.allocate((int) c.numel() * Math.max(1, c.dtype().itemSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (c.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().put(c.toFloatArray());
            case FLOAT64 -> b.asDoubleBuffer().put(c.toDoubleArray());
            case INT64 -> b.asLongBuffer().put(c.toLongArray());
            case INT32 -> b.asIntBuffer().put(c.toIntArray());
            case BOOL, UINT8, INT8 -> {
                for (long v : c.toLongArray()) b.put((byte) v);
            }
            case INT16 -> {
                for (long v : c.toLongArray()) b.putShort((short) v);
            }
            default -> throw new TorchException("Onnx.export: dtype " + c.dtype().name().toLowerCase() + " is not supported");
        }
        ProtoWriter p = new ProtoWriter().packed(1, longs(c.shapeArray())).varint(2, elemType(c.dtype())).string(8, name)
                .bytes(9, b.array());
        initializers.add(p);
        return name;
    }

    private String ints(long... v) {
        String n = tmp("const");
        initNames.add(n);
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        initializers.add(new ProtoWriter().packed(1, new long[]{v.length}).varint(2, 7).string(8, n).bytes(9, b.array()));
        return n;
    }

    private String scalar(double v, DType dtype) {
        Tensor t = Torch.full(new int[0], v, dtype);
        return initializer(tmp("scalar"), t);
    }

    private static TorchException unsupported(String what) {
        return new TorchException("Onnx.export: op '" + what + "' is not supported for ONNX export");
    }

    // ------------------------------------------------------------------ nodes

    private String in(Graph.Node n, int i) { return n.input(i) == null ? null : name(n.input(i)); }

    /** The input cast to the node's output dtype where they differ (ONNX arithmetic wants one type). */
    private String inAs(Graph.Node n, int i) {
        String s = in(n, i);
        DType want = n.output().dtype();
        if (n.input(i).dtype() == want) return s;
        return op("Cast", tmp("cast"), new String[]{s}, a("to", (long) elemType(want)));
    }

    private void convert(Graph.Node n) {
        String out = name(n.output());
        String k = n.kind();
        if (UNARY.containsKey(k)) {
            op(UNARY.get(k), out, new String[]{k.equals("contiguous") ? in(n, 0) : inAs(n, 0)});
            return;
        }
        if (BINARY.containsKey(k)) {
            String op = BINARY.get(k);
            if (n.hasAttr("scalar")) {
                String x = inAs(n, 0), s = scalar(n.doubleAttr("scalar"), n.output().dtype());
                op(op, out, n.boolAttr("reverse") ? new String[]{s, x} : new String[]{x, s});
            } else op(op, out, new String[]{inAs(n, 0), inAs(n, 1)});
            return;
        }
        switch (k) {
            case "gelu" -> {
                // 0.5·x·(1 + erf(x/√2)): ai.onnx has Gelu only from opset 20
                String x = in(n, 0);
                DType t = n.output().dtype();
                String e = op("Erf", tmp("erf"), new String[]{op("Div", tmp("div"), new String[]{x, scalar(Math.sqrt(2), t)})});
                String p = op("Add", tmp("add"), new String[]{e, scalar(1, t)});
                op("Mul", out, new String[]{op("Mul", tmp("mul"), new String[]{x, p}), scalar(0.5, t)});
            }
            case "gelu_tanh" -> {
                String x = in(n, 0);
                DType t = n.output().dtype();
                String x3 = op("Mul", tmp("mul"), new String[]{op("Mul", tmp("mul"), new String[]{x, x}), x});
                String inner = op("Add", tmp("add"), new String[]{x, op("Mul", tmp("mul"), new String[]{x3, scalar(0.044715, t)})});
                String th = op("Tanh", tmp("tanh"), new String[]{op("Mul", tmp("mul"), new String[]{inner, scalar(Math.sqrt(2 / Math.PI), t)})});
                String p = op("Add", tmp("add"), new String[]{th, scalar(1, t)});
                op("Mul", out, new String[]{op("Mul", tmp("mul"), new String[]{x, p}), scalar(0.5, t)});
            }
            case "silu" -> op("Mul", out, new String[]{in(n, 0), op("Sigmoid", tmp("sigmoid"), new String[]{in(n, 0)})});
            case "rsqrt" -> op("Reciprocal", out, new String[]{op("Sqrt", tmp("sqrt"), new String[]{inAs(n, 0)})});
            case "reshape" -> op("Reshape", out, new String[]{in(n, 0), ints(longs(n.intsAttr("shape")))});
            case "permute" -> op("Transpose", out, new String[]{in(n, 0)}, a("perm", longs(n.intsAttr("dims"))));
            case "transpose" -> {
                int r = n.input(0).shape().length;
                int[] perm = new int[r];
                for (int i = 0; i < r; i++) perm[i] = i;
                int d0 = n.intAttr("dim0"), d1 = n.intAttr("dim1");
                perm[d0] = d1;
                perm[d1] = d0;
                op("Transpose", out, new String[]{in(n, 0)}, a("perm", longs(perm)));
            }
            case "expand" -> {
                long[] size = longs(n.intsAttr("size"));
                for (int i = 0; i < size.length; i++) if (size[i] == -1) size[i] = 1;
                op("Expand", out, new String[]{in(n, 0), ints(size)});
            }
            case "select" -> op("Gather", out, new String[]{in(n, 0), initializer(tmp("index"),
                    Torch.full(new int[0], n.intAttr("index"), DType.INT64))}, a("axis", (long) n.intAttr("dim")));
            case "slice" -> {
                long end = n.intAttr("end") == Integer.MAX_VALUE ? Long.MAX_VALUE : n.intAttr("end");
                op("Slice", out, new String[]{in(n, 0), ints(n.intAttr("start")), ints(end), ints(n.intAttr("dim")),
                        ints(n.intAttr("step"))});
            }
            case "split" -> {
                String[] outs = new String[n.outputs().size()];
                for (int i = 0; i < outs.length; i++) outs[i] = name(n.outputs().get(i));
                node("Split", new String[]{in(n, 0), ints(longs(n.intsAttr("sizes")))}, outs, a("axis", (long) n.intAttr("dim")));
            }
            case "cat" -> {
                String[] ins = new String[n.inputs().size()];
                for (int i = 0; i < ins.length; i++) ins[i] = inAs(n, i);
                op("Concat", out, ins, a("axis", (long) n.intAttr("dim")));
            }
            case "stack" -> {
                String[] ins = new String[n.inputs().size()];
                String axes = ints(n.intAttr("dim"));
                for (int i = 0; i < ins.length; i++) ins[i] = op("Unsqueeze", tmp("unsqueeze"), new String[]{inAs(n, i), axes});
                op("Concat", out, ins, a("axis", (long) n.intAttr("dim")));
            }
            case "matmul" -> op("MatMul", out, new String[]{in(n, 0), in(n, 1)});
            case "addmm" -> op("Gemm", out, new String[]{in(n, 1), in(n, 2), in(n, 0)},
                    a("alpha", n.doubleAttr("alpha")), a("beta", n.doubleAttr("beta")));
            case "baddbmm" -> {
                DType t = n.output().dtype();
                String p = op("MatMul", tmp("matmul"), new String[]{in(n, 1), in(n, 2)});
                if (n.doubleAttr("alpha") != 1) p = op("Mul", tmp("mul"), new String[]{p, scalar(n.doubleAttr("alpha"), t)});
                String c = in(n, 0);
                if (n.doubleAttr("beta") != 1) c = op("Mul", tmp("mul"), new String[]{c, scalar(n.doubleAttr("beta"), t)});
                op("Add", out, new String[]{c, p});
            }
            case "softmax", "log_softmax" -> {
                String x = n.hasAttr("dtype") ? inAs(n, 0) : in(n, 0);
                op(k.equals("softmax") ? "Softmax" : "LogSoftmax", out, new String[]{x}, a("axis", (long) n.intAttr("dim")));
            }
            case "conv" -> {
                int[] st = n.intsAttr("stride"), pad = n.intsAttr("padding");
                int[] ws = n.input(1).shape();
                if (n.input(0).shape().length != st.length + 2) throw unsupported("conv on an unbatched input");
                long[] pads = new long[2 * pad.length];
                for (int i = 0; i < pad.length; i++) pads[i] = pads[i + pad.length] = pad[i];
                op("Conv", out, n.input(2) == null ? new String[]{in(n, 0), in(n, 1)} : new String[]{in(n, 0), in(n, 1), in(n, 2)},
                        a("strides", longs(st)), a("pads", pads), a("dilations", longs(n.intsAttr("dilation"))),
                        a("group", (long) n.intAttr("groups")), a("kernel_shape", longs(java.util.Arrays.copyOfRange(ws, 2, ws.length))));
            }
            case "max_pool2d" -> {
                if (n.input(0).shape().length != 4) throw unsupported("max_pool2d on an unbatched input");
                op("MaxPool", out, new String[]{in(n, 0)}, a("kernel_shape", longs(n.intsAttr("kernel_size"))),
                        a("strides", longs(n.intsAttr("stride"))), a("pads", pads2(n.intsAttr("padding"))),
                        a("dilations", longs(n.intsAttr("dilation"))), a("ceil_mode", n.boolAttr("ceil_mode") ? 1L : 0L));
            }
            case "avg_pool2d" -> {
                if (n.hasAttr("divisor_override")) throw unsupported("avg_pool2d with divisor_override");
                if (n.input(0).shape().length != 4) throw unsupported("avg_pool2d on an unbatched input");
                op("AveragePool", out, new String[]{in(n, 0)}, a("kernel_shape", longs(n.intsAttr("kernel_size"))),
                        a("strides", longs(n.intsAttr("stride"))), a("pads", pads2(n.intsAttr("padding"))),
                        a("ceil_mode", n.boolAttr("ceil_mode") ? 1L : 0L),
                        a("count_include_pad", n.boolAttr("count_include_pad") ? 1L : 0L));
            }
            case "adaptive_avg_pool2d" -> {
                int[] o = n.intsAttr("output_size"), s = n.input(0).shape();
                if (s.length != 4) throw unsupported("adaptive_avg_pool2d on an unbatched input");
                int h = s[2], w = s[3];
                if (o[0] == 1 && o[1] == 1) op("GlobalAveragePool", out, new String[]{in(n, 0)});
                else if (h % o[0] == 0 && w % o[1] == 0)
                    op("AveragePool", out, new String[]{in(n, 0)}, a("kernel_shape", longs(h / o[0], w / o[1])),
                            a("strides", longs(h / o[0], w / o[1])));
                else throw unsupported("adaptive_avg_pool2d with an output size that does not divide the input size");
            }
            case "layer_norm" -> {
                int[] ns = n.intsAttr("normalized_shape");
                DType t = n.output().dtype();
                String w = n.input(1) != null ? in(n, 1) : initializer(tmp("ones"), Torch.ones(ns, t));
                String b = n.input(2) != null ? in(n, 2) : initializer(tmp("zeros"), Torch.zeros(ns, t));
                op("LayerNormalization", out, new String[]{in(n, 0), w, b}, a("axis", (long) -ns.length),
                        a("epsilon", n.doubleAttr("eps")));
            }
            case "batch_norm" -> {
                DType t = n.output().dtype();
                int c = n.input(0).shape()[1];
                String w = n.input(1) != null ? in(n, 1) : initializer(tmp("ones"), Torch.ones(new int[]{c}, t));
                String b = n.input(2) != null ? in(n, 2) : initializer(tmp("zeros"), Torch.zeros(new int[]{c}, t));
                op("BatchNormalization", out, new String[]{in(n, 0), w, b, in(n, 3), in(n, 4)}, a("epsilon", n.doubleAttr("eps")));
            }
            case "sum", "mean" -> {
                String x = n.hasAttr("dtype") ? inAs(n, 0) : in(n, 0);
                long[] axes = longs(n.intsAttr("dims"));
                Attr keep = a("keepdims", n.boolAttr("keepdim") ? 1L : 0L);
                // ReduceSum takes its axes as an input from opset 13, ReduceMean only from opset 18
                if (k.equals("mean") && opset < 18) op("ReduceMean", out, new String[]{x}, a("axes", axes), keep);
                else op(k.equals("sum") ? "ReduceSum" : "ReduceMean", out, new String[]{x, ints(axes)}, keep);
            }
            case "cast" -> op("Cast", out, new String[]{in(n, 0)}, a("to", (long) elemType(n.output().dtype())));
            case "clamp" -> {
                DType t = n.output().dtype();
                String lo = n.hasAttr("min") ? scalar(n.doubleAttr("min"), t) : "";
                String hi = n.hasAttr("max") ? scalar(n.doubleAttr("max"), t) : "";
                op("Clip", out, new String[]{in(n, 0), lo, hi});
            }
            case "leaky_relu" -> op("LeakyRelu", out, new String[]{in(n, 0)}, a("alpha", n.doubleAttr("negative_slope")));
            case "embedding" -> op("Gather", out, new String[]{in(n, 0), in(n, 1)}, a("axis", 0L));
            case "lstm" -> recurrent(n, true);
            case "gru" -> recurrent(n, false);
            default -> throw unsupported(k);
        }
    }

    private static long[] pads2(int[] p) { return new long[]{p[0], p[1], p[0], p[1]}; }

    /**
     * One ONNX LSTM or GRU per layer: gate rows reordered from PyTorch's (LSTM i, f, g, o; GRU r, z, n) to ONNX's
     * (i, o, f, c; z, r, h), the two biases concatenated, GRU with linear_before_reset (PyTorch's form), and the
     * per-direction outputs [T, D, B, H] folded back into [T, B, D·H].
     */
    private void recurrent(Graph.Node n, boolean lstm) {
        int first = lstm ? 3 : 2;
        for (int i = 1; i < first; i++) if (n.input(i) != null) throw unsupported(n.kind() + " with initial states");
        if (n.intAttr("proj_size") > 0) throw unsupported("lstm with proj_size");
        if (n.input(0).shape().length != 3) throw unsupported(n.kind() + " on an unbatched input");
        int layers = n.intAttr("num_layers"), hidden = n.intAttr("hidden_size");
        boolean bidir = n.boolAttr("bidirectional"), hasBias = n.boolAttr("bias"), batchFirst = n.boolAttr("batch_first");
        int dirs = bidir ? 2 : 1;
        int[] order = lstm ? new int[]{0, 3, 1, 2} : new int[]{1, 0, 2};
        String[] pnames = n.stringAttr("param_names").split(",");
        Map<String, Graph.Value> params = new HashMap<>();
        for (int i = 0; i < pnames.length; i++) params.put(pnames[i], n.input(first + i));
        String x = in(n, 0);
        if (batchFirst) x = op("Transpose", tmp("transpose"), new String[]{x}, a("perm", new long[]{1, 0, 2}));
        String[] hs = new String[layers], cs = new String[layers];
        String kind = lstm ? "LSTM" : "GRU";
        for (int l = 0; l < layers; l++) {
            List<Tensor> w = new ArrayList<>(), r = new ArrayList<>(), b = new ArrayList<>();
            String base = null;
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                Graph.Value wv = params.get("weight_ih" + sfx);
                if (base == null) base = wv.name().substring(0, wv.name().length() - ("weight_ih" + sfx).length());
                w.add(gates(g.tensorOf(wv), hidden, order));
                r.add(gates(g.tensorOf(params.get("weight_hh" + sfx)), hidden, order));
                if (hasBias) b.add(Torch.cat(List.of(gates(g.tensorOf(params.get("bias_ih" + sfx)), hidden, order),
                        gates(g.tensorOf(params.get("bias_hh" + sfx)), hidden, order)), 0));
            }
            String wn = initializer(unique(base + "onnx_W_l" + l), Torch.stack(w, 0));
            String rn = initializer(unique(base + "onnx_R_l" + l), Torch.stack(r, 0));
            String bn = hasBias ? initializer(unique(base + "onnx_B_l" + l), Torch.stack(b, 0)) : "";
            String y = tmp("rnn_y");
            hs[l] = tmp("rnn_h");
            cs[l] = tmp("rnn_c");
            Attr dir = a("direction", bidir ? "bidirectional" : "forward");
            if (lstm) node(kind, new String[]{x, wn, rn, bn}, new String[]{y, hs[l], cs[l]}, a("hidden_size", (long) hidden), dir);
            else node(kind, new String[]{x, wn, rn, bn}, new String[]{y, hs[l]}, a("hidden_size", (long) hidden), dir,
                    a("linear_before_reset", 1L));
            // [T, D, B, H] -> [T, B, D, H] -> [T, B, D·H]
            String yt = op("Transpose", tmp("transpose"), new String[]{y}, a("perm", new long[]{0, 2, 1, 3}));
            x = op("Reshape", tmp("reshape"), new String[]{yt, ints(0, 0, -1)});
        }
        String output = batchFirst ? op("Transpose", tmp("transpose"), new String[]{x}, a("perm", new long[]{1, 0, 2})) : x;
        op("Identity", name(n.outputs().get(0)), new String[]{output});
        op("Concat", name(n.outputs().get(1)), hs, a("axis", 0L));
        if (lstm) op("Concat", name(n.outputs().get(2)), cs, a("axis", 0L));
    }

    /** Rows in PyTorch's gate order taken in ONNX's: order[i] is the PyTorch gate that goes i-th. */
    private static Tensor gates(Tensor t, int hidden, int[] order) {
        Tensor[] p = t.split(hidden, 0);
        List<Tensor> r = new ArrayList<>();
        for (int i : order) r.add(p[i]);
        return Torch.cat(r, 0);
    }
}
