package torch4j.internal.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {

    /** One strided, batched problem; A and B live at an offset inside larger arrays to catch offset bugs. */
    private record Case(String name, int batch, int m, int n, int k, boolean transA, boolean transB,
                        boolean broadcastA, boolean broadcastB, boolean acc, int ldcPad) {}

    private static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {1, 1, 7}, {2, 3, 4}, {7, 13, 5}, {6, 16, 9}, {12, 32, 256}, {13, 17, 300},
                {67, 129, 33}, {97, 35, 260}, {1, 300, 40}, {300, 1, 40}, {3, 70, 90}, {50, 2, 70}, {40, 40, 40},
                {128, 64, 520}, {5, 3, 0}, {200, 190, 70},
                // few row strips: columns split between threads; n > NC: two column blocks
                {20, 300, 600}, {8, 3100, 20},
                // above OpenBlas's one-thread size: split by rows (m > n) or by columns over torch4j's threads
                {260, 130, 300}, {90, 410, 300}};
        for (int[] s : shapes)
            for (int t = 0; t < 4; t++)
                l.add(new Case("shape" + s[0] + "x" + s[1] + "x" + s[2] + "t" + t, 1, s[0], s[1], s[2],
                        (t & 1) != 0, (t & 2) != 0, false, false, t == 3, t == 2 ? 3 : 0));
        l.add(new Case("batch", 5, 19, 23, 31, false, false, false, false, false, 0));
        l.add(new Case("batchBig", 3, 70, 50, 90, false, true, false, false, true, 1));
        l.add(new Case("broadcastA", 4, 33, 21, 45, false, false, true, false, false, 0));
        l.add(new Case("broadcastB", 4, 66, 70, 80, true, false, false, true, false, 0));
        l.add(new Case("tinyBatch", 600, 4, 4, 4, false, false, false, true, true, 0));
        l.add(new Case("kZeroAcc", 2, 3, 5, 0, false, false, false, false, true, 0));
        l.add(new Case("batchSplit", 3, 130, 150, 450, false, true, false, false, true, 2));
        return l;
    }

    @FunctionalInterface
    private interface SImpl {
        void run(int batch, int m, int n, int k, float[] a, int aOff, int aBatch, int aRow, int aCol,
                 float[] b, int bOff, int bBatch, int bRow, int bCol, float[] c, int cOff, int cBatch, int ldc, boolean acc);
    }

    @FunctionalInterface
    private interface DImpl {
        void run(int batch, int m, int n, int k, double[] a, int aOff, int aBatch, int aRow, int aCol,
                 double[] b, int bOff, int bBatch, int bRow, int bCol, double[] c, int cOff, int cBatch, int ldc, boolean acc);
    }

    private static void checkFloat(SImpl impl, String label) {
        SplittableRandom rnd = new SplittableRandom(42);
        for (Case cs : cases()) {
            int batch = cs.batch(), m = cs.m(), n = cs.n(), k = cs.k();
            int aOff = 3, bOff = 5, cOff = 2, ldc = n + cs.ldcPad();
            int aBatch = cs.broadcastA() ? 0 : m * k, bBatch = cs.broadcastB() ? 0 : k * n;
            int aRow = cs.transA() ? 1 : k, aCol = cs.transA() ? m : 1;
            int bRow = cs.transB() ? 1 : n, bCol = cs.transB() ? k : 1;
            float[] a = new float[aOff + Math.max(1, batch * m * k)];
            float[] b = new float[bOff + Math.max(1, batch * k * n)];
            float[] c = new float[cOff + batch * m * ldc];
            for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
            for (int i = 0; i < b.length; i++) b[i] = (float) (rnd.nextDouble() * 2 - 1);
            for (int i = 0; i < c.length; i++) c[i] = (float) (rnd.nextDouble() * 2 - 1);
            float[] c0 = c.clone();
            impl.run(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, m * ldc, ldc, cs.acc());
            for (int bi = 0; bi < batch; bi++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double ref = 0, mag = 0;
                        for (int p = 0; p < k; p++) {
                            double x = (double) a[aOff + bi * aBatch + i * aRow + p * aCol] * b[bOff + bi * bBatch + p * bRow + j * bCol];
                            ref += x;
                            mag += Math.abs(x);
                        }
                        int ci = cOff + bi * m * ldc + i * ldc + j;
                        if (cs.acc()) {
                            ref += c0[ci];
                            mag += Math.abs(c0[ci]);
                        }
                        double tol = 1e-4 * Math.max(1, k) * Math.max(mag / Math.max(1, k), 1e-3) + 1e-6;
                        if (!(Math.abs(c[ci] - ref) <= tol))
                            fail(label + " " + cs + " at b=" + bi + " i=" + i + " j=" + j + ": " + c[ci] + " vs " + ref);
                    }
            // The padding between rows of C (ldc > n) and before cOff must be untouched.
            for (int bi = 0; bi < batch; bi++)
                for (int i = 0; i < m; i++)
                    for (int j = n; j < ldc; j++) {
                        int ci = cOff + bi * m * ldc + i * ldc + j;
                        assertEquals(c0[ci], c[ci], label + " " + cs + " wrote outside C");
                    }
            for (int i = 0; i < cOff; i++) assertEquals(c0[i], c[i], label + " " + cs + " wrote before C");
        }
    }

    private static void checkDouble(DImpl impl, String label) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (Case cs : cases()) {
            int batch = cs.batch(), m = cs.m(), n = cs.n(), k = cs.k();
            int aOff = 1, bOff = 4, cOff = 3, ldc = n + cs.ldcPad();
            int aBatch = cs.broadcastA() ? 0 : m * k, bBatch = cs.broadcastB() ? 0 : k * n;
            int aRow = cs.transA() ? 1 : k, aCol = cs.transA() ? m : 1;
            int bRow = cs.transB() ? 1 : n, bCol = cs.transB() ? k : 1;
            double[] a = new double[aOff + Math.max(1, batch * m * k)];
            double[] b = new double[bOff + Math.max(1, batch * k * n)];
            double[] c = new double[cOff + batch * m * ldc];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextDouble() * 2 - 1;
            for (int i = 0; i < b.length; i++) b[i] = rnd.nextDouble() * 2 - 1;
            for (int i = 0; i < c.length; i++) c[i] = rnd.nextDouble() * 2 - 1;
            double[] c0 = c.clone();
            impl.run(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, m * ldc, ldc, cs.acc());
            for (int bi = 0; bi < batch; bi++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double ref = 0;
                        for (int p = 0; p < k; p++)
                            ref += a[aOff + bi * aBatch + i * aRow + p * aCol] * b[bOff + bi * bBatch + p * bRow + j * bCol];
                        int ci = cOff + bi * m * ldc + i * ldc + j;
                        if (cs.acc()) ref += c0[ci];
                        if (!(Math.abs(c[ci] - ref) <= 1e-12 * Math.max(1, k)))
                            fail(label + " " + cs + " at b=" + bi + " i=" + i + " j=" + j + ": " + c[ci] + " vs " + ref);
                    }
        }
    }

    /** Conv buffers start at their first 64-byte-aligned element: a float index below 16, a double one below 8. */
    @Test
    void alignedOffsetsAreInRangeAndStable() {
        float[] f = new float[1 << 20];
        double[] d = new double[1 << 19];
        int of = OpenBlas.alignedOffset(f), od = OpenBlas.alignedOffset(d);
        assertTrue(of >= 0 && of < 16, "float offset " + of);
        assertTrue(od >= 0 && od < 8, "double offset " + od);
        // a humongous array does not move between two calls
        assertEquals(of, OpenBlas.alignedOffset(f));
        assertEquals(od, OpenBlas.alignedOffset(d));
    }

    @Test
    void sgemmJavaMatchesReference() { checkFloat(Gemm::sgemmJava, "java"); }

    @Test
    void sgemmDefaultMatchesReference() { checkFloat(Gemm::sgemm, "default"); }

    @Test
    void sgemmOpenBlasMatchesReference() {
        if (!OpenBlas.isAvailable()) return;
        checkFloat((batch, m, n, k, a, ao, ab, ar, ac, b, bo, bb, br, bc, c, co, cb, ldc, acc) -> {
            if (!OpenBlas.sgemm(batch, m, n, k, a, ao, ab, ar, ac, b, bo, bb, br, bc, c, co, cb, ldc, acc))
                Gemm.sgemmJava(batch, m, n, k, a, ao, ab, ar, ac, b, bo, bb, br, bc, c, co, cb, ldc, acc);
        }, "openblas");
    }

    @Test
    void openBlasProductsSplitOverTorch4jThreadsMatchReference() {
        if (!OpenBlas.isAvailable()) return;
        int t0 = Parallel.getNumThreads();
        boolean own = OpenBlas.OWN_THREADS;
        try {
            Parallel.setNumThreads(2);
            OpenBlas.OWN_THREADS = true;
            sgemmOpenBlasMatchesReference();
        } finally {
            Parallel.setNumThreads(t0);
            OpenBlas.OWN_THREADS = own;
        }
    }

    @Test
    void dgemmJavaMatchesReference() { checkDouble(Gemm::dgemmJava, "java"); }

    @Test
    void dgemmDefaultMatchesReference() { checkDouble(Gemm::dgemm, "default"); }

    @Test
    void openBlasStridedAndCopyPaths() {
        // Critical (no-copy) path with transposed, broadcast A and a padded C; then the copying path (a call above
        // CRITICAL_MAX_FLOPS) with transposed B, padded C and accumulate.
        if (!OpenBlas.isAvailable()) return;
        int batch = 2, m = 40, n = 30, k = 1200, ldc = 33;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] a = new float[m * k], b = new float[k * n * batch], c = new float[batch * m * ldc];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble();
        java.util.Arrays.fill(c, 7f);
        assertTrue(2L * m * n * k <= OpenBlas.CRITICAL_MAX_FLOPS);
        assertTrue(OpenBlas.sgemm(batch, m, n, k, a, 0, 0, 1, m, b, 0, k * n, n, 1, c, 0, m * ldc, ldc, false));
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < m; i += 7)
                for (int j = 0; j < ldc; j++) {
                    float got = c[bi * m * ldc + i * ldc + j];
                    if (j >= n) {
                        assertEquals(7f, got);
                        continue;
                    }
                    double ref = 0;
                    for (int p = 0; p < k; p++) ref += (double) a[i + p * m] * b[bi * k * n + p * n + j];
                    assertEquals(ref, got, 1e-4 * k);
                }
        int big = 600;
        assertTrue(2L * big * big * big > OpenBlas.CRITICAL_MAX_FLOPS);
        float[] x = new float[big * big], y = new float[big * big], z = new float[big * (big + 1)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
            y[i] = (float) rnd.nextDouble();
        }
        java.util.Arrays.fill(z, 1f);
        assertTrue(OpenBlas.sgemm(1, big, big, big, x, 0, 0, big, 1, y, 0, 0, 1, big, z, 0, 0, big + 1, true));
        for (int i = 0; i < big; i += 97)
            for (int j = 0; j <= big; j += 31) {
                double ref = 1;
                if (j < big) for (int p = 0; p < big; p++) ref += (double) x[i * big + p] * y[j * big + p];
                assertEquals(ref, z[i * (big + 1) + j], 1e-4 * big, "i=" + i + " j=" + j);
            }
    }

    @Test
    void tinyMatmulIsCheap() {
        float[] a = {2f}, b = {3f}, c = new float[1];
        for (int i = 0; i < 200_000; i++) Gemm.sgemm(1, 1, 1, 1, a, 0, 1, 1, 1, b, 0, 1, 1, 1, c, 0, 1, 1, false);
        long t0 = System.nanoTime();
        int reps = 1_000_000;
        for (int i = 0; i < reps; i++) Gemm.sgemm(1, 1, 1, 1, a, 0, 1, 1, 1, b, 0, 1, 1, 1, c, 0, 1, 1, i > 0);
        double ns = (System.nanoTime() - t0) / (double) reps;
        assertTrue(c[0] > 6f);
        // Generous bound (shared CI machines); measured ≈ 5-10 ns when quiet.
        assertTrue(ns < 1000, "1x1 sgemm took " + ns + " ns");
    }

    @Test
    void bundledLibrariesAreExtractedOnceByContent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String plat = OpenBlas.BundledLibs.platform();
        org.junit.jupiter.api.Assumptions.assumeTrue(plat != null, "no bundled OpenBLAS for this platform");
        // A stand-in for the torch4j-openblas jar: fake libraries under bytedeco's resource folder, once as a jar
        // (key from the jar directory's CRCs) and once as a plain directory (key from the bytes).
        String dir = "org/bytedeco/openblas/" + plat + "/";
        java.nio.file.Path jar = tmp.resolve("fake-openblas.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (String n : new String[] {"libgfortran.so.5", "libopenblas.so.0"}) {
                out.putNextEntry(new java.util.jar.JarEntry(dir + n));
                out.write(("content of " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        java.nio.file.Path exploded = tmp.resolve("classes").resolve(dir);
        java.nio.file.Files.createDirectories(exploded);
        java.nio.file.Files.writeString(exploded.resolve("libopenblas.so.0"), "other content");
        java.nio.file.Path cache = tmp.resolve("cache");
        String old = System.getProperty("torch4j.cacheDir");
        System.setProperty("torch4j.cacheDir", cache.toString());
        try (var cl = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null);
             var cl2 = new java.net.URLClassLoader(new java.net.URL[] {tmp.resolve("classes").toUri().toURL()}, null)) {
            List<java.nio.file.Path> libs = OpenBlas.BundledLibs.extract(cl);
            assertEquals(List.of("libgfortran.so.5", "libopenblas.so.0"),
                    libs.stream().map(p -> p.getFileName().toString()).toList(), "dependencies first");
            assertEquals("content of libopenblas.so.0", java.nio.file.Files.readString(libs.get(1)));
            assertTrue(libs.get(1).getParent().getFileName().toString().startsWith("openblas-"));
            // Reused as is the second time; a damaged (short) file is replaced.
            java.nio.file.attribute.FileTime t = java.nio.file.Files.getLastModifiedTime(libs.get(0));
            java.nio.file.Files.writeString(libs.get(1), "short");
            assertEquals(libs, OpenBlas.BundledLibs.extract(cl));
            assertEquals(t, java.nio.file.Files.getLastModifiedTime(libs.get(0)));
            assertEquals("content of libopenblas.so.0", java.nio.file.Files.readString(libs.get(1)));
            try (var files = java.nio.file.Files.list(libs.get(0).getParent())) {
                assertEquals(2, files.count(), "no temporary files left behind");
            }
            // Other content, other folder.
            List<java.nio.file.Path> other = OpenBlas.BundledLibs.extract(cl2);
            assertEquals(1, other.size());
            assertTrue(!other.get(0).getParent().equals(libs.get(1).getParent()));
            assertEquals("other content", java.nio.file.Files.readString(other.get(0)));
            // Nothing on the classpath: no bundled library.
            try (var empty = new java.net.URLClassLoader(new java.net.URL[0], null)) {
                assertEquals(null, OpenBlas.BundledLibs.extract(empty));
            }
        } finally {
            if (old == null) System.clearProperty("torch4j.cacheDir");
            else System.setProperty("torch4j.cacheDir", old);
        }
    }
}
