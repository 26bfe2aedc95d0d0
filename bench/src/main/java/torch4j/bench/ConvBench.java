package torch4j.bench;

import java.util.List;
import java.util.Map;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;

/**
 * conv2d forward and forward+backward (backward of (y·g).sum()) for the layer shapes of LeNet-5 (batch 64) and
 * ResNet-18 on 3×32×32 input (batch 32), side by side with tools/bench_torch_conv.py (the same shapes and rule; the
 * network's first conv has an input that needs no grad, as in training). Keys: {@code <shape>_{fwd,fwdbwd}_ms},
 * {@code torch_<shape>_...} and {@code <shape>_fwdbwd_ratio_vs_torch} (torch4j time / PyTorch time, lower is better).
 * -Dthreads=N sets both sides' threads (default: torch4j's default, PyTorch 2 threads, passive OpenMP wait);
 * -Dshapes=lenet_c1,r18_l1 picks shapes; -Dwarmup=S runs each shape's fwd+bwd untimed for S seconds first
 * (default 1.5: the Vector API GEMM kernel runs ~100× slower until C2 has compiled it, and a deoptimisation when a
 * new shape first takes another branch sends it back there for a while, longer on a loaded machine).
 */
public final class ConvBench {
    private record Shape(String name, int n, int c, int h, int w, int o, int k, int s, int p, boolean xGrad) {}

    private static final List<Shape> SHAPES = List.of(
            new Shape("lenet_c1", 64, 1, 28, 28, 6, 5, 1, 0, false),
            new Shape("lenet_c2", 64, 6, 12, 12, 16, 5, 1, 0, true),
            new Shape("r18_stem", 32, 3, 32, 32, 64, 7, 2, 3, false),
            new Shape("r18_l1", 32, 64, 8, 8, 64, 3, 1, 1, true),
            new Shape("r18_l2a", 32, 64, 8, 8, 128, 3, 2, 1, true),
            new Shape("r18_l2ds", 32, 64, 8, 8, 128, 1, 2, 0, true),
            new Shape("r18_l2", 32, 128, 4, 4, 128, 3, 1, 1, true),
            new Shape("r18_l3a", 32, 128, 4, 4, 256, 3, 2, 1, true),
            new Shape("r18_l3", 32, 256, 2, 2, 256, 3, 1, 1, true),
            new Shape("r18_l4a", 32, 256, 2, 2, 512, 3, 2, 1, true),
            new Shape("r18_l4", 32, 512, 1, 1, 512, 3, 1, 1, true));

    private static Object sink;

    public static void main(String[] args) {
        Integer threads = Integer.getInteger("threads");
        if (threads != null) Torch.setNumThreads(threads);
        List<String> only = System.getProperty("shapes") == null ? null : List.of(System.getProperty("shapes").split(","));
        Bench.load("start");
        Generator g = new Generator(0);
        for (Shape sh : SHAPES) {
            if (only != null && !only.contains(sh.name)) continue;
            Tensor x = Torch.randn(new int[]{sh.n, sh.c, sh.h, sh.w}, torch4j.DType.FLOAT32, g).requiresGrad_(sh.xGrad);
            Tensor w = Torch.randn(new int[]{sh.o, sh.c, sh.k, sh.k}, torch4j.DType.FLOAT32, g).requiresGrad_(true);
            Tensor b = Torch.randn(new int[]{sh.o}, torch4j.DType.FLOAT32, g).requiresGrad_(true);
            int[] st = {sh.s}, pd = {sh.p}, one = {1};
            Tensor y0 = F.conv2d(x, w, b, st, pd, one, 1);
            Tensor gy = Torch.randn(y0.shapeArray(), torch4j.DType.FLOAT32, g);
            long until = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("warmup", "1.5")) * 1e9);
            while (System.nanoTime() < until) {
                F.conv2d(x, w, b, st, pd, one, 1).backward(gy);
                w.setGrad(null);
                b.setGrad(null);
                if (sh.xGrad) x.setGrad(null);
            }
            double fwd;
            try (var _ = Torch.noGrad()) {
                fwd = Bench.medianSecondsPerCall(() -> sink = F.conv2d(x, w, b, st, pd, one, 1));
            }
            double both = Bench.medianSecondsPerCall(() -> {
                F.conv2d(x, w, b, st, pd, one, 1).backward(gy);
                // as zero_grad(set_to_none=True) between steps: no accumulation cost in either side
                w.setGrad(null);
                b.setGrad(null);
                if (sh.xGrad) x.setGrad(null);
            });
            Bench.out(sh.name + "_fwd_ms", fwd * 1e3);
            Bench.out(sh.name + "_fwdbwd_ms", both * 1e3);
        }
        Bench.load("end");
        String t = threads == null ? "2" : threads.toString();
        if (Bench.runTorch("bench_torch_conv.py", List.of(),
                Map.of("ANCHOR_THREADS", t, "OMP_NUM_THREADS", t, "OMP_WAIT_POLICY", "passive"))) {
            for (Shape sh : SHAPES) {
                Bench.ratio(sh.name + "_fwd_ratio_vs_torch", sh.name + "_fwd_ms", "torch_" + sh.name + "_fwd_ms");
                Bench.ratio(sh.name + "_fwdbwd_ratio_vs_torch", sh.name + "_fwdbwd_ms", "torch_" + sh.name + "_fwdbwd_ms");
            }
        }
    }
}
