package torch4j.examples;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Module;
import torch4j.optim.SGD;
import torch4j.utils.data.DataLoader;
import torch4j.utils.data.Sample;
import torch4j.vision.datasets.MNIST;
import torch4j.vision.transforms.Compose;
import torch4j.vision.transforms.Normalize;
import torch4j.vision.transforms.ToTensor;

/**
 * The classic PyTorch MNIST training script, shared by the MNIST examples: ToTensor + Normalize((0.5,), (0.5,)),
 * a shuffled DataLoader, CrossEntropyLoss, SGD with momentum 0.9, a progress bar per epoch, test accuracy after each
 * epoch, then the model saved as safetensors and a PNG of the curves.
 */
final class MnistTraining {
    private MnistTraining() {}

    /**
     * Command-line settings: {@code [DATA_DIR] [--epochs N] [--batch-size B] [--lr LR] [--seed S] [--out DIR]
     * [--workers W] [--device cpu|cuda|cuda:N]} (a GPU needs torch4j-cuda on the classpath).
     */
    record Config(Path data, Path out, int epochs, int batchSize, double lr, long seed, int workers, Device device) {
        /** Parses args over the given defaults; null after printing the usage for --help. */
        static Config parse(String program, String[] args, Path out, int epochs) {
            Path data = Path.of("data/mnist-10k");
            int batchSize = 64, workers = 0;
            double lr = 0.01;
            long seed = 0;
            Device device = Device.CPU;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                    case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                    case "--lr" -> lr = Double.parseDouble(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--workers" -> workers = Integer.parseInt(args[++i]);
                    case "--device" -> device = Device.of(args[++i]);
                    case "-h", "--help" -> {
                        System.out.println("usage: " + program
                                + " [DATA_DIR] [--epochs N] [--batch-size B] [--lr LR] [--seed S] [--out DIR] [--workers W]"
                                + " [--device cpu|cuda]");
                        return null;
                    }
                    default -> {
                        if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                        data = Path.of(args[i]);
                    }
                }
            }
            return new Config(data, out, epochs, batchSize, lr, seed, workers, device);
        }
    }

    static void run(Config c, Supplier<Module> modelFactory) {
        Torch.manualSeed(c.seed());

        var transform = new Compose(new ToTensor(), new Normalize(0.5, 0.5));
        var train = new MNIST(c.data(), true, transform);
        var test = new MNIST(c.data(), false, transform);
        var trainLoader = new DataLoader<>(train, new DataLoader.Options(c.batchSize()).shuffle(true).numWorkers(c.workers()));
        // Every DataLoader iteration draws a worker seed from its generator, as PyTorch's does; giving the test loader
        // its own generator keeps evaluation from shifting the training shuffles, so a seed gives PyTorch's run.
        var testLoader = new DataLoader<>(test, new DataLoader.Options(1000).generator(new Generator(0)));
        System.out.printf("MNIST from %s: %d train, %d test images%n", c.data(), train.size(), test.size());

        Module model = modelFactory.get().to(c.device());
        System.out.println(model);
        var lossFn = new CrossEntropyLoss();
        var optimizer = new SGD(model.parameters(), new SGD.Options(c.lr()).momentum(0.9));

        List<Double> batchLosses = new ArrayList<>(), accuracies = new ArrayList<>();
        double accuracy = 0;
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            model.train();
            var bar = new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch, c.epochs()), trainLoader.size(), System.out);
            double total = 0, running = 0;
            int seen = 0;
            long t0 = System.nanoTime();
            for (Sample batch : trainLoader) {
                Tensor target = batch.target().to(c.device());
                Tensor loss = lossFn.forward(model.call(batch.input().to(c.device())), target);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                double l = loss.item();
                int n = target.size(0);
                total += l * n;
                seen += n;
                running = batchLosses.isEmpty() ? l : 0.98 * running + 0.02 * l;
                batchLosses.add(l);
                bar.step(running);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            accuracy = evaluate(model, testLoader, test.size(), c.device());
            accuracies.add(100 * accuracy);
            System.out.printf(Locale.ROOT, "epoch %d: loss %.4f, test accuracy %.2f%%, %.2f s%n", epoch, total / seen, 100 * accuracy, secs);
        }

        try {
            Files.createDirectories(c.out());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + c.out(), e);
        }
        Path modelFile = c.out().resolve("model.safetensors");
        Torch.save(model.stateDict(), modelFile);
        Path plot = c.out().resolve("curves.png");
        Plot.write(plot, List.of(
                new Plot.Series("training loss (per batch)", "batch", toArray(batchLosses), new Color(31, 119, 180)),
                new Plot.Series("test accuracy % (per epoch)", "epoch", toArray(accuracies), new Color(214, 39, 40))));
        System.out.println("saved " + modelFile + " and " + plot);
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%%%n", 100 * accuracy);
    }

    static double evaluate(Module model, DataLoader<Sample> loader, int n, Device device) {
        model.eval();
        long correct = 0;
        try (var _ = Torch.noGrad()) {
            for (Sample batch : loader) {
                Tensor pred = model.call(batch.input().to(device)).argmax(1);
                correct += pred.eq(batch.target().to(device)).sum().itemLong();
            }
        }
        return (double) correct / n;
    }

    private static double[] toArray(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).toArray(); }
}
