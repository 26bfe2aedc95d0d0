package torch4j.cuda.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory reuse, as PyTorch's caching allocator does it for one stream: a block freed by a tensor that
 * became unreachable goes to a free list of its size class and is handed to the next request of that class instead
 * of going back to the driver. Safe without events because every kernel of a device runs on its one stream, in
 * order: work queued on a block before it was freed finishes before work queued by its next owner.
 * <p>Size classes: multiples of 512 bytes up to 1 MiB, then multiples of 2 MiB (so a few large tensors of slightly
 * different sizes share blocks). Statistics count the rounded sizes, as PyTorch's do.
 */
public final class CachingAllocator {
    /** Raw device memory: cuMemAlloc/cuMemFree, or a fake in tests. */
    public interface DeviceMemory {
        /** A device pointer, or 0 when the device is out of memory. */
        long malloc(long bytes);

        void free(long ptr);
    }

    private static final long SMALL = 1 << 20, SMALL_STEP = 512, LARGE_STEP = 2 << 20;

    private final DeviceMemory memory;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long allocated, maxAllocated, reserved, maxReserved;

    public CachingAllocator(DeviceMemory memory) { this.memory = memory; }

    /** The size class of a request (at least one step, so zero-element tensors get a distinct pointer too). */
    public static long roundUp(long bytes) {
        long step = bytes <= SMALL ? SMALL_STEP : LARGE_STEP;
        return Math.max(step, (bytes + step - 1) / step * step);
    }

    /** A block of at least bytes; {@code free(ptr, bytes)} must be called with the same bytes. */
    public synchronized long allocate(long bytes) {
        long size = roundUp(bytes);
        ArrayDeque<Long> list = free.get(size);
        long ptr;
        if (list != null && !list.isEmpty()) {
            ptr = list.pop();
        } else {
            ptr = memory.malloc(size);
            if (ptr == 0) {
                releaseCached();
                ptr = memory.malloc(size);
            }
            if (ptr == 0)
                throw new CudaException("CUDA out of memory. Tried to allocate " + mib(size) + " (" + mib(allocated)
                        + " allocated by torch4j, " + mib(reserved) + " reserved)", 2);
            reserved += size;
            maxReserved = Math.max(maxReserved, reserved);
        }
        allocated += size;
        maxAllocated = Math.max(maxAllocated, allocated);
        return ptr;
    }

    /** Returns a block to its free list (the memory stays reserved). */
    public synchronized void free(long ptr, long bytes) {
        long size = roundUp(bytes);
        free.computeIfAbsent(size, _ -> new ArrayDeque<>()).push(ptr);
        allocated -= size;
    }

    /** {@code torch.cuda.empty_cache()}: gives every cached (unused) block back to the driver. */
    public synchronized void releaseCached() {
        for (var e : free.entrySet()) {
            for (long p : e.getValue()) {
                memory.free(p);
                reserved -= e.getKey();
            }
        }
        free.clear();
    }

    /** Bytes held by live tensors. */
    public synchronized long memoryAllocated() { return allocated; }

    public synchronized long maxMemoryAllocated() { return maxAllocated; }

    /** Bytes taken from the driver (live plus cached). */
    public synchronized long memoryReserved() { return reserved; }

    public synchronized long maxMemoryReserved() { return maxReserved; }

    public synchronized void resetPeakMemoryStats() {
        maxAllocated = allocated;
        maxReserved = reserved;
    }

    private static String mib(long b) { return String.format(java.util.Locale.ROOT, "%.2f MiB", b / 1048576.0); }
}
