package torch4j.utils.data;

import java.util.Iterator;
import java.util.stream.IntStream;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/** Indices drawn with probability proportional to weights, as {@code torch.utils.data.WeightedRandomSampler}. */
public final class WeightedRandomSampler implements Sampler {
    private final double[] weights;
    private final int numSamples;
    private final boolean replacement;
    private final Generator generator;

    public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, Generator generator) {
        if (numSamples <= 0) throw new TorchException("num_samples should be a positive integer value, but got num_samples=" + numSamples);
        for (double w : weights) if (!(w >= 0)) throw new TorchException("weights must be non-negative and finite");
        if (!replacement && numSamples > weights.length)
            throw new TorchException("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
        this.weights = weights.clone();
        this.numSamples = numSamples;
        this.replacement = replacement;
        this.generator = generator;
    }

    public WeightedRandomSampler(double[] weights, int numSamples) { this(weights, numSamples, true, null); }

    @Override public int size() { return numSamples; }

    @Override public Iterator<Integer> iterator() {
        Tensor probs = Torch.tensor(weights, DType.FLOAT64);
        long[] idx = Torch.multinomial(probs, numSamples, replacement, generator).toLongArray();
        return IntStream.range(0, numSamples).map(i -> (int) idx[i]).iterator();
    }
}
