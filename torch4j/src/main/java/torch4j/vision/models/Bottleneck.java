package torch4j.vision.models;

import java.util.function.IntFunction;
import torch4j.Tensor;
import torch4j.nn.BatchNorm2d;
import torch4j.nn.Conv2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;

/**
 * Same as {@code torchvision.models.resnet.Bottleneck} (ResNet V1.5: the stride sits on the 3×3 convolution):
 * 1×1 reduce to {@code width = planes·baseWidth/64·groups}, 3×3 (grouped, dilated), 1×1 expand to {@code 4·planes},
 * each with batch norm, plus the residual connection through {@code downsample} when given.
 */
public class Bottleneck extends Module {
    /** The ratio of output channels to {@code planes}. */
    public static final int EXPANSION = 4;

    public Conv2d conv1;
    public Module bn1;
    public Conv2d conv2;
    public Module bn2;
    public Conv2d conv3;
    public Module bn3;
    public ReLU relu;
    /** A Sequential(conv1x1, norm) when the shape changes, otherwise null. */
    public Module downsample;
    public final int stride;

    /** Same as Bottleneck(inplanes, planes): stride 1, no downsample. */
    public Bottleneck(int inplanes, int planes) { this(inplanes, planes, 1, null); }

    /** Same as Bottleneck(inplanes, planes, stride, downsample). */
    public Bottleneck(int inplanes, int planes, int stride, Module downsample) {
        this(inplanes, planes, stride, downsample, 1, 64, 1, BatchNorm2d::new);
    }

    /** Same as Bottleneck(inplanes, planes, stride, downsample, groups, base_width, dilation, norm_layer). */
    public Bottleneck(int inplanes, int planes, int stride, Module downsample, int groups, int baseWidth, int dilation,
                      IntFunction<Module> normLayer) {
        int width = (int) (planes * (baseWidth / 64.0)) * groups;
        conv1 = ResNet.conv1x1(inplanes, width, 1);
        bn1 = normLayer.apply(width);
        conv2 = ResNet.conv3x3(width, width, stride, groups, dilation);
        bn2 = normLayer.apply(width);
        conv3 = ResNet.conv1x1(width, planes * EXPANSION, 1);
        bn3 = normLayer.apply(planes * EXPANSION);
        relu = new ReLU();
        this.downsample = downsample;
        this.stride = stride;
    }

    @Override public Tensor forward(Tensor x) {
        Tensor out = relu.call(bn1.call(conv1.call(x)));
        out = relu.call(bn2.call(conv2.call(out)));
        out = bn3.call(conv3.call(out));
        Tensor identity = downsample != null ? downsample.call(x) : x;
        return relu.call(out.add(identity));
    }
}
