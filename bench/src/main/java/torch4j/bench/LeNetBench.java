package torch4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.Module;
import torch4j.optim.SGD;
import torch4j.utils.data.DataLoader;
import torch4j.utils.data.TensorDataset;
import torch4j.vision.datasets.Idx;
import torch4j.vision.models.LeNet5;

/**
 * The LeNet-5 workload of ../shared/anchors/bench_lenet.py ("tensor" pipeline), same protocol as {@link MlpBench}:
 * pre-normalised [N, 1, 28, 28] tensors in a TensorDataset, DataLoader(64, shuffle), one warm-up epoch on a throwaway
 * model (seed 12345), then manualSeed(seed), a fresh LeNet-5, SGD(0.01, momentum 0.9) and 3 timed epochs; seconds per
 * epoch is the median. Both sides run with the same thread count (-Dthreads, default torch4j's default); PyTorch runs
 * tools/bench_torch_lenet.py afterwards in its own process.
 * Keys: lenet_b64_s_per_epoch, lenet_test_acc, lenet_train_loss, torch_lenet_… and lenet_b64_ratio_vs_torch
 * (torch4j time / PyTorch time).
 */
public final class LeNetBench {
    public static void main(String[] args) {
        int batch = Integer.getInteger("batch", 64);
        long seed = Long.getLong("seed", 0);
        int epochs = Integer.getInteger("epochs", 3);
        int threads = Integer.getInteger("threads", Torch.getNumThreads());
        Torch.setNumThreads(threads);
        Path dir = Path.of(System.getProperty("data", "data/mnist-10k"));
        Bench.out("lenet_threads", threads);
        Bench.load("start");
        Tensor xtr = MlpBench.images(dir.resolve("train-images-idx3-ubyte.gz")), ytr = Idx.read(dir.resolve("train-labels-idx1-ubyte.gz")).to(DType.INT64);
        Tensor xte = MlpBench.images(dir.resolve("t10k-images-idx3-ubyte.gz")), yte = Idx.read(dir.resolve("t10k-labels-idx1-ubyte.gz")).to(DType.INT64);
        var loader = new DataLoader<>(TensorDataset.of(xtr, ytr), new DataLoader.Options(batch).shuffle(true));
        Torch.manualSeed(12345);
        Module warm = new LeNet5();
        MlpBench.epoch(warm, new SGD(warm.parameters(), new SGD.Options(0.01).momentum(0.9)), loader, x -> x);
        Torch.manualSeed(seed);
        Module model = new LeNet5();
        var opt = new SGD(model.parameters(), new SGD.Options(0.01).momentum(0.9));
        double[] r = MlpBench.timedEpochs(epochs, () -> MlpBench.epoch(model, opt, loader, x -> x));
        String b = "lenet_b" + batch;
        Bench.out(b + "_s_per_epoch", r[0]);
        Bench.out("lenet_train_loss", r[1]);
        Bench.out("lenet_test_acc", MlpBench.accuracy(model, xte, yte, x -> x));
        Bench.out("lenet_peak_rss_mib", MlpBench.peakRssMib());
        Bench.load("end");
        Bench.runTorch("bench_torch_lenet.py", List.of(Integer.toString(batch), Long.toString(seed), Integer.toString(epochs),
                dir.toString(), Integer.toString(threads)), Map.of("OMP_NUM_THREADS", Integer.toString(threads)));
        Bench.ratio(b + "_ratio_vs_torch", b + "_s_per_epoch", "torch_" + b + "_s_per_epoch");
    }
}
