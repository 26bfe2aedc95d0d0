package torch4j.cuda.internal;

import static torch4j.cuda.internal.Native.INT;
import static torch4j.cuda.internal.Native.LONG;
import static torch4j.cuda.internal.Native.PTR;
import static torch4j.cuda.internal.Native.fn;
import static torch4j.cuda.internal.Native.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** NVRTC ({@code libnvrtc.so.13}) through FFM: CUDA C++ source to PTX at run time, no nvcc needed. */
public final class Nvrtc {
    private static final String LIB = "libnvrtc.so.13";
    private static volatile Object loaded;

    private final java.nio.file.Path file;
    private final MethodHandle create, compile, ptxSize, ptx, logSize, log, destroy, version, errorString;

    private Nvrtc(SymbolLookup l, java.nio.file.Path file) {
        this.file = file;
        create = fn(l, LIB, "nvrtcCreateProgram", PTR, PTR, PTR, INT, PTR, PTR);
        compile = fn(l, LIB, "nvrtcCompileProgram", PTR, INT, PTR);
        ptxSize = fn(l, LIB, "nvrtcGetPTXSize", PTR, PTR);
        ptx = fn(l, LIB, "nvrtcGetPTX", PTR, PTR);
        logSize = fn(l, LIB, "nvrtcGetProgramLogSize", PTR, PTR);
        log = fn(l, LIB, "nvrtcGetProgramLog", PTR, PTR);
        destroy = fn(l, LIB, "nvrtcDestroyProgram", PTR);
        version = fn(l, LIB, "nvrtcVersion", PTR, PTR);
        errorString = Linker.nativeLinker().downcallHandle(l.find("nvrtcGetErrorString").orElseThrow(),
                FunctionDescriptor.of(PTR, INT));
    }

    /** The library, found once; null with {@link #unavailableReason()} when it is absent. */
    public static Nvrtc get() {
        Object o = loaded;
        if (o == null) {
            synchronized (Nvrtc.class) {
                if (loaded == null) {
                    // NVRTC dlopens its builtins library by soname at compile time; loading it first from the same
                    // folder lets that succeed when the folder is not on the loader's path (pip wheels)
                    LibraryFinder.Found f = LibraryFinder.find(LIB, "libnvrtc.so");
                    if (f.lookup() != null && f.path().getParent() != null) preloadBuiltins(f.path().getParent());
                    loaded = f.lookup() == null
                            ? "no NVRTC found (looked for " + LIB + " in " + String.join(", ", f.searched()) + ")"
                            : new Nvrtc(f.lookup(), f.path());
                }
                o = loaded;
            }
        }
        return o instanceof Nvrtc n ? n : null;
    }

    private static void preloadBuiltins(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.newDirectoryStream(dir, "libnvrtc-builtins.so.*")) {
            for (java.nio.file.Path b : files) {
                SymbolLookup.libraryLookup(b, java.lang.foreign.Arena.global());
                return;
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            // the compile step will then say what is missing
        }
    }

    /** Why {@link #get()} is null, or null. */
    public static String unavailableReason() {
        get();
        return loaded instanceof String s ? s : null;
    }

    /** Where the library was loaded from. */
    public java.nio.file.Path file() { return file; }

    /** {major, minor}. */
    public int[] version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ma = a.allocate(INT), mi = a.allocate(INT);
            check((int) version.invokeExact(ma, mi), "nvrtcVersion", null);
            return new int[]{ma.get(INT, 0), mi.get(INT, 0)};
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** Compiles one source to PTX for the virtual architecture {@code compute_<arch>} (80, 90, …). */
    public String compileToPtx(String source, String name, int arch, List<String> extraOptions) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment progOut = a.allocate(PTR);
            check((int) create.invokeExact(progOut, a.allocateFrom(source), a.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram", null);
            MemorySegment prog = progOut.get(ValueLayout.ADDRESS, 0);
            try {
                List<String> opts = new java.util.ArrayList<>(List.of("--gpu-architecture=compute_" + arch,
                        "--std=c++17", "-default-device"));
                opts.addAll(extraOptions);
                MemorySegment arr = a.allocate(PTR, opts.size());
                for (int i = 0; i < opts.size(); i++) arr.setAtIndex(ValueLayout.ADDRESS, i, a.allocateFrom(opts.get(i)));
                int rc = (int) compile.invokeExact(prog, opts.size(), arr);
                if (rc != 0) check(rc, "nvrtcCompileProgram(" + name + ", compute_" + arch + ")", programLog(a, prog));
                MemorySegment size = a.allocate(LONG);
                check((int) ptxSize.invokeExact(prog, size), "nvrtcGetPTXSize", null);
                MemorySegment buf = a.allocate(size.get(LONG, 0));
                check((int) ptx.invokeExact(prog, buf), "nvrtcGetPTX", null);
                return buf.getString(0, StandardCharsets.US_ASCII);
            } finally {
                int ignored = (int) destroy.invokeExact(progOut);
            }
        } catch (Throwable t) { throw rethrow(t); }
    }

    private String programLog(Arena a, MemorySegment prog) throws Throwable {
        MemorySegment size = a.allocate(LONG);
        if ((int) logSize.invokeExact(prog, size) != 0) return "";
        MemorySegment buf = a.allocate(Math.max(1, size.get(LONG, 0)));
        if ((int) log.invokeExact(prog, buf) != 0) return "";
        return buf.getString(0);
    }

    private void check(int rc, String call, String programLog) throws Throwable {
        if (rc == 0) return;
        MemorySegment s = (MemorySegment) errorString.invokeExact(rc);
        String text = s.equals(MemorySegment.NULL) ? "nvrtcResult " + rc : s.reinterpret(Long.MAX_VALUE).getString(0);
        throw new CudaException(call + " failed: " + text + (programLog == null || programLog.isBlank() ? "" : "\n" + programLog), rc);
    }
}
