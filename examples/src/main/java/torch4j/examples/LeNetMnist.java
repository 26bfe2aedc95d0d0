package torch4j.examples;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.CrossEntropyLoss;
import torch4j.optim.SGD;
import torch4j.utils.data.DataLoader;
import torch4j.utils.data.Sample;
import torch4j.vision.datasets.MNIST;
import torch4j.vision.models.LeNet5;
import torch4j.vision.transforms.Compose;
import torch4j.vision.transforms.Normalize;
import torch4j.vision.transforms.ToTensor;

/**
 * LeNet-5 on MNIST, as the PyTorch CNN tutorial: conv(1→6, 5) → ReLU → max-pool 2 → conv(6→16, 5) → ReLU → max-pool 2 →
 * 256 → 120 → 84 → 10 ({@link LeNet5}), CrossEntropyLoss, SGD(lr 0.01, momentum 0.9), batch 64, 3 epochs,
 * ToTensor + Normalize((0.5,), (0.5,)).
 * <p>Usage: {@code LeNetMnist [DATA_DIR] [--epochs N] [--batch-size B] [--lr LR] [--seed S] [--out DIR] [--workers W]};
 * DATA_DIR is any MNIST-format folder (default: the embedded data/mnist-10k; e.g. ../shared/data/fashion-mnist).
 * It prints a progress bar per epoch, the loss and test accuracy per epoch, and last {@code test accuracy: NN.NN%};
 * it saves the model and a PNG of the curves under the output folder (default runs/lenet_mnist).
 */
public final class LeNetMnist {
    public static void main(String[] args) {
        Path data = Path.of("data/mnist-10k"), out = Path.of("runs/lenet_mnist");
        int epochs = 3, batchSize = 64, workers = 0;
        double lr = 0.01;
        long seed = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: LeNetMnist [DATA_DIR] [--epochs N] [--batch-size B] [--lr LR] [--seed S] [--out DIR] [--workers W]");
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    data = Path.of(args[i]);
                }
            }
        }
        Torch.manualSeed(seed);

        var transform = new Compose(new ToTensor(), new Normalize(0.5, 0.5));
        var train = new MNIST(data, true, transform);
        var test = new MNIST(data, false, transform);
        var trainLoader = new DataLoader<>(train, new DataLoader.Options(batchSize).shuffle(true).numWorkers(workers));
        // Every DataLoader iteration draws a worker seed from its generator, as PyTorch's does; giving the test loader
        // its own generator keeps evaluation from shifting the training shuffles, so a seed gives PyTorch's run.
        var testLoader = new DataLoader<>(test, new DataLoader.Options(1000).generator(new Generator(0)));
        System.out.printf("MNIST from %s: %d train, %d test images%n", data, train.size(), test.size());

        var model = new LeNet5();
        System.out.println(model);
        var lossFn = new CrossEntropyLoss();
        var optimizer = new SGD(model.parameters(), new SGD.Options(lr).momentum(0.9));

        List<Double> batchLosses = new ArrayList<>(), epochLosses = new ArrayList<>(), accuracies = new ArrayList<>();
        double accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train();
            var bar = new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), trainLoader.size(), System.out);
            double total = 0, running = 0;
            int seen = 0;
            long t0 = System.nanoTime();
            for (Sample batch : trainLoader) {
                Tensor loss = lossFn.forward(model.call(batch.input()), batch.target());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                double l = loss.item();
                int n = batch.target().size(0);
                total += l * n;
                seen += n;
                running = batchLosses.isEmpty() ? l : 0.98 * running + 0.02 * l;
                batchLosses.add(l);
                bar.step(running);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            accuracy = MnistMlp.evaluate(model, testLoader, test.size());
            epochLosses.add(total / seen);
            accuracies.add(100 * accuracy);
            System.out.printf(Locale.ROOT, "epoch %d: loss %.4f, test accuracy %.2f%%, %.2f s%n", epoch, total / seen, 100 * accuracy, secs);
        }

        try {
            java.nio.file.Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + out, e);
        }
        Path modelFile = out.resolve("model.safetensors");
        Torch.save(model.stateDict(), modelFile);
        Path plot = out.resolve("curves.png");
        Plot.write(plot, List.of(
                new Plot.Series("training loss (per batch)", "batch", toArray(batchLosses), new Color(31, 119, 180)),
                new Plot.Series("test accuracy % (per epoch)", "epoch", toArray(accuracies), new Color(214, 39, 40))));
        System.out.println("saved " + modelFile + " and " + plot);
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%%%n", 100 * accuracy);
    }

    private static double[] toArray(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).toArray(); }
}
