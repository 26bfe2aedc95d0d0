package torch4j.cuda.internal;

import static torch4j.cuda.internal.Native.INT;
import static torch4j.cuda.internal.Native.LONG;
import static torch4j.cuda.internal.Native.PTR;
import static torch4j.cuda.internal.Native.fn;
import static torch4j.cuda.internal.Native.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code libcuda.so.1}) through FFM. Entry points are bound under the versioned names that
 * {@code cuda.h} maps the plain names to ({@code cuMemAlloc_v2}, …), as a C program compiled against it would.
 * Device pointers, contexts, streams, modules and functions are plain longs / addresses.
 */
public final class Driver {
    private static final String LIB = "libcuda.so.1";
    public static final int CU_STREAM_NON_BLOCKING = 1;
    public static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    public static final int ATTR_CC_MAJOR = 75;
    public static final int ATTR_CC_MINOR = 76;

    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
            cuDeviceGetAttribute, cuDevicePrimaryCtxRetain, cuCtxSetCurrent, cuMemAlloc, cuMemFree, cuMemAllocHost,
            cuMemFreeHost, cuMemGetInfo, cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD8Async,
            cuStreamCreate, cuStreamSynchronize, cuModuleLoadData, cuModuleGetFunction, cuLaunchKernel,
            cuGetErrorString, cuGetErrorName;

    private Driver(SymbolLookup l) {
        cuInit = fn(l, LIB, "cuInit", INT);
        cuDriverGetVersion = fn(l, LIB, "cuDriverGetVersion", PTR);
        cuDeviceGetCount = fn(l, LIB, "cuDeviceGetCount", PTR);
        cuDeviceGet = fn(l, LIB, "cuDeviceGet", PTR, INT);
        cuDeviceGetName = fn(l, LIB, "cuDeviceGetName", PTR, INT, INT);
        cuDeviceGetAttribute = fn(l, LIB, "cuDeviceGetAttribute", PTR, INT, INT);
        cuDevicePrimaryCtxRetain = fn(l, LIB, "cuDevicePrimaryCtxRetain", PTR, INT);
        cuCtxSetCurrent = fn(l, LIB, "cuCtxSetCurrent", PTR);
        cuMemAlloc = fn(l, LIB, "cuMemAlloc_v2", PTR, LONG);
        cuMemFree = fn(l, LIB, "cuMemFree_v2", LONG);
        cuMemAllocHost = fn(l, LIB, "cuMemAllocHost_v2", PTR, LONG);
        cuMemFreeHost = fn(l, LIB, "cuMemFreeHost", PTR);
        cuMemGetInfo = fn(l, LIB, "cuMemGetInfo_v2", PTR, PTR);
        cuMemcpyHtoDAsync = fn(l, LIB, "cuMemcpyHtoDAsync_v2", LONG, PTR, LONG, PTR);
        cuMemcpyDtoHAsync = fn(l, LIB, "cuMemcpyDtoHAsync_v2", PTR, LONG, LONG, PTR);
        cuMemcpyDtoDAsync = fn(l, LIB, "cuMemcpyDtoDAsync_v2", LONG, LONG, LONG, PTR);
        cuMemsetD8Async = fn(l, LIB, "cuMemsetD8Async", LONG, ValueLayout.JAVA_BYTE, LONG, PTR);
        cuStreamCreate = fn(l, LIB, "cuStreamCreate", PTR, INT);
        cuStreamSynchronize = fn(l, LIB, "cuStreamSynchronize", PTR);
        cuModuleLoadData = fn(l, LIB, "cuModuleLoadData", PTR, PTR);
        cuModuleGetFunction = fn(l, LIB, "cuModuleGetFunction", PTR, PTR, PTR);
        cuLaunchKernel = fn(l, LIB, "cuLaunchKernel", PTR, INT, INT, INT, INT, INT, INT, INT, PTR, PTR, PTR);
        cuGetErrorString = fn(l, LIB, "cuGetErrorString", INT, PTR);
        cuGetErrorName = fn(l, LIB, "cuGetErrorName", INT, PTR);
    }

    /** Binds the driver found by {@link LibraryFinder}; the result carries where it looked when it is absent. */
    public static Result load() {
        LibraryFinder.Found f = LibraryFinder.find(LIB);
        if (f.lookup() == null)
            return new Result(null, "no CUDA driver found (looked for " + LIB + " in " + String.join(", ", f.searched()) + ")");
        try {
            return new Result(new Driver(f.lookup()), null);
        } catch (UnsatisfiedLinkError e) {
            return new Result(null, "the CUDA driver at " + f.path() + " is unusable: " + e.getMessage());
        }
    }

    /** A bound driver, or why there is none. */
    public record Result(Driver driver, String reason) {}

