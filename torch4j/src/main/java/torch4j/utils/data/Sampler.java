package torch4j.utils.data;

/** Yields dataset indices, as {@code torch.utils.data.Sampler}. */
public interface Sampler extends Iterable<Integer> {
    /** The number of indices one pass yields. */
    int size();
}
