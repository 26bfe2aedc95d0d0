package torch4j.cuda.internal;

import torch4j.backend.Backend;
import torch4j.backend.BackendProvider;

/** Registers the CUDA backend with the core (ServiceLoader); inactive without a driver or a device. */
public final class CudaProvider implements BackendProvider {
    private static volatile boolean looked;
    private static volatile CudaBackend backend;
    private static volatile String reason;

    @Override public Backend create() { return backend(); }

    @Override public String unavailableReason() {
        backend();
        return reason;
    }

    /** The backend, or null (with {@link #reason()}) when no driver or device is there. Never throws. */
    public static CudaBackend backend() {
        if (!looked) {
            synchronized (CudaProvider.class) {
                if (!looked) {
                    try {
                        Driver.Result r = Driver.load();
                        if (r.driver() == null) {
                            reason = r.reason();
                        } else {
                            int rc = r.driver().init();
                            if (rc != 0) {
                                reason = "the CUDA driver did not initialise: " + r.driver().errorName(rc) + " ("
                                        + r.driver().errorString(rc) + ")";
                            } else {
                                int n = r.driver().deviceCount();
                                if (n == 0) reason = "the CUDA driver found no GPU";
                                else backend = new CudaBackend(r.driver(), n);
                            }
                        }
                    } catch (RuntimeException | LinkageError e) {
                        reason = "the CUDA driver could not be used: " + e;
                    }
                    looked = true;
                }
            }
        }
        return backend;
    }

    public static String reason() {
        backend();
        return reason;
    }
}
