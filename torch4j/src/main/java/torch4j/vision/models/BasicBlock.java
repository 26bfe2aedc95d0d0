package torch4j.vision.models;

import java.util.function.IntFunction;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.BatchNorm2d;
import torch4j.nn.Conv2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;

/**
 * Same as {@code torchvision.models.resnet.BasicBlock}: two 3×3 convolutions with batch norm and a residual
 * connection, {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + identity)}, where identity is {@code downsample(x)} when
 * a downsample module is given (it must map the input to {@code planes} channels at the output's resolution).
 */
public class BasicBlock extends Module {
    /** The ratio of output channels to {@code planes}. */
    public static final int EXPANSION = 1;

    public Conv2d conv1;
    public Module bn1;
    public ReLU relu;
    public Conv2d conv2;
    public Module bn2;
    /** A Sequential(conv1x1, norm) when the shape changes, otherwise null. */
    public Module downsample;
    public final int stride;

    /** Same as BasicBlock(inplanes, planes): stride 1, no downsample. */
    public BasicBlock(int inplanes, int planes) { this(inplanes, planes, 1, null); }

    /** Same as BasicBlock(inplanes, planes, stride, downsample). */
    public BasicBlock(int inplanes, int planes, int stride, Module downsample) {
        this(inplanes, planes, stride, downsample, 1, 64, 1, BatchNorm2d::new);
    }

    /** Same as BasicBlock(inplanes, planes, stride, downsample, groups, base_width, dilation, norm_layer). */
    public BasicBlock(int inplanes, int planes, int stride, Module downsample, int groups, int baseWidth, int dilation,
                      IntFunction<Module> normLayer) {
        if (groups != 1 || baseWidth != 64) throw new TorchException("BasicBlock only supports groups=1 and base_width=64");
        if (dilation > 1) throw new TorchException("Dilation > 1 not supported in BasicBlock");
        conv1 = ResNet.conv3x3(inplanes, planes, stride, 1, 1);
        bn1 = normLayer.apply(planes);
        relu = new ReLU();
        conv2 = ResNet.conv3x3(planes, planes, 1, 1, 1);
        bn2 = normLayer.apply(planes);
        this.downsample = downsample;
        this.stride = stride;
    }

    @Override public Tensor forward(Tensor x) {
        Tensor out = relu.call(bn1.call(conv1.call(x)));
        out = bn2.call(conv2.call(out));
        Tensor identity = downsample != null ? downsample.call(x) : x;
        return relu.call(out.add(identity));
    }
}
