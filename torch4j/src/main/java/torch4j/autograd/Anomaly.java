package torch4j.autograd;

/**
 * {@code torch.autograd.set_detect_anomaly}: while on, nodes remember where they were created and backward
 * fails at the first node whose gradient contains NaN, naming that node and the forward op's stack.
 */
public final class Anomaly {
    static volatile boolean enabled;

    private Anomaly() {}

    public static void setDetectAnomaly(boolean on) { enabled = on; }

    public static boolean isEnabled() { return enabled; }

    /** A scope for try-with-resources, as {@code torch.autograd.detect_anomaly()}. */
    public static AutoCloseable detectAnomaly() {
        boolean prev = enabled;
        enabled = true;
        return () -> enabled = prev;
    }
}
