package torch4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.optim.SGD;
import torch4j.utils.data.DataLoader;
import torch4j.utils.data.Sample;
import torch4j.utils.data.TensorDataset;
import torch4j.vision.datasets.Idx;

/**
 * The MNIST MLP workload of ../shared/anchors/bench_mnist_mlp.py ("tensor" pipeline), same protocol: pre-normalised
 * tensors in a TensorDataset, DataLoader(batch, shuffle), one warm-up epoch on a throwaway model (seed 12345), then
 * manualSeed(seed), a fresh 784-128-10 model, SGD(0.01, momentum 0.9) and 5 timed epochs; seconds per epoch is the
 * median. Each of -Dthreads (default 1,2) runs that protocol, and the better median is compared with PyTorch's better
 * one, as tools/bench_torch_mlp.py (run afterwards in its own process) does for PyTorch.
 * Keys: mlp_b{B}_t{T}_s_per_epoch, mlp_b{B}_s_per_epoch (best), mlp_b{B}_test_acc, mlp_peak_rss_mib, torch_… and mlp_b{B}_ratio_vs_torch.
 */
public final class MlpBench {
    public static void main(String[] args) {
        int[] batches = Arrays.stream(System.getProperty("batches", "64").split(",")).mapToInt(Integer::parseInt).toArray();
        long seed = Long.getLong("seed", 0);
        int epochs = Integer.getInteger("epochs", 5);
        Path dir = Path.of(System.getProperty("data", "data/mnist-10k"));
        Bench.load("start");
        Tensor xtr = images(dir.resolve("train-images-idx3-ubyte.gz")), ytr = Idx.read(dir.resolve("train-labels-idx1-ubyte.gz")).to(DType.INT64);
        Tensor xte = images(dir.resolve("t10k-images-idx3-ubyte.gz")), yte = Idx.read(dir.resolve("t10k-labels-idx1-ubyte.gz")).to(DType.INT64);
        int[] threadCounts = Arrays.stream(System.getProperty("threads", "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        for (int b : batches) {
            var loader = new DataLoader<>(TensorDataset.of(xtr, ytr), new DataLoader.Options(b).shuffle(true));
            double best = Double.POSITIVE_INFINITY;
            // as the PyTorch side: each thread count from the same seed, and the better one is compared
            for (int threads : threadCounts) {
                Torch.setNumThreads(threads);
                Torch.manualSeed(12345);
                Module warm = mlp();
                epoch(warm, new SGD(warm.parameters(), new SGD.Options(0.01).momentum(0.9)), loader, MlpBench::flat);
                Torch.manualSeed(seed);
                Module model = mlp();
                var opt = new SGD(model.parameters(), new SGD.Options(0.01).momentum(0.9));
                double[] r = timedEpochs(epochs, () -> epoch(model, opt, loader, MlpBench::flat));
                Bench.out("mlp_b" + b + "_t" + threads + "_s_per_epoch", r[0]);
                best = Math.min(best, r[0]);
                if (threads == threadCounts[0]) {
                    Bench.out("mlp_b" + b + "_train_loss", r[1]);
                    Bench.out("mlp_b" + b + "_test_acc", accuracy(model, xte, yte, MlpBench::flat));
                }
            }
            Bench.out("mlp_b" + b + "_s_per_epoch", best);
        }
        Bench.out("mlp_peak_rss_mib", peakRssMib());
        Bench.load("end");
        Bench.runTorch("bench_torch_mlp.py", List.of(Arrays.toString(batches).replaceAll("[\\[\\] ]", ""), Long.toString(seed),
                Integer.toString(epochs), dir.toString()), Map.of());
        for (int b : batches) Bench.ratio("mlp_b" + b + "_ratio_vs_torch", "mlp_b" + b + "_s_per_epoch", "torch_mlp_b" + b + "_s_per_epoch");
    }

    /** Runs the epochs; returns {median seconds per epoch, the last epoch's loss}. */
    static double[] timedEpochs(int epochs, java.util.function.DoubleSupplier epoch) {
        double[] times = new double[epochs];
        double lastLoss = 0;
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            lastLoss = epoch.getAsDouble();
            times[e] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        return new double[]{times[epochs / 2], lastLoss};
    }

    static Module mlp() { return new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)); }

    /** (x/255 - 0.5)/0.5 as float32 [N, 1, 28, 28], as the anchor's load_mnist10k. */
    static Tensor images(Path p) {
        return Idx.read(p).to(DType.FLOAT32).unsqueeze(1).div(255.0).sub(0.5).div(0.5);
    }

    /** A batch flattened to [N, features], the MLP's input. */
    static Tensor flat(Tensor x) { return x.view(x.size(0), -1); }

    /** One training epoch (cross-entropy, opt); input maps a batch's images to the model's input. The mean loss. */
    static double epoch(Module model, SGD opt, DataLoader<Sample> loader, UnaryOperator<Tensor> input) {
        var crit = new CrossEntropyLoss();
        model.train();
        double tot = 0;
        int n = 0;
        for (Sample s : loader) {
            opt.zeroGrad();
            Tensor loss = crit.forward(model.call(input.apply(s.input())), s.target());
            loss.backward();
            opt.step();
            tot += loss.item() * s.target().size(0);
            n += s.target().size(0);
        }
        return tot / n;
    }

    /** Test accuracy, in chunks of 1000; input maps images to the model's input as in {@link #epoch}. */
    static double accuracy(Module model, Tensor xte, Tensor yte, UnaryOperator<Tensor> input) {
        model.eval();
        long correct = 0;
        try (var _ = Torch.noGrad()) {
            for (int i = 0; i < xte.size(0); i += 1000) {
                int m = Math.min(1000, xte.size(0) - i);
                correct += model.call(input.apply(xte.narrow(0, i, m))).argmax(1).eq(yte.narrow(0, i, m)).sum().itemLong();
            }
        }
        return (double) correct / xte.size(0);
    }

    /** VmHWM: the process's peak resident memory. */
    static double peakRssMib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status")))
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        } catch (Exception ignored) {
            // not Linux
        }
        return Double.NaN;
    }
}
