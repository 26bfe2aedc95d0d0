package torch4j.cuda.internal;

import java.lang.ref.Cleaner;
import torch4j.DType;
import torch4j.Device;
import torch4j.backend.Storage;

/**
 * Device memory of one dtype on one GPU: a raw device pointer from the caching allocator. The block goes back to the
 * allocator when the storage becomes unreachable (a {@link Cleaner} action, holding no reference to the storage).
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DType dtype;
    private final Device device;
    private final int numel;
    private final long ptr;

    CudaStorage(DType dtype, Device device, int numel, long ptr, CachingAllocator allocator, long bytes) {
        this.dtype = dtype;
        this.device = device;
        this.numel = numel;
        this.ptr = ptr;
        CLEANER.register(this, () -> allocator.free(ptr, bytes));
    }

    @Override public DType dtype() { return dtype; }

    @Override public Device device() { return device; }

    @Override public int numel() { return numel; }

    /** The device address of element 0. */
    public long ptr() { return ptr; }
}
