package torch4j.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.io.Safetensors;
import torch4j.jit.Graph;
import torch4j.jit.Jit;
import torch4j.jit.TracedModule;
import torch4j.nn.Module;

/**
 * ONNX export, as {@code torch.onnx.export}: traces the forward with {@link Jit} and writes the graph as an ONNX
 * model (opset 17 by default) whose initializers are the parameters under their state-dict keys. Dim 0 of every
 * input (or another dim: {@link Options#batchDim}) stays free, with every dim that follows it, unless turned off.
 * Ops without an ONNX mapping are refused by name.
 * <pre>{@code
 * Onnx.export(model.eval(), new Tensor[]{Torch.randn(1, 3, 224, 224)}, Path.of("resnet18.onnx"));
 * }</pre>
 */
public final class Onnx {
    private Onnx() {}

    /** Keyword arguments of the export. */
    public static final class Options {
        int opset = 17;
        List<String> inputNames = List.of(), outputNames = List.of();
        int batchDim = 0;

        /** The ai.onnx opset version (17 to 21; default 17). */
        public Options opset(int v) {
            if (v < 17 || v > 21) throw new TorchException("Onnx.export: opset_version " + v + " is not supported (17 to 21)");
            opset = v;
            return this;
        }

        /** Names of the graph inputs in order (default input0, input1, …). */
        public Options inputNames(String... names) {
            inputNames = List.of(names);
            return this;
        }

        /** Names of the graph outputs in order (default output0, output1, …). */
        public Options outputNames(String... names) {
            outputNames = List.of(names);
            return this;
        }

        /** Whether dim 0 of the inputs (and every dim that follows it) is symbolic (default true). */
        public Options dynamicBatch(boolean on) {
            batchDim = on ? 0 : -1;
            return this;
        }

        /** Which dim of the inputs is the symbolic batch (default 0; 1 for sequence-first recurrent models). */
        public Options batchDim(int dim) {
            if (dim < 0) throw new TorchException("Onnx.export: batchDim must be non-negative, got " + dim);
            batchDim = dim;
            return this;
        }
    }

    /** Traces model.call(exampleInputs[0]) and writes it to file as ONNX. */
    public static void export(Module model, Tensor[] exampleInputs, Path file) { export(model, exampleInputs, file, new Options()); }

    /** Same, with options. */
    public static void export(Module model, Tensor[] exampleInputs, Path file, Options options) {
        if (exampleInputs.length != 1)
            throw new TorchException("Onnx.export: a Module's forward takes one input; pass the forward as a function for "
                    + exampleInputs.length + " inputs");
        export(model, xs -> new Tensor[]{model.call(xs[0])}, exampleInputs, file, options);
    }

    /** Traces forward (inputs to outputs) and writes it to file as ONNX; model names the parameters. */
    public static void export(Module model, Function<Tensor[], Tensor[]> forward, Tensor[] exampleInputs, Path file,
                              Options options) {
        Graph g = Jit.capture(model, forward, exampleInputs, options.batchDim);
        byte[] bytes = toBytes(g, options);
        Safetensors.writeAtomically(file, out -> out.write(bytes));
    }

    /** Writes an already traced (or loaded) module to file as ONNX: no Java class of the model is needed. */
    public static void export(TracedModule traced, Path file, Options options) {
        byte[] bytes = toBytes(traced.graph(), options);
        Safetensors.writeAtomically(file, out -> out.write(bytes));
    }

    /** The ONNX ModelProto for an already captured graph. */
    public static byte[] toBytes(Graph graph, Options options) {
        List<String> in = new ArrayList<>(options.inputNames), out = new ArrayList<>(options.outputNames);
        for (int i = in.size(); i < graph.inputs().size(); i++) in.add("input" + i);
        for (int i = out.size(); i < graph.outputs().size(); i++) out.add("output" + i);
        return new OnnxGraph(graph, in, out, options.opset).model();
    }
}
