package torch4j.vision.models;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.nn.BatchNorm2d;
import torch4j.nn.Conv2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU6;
import torch4j.nn.Sequential;

/**
 * Same as {@code torchvision.models.mobilenetv2.InvertedResidual}: {@code conv} is a Sequential of an optional 1×1
 * expansion (Conv2dNormActivation with ReLU6, when expandRatio ≠ 1), a 3×3 depthwise Conv2dNormActivation with ReLU6,
 * and a linear 1×1 projection (Conv2d + norm); the input is added back when stride is 1 and the channel counts match.
 */
public class InvertedResidual extends Module {
    public final int stride, outChannels;
    /** Whether the block adds its input to its output. */
    public final boolean useResConnect;
    public Sequential conv;

    /** Same as InvertedResidual(inp, oup, stride, expand_ratio). */
    public InvertedResidual(int inp, int oup, int stride, int expandRatio) {
        this(inp, oup, stride, expandRatio, BatchNorm2d::new);
    }

    /** Same as InvertedResidual(inp, oup, stride, expand_ratio, norm_layer). */
    public InvertedResidual(int inp, int oup, int stride, double expandRatio, IntFunction<Module> normLayer) {
        if (stride != 1 && stride != 2) throw new TorchException("stride should be 1 or 2 instead of " + stride);
        this.stride = stride;
        this.outChannels = oup;
        int hidden = (int) Math.round(inp * expandRatio);
        useResConnect = stride == 1 && inp == oup;
        List<Module> layers = new ArrayList<>();
        if (expandRatio != 1)
            layers.add(new Conv2dNormActivation(new Conv2dNormActivation.Options(inp, hidden).kernelSize(1)
                    .normLayer(normLayer).activationLayer(ReLU6::new)));
        layers.add(new Conv2dNormActivation(new Conv2dNormActivation.Options(hidden, hidden).stride(stride)
                .groups(hidden).normLayer(normLayer).activationLayer(ReLU6::new)));
        layers.add(new Conv2d(new Conv2d.Options(hidden, oup, 1).bias(false)));
        layers.add(normLayer.apply(oup));
        conv = new Sequential(layers);
    }

    @Override public Tensor forward(Tensor x) {
        Tensor y = conv.call(x);
        return useResConnect ? x.add(y) : y;
    }
}
