package torch4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import torch4j.internal.cpu.Gemm;
import torch4j.internal.cpu.OpenBlas;
import torch4j.internal.cpu.Parallel;

/**
 * SGEMM throughput: torch4j's default path (OpenBLAS when bound, else Java), the pure-Java path, and PyTorch on the
 * same shapes in the same run. Prints one {@code key=value} per figure; medians of timed samples after warm-up.
 *
 * <p>Options (system properties): {@code sizes} (default 256,512,1024,2048), {@code threads} (default 1,2),
 * {@code torch} (python command, default /usr/bin/python3; "none" to skip), {@code small} (true: also the small-shape
 * sweep used to place the direct/BLAS thresholds).
 */
public final class GemmBench {
    /** Shared with Bench, where Bench.runTorch records PyTorch's figures. */
    private static final Map<String, Double> RESULTS = Bench.RESULTS;

    public static void main(String[] args) throws Exception {
        int[] sizes = ints(System.getProperty("sizes", "256,512,1024,2048"));
        int[] threads = ints(System.getProperty("threads", "1,2"));
        boolean small = Boolean.parseBoolean(System.getProperty("small", "true"));
        out("blas_available", OpenBlas.isAvailable() ? 1 : 0);
        if (OpenBlas.isAvailable()) System.out.println("blas_source=" + OpenBlas.source());

        prewarm();
        for (int t : threads) {
            Parallel.setNumThreads(t);
            for (int n : sizes) {
                float[] a = rand(n * n, 1), b = rand(n * n, 2), c = new float[n * n];
                double flops = 2.0 * n * n * n;
                out("sgemm_" + n + "_t" + t + "_gflops", gflops(flops, () ->
                        Gemm.sgemm(1, n, n, n, a, 0, 0, n, 1, b, 0, 0, n, 1, c, 0, 0, n, false)));
                out("sgemm_java_" + n + "_t" + t + "_gflops", gflops(flops, () ->
                        Gemm.sgemmJava(1, n, n, n, a, 0, 0, n, 1, b, 0, 0, n, 1, c, 0, 0, n, false)));
            }
            int bt = 32, bn = 256;
            float[] a = rand(bt * bn * bn, 3), b = rand(bt * bn * bn, 4), c = new float[bt * bn * bn];
            double flops = 2.0 * bt * bn * bn * bn;
            int s = bn * bn;
            out("bmm_" + bt + "x" + bn + "_t" + t + "_gflops", gflops(flops, () ->
                    Gemm.sgemm(bt, bn, bn, bn, a, 0, s, bn, 1, b, 0, s, bn, 1, c, 0, s, bn, false)));
            out("bmm_java_" + bt + "x" + bn + "_t" + t + "_gflops", gflops(flops, () ->
                    Gemm.sgemmJava(bt, bn, bn, bn, a, 0, s, bn, 1, b, 0, s, bn, 1, c, 0, s, bn, false)));
            // A·Bᵀ (nn.Linear's layout): packing absorbs the transposed stride.
            int n = 1024;
            float[] x = rand(n * n, 5), w = rand(n * n, 6), y = new float[n * n];
            out("sgemm_nt_" + n + "_t" + t + "_gflops", gflops(2.0 * n * n * n, () ->
                    Gemm.sgemm(1, n, n, n, x, 0, 0, n, 1, w, 0, 0, 1, n, y, 0, 0, n, false)));
            out("sgemm_java_nt_" + n + "_t" + t + "_gflops", gflops(2.0 * n * n * n, () ->
                    Gemm.sgemmJava(1, n, n, n, x, 0, 0, n, 1, w, 0, 0, 1, n, y, 0, 0, n, false)));
        }
        if (small) smallSweep();

        runTorch(sizes, threads);
        for (int t : threads)
            for (int n : sizes) {
                ratio("sgemm_" + n + "_t" + t, "sgemm_" + n + "_t" + t);
                ratio("sgemm_java_" + n + "_t" + t, "sgemm_" + n + "_t" + t);
            }
        for (int t : threads) {
            ratio("bmm_32x256_t" + t, "bmm_32x256_t" + t);
            ratio("bmm_java_32x256_t" + t, "bmm_32x256_t" + t);
        }
    }

