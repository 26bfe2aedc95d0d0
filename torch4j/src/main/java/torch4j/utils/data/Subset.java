package torch4j.utils.data;

/** The items of a dataset at some indices, as {@code torch.utils.data.Subset}. */
public record Subset<T>(Dataset<T> dataset, int[] indices) implements Dataset<T> {
    @Override public T get(int index) { return dataset.get(indices[index]); }

    @Override public int size() { return indices.length; }
}
