package torch4j.utils.data;

/**
 * A stream-style dataset, as {@code torch.utils.data.IterableDataset}: the DataLoader batches whatever the
 * iterator yields, in order (no sampler, no shuffle).
 */
public interface IterableDataset<T> extends Iterable<T> {}
