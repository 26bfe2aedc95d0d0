package torch4j.utils.data;

import java.util.Iterator;
import java.util.stream.IntStream;
import torch4j.Generator;
import torch4j.Torch;

/** The given indices in a random order each pass, as {@code torch.utils.data.SubsetRandomSampler}. */
public record SubsetRandomSampler(int[] indices, Generator generator) implements Sampler {
    public SubsetRandomSampler(int[] indices) { this(indices, null); }

    @Override public int size() { return indices.length; }

    @Override public Iterator<Integer> iterator() {
        long[] perm = Torch.randperm(indices.length, generator).toLongArray();
        return IntStream.range(0, perm.length).map(i -> indices[(int) perm[i]]).iterator();
    }
}
