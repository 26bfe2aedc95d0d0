package torch4j.examples;

import java.nio.file.Path;
import torch4j.nn.Flatten;
import torch4j.nn.Linear;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;

/**
 * The classic PyTorch MNIST walkthrough, the README's first command: Linear(784,128) → ReLU → Linear(128,10),
 * CrossEntropyLoss, SGD(lr 0.01, momentum 0.9), batch 64, 5 epochs, ToTensor + Normalize((0.5,), (0.5,)); the loop
 * itself is in {@link MnistTraining#run}.
 * <p>Usage: {@code MnistMlp [DATA_DIR] [--epochs N] [--batch-size B] [--lr LR] [--seed S] [--out DIR] [--workers W]};
 * DATA_DIR is any MNIST-format folder (default: the embedded data/mnist-10k; e.g. ../shared/data/fashion-mnist).
 * It prints a progress bar per epoch, the loss and test accuracy per epoch, and last {@code test accuracy: NN.NN%};
 * it saves the model and a PNG of the curves under the output folder (default runs/mnist_mlp).
 */
public final class MnistMlp {
    public static void main(String[] args) {
        var config = MnistTraining.Config.parse("MnistMlp", args, Path.of("runs/mnist_mlp"), 5);
        if (config == null) return;
        MnistTraining.run(config, () -> new Sequential(
                new Flatten(),
                new Linear(28 * 28, 128),
                new ReLU(),
                new Linear(128, 10)));
    }
}
