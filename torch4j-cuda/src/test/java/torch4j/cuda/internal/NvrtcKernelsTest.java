package torch4j.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kernel source compiles with NVRTC for sm_80 and sm_90, and its PTX defines every kernel the Java side
 * launches. Needs only NVRTC (no GPU); skipped where no libnvrtc is found.
 */
class NvrtcKernelsTest {
    private static final String[] ALL = {"f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8", "b8"};
    private static final String[] FLOATS = {"f32", "f64", "f16", "bf16"};

    static List<String> expectedKernels(String family) {
        List<String> k = new ArrayList<>();
        switch (family) {
            case "elementwise" -> {
                for (String s : ALL) for (String p : List.of("unary_", "unarybool_", "binary_", "compare_", "where_", "fill_")) k.add(p + s);
            }
            case "copy" -> {
                for (String s : ALL) for (String d : ALL) k.add("copy_" + s + "_" + d);
            }
            case "reduce" -> {
                for (String s : ALL) { k.add("reduce_" + s); k.add("argreduce_" + s); k.add("scan_" + s); }
                for (String s : FLOATS) { k.add("softmax_" + s); k.add("softmaxback_" + s); }
            }
            case "index" -> {
                for (String s : ALL) for (String p : List.of("index_select_", "index_copy_", "gather_", "scatter_")) k.add(p + s);
                for (String s : List.of("f32", "f64", "i32", "i64")) { k.add("index_add_" + s); k.add("scatter_add_" + s); }
            }
            case "conv" -> {
                for (String s : FLOATS) { k.add("im2col_" + s); k.add("col2im_" + s); k.add("add_bias_" + s); }
            }
            case "pool" -> {
                for (String s : FLOATS)
                    for (String p : List.of("max_pool2d_", "gather_planes_", "adaptive_max_pool2d_", "separable2d_")) k.add(p + s);
                for (String s : List.of("f32", "f64"))
                    for (String p : List.of("scatter_add_planes_", "separable2d_adjoint_", "index_map_", "index_map_adjoint_")) k.add(p + s);
            }
            case "norm" -> {
                for (String s : FLOATS)
                    for (String p : List.of("row_norm_", "row_norm_back_dx_", "row_norm_back_affine_", "channel_stats_",
                            "channel_norm_", "channel_norm_back_")) k.add(p + s);
            }
            case "optim" -> {
                for (String s : FLOATS) { k.add("sgd_" + s); k.add("adam_" + s); }
            }
            default -> throw new IllegalArgumentException(family);
        }
        return k;
    }

    @Test
    void everyKernelSourceCompilesForAmpereAndHopper(@TempDir Path cache) throws Exception {
        Nvrtc nvrtc = Nvrtc.get();
        assumeTrue(nvrtc != null, () -> Nvrtc.unavailableReason());
        int[] v = nvrtc.version();
        assertTrue(v[0] >= 12, "NVRTC " + v[0] + "." + v[1]);
        System.setProperty("torch4j.cuda.cache", cache.toString());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> jobs = new ArrayList<>();
            for (String family : KernelSources.FAMILIES)
                for (int arch : new int[]{80, 90})
                    jobs.add(pool.submit(() -> {
                        String ptx = KernelSources.ptx(nvrtc, family, arch);
                        assertTrue(ptx.contains(".target sm_" + arch), family + " targets sm_" + arch);
                        for (String k : expectedKernels(family))
                            assertTrue(ptx.contains(".entry " + k + "("), family + ".cu defines " + k);
                        return ptx;
                    }));
            for (Future<String> f : jobs) f.get();
        } finally {
            System.clearProperty("torch4j.cuda.cache");
        }
        // the second request of a family is served from the disk cache, byte for byte
        System.setProperty("torch4j.cuda.cache", cache.toString());
        try {
            long files;
            try (var s = java.nio.file.Files.list(cache)) { files = s.filter(p -> p.toString().endsWith(".ptx")).count(); }
            assertEquals(2L * KernelSources.FAMILIES.size(), files);
            long t0 = System.nanoTime();
            KernelSources.ptx(nvrtc, "elementwise", 90);
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "cached PTX is read, not recompiled");
        } finally {
            System.clearProperty("torch4j.cuda.cache");
        }
    }

    @Test
    void compileErrorsCarryNvrtcsLog() {
        Nvrtc nvrtc = Nvrtc.get();
        assumeTrue(nvrtc != null, () -> Nvrtc.unavailableReason());
        var e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
                () -> nvrtc.compileToPtx("extern \"C\" __global__ void k() { undefined_name(); }", "bad.cu", 90, List.of()));
        assertTrue(e.getMessage().startsWith("nvrtcCompileProgram(bad.cu, compute_90) failed: NVRTC_ERROR_COMPILATION"), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
    }

    @Test
    void nvrtcWasFoundByTheLibrarySearch() {
        Nvrtc nvrtc = Nvrtc.get();
        assumeTrue(nvrtc != null, () -> Nvrtc.unavailableReason());
        assertTrue(nvrtc.file().getFileName().toString().startsWith("libnvrtc.so"), nvrtc.file().toString());
    }
}
