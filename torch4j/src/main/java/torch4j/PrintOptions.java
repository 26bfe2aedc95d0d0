package torch4j;

/**
 * How tensors print, as the arguments of {@code torch.set_printoptions}: digits after the point, the element
 * count above which a tensor is summarised with {@code ...}, the items kept at each end of a summarised dim, the
 * line width, and scientific notation forced on or off ({@code null}: chosen per tensor, as PyTorch does).
 * Immutable; install one with {@link Torch#setPrintoptions(PrintOptions)}.
 * <pre>{@code
 * Torch.setPrintoptions(PrintOptions.DEFAULT.withPrecision(2));
 * Torch.tensor(new double[]{1.12345});   // tensor([1.12])
 * Torch.setPrintoptions(PrintOptions.DEFAULT);
 * }</pre>
 */
public record PrintOptions(int precision, long threshold, int edgeitems, int linewidth, Boolean sciMode) {
    /** {@code profile="default"}: precision 4, threshold 1000, edgeitems 3, linewidth 80. */
    public static final PrintOptions DEFAULT = new PrintOptions(4, 1000, 3, 80, null);

    /** {@code profile="short"}: precision 2, edgeitems 2. */
    public static final PrintOptions SHORT = new PrintOptions(2, 1000, 2, 80, null);

    /** {@code profile="full"}: never summarise. */
    public static final PrintOptions FULL = new PrintOptions(4, Long.MAX_VALUE, 3, 80, null);

    public PrintOptions {
        if (precision < 0) throw new TorchException("precision must be non-negative, got " + precision);
        if (threshold < 0) throw new TorchException("threshold must be non-negative, got " + threshold);
        if (edgeitems < 0) throw new TorchException("edgeitems must be non-negative, got " + edgeitems);
        if (linewidth < 1) throw new TorchException("linewidth must be positive, got " + linewidth);
    }

    /** A profile by PyTorch's name: {@code "default"}, {@code "short"} or {@code "full"}. */
    public static PrintOptions profile(String name) {
        return switch (name) {
            case "default" -> DEFAULT;
            case "short" -> SHORT;
            case "full" -> FULL;
            default -> throw new TorchException("Unknown print profile '" + name + "': expected default, short or full");
        };
    }

    public PrintOptions withPrecision(int precision) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    /** Summarise tensors with more than threshold elements; {@code Long.MAX_VALUE} for never (Python's inf). */
    public PrintOptions withThreshold(long threshold) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withEdgeitems(int edgeitems) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    public PrintOptions withLinewidth(int linewidth) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }

    /** True or false forces scientific notation on or off for floating tensors; null lets each tensor choose. */
    public PrintOptions withSciMode(Boolean sciMode) {
        return new PrintOptions(precision, threshold, edgeitems, linewidth, sciMode);
    }
}
