package torch4j.vision.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.AdaptiveAvgPool2d;
import torch4j.nn.BatchNorm;
import torch4j.nn.Conv2d;
import torch4j.nn.GroupNorm;
import torch4j.nn.Linear;
import torch4j.nn.MaxPool2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.init.Init;

/**
 * Same as {@code torchvision.models.ResNet}, module for module and key for key: {@code conv1} (7×7/2), {@code bn1},
 * {@code relu}, {@code maxpool} (3×3/2), {@code layer1}…{@code layer4} (Sequentials of {@link BasicBlock} or
 * {@link Bottleneck}, each stage's first block with a {@code downsample} Sequential(conv1x1, norm) when the shape
 * changes), {@code avgpool} (adaptive to 1×1) and {@code fc}. Initialised as torchvision's: kaiming-normal (fan-out,
 * ReLU) convolutions, norm weights 1 and biases 0, optionally the last norm of each block zeroed
 * ({@code zeroInitResidual}); {@code fc} keeps Linear's default initialisation. Built by {@link Models#resnet18} and
 * friends; for fine-tuning reassign the public fields, e.g. {@code model.fc = new Linear(512, 10)}.
 */
public class ResNet extends Module {
    /** The residual block type, torchvision's {@code block} argument. */
    public enum Block {
        /** {@link BasicBlock} (ResNet-18/34). */
        BASIC(BasicBlock.EXPANSION),
        /** {@link Bottleneck} (ResNet-50/101/152, ResNeXt, Wide ResNet). */
        BOTTLENECK(Bottleneck.EXPANSION);

        /** The ratio of a block's output channels to its {@code planes}. */
        public final int expansion;

        Block(int expansion) { this.expansion = expansion; }
    }

    /** Keyword arguments of torchvision.models.ResNet. */
    public static final class Options {
        int numClasses = 1000, groups = 1, widthPerGroup = 64;
        boolean zeroInitResidual;
        boolean[] replaceStrideWithDilation = {false, false, false};
        IntFunction<Module> normLayer = torch4j.nn.BatchNorm2d::new;

        public Options numClasses(int v) {
            numClasses = v;
            return this;
        }

        /** Zero the last norm layer's weight in every residual branch, so each block starts as the identity. */
        public Options zeroInitResidual(boolean v) {
            zeroInitResidual = v;
            return this;
        }

        /** Groups of the 3×3 bottleneck convolutions (ResNeXt). */
        public Options groups(int v) {
            groups = v;
            return this;
        }

        /** Channels per group of the bottleneck (64; 128 for Wide ResNet). */
        public Options widthPerGroup(int v) {
            widthPerGroup = v;
            return this;
        }

        /** For layer2..layer4: replace the stride-2 by a dilation (three flags). */
        public Options replaceStrideWithDilation(boolean layer2, boolean layer3, boolean layer4) {
            replaceStrideWithDilation = new boolean[]{layer2, layer3, layer4};
            return this;
        }

        /** The norm layer for a channel count (default BatchNorm2d). */
        public Options normLayer(IntFunction<Module> v) {
            normLayer = v;
            return this;
        }
    }

    public Conv2d conv1;
    public Module bn1;
    public ReLU relu;
    public Module maxpool;
    public Sequential layer1;
    public Sequential layer2;
    public Sequential layer3;
    public Sequential layer4;
    public Module avgpool;
    /** The head, Linear(512·expansion, numClasses); reassign it for fine-tuning. */
    public Module fc;

    private final Block block;
    private final IntFunction<Module> normLayer;
    private final int groups, baseWidth;
    private int inplanes = 64, dilation = 1;

    /** Same as torchvision's ResNet(block, layers) with 1000 classes. */
    public ResNet(Block block, int[] layers) { this(block, layers, new Options()); }

