package torch4j.cuda.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.internal.Shapes;

/**
 * One GPU: its primary context, its one stream (every copy and kernel of the device is queued there, in order), its
 * caching allocator, cuBLAS handle and loaded kernel modules. Calls from any thread make the context current first.
 * <p>Every device operation of the backend goes through this class, so a context built for tests with a
 * {@link Recorder} instead of a driver sees each kernel launch, copy and GEMM the kernel families ask for.
 */
public final class DeviceContext {
    static final int BLOCK = 256;
    private static final int MAX_GRID = 1 << 20;
    private static final long RING = 4 << 20, SMALL_UPLOAD = 64 << 10;

    /** What a test context records instead of calling the driver. */
    interface Recorder {
        void launch(String family, String name, int blocks, Object[] args);

        void gemm(DType type, Object... args);
    }

    final Driver driver;
    private final Recorder recorder;
    final int index;
    final int arch;
    private final MemorySegment context;
    final MemorySegment stream;
    final CachingAllocator allocator;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private final Map<String, MemorySegment> modules = new HashMap<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private MemorySegment cublasHandle;
    private boolean tf32;
    private MemorySegment ring;
    private long ringOffset;

    DeviceContext(Driver driver, int index) {
        this.driver = driver;
        this.recorder = null;
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

    /** A driverless context for tests: allocations come from memory, device operations go to the recorder. */
    DeviceContext(int index, CachingAllocator.DeviceMemory memory, Recorder recorder) {
        this.driver = null;
        this.recorder = recorder;
        this.index = index;
        this.arch = 90;
        this.context = MemorySegment.NULL;
        this.stream = MemorySegment.NULL;
        this.allocator = new CachingAllocator(memory);
    }

    /** The device's caching allocator. */
    public CachingAllocator allocator() { return allocator; }

    /** Binds the device's context to the calling thread (once per thread). */
    void makeCurrent() {
        if (driver != null && !current.get()) {
            driver.setCurrent(context);
            current.set(true);
        }
    }

    /** Waits for everything queued on the device's stream. */
    public void synchronize() {
        if (driver == null) return;
        makeCurrent();
        driver.streamSynchronize(stream);
    }

    private synchronized MemorySegment cublas() {
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

    /**
     * A column-major strided-batched GEMM on the device's stream (cuBLAS): float32 (TF32 as set), float64, or
     * bfloat16/float16 with float32 accumulation.
     */
    void gemm(DType t, int opA, int opB, int m, int n, int k, long a, int lda, long sa, long b, int ldb, long sb,
              double beta, long c, int ldc, long sc, int batch) {
        if (recorder != null) {
            recorder.gemm(t, opA, opB, m, n, k, a, lda, sa, b, ldb, sb, beta, c, ldc, sc, batch);
            return;
        }
        MemorySegment h = cublas();
        makeCurrent(); // cuBLAS runs in the calling thread's current context
        Cublas cb = Cublas.get();
        switch (t) {
            case FLOAT32 -> cb.sgemm(h, opA, opB, m, n, k, 1f, a, lda, sa, b, ldb, sb, (float) beta, c, ldc, sc, batch);
            case FLOAT64 -> cb.dgemm(h, opA, opB, m, n, k, 1, a, lda, sa, b, ldb, sb, beta, c, ldc, sc, batch);
            case BFLOAT16, FLOAT16 -> cb.gemmEx(h, t == DType.BFLOAT16 ? Cublas.R_16BF : Cublas.R_16F, opA, opB, m, n, k,
                    1f, a, lda, sa, b, ldb, sb, (float) beta, c, ldc, sc, batch);
            default -> throw new IllegalStateException("no GEMM for " + t);
        }
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

    /** A grid-stride kernel over n elements. */
    void launch(String family, String name, long n, Object... args) {
        if (n <= 0) return;
        launchBlocks(family, name, (int) Math.min((n + BLOCK - 1) / BLOCK, MAX_GRID), args);
    }

    /**
     * A kernel with the given number of blocks of {@link #BLOCK} threads. Arguments: Integer (int), Long (i64),
     * DevPtr (a device pointer, keeping its tensor reachable until queued), Double, TensorArg (the TI struct), int[]
     * (a struct of ints).
     */
    void launchBlocks(String family, String name, int blocks, Object... args) {
        if (blocks <= 0) return;
        if (recorder != null) {
            recorder.launch(family, name, Math.min(blocks, MAX_GRID), args);
            return;
        }
        MemorySegment f = function(family, name);
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment v = switch (args[i]) {
                    case Integer x -> a.allocateFrom(ValueLayout.JAVA_INT, x);
                    case Long x -> a.allocateFrom(ValueLayout.JAVA_LONG, x);
                    case DevPtr p -> a.allocateFrom(ValueLayout.JAVA_LONG, p.address());
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

    /** Device to device copy of raw bytes, queued. */
    void copyDtoD(long dst, long src, long bytes) {
        if (recorder != null) return;
        makeCurrent();
        driver.copyDtoD(dst, src, bytes, stream);
    }

    /**
     * Host to device copy of raw bytes. Few bytes (scalars, tap tables) go through a ring of page-locked memory
     * without waiting: a slot is reused only after a stream synchronisation at wrap-around, so an asynchronous copy
     * never reads a slot that was overwritten. Larger copies stage through native memory and wait for the copy.
     */
    synchronized void copyHtoD(long dst, MemorySegment src, long bytes) {
        if (recorder != null || bytes == 0) return;
        makeCurrent();
        if (bytes <= SMALL_UPLOAD) {
            if (ring == null) ring = driver.memAllocHost(RING);
            long slot = Math.max(256, (bytes + 255) & ~255L);
            if (ringOffset + slot > RING) {
                driver.streamSynchronize(stream);
                ringOffset = 0;
            }
            MemorySegment s = ring.asSlice(ringOffset, bytes);
            MemorySegment.copy(src, 0, s, 0, bytes);
            driver.copyHtoD(dst, s, bytes, stream);
            ringOffset += slot;
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(bytes, 16);
            MemorySegment.copy(src, 0, buf, 0, bytes);
            driver.copyHtoD(dst, buf, bytes, stream);
            // the staging buffer dies with the arena: the copy must have read it by then
            driver.streamSynchronize(stream);
        }
    }

    /** Device to host copy of raw bytes; returns when they are in dst. */
    void copyDtoH(MemorySegment dst, long src, long bytes) {
        if (recorder != null || bytes == 0) return;
        makeCurrent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(bytes, 16);
            driver.copyDtoH(buf, src, bytes, stream);
            driver.streamSynchronize(stream);
            MemorySegment.copy(buf, 0, dst, 0, bytes);
        }
    }

    /** A fresh device block for a storage of numel elements of dtype, zeroed. */
    CudaStorage allocate(DType dtype, int numel, Device device) {
        long bytes = (long) numel * dtype.itemSize();
        long ptr = allocator.allocate(bytes);
        // the core's Tensor.empty promises zeroed memory (the CPU backend's arrays are); one async memset keeps that
        if (bytes > 0 && recorder == null) {
            makeCurrent();
            driver.memsetD8(ptr, (byte) 0, bytes, stream);
        }
        return new CudaStorage(dtype, device, numel, ptr, allocator, bytes);
    }

    /** A contiguous tensor on this device, allocated here (not through the core's backend lookup). */
    Tensor empty(int[] shape, DType dtype) {
        long n = Shapes.numel(shape);
        return Tensor.wrap(allocate(dtype, (int) n, Device.cuda(index)), shape.clone(), Shapes.contiguousStrides(shape), 0);
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
