package torch4j.backend;

/** Service-provider entry for a backend jar ({@code META-INF/services/torch4j.backend.BackendProvider}). */
public interface BackendProvider {
    /** The backend, or null when its device is not usable here (no driver, no device). */
    Backend create();

    /** Why {@link #create} gave null (for instance where the driver was looked for), or null when it did not. */
    default String unavailableReason() { return null; }
}
