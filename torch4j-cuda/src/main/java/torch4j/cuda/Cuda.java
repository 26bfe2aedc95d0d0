package torch4j.cuda;

import torch4j.Device;
import torch4j.cuda.internal.CachingAllocator;
import torch4j.cuda.internal.CudaBackend;
import torch4j.cuda.internal.CudaProvider;
import torch4j.cuda.internal.DeviceContext;

/**
 * {@code torch.cuda}: whether a GPU is usable, synchronisation, and the caching allocator's memory figures. None of
 * these throws when there is no driver: {@link #isAvailable()} is then false and {@link #deviceCount()} 0.
 */
public final class Cuda {
    private Cuda() {}

    /** {@code torch.cuda.is_available()}. */
    public static boolean isAvailable() { return CudaProvider.backend() != null; }

    /** {@code torch.cuda.device_count()}. */
    public static int deviceCount() {
        CudaBackend b = CudaProvider.backend();
        return b == null ? 0 : b.deviceCount();
    }

    /** Why CUDA is not available (where the driver was looked for), or null when it is. */
    public static String unavailableReason() { return CudaProvider.reason(); }

    /** {@code torch.cuda.get_device_name(i)}. */
    public static String getDeviceName(int device) { return backend().deviceName(device); }

    /** {@code torch.cuda.synchronize()}: waits for all queued work of the device. */
    public static void synchronize(int device) { backend().device(device).synchronize(); }

    public static void synchronize() { synchronize(0); }

    /** {@code torch.cuda.empty_cache()}: returns cached, unused blocks of every started device to the driver. */
    public static void emptyCache() {
        CudaBackend b = CudaProvider.backend();
        if (b == null) return;
        for (DeviceContext d : b.startedDevices()) if (d != null) allocator(d).releaseCached();
    }

    /** {@code torch.cuda.memory_allocated(device)}: bytes held by live tensors (0 without a GPU). */
    public static long memoryAllocated(int device) { return stat(device, 0); }

    public static long memoryAllocated() { return memoryAllocated(0); }

    /** {@code torch.cuda.max_memory_allocated(device)}. */
    public static long maxMemoryAllocated(int device) { return stat(device, 1); }

    public static long maxMemoryAllocated() { return maxMemoryAllocated(0); }

    /** {@code torch.cuda.memory_reserved(device)}: bytes taken from the driver, live and cached. */
    public static long memoryReserved(int device) { return stat(device, 2); }

    public static long memoryReserved() { return memoryReserved(0); }

    /** {@code torch.cuda.reset_peak_memory_stats(device)}. */
    public static void resetPeakMemoryStats(int device) {
        CudaBackend b = CudaProvider.backend();
        if (b != null && device < b.deviceCount()) allocator(b.device(device)).resetPeakMemoryStats();
    }

    /**
     * {@code torch.backends.cuda.matmul.allow_tf32 = allow}: float32 products may use TF32 tensor cores (off by
     * default, as in PyTorch).
     */
    public static void setAllowTf32(boolean allow) {
        CudaBackend b = CudaProvider.backend();
        if (b != null) b.setAllowTf32(allow);
    }

    public static boolean allowTf32() {
        CudaBackend b = CudaProvider.backend();
        return b != null && b.allowTf32();
    }

    /** The device object, {@code torch.device("cuda", i)}. */
    public static Device device(int index) { return Device.cuda(index); }

    private static long stat(int device, int which) {
        CudaBackend b = CudaProvider.backend();
        if (b == null || device >= b.deviceCount()) return 0;
        DeviceContext d = b.startedDevices()[device];
        if (d == null) return 0;
        CachingAllocator a = allocator(d);
        return switch (which) {
            case 0 -> a.memoryAllocated();
            case 1 -> a.maxMemoryAllocated();
            default -> a.memoryReserved();
        };
    }

    private static CachingAllocator allocator(DeviceContext d) { return d.allocator(); }

    private static CudaBackend backend() {
        CudaBackend b = CudaProvider.backend();
        if (b == null) throw new torch4j.TorchException("CUDA is not available: " + CudaProvider.reason());
        return b;
    }
}
