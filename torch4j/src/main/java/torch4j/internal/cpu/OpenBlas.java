package torch4j.internal.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Optional FFM binding of OpenBLAS's {@code cblas_sgemm}/{@code cblas_dgemm} ({@code libopenblas.so.0}, 32-bit
 * {@code blasint}). Looked up once, at first use, in this order:
 * <ol>
 *   <li>{@code -Dtorch4j.blas.lib=/path/libopenblas.so.0};</li>
 *   <li>the system library: the loader's search path (Debian/Ubuntu {@code libopenblas0-pthread}), then the usual
 *       multiarch paths;</li>
 *   <li>the library bundled on the classpath by the optional {@code torch4j-openblas} artifact (bytedeco's build from
 *       Maven Central), extracted once into a per-user cache ({@link BundledLibs});</li>
 *   <li>none: {@link #isAvailable()} is false and {@link Gemm} stays in pure Java. Nothing fails.</li>
 * </ol>
 * {@code -Dtorch4j.blas=java} disables the native path, {@code =system} skips the bundled library, {@code =bundled}
 * tries it before the system one (docs/gemm.md has the measurements behind the default order).
 *
 * <p><b>Safepoints.</b> A {@code critical(true)} downcall may take heap arrays with no copy, but the calling thread
 * stays "in Java" for the whole call, so a GC or any other safepoint waits for it, stalling every other thread that
 * needs one. We therefore pass heap arrays critically only when the call is estimated to finish within a few
 * milliseconds ({@link #CRITICAL_MAX_FLOPS}, ≈ 5 ms on one core here, less with threads; about a 512³ GEMM), which is
 * no worse than an ordinary young-GC pause. Larger calls copy their operands into native memory and use a normal
 * downcall, which lets safepoints proceed while OpenBLAS runs; the copy is O(n²) against O(n³) work and was measured
 * at a few percent from 1024³ on (docs/gemm.md).
 */
public final class OpenBlas {
    private OpenBlas() {}

    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    /** Flop count up to which heap arrays are passed with critical(true); above it operands are copied. */
    static final long CRITICAL_MAX_FLOPS = Long.getLong("torch4j.blas.criticalMaxFlops", 400_000_000L);

    private record Binding(String source, MethodHandle sgemmHeap, MethodHandle sgemmNative,
                           MethodHandle dgemmHeap, MethodHandle dgemmNative, MethodHandle setThreads) {}

    private static final class Holder {
        static final Binding B = load();
    }

    private static volatile int threadsSet = -1;

    /**
     * OpenBLAS on one thread, float products split over torch4j's own threads: one set of threads for everything, so
     * no OpenBLAS worker spins on a core that torch4j's next kernel needs. {@code -Dtorch4j.blas.ownThreads=false}
     * lets OpenBLAS thread the products itself.
     */
    static volatile boolean OWN_THREADS = !"false".equals(System.getProperty("torch4j.blas.ownThreads"));

    /** True when an OpenBLAS library was found and bound (and not disabled with -Dtorch4j.blas=java). */
    public static boolean isAvailable() { return Holder.B != null; }

    /** Where the library came from, or null. */
    public static String source() {
        Binding b = Holder.B;
        return b == null ? null : b.source();
    }

    private static Binding load() {
        String mode = System.getProperty("torch4j.blas", "").toLowerCase(java.util.Locale.ROOT);
        if (mode.equals("java")) return null;
        try {
            Linker linker = Linker.nativeLinker();
            Loaded lib = null;
            String prop = System.getProperty("torch4j.blas.lib");
            if (prop != null && !prop.isBlank()) lib = loaded(tryLoad(prop), prop);
            // Order measured in docs/gemm.md: the system library first unless told otherwise.
            if (lib == null && mode.equals("bundled")) lib = loadBundled();
            if (lib == null) lib = loadSystem();
            if (lib == null && !mode.equals("system") && !mode.equals("bundled")) lib = loadBundled();
            if (lib == null) return null;
            SymbolLookup lookup = lib.lookup();
            Optional<MemorySegment> s = lookup.find("cblas_sgemm"), d = lookup.find("cblas_dgemm");
            if (s.isEmpty() || d.isEmpty()) return null;
            ValueLayout I = ValueLayout.JAVA_INT, P = ValueLayout.ADDRESS;
            FunctionDescriptor sd = FunctionDescriptor.ofVoid(I, I, I, I, I, I, ValueLayout.JAVA_FLOAT, P, I, P, I,
                    ValueLayout.JAVA_FLOAT, P, I);
            FunctionDescriptor dd = FunctionDescriptor.ofVoid(I, I, I, I, I, I, ValueLayout.JAVA_DOUBLE, P, I, P, I,
                    ValueLayout.JAVA_DOUBLE, P, I);
            Linker.Option crit = Linker.Option.critical(true);
            MethodHandle setThreads = lookup.find("openblas_set_num_threads")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.ofVoid(I))).orElse(null);
            return new Binding(lib.source(),
                    linker.downcallHandle(s.get(), sd, crit), linker.downcallHandle(s.get(), sd),
                    linker.downcallHandle(d.get(), dd, crit), linker.downcallHandle(d.get(), dd), setThreads);
        } catch (Throwable t) {
            // No native access, wrong architecture, missing symbols...: the Java path is always there.
            return null;
        }
    }

    /**
     * libc's memmove taking heap arrays critically: memmove(a, a, 0) returns the address the array's elements have
     * during the call, the one way to learn a heap array's alignment.
     */
    private static final class Addr {
        static final MethodHandle MEMMOVE = memmove();

        private static MethodHandle memmove() {
            try {
                Linker l = Linker.nativeLinker();
                return l.defaultLookup().find("memmove").map(a -> l.downcallHandle(a, FunctionDescriptor.of(
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                        Linker.Option.critical(true))).orElse(null);
            } catch (RuntimeException | Error e) {
                return null;
            }
        }
    }

    /**
     * The first index of a float[] or double[] whose element is 64-byte aligned right now (0 when unknown). The GC
     * may move the array later, which costs only speed: OpenBLAS's kernels run 10-20% faster on aligned operands.
     */
    static int alignedOffset(Object array) {
        if (Holder.B == null || Addr.MEMMOVE == null) return 0;
        try {
            MemorySegment s = array instanceof float[] f ? MemorySegment.ofArray(f) : MemorySegment.ofArray((double[]) array);
            long addr = ((MemorySegment) Addr.MEMMOVE.invokeExact(s, s, 0L)).address();
            int elem = array instanceof float[] ? 4 : 8;
            return (int) (((64 - (addr & 63)) & 63) / elem);
        } catch (Throwable t) {
            return 0;
        }
    }

    private record Loaded(SymbolLookup lookup, String source) {}

    private static Loaded loaded(SymbolLookup l, String source) { return l == null ? null : new Loaded(l, source); }

    /** The system's OpenBLAS: the loader's search path, then the usual install locations. */
    private static Loaded loadSystem() {
        SymbolLookup l = tryLoad("libopenblas.so.0");
        if (l != null) return new Loaded(l, "libopenblas.so.0");
        for (String p : new String[] {"/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "/usr/lib64/libopenblas.so.0",
                "/usr/lib/aarch64-linux-gnu/libopenblas.so.0", "/usr/lib/libopenblas.so.0"}) {
            if (Files.exists(Path.of(p)) && (l = tryLoad(p)) != null) return new Loaded(l, p);
        }
        return null;
    }

    /** OpenBLAS from the classpath (the optional torch4j-openblas jar), extracted by {@link BundledLibs}. */
    private static Loaded loadBundled() {
        List<Path> libs;
        try {
            libs = BundledLibs.extract(OpenBlas.class.getClassLoader());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (libs == null) return null;
        SymbolLookup last = null;
        for (Path p : libs) {
            String name = p.getFileName().toString();
            // Every process already has a libgcc_s; a second copy of the unwinder is asking for trouble.
            if (name.startsWith("libgcc_s") && tryLoad(name) != null) continue;
            // Dependencies first: once loaded, the dynamic linker resolves libopenblas's NEEDED entries to them by
            // soname, whatever the system has or lacks.
            last = tryLoad(p.toString());
            if (last == null && name.startsWith("libopenblas")) return null;
        }
        return loaded(last, "bundled:" + libs.get(libs.size() - 1));
    }

    private static SymbolLookup tryLoad(String nameOrPath) {
        try {
            return SymbolLookup.libraryLookup(nameOrPath.contains("/") ? Path.of(nameOrPath).toString() : nameOrPath,
                    Arena.global());
        } catch (RuntimeException | Error e) {
            return null;
        }
    }

    // Per-thread native staging for the copying path, kept and grown: a fresh allocation per call would be zeroed
    // and page-faulted in every time (measured: 1024³ at 73 instead of ~85 GFLOP/s). Arena.ofAuto lets the GC free a
    // buffer that a larger one replaced, or that of a dead thread.
    private static final ThreadLocal<MemorySegment> SCRATCH = new ThreadLocal<>();

    private static MemorySegment scratch(long bytes) {
        MemorySegment s = SCRATCH.get();
        if (s == null || s.byteSize() < bytes) {
            s = Arena.ofAuto().allocate(Math.max(bytes, s == null ? 0 : s.byteSize() + s.byteSize() / 2), 64);
            SCRATCH.set(s);
        }
        return s;
    }

    private static long align64(long x) { return (x + 63) & ~63L; }

    /**
     * Products below this many flops run on one OpenBLAS thread: measured on the MNIST MLP step (64×784×128 GEMMs,
     * ~13 MFLOP), two OpenBLAS threads made the step 1.4–2.5× slower on two cores than one thread did.
     */
    private static final long SINGLE_THREAD_MAX_FLOPS = Long.getLong("torch4j.blas.singleThreadMaxFlops", 1L << 24);

    /**
     * OpenBLAS keeps its own pthread pool; keep its size equal to torch4j's so 2 threads means 2 threads. Inside a
     * {@link Parallel} chunk every call runs on its caller's thread alone: the chunks are the threads.
     */
    private static void syncThreads(Binding b, long flops) throws Throwable {
        int t = flops <= SINGLE_THREAD_MAX_FLOPS || Parallel.inside() ? 1 : Parallel.getNumThreads();
        if (t != threadsSet && b.setThreads() != null) {
            b.setThreads().invokeExact(t);
            threadsSet = t;
        }
    }

    /**
     * Puts OpenBLAS on one thread before torch4j's own threads call it side by side from a {@link Parallel} region,
     * so that no chunk has to change OpenBLAS's global setting while another one is inside a GEMM.
     */
    static void singleThreaded() {
        Binding b = Holder.B;
        if (b == null) return;
        try {
            syncThreads(b, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /**
     * Layout of one operand as CBLAS sees it: returns {trans, ld} or null if the strides are not expressible
     * (neither dimension contiguous, negative or too-small leading dimension).
     */
    private static int[] layout(int rows, int cols, int rowStride, int colStride) {
        if (cols == 1 && rowStride >= 1) return new int[] {NO_TRANS, Math.max(rowStride, 1)};
        if (rows == 1 && colStride >= 1) return new int[] {TRANS, Math.max(colStride, 1)};
        if (colStride == 1 && rowStride >= cols) return new int[] {NO_TRANS, rowStride};
        if (rowStride == 1 && colStride >= rows) return new int[] {TRANS, colStride};
        return null;
    }

    private static int extent(int rows, int cols, int[] lay) {
        return lay[0] == NO_TRANS ? (rows - 1) * lay[1] + cols : (cols - 1) * lay[1] + rows;
    }

    /** Runs the GEMM through OpenBLAS if it is bound and the strides allow; returns false to let the caller do it. */
    static boolean sgemm(int batch, int m, int n, int k,
                         float[] a, int aOff, int aBatch, int aRow, int aCol,
                         float[] b, int bOff, int bBatch, int bRow, int bCol,
                         float[] c, int cOff, int cBatch, int ldc, boolean acc) {
        Binding bind = Holder.B;
        if (bind == null || m <= 0 || n <= 0 || k <= 0 || ldc < n || aBatch < 0 || bBatch < 0) return false;
        int[] la = layout(m, k, aRow, aCol), lb = layout(k, n, bRow, bCol);
        if (la == null || lb == null) return false;
        float beta = acc ? 1f : 0f;
        long flops = 2L * m * n * k;
        try {
            int parts = OWN_THREADS && flops > SINGLE_THREAD_MAX_FLOPS && flops <= CRITICAL_MAX_FLOPS && !Parallel.inside()
                    ? Math.min(Parallel.getNumThreads(), batch > 1 ? batch : Math.max(m, n) / 16) : 1;
            if (parts > 1) {
                // OpenBLAS stays on one thread; torch4j's threads take a share of the batch, of C's rows or columns each.
                singleThreaded();
                MemorySegment as = MemorySegment.ofArray(a), bs = MemorySegment.ofArray(b), cs = MemorySegment.ofArray(c);
                boolean byBatch = batch > 1, byRows = !byBatch && m > n;
                int total = byBatch ? batch : byRows ? m : n;
                Parallel.forRange(parts, 1, (p0, p1) -> {
                    for (int pi = p0; pi < p1; pi++) {
                        int u0 = Parallel.bound(total, parts, pi), u1 = Parallel.bound(total, parts, pi + 1);
                        try {
                            if (byBatch) heapCalls(bind, la, lb, m, n, k, as, aOff, aBatch, bs, bOff, bBatch, beta, cs,
                                    cOff, cBatch, ldc, u0, u1);
                            else if (byRows) heapCalls(bind, la, lb, u1 - u0, n, k, as, aOff + (long) u0 * aRow, 0, bs,
                                    bOff, 0, beta, cs, cOff + (long) u0 * ldc, 0, ldc, 0, 1);
                            else heapCalls(bind, la, lb, m, u1 - u0, k, as, aOff, 0, bs, bOff + (long) u0 * bCol, 0,
                                    beta, cs, cOff + u0, 0, ldc, 0, 1);
                        } catch (Throwable t) {
                            throw new IllegalStateException("cblas_sgemm failed", t);
                        }
                    }
                });
                return true;
            }
            syncThreads(bind, flops);
            if (flops <= CRITICAL_MAX_FLOPS) {
                heapCalls(bind, la, lb, m, n, k, MemorySegment.ofArray(a), aOff, aBatch, MemorySegment.ofArray(b), bOff,
                        bBatch, beta, MemorySegment.ofArray(c), cOff, cBatch, ldc, 0, batch);
            } else {
                int ea = extent(m, k, la), eb = extent(k, n, lb), ec = (m - 1) * ldc + n;
                {
                    MemorySegment scratch = scratch(4L * ((long) ea + eb + ec) + 128);
                    MemorySegment na = scratch.asSlice(0, 4L * ea),
                            nb = scratch.asSlice(align64(4L * ea), 4L * eb),
                            nc = scratch.asSlice(align64(align64(4L * ea) + 4L * eb), 4L * ec);
                    for (int bi = 0; bi < batch; bi++) {
                        int ao = aOff + bi * aBatch, bo = bOff + bi * bBatch, co = cOff + bi * cBatch;
                        // A broadcast operand (batch stride 0) is copied once.
                        if (bi == 0 || aBatch != 0) MemorySegment.copy(a, ao, na, ValueLayout.JAVA_FLOAT, 0, ea);
                        if (bi == 0 || bBatch != 0) MemorySegment.copy(b, bo, nb, ValueLayout.JAVA_FLOAT, 0, eb);
                        // Copying C in even when beta is 0 keeps the gaps between rows (ldc > n) intact on the way back.
                        if (acc || ldc != n) MemorySegment.copy(c, co, nc, ValueLayout.JAVA_FLOAT, 0, ec);
                        bind.sgemmNative().invokeExact(ROW_MAJOR, la[0], lb[0], m, n, k, 1f, na, la[1], nb, lb[1], beta, nc, ldc);
                        MemorySegment.copy(nc, ValueLayout.JAVA_FLOAT, 0, c, co, ec);
                    }
                }
            }
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed", t);
        }
    }

    /** Critical heap calls of cblas_sgemm for batch entries [b0, b1) of an m×n×k problem at the given element offsets. */
    private static void heapCalls(Binding bind, int[] la, int[] lb, int m, int n, int k, MemorySegment as, long aOff,
                                  int aBatch, MemorySegment bs, long bOff, int bBatch, float beta, MemorySegment cs,
                                  long cOff, int cBatch, int ldc, int b0, int b1) throws Throwable {
        for (int bi = b0; bi < b1; bi++)
            bind.sgemmHeap().invokeExact(ROW_MAJOR, la[0], lb[0], m, n, k, 1f, as.asSlice(4L * (aOff + (long) bi * aBatch)),
                    la[1], bs.asSlice(4L * (bOff + (long) bi * bBatch)), lb[1], beta,
                    cs.asSlice(4L * (cOff + (long) bi * cBatch)), ldc);
    }

    /** Double-precision twin of {@link #sgemm}. */
    static boolean dgemm(int batch, int m, int n, int k,
                         double[] a, int aOff, int aBatch, int aRow, int aCol,
                         double[] b, int bOff, int bBatch, int bRow, int bCol,
                         double[] c, int cOff, int cBatch, int ldc, boolean acc) {
        Binding bind = Holder.B;
        if (bind == null || m <= 0 || n <= 0 || k <= 0 || ldc < n || aBatch < 0 || bBatch < 0) return false;
        int[] la = layout(m, k, aRow, aCol), lb = layout(k, n, bRow, bCol);
        if (la == null || lb == null) return false;
        double beta = acc ? 1d : 0d;
        // Double runs at about half the float rate, so the same time budget allows half the flops.
        long flops = 4L * m * n * k;
        try {
            syncThreads(bind, flops);
            if (flops <= CRITICAL_MAX_FLOPS) {
                MemorySegment as = MemorySegment.ofArray(a), bs = MemorySegment.ofArray(b), cs = MemorySegment.ofArray(c);
                for (int bi = 0; bi < batch; bi++) {
                    bind.dgemmHeap().invokeExact(ROW_MAJOR, la[0], lb[0], m, n, k, 1d,
                            as.asSlice(8L * (aOff + (long) bi * aBatch)), la[1],
                            bs.asSlice(8L * (bOff + (long) bi * bBatch)), lb[1], beta,
                            cs.asSlice(8L * (cOff + (long) bi * cBatch)), ldc);
                }
            } else {
                int ea = extent(m, k, la), eb = extent(k, n, lb), ec = (m - 1) * ldc + n;
                {
                    MemorySegment scratch = scratch(8L * ((long) ea + eb + ec) + 128);
                    MemorySegment na = scratch.asSlice(0, 8L * ea),
                            nb = scratch.asSlice(align64(8L * ea), 8L * eb),
                            nc = scratch.asSlice(align64(align64(8L * ea) + 8L * eb), 8L * ec);
                    for (int bi = 0; bi < batch; bi++) {
                        int ao = aOff + bi * aBatch, bo = bOff + bi * bBatch, co = cOff + bi * cBatch;
                        if (bi == 0 || aBatch != 0) MemorySegment.copy(a, ao, na, ValueLayout.JAVA_DOUBLE, 0, ea);
                        if (bi == 0 || bBatch != 0) MemorySegment.copy(b, bo, nb, ValueLayout.JAVA_DOUBLE, 0, eb);
                        if (acc || ldc != n) MemorySegment.copy(c, co, nc, ValueLayout.JAVA_DOUBLE, 0, ec);
                        bind.dgemmNative().invokeExact(ROW_MAJOR, la[0], lb[0], m, n, k, 1d, na, la[1], nb, lb[1], beta, nc, ldc);
                        MemorySegment.copy(nc, ValueLayout.JAVA_DOUBLE, 0, c, co, ec);
                    }
                }
            }
            return true;
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_dgemm failed", t);
        }
    }

    /**
     * Extracts the native libraries of {@code org.bytedeco:openblas:<version>:<platform>} from the classpath into
     * {@code <cache>/openblas-<key>/}, where the key hashes the files' names, sizes and CRC-32s (read from the jar's
     * directory, so nothing is inflated when the cache is already there) or, outside a jar, their bytes. Each file is
     * written to a temporary name and renamed into place, so concurrent JVMs never see a partial library; existing
     * files of the right size are reused. The cache is {@code -Dtorch4j.cacheDir}, else
     * {@code $XDG_CACHE_HOME/torch4j}, else {@code ~/.cache/torch4j}, else {@code <java.io.tmpdir>/torch4j-<user>}.
     */
    static final class BundledLibs {
        private BundledLibs() {}

        /** In dependency order: each one's NEEDED entries come before it. */
        private static final String[] LIBS = {"libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0"};

        /** bytedeco's platform folder for this JVM, or null where it ships no OpenBLAS we can bind. */
        static String platform() {
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            String arch = System.getProperty("os.arch", "");
            if (!os.startsWith("linux")) return null;
            return switch (arch) {
                case "amd64", "x86_64" -> "linux-x86_64";
                case "aarch64", "arm64" -> "linux-arm64";
                default -> null;
            };
        }

        /** Paths of the extracted libraries in load order (libopenblas last), or null if none is on the classpath. */
        static List<Path> extract(ClassLoader cl) throws IOException {
            String plat = platform();
            if (plat == null || cl == null) return null;
            String dir = "org/bytedeco/openblas/" + plat + "/";
            List<String> names = new java.util.ArrayList<>();
            List<java.net.URL> urls = new java.util.ArrayList<>();
            for (String n : LIBS) {
                java.net.URL u = cl.getResource(dir + n);
                if (u != null) {
                    names.add(n);
                    urls.add(u);
                }
            }
            if (names.isEmpty() || !names.get(names.size() - 1).equals("libopenblas.so.0")) return null;

            java.security.MessageDigest md;
            try {
                md = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
            long[] sizes = new long[names.size()];
            for (int i = 0; i < names.size(); i++) {
                md.update(names.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                java.net.URLConnection conn = urls.get(i).openConnection();
                java.util.jar.JarEntry e = conn instanceof java.net.JarURLConnection j ? j.getJarEntry() : null;
                if (e != null && e.getCrc() != -1 && e.getSize() >= 0) {
                    sizes[i] = e.getSize();
                    md.update(java.nio.ByteBuffer.allocate(16).putLong(e.getSize()).putLong(e.getCrc()).array());
                } else {
                    try (java.io.InputStream in = conn.getInputStream()) {
                        byte[] buf = new byte[1 << 16];
                        long total = 0;
                        for (int r; (r = in.read(buf)) > 0; total += r) md.update(buf, 0, r);
                        sizes[i] = total;
                    }
                }
            }
            String key = java.util.HexFormat.of().formatHex(md.digest(), 0, 12);
            Path target = cacheRoot().resolve("openblas-" + key);
            Files.createDirectories(target);
            List<Path> out = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Path f = target.resolve(names.get(i));
                if (!Files.isRegularFile(f) || Files.size(f) != sizes[i]) {
                    Path tmp = Files.createTempFile(target, names.get(i) + ".", ".tmp");
                    try {
                        try (java.io.InputStream in = urls.get(i).openStream()) {
                            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                        Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
                out.add(f);
            }
            return out;
        }

        static Path cacheRoot() {
            String prop = System.getProperty("torch4j.cacheDir");
            if (prop != null && !prop.isBlank()) return Path.of(prop);
            String xdg = System.getenv("XDG_CACHE_HOME");
            String home = System.getProperty("user.home");
            for (Path p : new Path[] {
                    xdg != null && !xdg.isBlank() ? Path.of(xdg, "torch4j") : null,
                    home != null && !home.isBlank() && !home.equals("?") ? Path.of(home, ".cache", "torch4j") : null}) {
                if (p == null) continue;
                try {
                    Files.createDirectories(p);
                    if (Files.isWritable(p)) return p;
                } catch (IOException | RuntimeException ignored) {
                    // read-only home (containers): try the next one
                }
            }
            return Path.of(System.getProperty("java.io.tmpdir"), "torch4j-" + System.getProperty("user.name", "user"));
        }
    }
}
