package torch4j.utils.data;

import java.util.Iterator;
import java.util.stream.IntStream;
import torch4j.Generator;
import torch4j.Torch;
import torch4j.TorchException;

/**
 * Random indices, as {@code torch.utils.data.RandomSampler}: a fresh permutation per pass (or, with replacement,
 * independent draws), from the given generator or the default one, so {@code Torch.manualSeed} makes the order
 * reproducible.
 */
public final class RandomSampler implements Sampler {
    private final int n;
    private final boolean replacement;
    private final int numSamples;
    private final Generator generator;

    public RandomSampler(int datasetSize) { this(datasetSize, false, datasetSize, null); }

    public RandomSampler(int datasetSize, boolean replacement, int numSamples, Generator generator) {
        if (numSamples <= 0 && datasetSize > 0)
            throw new TorchException("num_samples should be a positive integer value, but got num_samples=" + numSamples);
        this.n = datasetSize;
        this.replacement = replacement;
        this.numSamples = numSamples;
        this.generator = generator;
    }

    @Override public int size() { return numSamples; }

    @Override public Iterator<Integer> iterator() {
        if (replacement) {
            long[] idx = Torch.randint(0, n, new int[]{numSamples}, generator).toLongArray();
            return IntStream.range(0, numSamples).map(i -> (int) idx[i]).iterator();
        }
        int[] out = new int[numSamples];
        int k = 0;
        while (k < numSamples) {
            long[] perm = Torch.randperm(n, generator).toLongArray();
            for (int i = 0; i < perm.length && k < numSamples; i++) out[k++] = (int) perm[i];
        }
        return IntStream.of(out).iterator();
    }
}
