package torch4j.nn;

import torch4j.Tensor;

/** Splits dim into the given sizes, as {@code torch.nn.Unflatten}. */
public class Unflatten extends Module {
    public final int dim;
    private final int[] unflattenedSize;

    /** Same as torch.nn.Unflatten(dim, unflattened_size). */
    public Unflatten(int dim, int... unflattenedSize) {
        this.dim = dim;
        this.unflattenedSize = unflattenedSize.clone();
    }

    public int[] unflattenedSize() { return unflattenedSize.clone(); }

    @Override public Tensor forward(Tensor input) { return input.unflatten(dim, unflattenedSize); }

    @Override public String extraRepr() { return "dim=" + dim + ", unflattened_size=" + PyRepr.tuple(unflattenedSize); }
}
