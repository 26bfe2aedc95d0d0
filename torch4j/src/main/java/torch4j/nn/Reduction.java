package torch4j.nn;

/**
 * How a loss reduces its per-element values, as the {@code reduction} argument of PyTorch's losses
 * ({@code 'none'}, {@code 'mean'}, {@code 'sum'}, and {@code 'batchmean'} for {@link KLDivLoss} only).
 */
public enum Reduction {
    /** {@code 'none'}: the per-element losses. */
    NONE,
    /** {@code 'mean'}: the (weighted) mean of the per-element losses. */
    MEAN,
    /** {@code 'sum'}: their sum. */
    SUM,
    /** {@code 'batchmean'}: the sum divided by the batch size; only KLDivLoss accepts it. */
    BATCHMEAN;

    /** The name PyTorch uses ({@code "mean"}). */
    public String pythonName() { return name().toLowerCase(); }
}
