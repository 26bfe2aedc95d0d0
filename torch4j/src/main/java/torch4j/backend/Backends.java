package torch4j.backend;

import java.util.ServiceLoader;
import torch4j.Device;
import torch4j.TorchException;
import torch4j.internal.cpu.CpuBackend;

/** The backend for each device kind: CPU built in, others found once through {@link BackendProvider}. */
public final class Backends {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static volatile Backend cuda;
    private static volatile boolean cudaLooked;

    private Backends() {}

    public static Backend of(Device device) {
        if (device.type() == Device.Type.CPU) return CPU;
        Backend b = cuda();
        if (b == null)
            throw new TorchException("torch4j has no CUDA backend available: add the torch4j-cuda module to the "
                    + "classpath and make sure the NVIDIA driver (libcuda.so.1) can be loaded");
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
                    }
                    cudaLooked = true;
                }
            }
        }
        return cuda;
    }
}
