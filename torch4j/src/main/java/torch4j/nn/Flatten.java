package torch4j.nn;

import torch4j.Tensor;

/** Flattens dims startDim..endDim, as {@code torch.nn.Flatten} (default: all but the batch dim). */
public class Flatten extends Module {
    public final int startDim, endDim;

    /** Same as torch.nn.Flatten(): start_dim=1, end_dim=-1. */
    public Flatten() { this(1, -1); }

    /** Same as torch.nn.Flatten(start_dim, end_dim). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }

    @Override public String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