    /** Same as torchvision's ResNet(block, layers, num_classes, zero_init_residual, groups, width_per_group, …). */
    public ResNet(Block block, int[] layers, Options o) {
        if (layers.length != 4) throw new TorchException("layers should have 4 entries, got " + layers.length);
        this.block = block;
        this.normLayer = o.normLayer;
        this.groups = o.groups;
        this.baseWidth = o.widthPerGroup;
        boolean[] rd = o.replaceStrideWithDilation;
        if (rd.length != 3)
            throw new TorchException("replace_stride_with_dilation should be None or a 3-element tuple, got " + rd.length);
        conv1 = new Conv2d(new Conv2d.Options(3, inplanes, 7).stride(2).padding(3).bias(false));
        bn1 = normLayer.apply(inplanes);
        relu = new ReLU();
        maxpool = new MaxPool2d(new MaxPool2d.Options(3).stride(2).padding(1));
        layer1 = makeLayer(64, layers[0], 1, false);
        layer2 = makeLayer(128, layers[1], 2, rd[0]);
        layer3 = makeLayer(256, layers[2], 2, rd[1]);
        layer4 = makeLayer(512, layers[3], 2, rd[2]);
        avgpool = new AdaptiveAvgPool2d(1, 1);
        fc = new Linear(512 * block.expansion, o.numClasses);

        for (Module m : modules()) {
            if (m instanceof Conv2d c) Init.kaimingNormal_(c.weight, 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
            else if (m instanceof BatchNorm b && b.weight != null) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof GroupNorm g && g.weight != null) {
                Init.ones_(g.weight);
                Init.zeros_(g.bias);
            }
        }
        if (o.zeroInitResidual) {
            for (Module m : modules()) {
                if (m instanceof Bottleneck b && b.bn3 instanceof BatchNorm n && n.weight != null) Init.zeros_(n.weight);
                else if (m instanceof BasicBlock b && b.bn2 instanceof BatchNorm n && n.weight != null) Init.zeros_(n.weight);
            }
        }
    }

    /** Same as ResNet._make_layer: one stage of {@code blocks} blocks, the first one striding and projecting. */
    private Sequential makeLayer(int planes, int blocks, int stride, boolean dilate) {
        Module downsample = null;
        int previousDilation = dilation;
        if (dilate) {
            dilation *= stride;
            stride = 1;
        }
        int out = planes * block.expansion;
        if (stride != 1 || inplanes != out) downsample = new Sequential(conv1x1(inplanes, out, stride), normLayer.apply(out));
        List<Module> layers = new ArrayList<>();
        layers.add(newBlock(inplanes, planes, stride, downsample, previousDilation));
        inplanes = out;
        for (int i = 1; i < blocks; i++) layers.add(newBlock(inplanes, planes, 1, null, dilation));
        return new Sequential(layers);
    }

    private Module newBlock(int in, int planes, int stride, Module downsample, int dil) {
        return block == Block.BASIC
                ? new BasicBlock(in, planes, stride, downsample, groups, baseWidth, dil, normLayer)
                : new Bottleneck(in, planes, stride, downsample, groups, baseWidth, dil, normLayer);
    }

    /** Same as torchvision.models.resnet.conv3x3: 3×3, padding = dilation, no bias. */
    public static Conv2d conv3x3(int in, int out, int stride, int groups, int dilation) {
        return new Conv2d(new Conv2d.Options(in, out, 3).stride(stride).padding(dilation).groups(groups).bias(false)
                .dilation(dilation));
    }

    /** Same as torchvision.models.resnet.conv1x1: 1×1, no bias. */
    public static Conv2d conv1x1(int in, int out, int stride) {
        return new Conv2d(new Conv2d.Options(in, out, 1).stride(stride).bias(false));
    }

    @Override public Tensor forward(Tensor x) {
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        x = layer1.call(x);
        x = layer2.call(x);
        x = layer3.call(x);
        x = layer4.call(x);
        x = avgpool.call(x);
        return fc.call(x.flatten(1));
    }
}
