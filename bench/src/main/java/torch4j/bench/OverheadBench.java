package torch4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Per-op dispatch and autograd overhead on tiny tensors, mirroring /work/shared/anchors/bench_overhead.py:
 * {@code add_1elem_us} (a.add(b), 1-element float32) and {@code autograd_step_us} (0-dim w, b requiring grad,
 * x = 2: y = (w·x + b)²; y.backward(); gradients accumulate). Each: 100,000 iterations per repeat, 5 timed repeats,
 * median µs per iteration, after warm-up repeats (the JIT needs more than PyTorch's one). PyTorch runs
 * tools/bench_torch_overhead.py with ANCHOR_THREADS=1; {@code *_ratio_vs_torch} = torch4j time / PyTorch time
 * (the target: at most 0.333).
 */
public final class OverheadBench {
    private static final int N = 100_000, REPEATS = 5;
    private static final int WARMUP = Integer.getInteger("warmup", 10);

    @FunctionalInterface
    private interface Body {
        void run();
    }

    private static Object sink;

    public static void main(String[] args) {
        Torch.setNumThreads(1);
        Bench.load("start");
        Tensor a = Torch.ones(1), b = Torch.full(new int[] {1}, 2.0);
        Bench.out("add_1elem_us", perIterUs(() -> sink = a.add(b)));

        Tensor w = Torch.tensor(0.5).requiresGrad_(), bb = Torch.tensor(0.1).requiresGrad_(), x = Torch.tensor(2.0);
        Bench.out("autograd_step_us", perIterUs(() -> w.mul(x).add(bb).pow(2.0).backward()));
        if (!Double.isFinite(w.grad().item())) throw new AssertionError("w.grad");

        // Breakdown of the step (where the time goes), same loop rule.
        Bench.out("forward_only_us", perIterUs(() -> sink = w.mul(x).add(bb).pow(2.0)));
        try (var _ = Torch.noGrad()) {
            Bench.out("forward_nograd_us", perIterUs(() -> sink = w.mul(x).add(bb).pow(2.0)));
        }
        Bench.load("end");

        if (Bench.runTorch("bench_torch_overhead.py", List.of(), Map.of("ANCHOR_THREADS", "1", "OMP_NUM_THREADS", "1"))) {
            Bench.ratio("add_1elem_ratio_vs_torch", "add_1elem_us", "torch_add_1elem_us");
            Bench.ratio("autograd_step_ratio_vs_torch", "autograd_step_us", "torch_autograd_step_us");
        }
    }

    private static double perIterUs(Body body) {
        for (int r = 0; r < WARMUP; r++) loop(body);
        double[] t = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) t[r] = loop(body);
        Arrays.sort(t);
        return t[REPEATS / 2] / N * 1e6;
    }

    private static double loop(Body body) {
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) body.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
