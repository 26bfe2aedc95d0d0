package torch4j.autograd;

/**
 * Whether ops record the graph, per thread (as PyTorch's grad mode). {@code Torch.noGrad()} and
 * {@code Torch.enableGrad()} return scopes for try-with-resources that restore the previous mode on close.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    public static void setEnabled(boolean on) { ENABLED.get()[0] = on; }

    /** A scope that sets the mode and restores the previous one on close. */
    public static Scope scope(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean prev = cell[0];
        cell[0] = enabled;
        return new Scope(cell, prev);
    }

    /** The handle returned by {@code noGrad()}/{@code enableGrad()}; closing it restores the previous mode. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] cell;
        private final boolean prev;

        private Scope(boolean[] cell, boolean prev) {
            this.cell = cell;
            this.prev = prev;
        }

        @Override public void close() { cell[0] = prev; }
    }
}
