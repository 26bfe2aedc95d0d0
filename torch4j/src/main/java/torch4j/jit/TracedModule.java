package torch4j.jit;

import java.nio.file.Path;
import java.util.List;
import torch4j.Tensor;
import torch4j.autograd.GradMode;

/**
 * A traced forward pass that runs on its own: it needs only its {@link Graph} (and the parameter tensors the
 * graph holds), not the Java class that was traced. Inference runs fuse chains of elementwise ops into one kernel;
 * with grad mode on and an input that requires grad, every node runs as its own op so autograd sees them all.
 */
public final class TracedModule {
    private final Graph graph;
    private final Plan fused;
    private final Plan plain;

    TracedModule(Graph graph, boolean fuse) {
        this.graph = graph;
        this.plain = new Plan(graph, Fusion.steps(graph, false));
        this.fused = fuse ? new Plan(graph, Fusion.steps(graph, true)) : plain;
    }

    /** The captured graph. */
    public Graph graph() { return graph; }

    /** Runs the graph on one input and returns its first output. */
    public Tensor forward(Tensor input) { return forward(new Tensor[]{input})[0]; }

    /** Runs the graph; one tensor per graph output. */
    public Tensor[] forward(Tensor... inputs) {
        boolean grad = false;
        if (GradMode.isEnabled()) for (Tensor x : inputs) grad |= x != null && x.requiresGrad();
        if (GradMode.isEnabled()) for (Tensor p : graph.params.values()) grad |= p.requiresGrad();
        return (grad ? plain : fused).run(inputs);
    }

    /** The graph's parameters and buffers by state-dict key. */
    public java.util.Map<String, Tensor> stateDict() { return graph.params(); }

    /** Writes the graph and its tensors to one safetensors file (atomically); {@link Jit#load} reads it back. */
    public void save(Path path) { GraphFile.save(graph, path); }

    /** The steps an inference run takes (fused chains as fused[kinds], in place as fused_[kinds]); for tests. */
    List<String> inferenceSteps() { return fused.labels(); }

    /** The graph's IR listing. */
    public String code() { return graph.toString(); }

    @Override public String toString() { return "TracedModule(\n" + graph + ")"; }
}
