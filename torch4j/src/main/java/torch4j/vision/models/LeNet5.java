package torch4j.vision.models;

import torch4j.Tensor;
import torch4j.nn.Conv2d;
import torch4j.nn.Linear;
import torch4j.nn.MaxPool2d;
import torch4j.nn.Module;

/**
 * The classic LeNet-5 for 28×28 single-channel images (MNIST), as the PyTorch tutorial's and
 * ../shared/anchors/bench_lenet.py's {@code LeNet5}: conv(1→6, 5×5) → ReLU → max-pool 2 → conv(6→16, 5×5) → ReLU →
 * max-pool 2 → flatten (16·4·4) → fc 120 → ReLU → fc 84 → ReLU → fc {@code numClasses}. State-dict keys are
 * {@code conv1.weight, conv1.bias, conv2.*, fc1.*, fc2.*, fc3.*}; every layer has PyTorch's default initialisation.
 */
public class LeNet5 extends Module {
    public Conv2d conv1;
    public Conv2d conv2;
    public MaxPool2d pool;
    public Linear fc1;
    public Linear fc2;
    /** The head; reassign it to change the number of classes. */
    public Linear fc3;

    /** LeNet-5 with 10 classes. */
    public LeNet5() { this(10); }

    /** LeNet-5 with {@code numClasses} outputs. */
    public LeNet5(int numClasses) {
        // created in the Python model's order, so a seeded torch4j and PyTorch draw the same initial weights
        conv1 = new Conv2d(1, 6, 5);
        conv2 = new Conv2d(6, 16, 5);
        pool = new MaxPool2d(2);
        fc1 = new Linear(16 * 4 * 4, 120);
        fc2 = new Linear(120, 84);
        fc3 = new Linear(84, numClasses);
    }

    @Override public Tensor forward(Tensor x) {
        x = pool.call(conv1.call(x).relu());
        x = pool.call(conv2.call(x).relu());
        x = x.flatten(1);
        x = fc1.call(x).relu();
        x = fc2.call(x).relu();
        return fc3.call(x);
    }
}