    /** Per-call cost of small shapes, single thread: where the direct loop, the packed kernel and BLAS cross. */
    private static void smallSweep() {
        Parallel.setNumThreads(1);
        float[] one = {2f}, two = {3f}, res = new float[1];
        out("sgemm_1x1_ns", nanos(() -> Gemm.sgemm(1, 1, 1, 1, one, 0, 0, 1, 1, two, 0, 0, 1, 1, res, 0, 0, 1, false)));
        for (int n : new int[] {4, 8, 16, 24, 32, 48, 64, 96, 128}) {
            float[] a = rand(n * n, 7), b = rand(n * n, 8), c = new float[n * n];
            out("small_" + n + "_default_ns", nanos(() -> Gemm.sgemm(1, n, n, n, a, 0, 0, n, 1, b, 0, 0, n, 1, c, 0, 0, n, false)));
            out("small_" + n + "_java_ns", nanos(() -> Gemm.sgemmJava(1, n, n, n, a, 0, 0, n, 1, b, 0, 0, n, 1, c, 0, 0, n, false)));
        }
    }

    private static void prewarm() {
        // C2 needs a few thousand iterations of the kernels before the numbers mean anything (feasibility notes §3).
        int n = 192;
        float[] a = rand(n * n, 9), b = rand(n * n, 10), c = new float[n * n];
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            Gemm.sgemmJava(1, n, n, n, a, 0, 0, n, 1, b, 0, 0, n, 1, c, 0, 0, n, false);
            Gemm.sgemmJava(1, n, n, n, a, 0, 0, 1, n, b, 0, 0, 1, n, c, 0, 0, n, true);
            Gemm.sgemm(1, 20, 20, 20, a, 0, 0, 20, 1, b, 0, 0, 20, 1, c, 0, 0, 20, false);
        }
    }

    /** Median GFLOP/s: one warm-up ≥ 0.3 s, then 7 samples of ≥ 60 ms each (5 when one call is slower than that). */
    private static double gflops(double flopsPerCall, Bench.Op op) {
        double secs = Bench.medianSecondsPerCall(op);
        return flopsPerCall / secs / 1e9;
    }

    private static double nanos(Bench.Op op) { return Bench.medianSecondsPerCall(op) * 1e9; }

    /**
     * PyTorch's figures, one Python process per thread count: Debian's PyTorch does its GEMMs in OpenBLAS, whose
     * pthread pool ignores torch.set_num_threads, so the thread count is pinned through the environment.
     */
    private static void runTorch(int[] sizes, int[] threads) {
        for (int t : threads) {
            String n = Integer.toString(t);
            if (!Bench.runTorch("bench_torch_gemm.py", List.of("--sizes", join(sizes), "--threads", n),
                    Map.of("OPENBLAS_NUM_THREADS", n, "OMP_NUM_THREADS", n, "MKL_NUM_THREADS", n))) return;
        }
    }

    private static void ratio(String ours, String theirs) {
        Double o = RESULTS.get(ours + "_gflops"), t = RESULTS.get("torch_" + theirs + "_gflops");
        if (o != null && t != null && t > 0) out(ours + "_ratio_vs_torch", o / t);
    }

    private static void out(String key, double v) {
        RESULTS.put(key, v);
        System.out.println(key + "=" + String.format(Locale.ROOT, v == Math.rint(v) && Math.abs(v) < 1e9 ? "%.0f" : "%.3f", v));
        System.out.flush();
    }

    private static float[] rand(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] xs) {
        return String.join(",", Arrays.stream(xs).mapToObj(Integer::toString).toArray(String[]::new));
    }
}
