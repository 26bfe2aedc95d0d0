package torch4j.cuda.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import torch4j.DType;

/**
 * One GPU: its primary context, its one stream (every copy and kernel of the device is queued there, in order), its
 * caching allocator, cuBLAS handle and loaded kernel modules. Calls from any thread make the context current first.
 */
public final class DeviceContext {
    static final int BLOCK = 256;
    private static final int MAX_GRID = 1 << 20;

    final Driver driver;
    final int index;
    final int arch;
    private final MemorySegment context;
    final MemorySegment stream;
    final CachingAllocator allocator;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private final Map<String, MemorySegment> modules = new HashMap<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private MemorySegment cublasHandle;
    private static final long RING = 4 << 20, SMALL_UPLOAD = 64 << 10;
    private MemorySegment ring;
    private long ringOffset;
    private boolean tf32;

    DeviceContext(Driver driver, int index) {
        this.driver = driver;
        this.index = index;
        int dev = driver.device(index);
        context = driver.primaryContext(dev);
        makeCurrent();
        arch = 10 * driver.attribute(Driver.ATTR_CC_MAJOR, dev) + driver.attribute(Driver.ATTR_CC_MINOR, dev);
        stream = driver.streamCreate();
        allocator = new CachingAllocator(new CachingAllocator.DeviceMemory() {
            @Override public long malloc(long bytes) {
                makeCurrent();
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment p = a.allocate(ValueLayout.JAVA_LONG);
                    int rc = driver.memAlloc(p, bytes);
                    if (rc == 2) return 0; // CUDA_ERROR_OUT_OF_MEMORY: the allocator frees its cache and retries
                    driver.check(rc, "cuMemAlloc_v2");
                    return p.get(ValueLayout.JAVA_LONG, 0);
                }
            }

            @Override public void free(long ptr) {
                makeCurrent();
                driver.memFree(ptr);
            }
        });
    }

    /** The device's caching allocator. */
    public CachingAllocator allocator() { return allocator; }

    /** Binds the device's context to the calling thread (once per thread). */
    void makeCurrent() {
        if (!current.get()) {
            driver.setCurrent(context);
            current.set(true);
        }
    }

    /** Waits for everything queued on the device's stream. */
    public void synchronize() {
        makeCurrent();
        driver.streamSynchronize(stream);
    }

    synchronized MemorySegment cublas() {
        if (cublasHandle == null) {
            Cublas c = Cublas.get();
            if (c == null) throw new UnsupportedOperationException("matrix products on CUDA need cuBLAS: " + Cublas.unavailableReason());
            makeCurrent();
            cublasHandle = c.createHandle(stream);
            c.setTf32(cublasHandle, tf32);
        }
        return cublasHandle;
    }

    synchronized void setTf32(boolean allow) {
        tf32 = allow;
        if (cublasHandle != null) Cublas.get().setTf32(cublasHandle, allow);
    }

    private synchronized MemorySegment function(String family, String name) {
        MemorySegment f = functions.get(name);
        if (f != null) return f;
        MemorySegment m = modules.get(family);
        if (m == null) {
            Nvrtc nvrtc = Nvrtc.get();
            if (nvrtc == null) throw new UnsupportedOperationException("CUDA kernels need NVRTC: " + Nvrtc.unavailableReason());
            makeCurrent();
            String ptx = KernelSources.ptx(nvrtc, family, Math.min(arch, 90));
            m = driver.moduleLoadData(ptx.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            modules.put(family, m);
        }
        f = driver.moduleGetFunction(m, name);
        functions.put(name, f);
        return f;
    }

    /**
     * Copies bytes from host memory to the device without waiting when they are few (scalars, tap tables): they go
     * through a ring of page-locked memory whose slots are reused only after a stream synchronisation at wrap-around,
     * so an asynchronous copy never reads a slot that was overwritten. Returns false for larger copies.
     */
    synchronized boolean uploadSmall(long dst, MemorySegment src, long bytes) {
        if (bytes > SMALL_UPLOAD) return false;
        makeCurrent();
        if (ring == null) ring = driver.memAllocHost(RING);
        long slot = (bytes + 255) & ~255L;
        if (ringOffset + slot > RING) {
            driver.streamSynchronize(stream);
            ringOffset = 0;
        }
        MemorySegment s = ring.asSlice(ringOffset, Math.max(bytes, 1));
        MemorySegment.copy(src, 0, s, 0, bytes);
        driver.copyHtoD(dst, s, bytes, stream);
        ringOffset += Math.max(slot, 256);
        return true;
    }

    /** A grid-stride kernel over n elements. */
    void launch(String family, String name, long n, Object... args) {
        if (n <= 0) return;
        launchBlocks(family, name, (int) Math.min((n + BLOCK - 1) / BLOCK, MAX_GRID), args);
    }

    /**
     * A kernel with the given number of blocks of {@link #BLOCK} threads. Arguments: Integer (int), Long (i64 or a
     * device pointer), Double, TensorArg (the TI struct), int[] (a struct of ints).
     */
    void launchBlocks(String family, String name, int blocks, Object... args) {
        if (blocks <= 0) return;
        MemorySegment f = function(family, name);
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment v = switch (args[i]) {
                    case Integer x -> a.allocateFrom(ValueLayout.JAVA_INT, x);
                    case Long x -> a.allocateFrom(ValueLayout.JAVA_LONG, x);
                    case Double x -> a.allocateFrom(ValueLayout.JAVA_DOUBLE, x);
                    case TensorArg t -> t.write(a);
                    case int[] s -> a.allocateFrom(ValueLayout.JAVA_INT, s);
                    default -> throw new IllegalArgumentException("kernel argument " + args[i]);
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, v);
            }
            driver.launch(f, Math.min(blocks, MAX_GRID), BLOCK, 0, stream, params);
        }
    }

    /** A fresh device block for a storage of numel elements of dtype. */
    CudaStorage allocate(DType dtype, int numel, torch4j.Device device) {
        long bytes = (long) numel * dtype.itemSize();
        long ptr = allocator.allocate(bytes);
        // the core's Tensor.empty promises zeroed memory (the CPU backend's arrays are); one async memset keeps that
        makeCurrent();
        if (bytes > 0) driver.memsetD8(ptr, (byte) 0, bytes, stream);
        return new CudaStorage(dtype, device, numel, ptr, allocator, bytes);
    }

    /** The kernel name suffix of a dtype. */
    static String suffix(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case FLOAT16 -> "f16";
            case BFLOAT16 -> "bf16";
            case INT64 -> "i64";
            case INT32 -> "i32";
            case INT16 -> "i16";
            case INT8 -> "i8";
            case UINT8 -> "u8";
            case BOOL -> "b8";
        };
    }
}
