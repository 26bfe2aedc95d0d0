package torch4j.jit;

import java.util.Arrays;
import java.util.function.Function;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.Convolution;
import torch4j.internal.ops.Joining;
import torch4j.internal.ops.LinearAlgebra;
import torch4j.internal.ops.NnOps;
import torch4j.internal.ops.Normalization;
import torch4j.internal.ops.Pointwise;
import torch4j.internal.ops.Pooling;
import torch4j.internal.ops.Reductions;
import torch4j.internal.ops.UnaryOp;
import torch4j.internal.ops.Views;
import torch4j.nn.GRU;
import torch4j.nn.LSTM;
import torch4j.nn.Parameter;
import torch4j.nn.RNNBase;

/** What each node kind computes: the same op entry points eager code calls, with the node's attributes. */
final class Ops {
    private Ops() {}

    /** An op with its attributes already read: maps input tensors to output tensors. */
    interface Kernel extends Function<Tensor[], Tensor[]> {}

    static UnaryOp unaryOp(String kind) {
        try {
            return UnaryOp.valueOf(kind.toUpperCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static BinaryOp binaryOp(String kind) {
        try {
            return BinaryOp.valueOf(kind.toUpperCase());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Kernel one(Function<Tensor[], Tensor> f) { return in -> new Tensor[]{f.apply(in)}; }

    /** The kernel for node n; graph gives the parameter tensors an LSTM node binds once. */
    static Kernel of(Graph.Node n, Graph graph) {
        UnaryOp u = unaryOp(n.kind);
        if (u != null) return one(in -> Pointwise.unary(u, in[0]));
        BinaryOp b = binaryOp(n.kind);
        if (b != null) {
            if (!n.hasAttr("scalar")) return one(in -> Pointwise.binary(b, in[0], in[1]));
            double s = n.doubleAttr("scalar");
            boolean isInt = n.boolAttr("int"), rev = n.boolAttr("reverse");
            return one(in -> {
                Tensor w = isInt ? Pointwise.wrap((long) s, in[0]) : Pointwise.wrap(s, in[0]);
                return rev ? Pointwise.binary(b, w, in[0]) : Pointwise.binary(b, in[0], w);
            });
        }
        return switch (n.kind) {
            case "reshape" -> {
                int[] shape = n.intsAttr("shape");
                yield one(in -> Views.reshape(in[0], shape));
            }
            case "contiguous" -> one(in -> in[0].contiguous());
            case "permute" -> {
                int[] dims = n.intsAttr("dims");
                yield one(in -> Views.permute(in[0], dims));
            }
            case "transpose" -> {
                int a = n.intAttr("dim0"), c = n.intAttr("dim1");
                yield one(in -> Views.transpose(in[0], a, c));
            }
            case "expand" -> {
                int[] size = n.intsAttr("size");
                yield one(in -> Views.expand(in[0], size));
            }
            case "select" -> {
                int d = n.intAttr("dim"), i = n.intAttr("index");
                yield one(in -> Views.select(in[0], d, i));
            }
            case "slice" -> {
                int d = n.intAttr("dim"), s = n.intAttr("start"), e = n.intAttr("end"), st = n.intAttr("step");
                yield one(in -> Views.slice(in[0], d, s, e, st));
            }
            case "split" -> {
                int d = n.intAttr("dim");
                int[] sizes = n.intsAttr("sizes");
                yield in -> Joining.split(in[0], sizes, d);
            }
            case "cat" -> {
                int d = n.intAttr("dim");
                yield one(in -> Joining.cat(Arrays.asList(in), d));
            }
            case "stack" -> {
                int d = n.intAttr("dim");
                yield one(in -> Joining.stack(Arrays.asList(in), d));
            }
            case "matmul" -> one(in -> LinearAlgebra.matmul(in[0], in[1]));
            case "addmm" -> {
                double beta = n.doubleAttr("beta"), alpha = n.doubleAttr("alpha");
                yield one(in -> LinearAlgebra.addmm(in[0], in[1], in[2], beta, alpha));
            }
            case "baddbmm" -> {
                double beta = n.doubleAttr("beta"), alpha = n.doubleAttr("alpha");
                yield one(in -> LinearAlgebra.baddbmm(in[0], in[1], in[2], beta, alpha));
            }
            case "softmax", "log_softmax" -> {
                int d = n.intAttr("dim");
                DType dt = n.hasAttr("dtype") ? DType.valueOf(n.stringAttr("dtype")) : null;
                boolean log = n.kind.equals("log_softmax");
                yield one(in -> Reductions.softmax(in[0], d, dt, log));
            }
            case "conv" -> {
                int[] st = n.intsAttr("stride"), pad = n.intsAttr("padding"), dil = n.intsAttr("dilation");
                int groups = n.intAttr("groups");
                yield one(in -> Convolution.conv(in[0], in[1], in[2], st, pad, dil, groups, st.length, "conv" + st.length + "d"));
            }
            case "max_pool2d" -> {
                int[] k = n.intsAttr("kernel_size"), s = n.intsAttr("stride"), p = n.intsAttr("padding"), d = n.intsAttr("dilation");
                boolean ceil = n.boolAttr("ceil_mode");
                yield one(in -> Pooling.maxPool2dWithIndices(in[0], k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], ceil).values());
            }
            case "avg_pool2d" -> {
                int[] k = n.intsAttr("kernel_size"), s = n.intsAttr("stride"), p = n.intsAttr("padding");
                boolean ceil = n.boolAttr("ceil_mode"), cip = n.boolAttr("count_include_pad");
                Integer div = n.hasAttr("divisor_override") ? n.intAttr("divisor_override") : null;
                yield one(in -> Pooling.avgPool2d(in[0], k[0], k[1], s[0], s[1], p[0], p[1], ceil, cip, div));
            }
            case "adaptive_avg_pool2d" -> {
                int[] o = n.intsAttr("output_size");
                yield one(in -> Pooling.adaptiveAvgPool2d(in[0], o[0], o[1]));
            }
            case "layer_norm" -> {
                int[] ns = n.intsAttr("normalized_shape");
                double eps = n.doubleAttr("eps");
                yield one(in -> Normalization.layerNorm(in[0], ns, in[1], in[2], eps));
            }
            case "batch_norm" -> {
                double eps = n.doubleAttr("eps");
                yield one(in -> Normalization.batchNorm(in[0], in[3], in[4], in[1], in[2], false, 0.1, eps));
            }
            case "sum", "mean" -> {
                int[] dims = n.intsAttr("dims");
                boolean keep = n.boolAttr("keepdim"), mean = n.kind.equals("mean");
                DType dt = n.hasAttr("dtype") ? DType.valueOf(n.stringAttr("dtype")) : null;
                yield one(in -> mean ? Reductions.mean(in[0], dims, keep, dt) : Reductions.sum(in[0], dims, keep, dt));
            }
            case "cast" -> {
                DType dt = DType.valueOf(n.stringAttr("dtype"));
                yield one(in -> Pointwise.cast(in[0], dt, in[0].device()));
            }
            case "clamp" -> {
                Double lo = n.hasAttr("min") ? n.doubleAttr("min") : null, hi = n.hasAttr("max") ? n.doubleAttr("max") : null;
                yield one(in -> Pointwise.clamp(in[0], lo, hi));
            }
            case "leaky_relu" -> {
                double slope = n.doubleAttr("negative_slope");
                yield one(in -> NnOps.leakyRelu(in[0], slope));
            }
            case "embedding" -> one(in -> NnOps.embedding(in[0], in[1], null, false));
            case "lstm" -> rnn(n, graph, true);
            case "gru" -> rnn(n, graph, false);
            default -> throw new TorchException("TracedModule: unknown op '" + n.kind + "'");
        };
    }

    /** An LSTM or GRU module rebuilt from the node's attributes, its parameters bound to the graph's tensors. */
    private static Kernel rnn(Graph.Node n, Graph graph, boolean lstm) {
        int first = lstm ? 3 : 2;
        RNNBase m;
        if (lstm) {
            LSTM.Options o = new LSTM.Options(n.intAttr("input_size"), n.intAttr("hidden_size"));
            if (n.intAttr("proj_size") > 0) o.projSize(n.intAttr("proj_size"));
            m = new LSTM(options(o, n).dtype(n.input(first).dtype));
        } else {
            GRU.Options o = new GRU.Options(n.intAttr("input_size"), n.intAttr("hidden_size"));
            m = new GRU(options(o, n).dtype(n.input(first).dtype));
        }
        m.eval();
        String[] names = n.stringAttr("param_names").split(",");
        var params = m.namedParameters();
        for (int i = 0; i < names.length; i++) {
            Parameter p = params.get(names[i]);
            if (p == null) throw new TorchException("TracedModule: " + n.kind + " has no parameter " + names[i]);
            p.setData(graph.tensorOf(n.input(first + i)));
        }
        if (lstm) return in -> {
            LSTM.Output r = ((LSTM) m).forward(in[0], in[1], in[2]);
            return new Tensor[]{r.output(), r.hN(), r.cN()};
        };
        return in -> {
            GRU.Output r = ((GRU) m).forward(in[0], in[1]);
            return new Tensor[]{r.output(), r.hN()};
        };
    }

    private static <O extends RNNBase.Options<O>> O options(O o, Graph.Node n) {
        return o.numLayers(n.intAttr("num_layers")).bias(n.boolAttr("bias")).batchFirst(n.boolAttr("batch_first"))
                .bidirectional(n.boolAttr("bidirectional"));
    }

}