    /** Throws a CudaException naming the call when status is not CUDA_SUCCESS. */
    public void check(int status, String call) {
        if (status != 0) throw new CudaException(call + " failed: " + errorName(status) + " (" + errorString(status) + ")", status);
    }

    public String errorString(int status) { return errorText(cuGetErrorString, status); }

    public String errorName(int status) { return errorText(cuGetErrorName, status); }

    private static String errorText(MethodHandle h, int status) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            int rc = (int) h.invokeExact(status, p);
            if (rc != 0) return "CUresult " + status;
            return p.get(ValueLayout.ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "CUresult " + status;
        }
    }

    public int init() { try { return (int) cuInit.invokeExact(0); } catch (Throwable t) { throw rethrow(t); } }

    public int driverVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(INT);
            check((int) cuDriverGetVersion.invokeExact(p), "cuDriverGetVersion");
            return p.get(INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(INT);
            check((int) cuDeviceGetCount.invokeExact(p), "cuDeviceGetCount");
            return p.get(INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int device(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(INT);
            check((int) cuDeviceGet.invokeExact(p, ordinal), "cuDeviceGet");
            return p.get(INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public String deviceName(int dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(256);
            check((int) cuDeviceGetName.invokeExact(p, 256, dev), "cuDeviceGetName");
            return p.getString(0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public int attribute(int attr, int dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(INT);
            check((int) cuDeviceGetAttribute.invokeExact(p, attr, dev), "cuDeviceGetAttribute");
            return p.get(INT, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment primaryContext(int dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check((int) cuDevicePrimaryCtxRetain.invokeExact(p, dev), "cuDevicePrimaryCtxRetain");
            return p.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void setCurrent(MemorySegment ctx) {
        try { check((int) cuCtxSetCurrent.invokeExact(ctx), "cuCtxSetCurrent"); } catch (Throwable t) { throw rethrow(t); }
    }

    /** cuMemAlloc_v2; returns the raw status so the allocator can free its cache and retry on out-of-memory. */
    public int memAlloc(MemorySegment ptrOut, long bytes) {
        try { return (int) cuMemAlloc.invokeExact(ptrOut, bytes); } catch (Throwable t) { throw rethrow(t); }
    }

    public void memFree(long ptr) {
        try { check((int) cuMemFree.invokeExact(ptr), "cuMemFree_v2"); } catch (Throwable t) { throw rethrow(t); }
    }

    /** Page-locked host memory (so copies from it can run asynchronously). */
    public MemorySegment memAllocHost(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check((int) cuMemAllocHost.invokeExact(p, bytes), "cuMemAllocHost_v2");
            return p.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void memFreeHost(MemorySegment p) {
        try { check((int) cuMemFreeHost.invokeExact(p), "cuMemFreeHost"); } catch (Throwable t) { throw rethrow(t); }
    }

    /** {free, total} bytes of the current context's device. */
    public long[] memInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(LONG), t = a.allocate(LONG);
            check((int) cuMemGetInfo.invokeExact(f, t), "cuMemGetInfo_v2");
            return new long[]{f.get(LONG, 0), t.get(LONG, 0)};
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void copyHtoD(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try { check((int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync_v2"); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public void copyDtoH(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try { check((int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync_v2"); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public void copyDtoD(long dst, long src, long bytes, MemorySegment stream) {
        try { check((int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2"); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public void memsetD8(long dst, byte v, long bytes, MemorySegment stream) {
        try { check((int) cuMemsetD8Async.invokeExact(dst, v, bytes, stream), "cuMemsetD8Async"); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment streamCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check((int) cuStreamCreate.invokeExact(p, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
            return p.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void streamSynchronize(MemorySegment stream) {
        try { check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize"); } catch (Throwable t) { throw rethrow(t); }
    }

    /** Loads a PTX (or cubin) image, NUL-terminated for PTX. */
    public MemorySegment moduleLoadData(byte[] image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment img = a.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, img, ValueLayout.JAVA_BYTE, 0, image.length);
            MemorySegment p = a.allocate(PTR);
            check((int) cuModuleLoadData.invokeExact(p, img), "cuModuleLoadData");
            return p.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check((int) cuModuleGetFunction.invokeExact(p, module, a.allocateFrom(name)), "cuModuleGetFunction(" + name + ")");
            return p.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public void launch(MemorySegment f, int gridX, int blockX, int sharedBytes, MemorySegment stream, MemorySegment params) {
        try {
            check((int) cuLaunchKernel.invokeExact(f, gridX, 1, 1, blockX, 1, 1, sharedBytes, stream, params, MemorySegment.NULL),
                    "cuLaunchKernel");
        } catch (Throwable t) { throw rethrow(t); }
    }
}
