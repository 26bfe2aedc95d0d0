package torch4j.vision.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.BatchNorm;
import torch4j.nn.Conv2d;
import torch4j.nn.Dropout;
import torch4j.nn.GroupNorm;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU6;
import torch4j.nn.Sequential;
import torch4j.nn.init.Init;

/**
 * Same as {@code torchvision.models.MobileNetV2}: {@code features} (a stride-2 Conv2dNormActivation stem, the
 * {@link InvertedResidual} stages of the setting table, a 1×1 Conv2dNormActivation to {@code lastChannel}), global
 * average pooling and {@code classifier} (Dropout, Linear), initialised as torchvision's (kaiming-normal fan-out
 * convolutions, zero biases, norm weights 1, N(0, 0.01) linear weights). Built by {@link Models#mobilenetV2}.
 */
public class MobileNetV2 extends Module {
    /** torchvision's inverted_residual_setting: rows of {t (expansion), c (channels), n (repeats), s (stride)}. */
    public static final int[][] DEFAULT_SETTING = {
            {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    /** Keyword arguments of torchvision.models.MobileNetV2. */
    public static final class Options {
        int numClasses = 1000, roundNearest = 8;
        double widthMult = 1.0, dropout = 0.2;
        int[][] invertedResidualSetting = DEFAULT_SETTING;
        IntFunction<Module> normLayer = torch4j.nn.BatchNorm2d::new;

        public Options numClasses(int v) {
            numClasses = v;
            return this;
        }

        /** Channel multiplier of every layer (default 1.0). */
        public Options widthMult(double v) {
            widthMult = v;
            return this;
        }

        /** Channel counts are rounded to a multiple of this (default 8). */
        public Options roundNearest(int v) {
            roundNearest = v;
            return this;
        }

        /** The classifier's dropout probability (default 0.2). */
        public Options dropout(double v) {
            dropout = v;
            return this;
        }

        /** Rows of {t, c, n, s}. */
        public Options invertedResidualSetting(int[][] v) {
            invertedResidualSetting = v;
            return this;
        }

        public Options normLayer(IntFunction<Module> v) {
            normLayer = v;
            return this;
        }
    }

    public final int lastChannel;
    public Sequential features;
    /** The head, Sequential(Dropout, Linear(lastChannel, numClasses)); reassignable. */
    public Module classifier;

    /** MobileNetV2 with 1000 classes. */
    public MobileNetV2() { this(new Options()); }

    public MobileNetV2(Options o) {
        int inputChannel = makeDivisible(32 * o.widthMult, o.roundNearest);
        lastChannel = makeDivisible(1280 * Math.max(1.0, o.widthMult), o.roundNearest);
        for (int[] row : o.invertedResidualSetting)
            if (row.length != 4)
                throw new TorchException("inverted_residual_setting should be non-empty or a 4-element list, got "
                        + java.util.Arrays.toString(row));
        List<Module> layers = new ArrayList<>();
        layers.add(new Conv2dNormActivation(new Conv2dNormActivation.Options(3, inputChannel).stride(2)
                .normLayer(o.normLayer).activationLayer(ReLU6::new)));
        for (int[] row : o.invertedResidualSetting) {
            int t = row[0], c = row[1], n = row[2], s = row[3];
            int outputChannel = makeDivisible(c * o.widthMult, o.roundNearest);
            for (int i = 0; i < n; i++) {
                layers.add(new InvertedResidual(inputChannel, outputChannel, i == 0 ? s : 1, t, o.normLayer));
                inputChannel = outputChannel;
            }
        }
        layers.add(new Conv2dNormActivation(new Conv2dNormActivation.Options(inputChannel, lastChannel).kernelSize(1)
                .normLayer(o.normLayer).activationLayer(ReLU6::new)));
        features = new Sequential(layers);
        classifier = new Sequential(new Dropout(o.dropout), new Linear(lastChannel, o.numClasses));

        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.LEAKY_RELU);
                if (c.bias != null) Init.zeros_(c.bias);
            } else if (m instanceof BatchNorm b && b.weight != null) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof GroupNorm g && g.weight != null) {
                Init.ones_(g.weight);
                Init.zeros_(g.bias);
            } else if (m instanceof Linear l) {
                Init.normal_(l.weight, 0, 0.01);
                if (l.bias != null) Init.zeros_(l.bias);
            }
        }
    }

    /** Same as torchvision.models._utils._make_divisible: v rounded to a multiple of divisor, never down by > 10%. */
    static int makeDivisible(double v, int divisor) {
        int newV = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (newV < 0.9 * v) newV += divisor;
        return newV;
    }

    @Override public Tensor forward(Tensor x) {
        x = features.call(x);
        // adaptive_avg_pool2d(x, (1, 1)) is the spatial mean
        x = x.mean(new int[]{2, 3}, true);
        return classifier.call(x.flatten(1));
    }
}
