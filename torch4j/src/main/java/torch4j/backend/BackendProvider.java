package torch4j.backend;

/** Service-provider entry for a backend jar ({@code META-INF/services/torch4j.backend.BackendProvider}). */
public interface BackendProvider {
    /** The backend, or null when its device is not usable here (no driver, no device). */
    Backend create();
}
