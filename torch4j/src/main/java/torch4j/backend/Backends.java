package torch4j.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import torch4j.Device;
import torch4j.TorchException;
import torch4j.internal.cpu.CpuBackend;

/** The backend for each device kind: CPU built in, others found once through {@link BackendProvider}. */
public final class Backends {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static volatile Backend cuda;
    private static volatile boolean cudaLooked;
    private static final List<String> reasons = new ArrayList<>();

    private Backends() {}

    public static Backend of(Device device) {
        if (device.type() == Device.Type.CPU) return CPU;
        Backend b = cuda();
        if (b == null) throw new TorchException(noCudaMessage(reasons));
        return b;
    }

    public static Backend cpu() { return CPU; }

    /** The CUDA backend, or null when none is on the classpath or no device is usable. */
    public static Backend cuda() {
        if (!cudaLooked) {
            synchronized (Backends.class) {
                if (!cudaLooked) {
                    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
                        Backend b = p.create();
                        if (b != null && b.deviceType() == Device.Type.CUDA) cuda = b;
                        else if (b == null && p.unavailableReason() != null) reasons.add(p.unavailableReason());
                    }
                    cudaLooked = true;
                }
            }
        }
        return cuda;
    }

    /**
     * torch4j's "Torch not compiled with CUDA enabled": names the missing piece, either the torch4j-cuda jar or
     * (in the providers' reasons) the driver and where it was looked for.
     */
    static String noCudaMessage(List<String> providerReasons) {
        if (providerReasons.isEmpty())
            return "Torch not compiled with CUDA enabled: torch4j found no CUDA backend on the classpath "
                    + "(add the torch4j-cuda module)";
        return "CUDA is not available: " + String.join("; ", providerReasons);
    }
}
