package torch4j.utils.data;

import java.util.List;

/** Datasets one after another, as {@code torch.utils.data.ConcatDataset}. */
public final class ConcatDataset<T> implements Dataset<T> {
    private final List<Dataset<T>> parts;
    private final int[] ends;

    public ConcatDataset(List<? extends Dataset<T>> datasets) {
        this.parts = List.copyOf(datasets);
        ends = new int[parts.size()];
        int e = 0;
        for (int i = 0; i < ends.length; i++) ends[i] = e += parts.get(i).size();
    }

    @Override public T get(int index) {
        if (index < 0) index += size();
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException("index " + index + " out of range for size " + size());
        int i = 0;
        while (index >= ends[i]) i++;
        return parts.get(i).get(index - (i == 0 ? 0 : ends[i - 1]));
    }

    @Override public int size() { return ends.length == 0 ? 0 : ends[ends.length - 1]; }
}
