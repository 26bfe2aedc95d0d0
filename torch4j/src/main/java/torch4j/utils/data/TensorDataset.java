package torch4j.utils.data;

import torch4j.Tensor;
import torch4j.TorchException;

/**
 * Rows of tensors that share their first dimension, as {@code torch.utils.data.TensorDataset}. With two tensors
 * the items are {@link Sample}s; with another count, {@code Tensor[]}.
 */
public final class TensorDataset implements Dataset<Object> {
    private final Tensor[] tensors;

    public TensorDataset(Tensor... tensors) {
        if (tensors.length == 0) throw new TorchException("TensorDataset needs at least one tensor");
        for (Tensor t : tensors)
            if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) throw new TorchException("Size mismatch between tensors");
        this.tensors = tensors.clone();
    }

    /** Typed view when built from (inputs, targets). */
    @SuppressWarnings("unchecked")
    public static Dataset<Sample> of(Tensor inputs, Tensor targets) {
        Dataset<?> d = new TensorDataset(inputs, targets);
        return (Dataset<Sample>) d;
    }

    public Tensor[] tensors() { return tensors.clone(); }

    @Override public Object get(int index) {
        if (tensors.length == 2) return new Sample(tensors[0].select(0, index), tensors[1].select(0, index));
        Tensor[] r = new Tensor[tensors.length];
        for (int i = 0; i < r.length; i++) r[i] = tensors[i].select(0, index);
        return r;
    }

    @Override public int size() { return tensors[0].size(0); }
}
