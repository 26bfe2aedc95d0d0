package torch4j.vision.models;

import torch4j.Tensor;
import torch4j.nn.AdaptiveAvgPool2d;
import torch4j.nn.Conv2d;
import torch4j.nn.Dropout;
import torch4j.nn.Linear;
import torch4j.nn.MaxPool2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;

/**
 * Same as {@code torchvision.models.AlexNet}: {@code features} (five convolutions), {@code avgpool}
 * (adaptive to 6×6) and {@code classifier} (dropout, 9216 → 4096 → 4096 → numClasses), with PyTorch's default
 * layer initialisation. Reassign {@code classifier} to change the head. Built by {@link Models#alexnet}.
 */
public class AlexNet extends Module {
    /** Keyword arguments of torchvision.models.AlexNet. */
    public static final class Options {
        int numClasses = 1000;
        double dropout = 0.5;

        public Options numClasses(int v) {
            numClasses = v;
            return this;
        }

        /** The probability of both dropout layers (default 0.5). */
        public Options dropout(double v) {
            dropout = v;
            return this;
        }
    }

    public Sequential features;
    public AdaptiveAvgPool2d avgpool;
    /** The head, a Sequential whose last entry is Linear(4096, numClasses); reassignable. */
    public Module classifier;

    /** AlexNet with 1000 classes. */
    public AlexNet() { this(new Options()); }

    public AlexNet(Options o) {
        features = new Sequential(
                conv(3, 64, 11, 4, 2), new ReLU(), new MaxPool2d(3, 2),
                conv(64, 192, 5, 1, 2), new ReLU(), new MaxPool2d(3, 2),
                conv(192, 384, 3, 1, 1), new ReLU(),
                conv(384, 256, 3, 1, 1), new ReLU(),
                conv(256, 256, 3, 1, 1), new ReLU(), new MaxPool2d(3, 2));
        avgpool = new AdaptiveAvgPool2d(6, 6);
        classifier = new Sequential(
                new Dropout(o.dropout), new Linear(256 * 6 * 6, 4096), new ReLU(),
                new Dropout(o.dropout), new Linear(4096, 4096), new ReLU(),
                new Linear(4096, o.numClasses));
    }

    private static Conv2d conv(int in, int out, int k, int stride, int padding) {
        return new Conv2d(new Conv2d.Options(in, out, k).stride(stride).padding(padding));
    }

    @Override public Tensor forward(Tensor x) {
        x = features.call(x);
        x = avgpool.call(x);
        return classifier.call(x.flatten(1));
    }
}
