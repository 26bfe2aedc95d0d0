package torch4j.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.CrossEntropyLoss;
import torch4j.optim.SGD;
import torch4j.vision.models.Models;
import torch4j.vision.models.ResNet;

/**
 * The ResNet-18 workload of ../shared/anchors/bench_resnet18.py ("imagenet-stem": torchvision's resnet18(num_classes=10)
 * as is): random 3×32×32 input, batch 32; a training step is zero_grad + forward (train mode) + CrossEntropyLoss +
 * backward + SGD(0.01, momentum 0.9) step; inference is eval mode under no_grad. 3 untimed steps, then the median of
 * -Dsteps (default 30) training steps and -Dinfer (default 50) inference passes, the anchor's counts. Both sides run with the same thread
 * count (-Dthreads, default torch4j's default); PyTorch runs tools/bench_torch_resnet18.py afterwards.
 * Keys: resnet18_train_img_s, resnet18_train_step_ms, resnet18_infer_img_s, torch_… and resnet18_train_ratio_vs_torch,
 * resnet18_infer_ratio_vs_torch (torch4j time / PyTorch time).
 */
public final class ResNetBench {
    static final int BATCH = 32;

    public static void main(String[] args) {
        int steps = Integer.getInteger("steps", 30), inferSteps = Integer.getInteger("infer", 50);
        int threads = Integer.getInteger("threads", Torch.getNumThreads());
        Torch.setNumThreads(threads);
        Bench.out("resnet18_threads", threads);
        Bench.out("resnet18_warmup_steps", WARMUP);
        Bench.load("start");
        Torch.manualSeed(0);
        ResNet model = Models.resnet18(new ResNet.Options().numClasses(10));
        Generator g = new Generator(1);
        Tensor x = Torch.randn(new int[]{BATCH, 3, 32, 32}, g);
        Tensor y = Torch.randint(0, 10, new int[]{BATCH}, g);
        var crit = new CrossEntropyLoss();
        var opt = new SGD(model.parameters(), new SGD.Options(0.01).momentum(0.9));
        model.train();
        double[] loss = new double[1];
        Bench.Op step = () -> {
            opt.zeroGrad();
            Tensor l = crit.forward(model.call(x), y);
            l.backward();
            opt.step();
            loss[0] = l.item();
        };
        double train = median(step, steps);
        Bench.out("resnet18_train_step_ms", train * 1e3);
        Bench.out("resnet18_train_img_s", BATCH / train);
        Bench.out("resnet18_train_loss", loss[0]);
        model.eval();
        double infer;
        try (var _ = Torch.noGrad()) {
            infer = median(() -> model.call(x), inferSteps);
        }
        Bench.out("resnet18_infer_img_s", BATCH / infer);
        Bench.out("resnet18_peak_rss_mib", MlpBench.peakRssMib());
        Bench.load("end");
        Bench.runTorch("bench_torch_resnet18.py", List.of(Integer.toString(steps), Integer.toString(inferSteps),
                Integer.toString(threads), Integer.toString(WARMUP)), Map.of("OMP_NUM_THREADS", Integer.toString(threads)));
        Bench.ratio("resnet18_train_ratio_vs_torch", "torch_resnet18_train_img_s", "resnet18_train_img_s");
        Bench.ratio("resnet18_infer_ratio_vs_torch", "torch_resnet18_infer_img_s", "resnet18_infer_img_s");
    }

    /**
     * Untimed calls before each series: 3 as the anchor script (-Dwarmup; both sides use the same). A JVM is still
     * compiling then: -Dwarmup=30 measures the steady state a long training run sees.
     */
    static final int WARMUP = Integer.getInteger("warmup", 3);

    /** WARMUP untimed calls, then the median seconds of n timed ones, as the anchor script. */
    static double median(Bench.Op op, int n) {
        for (int i = 0; i < WARMUP; i++) op.run();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }
}
