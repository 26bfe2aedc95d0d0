package torch4j.bench;

import java.util.List;
import java.util.Map;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.jit.Jit;
import torch4j.jit.TracedModule;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;

/**
 * Traced graphs against eager, inference (no grad): a chain of five elementwise ops on 16M floats
 * ({@code x·2 + 1, relu, − 0.5, ·3}: memory-bound), fused into one kernel when traced: {@code jit_chain5_16m_eager_ms},
 * {@code jit_chain5_16m_fused_ms}, {@code jit_chain5_speedup} (eager / fused); the same ending in exp instead of
 * the product (the transcendental dominates): {@code jit_chain5exp_*}; and the MNIST MLP (784-128-10) at
 * batches 64 and 512 (-Dbatches): {@code jit_mlp_b<B>_eager_us}, {@code jit_mlp_b<B>_traced_us},
 * {@code jit_mlp_b<B>_speedup} (above 1: traced faster). PyTorch's eager and torch.jit.trace'd twins come prefixed
 * {@code torch_}, with {@code jit_chain5[exp]_fused_ratio_vs_torch_traced} and {@code jit_mlp_b<B>_traced_ratio_vs_torch_traced}
 * = torch4j's time / PyTorch's (below 1: torch4j faster, as every other benchmark's ratio), at torch4j's thread count.
 */
public final class JitBench {
    /** A module whose forward is five elementwise ops: arithmetic only (memory-bound), or ending in exp. */
    static final class Chain5 extends Module {
        final boolean exp;

        Chain5(boolean exp) { this.exp = exp; }

        @Override public Tensor forward(Tensor x) {
            Tensor y = x.mul(2.0).add(1.0).relu().sub(0.5);
            return exp ? y.exp() : y.mul(3.0);
        }
    }

    /**
     * Best of three medians each, the two sides taking turns: on this shared machine the load swings within seconds,
     * and a GEMM that just ran on several OpenBLAS threads slows the next single-threaded one while those threads
     * spin down, either of which would favour whichever side happened to run at the better moment.
     */
    static double[] alternated(Bench.Op a, Bench.Op b) {
        double ta = Double.MAX_VALUE, tb = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            ta = Math.min(ta, Bench.medianSecondsPerCall(a));
            tb = Math.min(tb, Bench.medianSecondsPerCall(b));
        }
        return new double[]{ta, tb};
    }

    public static void main(String[] args) {
        Bench.out("jit_threads", Torch.getNumThreads());
        Bench.load("start");
        Torch.manualSeed(0);
        try (var _ = Torch.noGrad()) {
            Tensor x = Torch.randn(16, 1 << 20);
            Tensor[] sink = new Tensor[1];
            for (String name : new String[]{"chain5", "chain5exp"}) {
                Module chain = new Chain5(name.endsWith("exp"));
                TracedModule traced = Jit.trace(chain, x);
                double[] r = alternated(() -> sink[0] = chain.call(x), () -> sink[0] = traced.forward(x));
                double eager = r[0], fused = r[1];
                Bench.out("jit_" + name + "_16m_eager_ms", eager * 1e3);
                Bench.out("jit_" + name + "_16m_fused_ms", fused * 1e3);
                Bench.out("jit_" + name + "_speedup", eager / fused);
            }

            Module mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)).eval();
            for (String b : System.getProperty("batches", "64,512").split(",")) {
                int batch = Integer.parseInt(b.trim());
                Tensor in = Torch.randn(batch, 784);
                TracedModule t = Jit.trace(mlp, in);
                double[] r = alternated(() -> sink[0] = mlp.call(in), () -> sink[0] = t.forward(in));
                double e = r[0], tr = r[1];
                Bench.out("jit_mlp_b" + batch + "_eager_us", e * 1e6);
                Bench.out("jit_mlp_b" + batch + "_traced_us", tr * 1e6);
                Bench.out("jit_mlp_b" + batch + "_speedup", e / tr);
            }
        }
        Bench.load("end");
        String batches = System.getProperty("batches", "64,512");
        int threads = Torch.getNumThreads();
        if (Bench.runTorch("bench_torch_jit.py", List.of("--batches", batches, "--threads", Integer.toString(threads)),
                Map.of("OMP_NUM_THREADS", Integer.toString(threads)))) {
            for (String name : new String[]{"chain5", "chain5exp"})
                Bench.ratio("jit_" + name + "_fused_ratio_vs_torch_traced", "jit_" + name + "_16m_fused_ms",
                        "torch_jit_" + name + "_16m_traced_ms");
            for (String b : batches.split(","))
                Bench.ratio("jit_mlp_b" + b.trim() + "_traced_ratio_vs_torch_traced", "jit_mlp_b" + b.trim() + "_traced_us",
                        "torch_jit_mlp_b" + b.trim() + "_traced_us");
        }
    }
}
