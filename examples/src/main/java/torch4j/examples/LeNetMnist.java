package torch4j.examples;

import java.nio.file.Path;
import torch4j.vision.models.LeNet5;

/**
 * LeNet-5 on MNIST, as the PyTorch CNN tutorial: conv(1→6, 5) → ReLU → max-pool 2 → conv(6→16, 5) → ReLU → max-pool 2 →
 * 256 → 120 → 84 → 10 ({@link LeNet5}), CrossEntropyLoss, SGD(lr 0.01, momentum 0.9), batch 64, 3 epochs,
 * ToTensor + Normalize((0.5,), (0.5,)); the loop is {@link MnistTraining#run}.
 * <p>Usage: {@code LeNetMnist [DATA_DIR] [--epochs N] [--batch-size B] [--lr LR] [--seed S] [--out DIR] [--workers W]};
 * e.g. {@code LeNetMnist ../shared/data/fashion-mnist}. Outputs go to runs/lenet_mnist by default.
 */
public final class LeNetMnist {
    public static void main(String[] args) {
        var config = MnistTraining.Config.parse("LeNetMnist", args, Path.of("runs/lenet_mnist"), 3);
        if (config == null) return;
        MnistTraining.run(config, LeNet5::new);
    }
}
