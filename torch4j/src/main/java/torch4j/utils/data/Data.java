package torch4j.utils.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import torch4j.Generator;
import torch4j.Torch;
import torch4j.TorchException;

/** Free functions of {@code torch.utils.data}. */
public final class Data {
    private Data() {}

    /** {@code random_split(dataset, lengths, generator)}: lengths are counts summing to the size. */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator generator) {
        for (int len : lengths) if (len < 0) throw new TorchException("Sum of input lengths does not equal the length of the input dataset!");
        int total = Arrays.stream(lengths).sum();
        if (total != dataset.size())
            throw new TorchException("Sum of input lengths does not equal the length of the input dataset!");
        long[] perm = Torch.randperm(total, generator).toLongArray();
        List<Subset<T>> out = new ArrayList<>();
        int off = 0;
        for (int len : lengths) {
            int[] idx = new int[len];
            for (int i = 0; i < len; i++) idx[i] = (int) perm[off + i];
            off += len;
            out.add(new Subset<>(dataset, idx));
        }
        return out;
    }

    /**
     * {@code random_split(dataset, fractions, generator)}: fractions summing to 1 become counts (floor), and the
     * remainder is handed out one by one, round robin, as PyTorch does.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
        double s = 0;
        for (double f : fractions) s += f; // summed left to right, as Python's sum()
        // math.isclose(sum, 1) (relative tolerance 1e-9) and sum <= 1; anything else is not a list of fractions
        if (!(Math.abs(s - 1) <= 1e-9 * Math.max(Math.abs(s), 1.0) && s <= 1))
            throw new TorchException("Sum of input lengths does not equal the length of the input dataset!");
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int used = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (fractions[i] < 0 || fractions[i] > 1) throw new TorchException("Fraction at index " + i + " is not between 0 and 1");
            lengths[i] = (int) Math.floor(n * fractions[i]);
            used += lengths[i];
        }
        for (int i = 0; i < n - used; i++) lengths[i % lengths.length]++;
        return randomSplit(dataset, lengths, generator);
    }

    /** {@code random_split(dataset, lengths)} with the default generator. */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths) { return randomSplit(dataset, lengths, null); }

    /** {@code random_split(dataset, fractions)} with the default generator. */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions) {
        return randomSplit(dataset, fractions, null);
    }
}
