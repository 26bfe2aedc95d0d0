package torch4j.utils.data;

import java.util.Iterator;
import java.util.stream.IntStream;

/** 0, 1, …, n-1, as {@code torch.utils.data.SequentialSampler}. */
public record SequentialSampler(int size) implements Sampler {
    @Override public Iterator<Integer> iterator() { return IntStream.range(0, size).iterator(); }
}
