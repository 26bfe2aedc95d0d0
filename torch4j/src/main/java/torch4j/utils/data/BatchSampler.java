package torch4j.utils.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import torch4j.TorchException;

/** Groups a sampler's indices into batches, as {@code torch.utils.data.BatchSampler}. */
public record BatchSampler(Sampler sampler, int batchSize, boolean dropLast) implements Iterable<int[]> {
    public BatchSampler {
        if (batchSize <= 0) throw new TorchException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
    }

    /** The number of batches one pass yields. */
    public int size() {
        int n = sampler.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override public Iterator<int[]> iterator() {
        Iterator<Integer> it = sampler.iterator();
        return new Iterator<>() {
            int[] next = advance();

            private int[] advance() {
                List<Integer> b = new ArrayList<>(batchSize);
                while (b.size() < batchSize && it.hasNext()) b.add(it.next());
                if (b.isEmpty() || (dropLast && b.size() < batchSize)) return null;
                return b.stream().mapToInt(Integer::intValue).toArray();
            }

            @Override public boolean hasNext() { return next != null; }

            @Override public int[] next() {
                if (next == null) throw new NoSuchElementException();
                int[] r = next;
                next = advance();
                return r;
            }
        };
    }
}
