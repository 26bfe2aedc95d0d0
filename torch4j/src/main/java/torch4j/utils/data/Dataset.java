package torch4j.utils.data;

/**
 * A map-style dataset, as {@code torch.utils.data.Dataset}: {@link #get(int)} is {@code __getitem__} and
 * {@link #size()} is {@code __len__}. Items are usually {@link Sample}s or tensors.
 */
public interface Dataset<T> {
    T get(int index);

    int size();
}
