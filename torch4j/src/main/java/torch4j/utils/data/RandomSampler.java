package torch4j.utils.data;

import java.util.Iterator;
import java.util.stream.IntStream;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Torch;
import torch4j.TorchException;

/**
 * Random indices, as {@code torch.utils.data.RandomSampler}: a fresh permutation per pass (or, with replacement,
 * independent draws in chunks of 32). Without a generator, each pass seeds a private one from the default
 * generator exactly as PyTorch does, so with the same {@code Torch.manualSeed} the order equals PyTorch's.
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
        Generator g = generator;
        if (g == null) {
            long seed = Torch.empty(new int[0], DType.INT64).random_().itemLong();
            g = new Generator().manualSeed(seed);
        }
        // the same draws as PyTorch's, including its last (possibly empty) chunk, so that an explicit generator
        // is left in the same state for the next epoch
        int[] out = new int[numSamples];
        if (n == 0) return IntStream.of(out).iterator();
        int k = 0;
        if (replacement) {
            for (int c = 0; c < numSamples / 32; c++)
                for (long v : Torch.randint(0, n, new int[]{32}, g).toLongArray()) out[k++] = (int) v;
            for (long v : Torch.randint(0, n, new int[]{numSamples % 32}, g).toLongArray()) out[k++] = (int) v;
        } else {
            for (int c = 0; c < numSamples / n; c++)
                for (long v : Torch.randperm(n, g).toLongArray()) out[k++] = (int) v;
            long[] last = Torch.randperm(n, g).toLongArray();
            for (int i = 0; i < numSamples % n; i++) out[k++] = (int) last[i];
        }
        return IntStream.of(out).iterator();
    }
}
