package torch4j.vision.models;

import java.util.ArrayList;
import java.util.List;
import torch4j.Tensor;
import torch4j.nn.AdaptiveAvgPool2d;
import torch4j.nn.BatchNorm2d;
import torch4j.nn.Conv2d;
import torch4j.nn.Dropout;
import torch4j.nn.Linear;
import torch4j.nn.MaxPool2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.init.Init;

/**
 * Same as {@code torchvision.models.VGG}: {@code features} built from a {@link Config} (3×3 convolutions, optionally
 * followed by BatchNorm2d, and 2×2 max-pools), {@code avgpool} (adaptive to 7×7) and {@code classifier}
 * (25088 → 4096 → 4096 → numClasses with dropout), initialised as torchvision's (kaiming-normal fan-out convolutions,
 * N(0, 0.01) linear weights, zero biases). Built by {@link Models#vgg11} and friends.
 */
public class VGG extends Module {
    /** A VGG layer list: channel counts of the 3×3 convolutions, {@link #M} for a max-pool (torchvision's cfgs). */
    public enum Config {
        /** VGG-11. */
        A(64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M),
        /** VGG-13. */
        B(64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M),
        /** VGG-16. */
        D(64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M),
        /** VGG-19. */
        E(64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M);

        final int[] layers;

        Config(int... layers) { this.layers = layers; }
    }

    /** The max-pool marker in a layer list ("M" in torchvision). */
    public static final int M = -1;

    /** Keyword arguments of torchvision.models.VGG. */
    public static final class Options {
        int numClasses = 1000;
        boolean initWeights = true;
        double dropout = 0.5;

        public Options numClasses(int v) {
            numClasses = v;
            return this;
        }

        /** Whether to apply torchvision's initialisation (default true) rather than the layers' defaults. */
        public Options initWeights(boolean v) {
            initWeights = v;
            return this;
        }

        public Options dropout(double v) {
            dropout = v;
            return this;
        }
    }

    public Sequential features;
    public AdaptiveAvgPool2d avgpool;
    /** The head, a Sequential whose last entry is Linear(4096, numClasses); reassignable. */
    public Module classifier;

    /** Same as torchvision's VGG(features, num_classes, init_weights, dropout). */
    public VGG(Sequential features, Options o) {
        this.features = features;
        avgpool = new AdaptiveAvgPool2d(7, 7);
        classifier = new Sequential(
                new Linear(512 * 7 * 7, 4096), new ReLU(), new Dropout(o.dropout),
                new Linear(4096, 4096), new ReLU(), new Dropout(o.dropout),
                new Linear(4096, o.numClasses));
        if (o.initWeights) {
            for (Module m : modules()) {
                if (m instanceof Conv2d c) {
                    Init.kaimingNormal_(c.weight, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
                    if (c.bias != null) Init.zeros_(c.bias);
                } else if (m instanceof BatchNorm2d b) {
                    Init.ones_(b.weight);
                    Init.zeros_(b.bias);
                } else if (m instanceof Linear l) {
                    Init.normal_(l.weight, 0, 0.01);
                    Init.zeros_(l.bias);
                }
            }
        }
    }

    /** Same as torchvision.models.vgg.make_layers(cfg, batch_norm). */
    public static Sequential makeLayers(Config cfg, boolean batchNorm) {
        List<Module> layers = new ArrayList<>();
        int in = 3;
        for (int v : cfg.layers) {
            if (v == M) {
                layers.add(new MaxPool2d(2, 2));
                continue;
            }
            layers.add(new Conv2d(new Conv2d.Options(in, v, 3).padding(1)));
            if (batchNorm) layers.add(new BatchNorm2d(v));
            layers.add(new ReLU());
            in = v;
        }
        return new Sequential(layers);
    }

    @Override public Tensor forward(Tensor x) {
        x = features.call(x);
        x = avgpool.call(x);
        return classifier.call(x.flatten(1));
    }
}
