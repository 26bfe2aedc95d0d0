package torch4j.vision.models;

import java.util.function.IntFunction;
import java.util.function.Supplier;
import torch4j.nn.BatchNorm2d;
import torch4j.nn.Conv2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;

/**
 * Same as {@code torchvision.ops.Conv2dNormActivation}: a Sequential of Conv2d (padding (k-1)/2·dilation, no bias
 * when a norm layer follows), a norm layer (BatchNorm2d by default) and an activation (ReLU by default), keyed
 * {@code 0}, {@code 1}, {@code 2} as torchvision's.
 */
public class Conv2dNormActivation extends Sequential {
    /** Keyword arguments of torchvision.ops.Conv2dNormActivation. */
    public static final class Options {
        final int inChannels, outChannels;
        int kernelSize = 3, stride = 1, groups = 1, dilation = 1;
        Integer padding;
        Boolean bias;
        IntFunction<Module> normLayer = BatchNorm2d::new;
        Supplier<Module> activationLayer = ReLU::new;

        public Options(int inChannels, int outChannels) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
        }

        public Options kernelSize(int v) {
            kernelSize = v;
            return this;
        }

        public Options stride(int v) {
            stride = v;
            return this;
        }

        /** Default (kernel_size - 1) / 2 · dilation. */
        public Options padding(int v) {
            padding = v;
            return this;
        }

        public Options groups(int v) {
            groups = v;
            return this;
        }

        public Options dilation(int v) {
            dilation = v;
            return this;
        }

        /** Default: a bias only when there is no norm layer. */
        public Options bias(boolean v) {
            bias = v;
            return this;
        }

        /** The norm layer for a channel count; null for none. */
        public Options normLayer(IntFunction<Module> v) {
            normLayer = v;
            return this;
        }

        /** The activation; null for none. */
        public Options activationLayer(Supplier<Module> v) {
            activationLayer = v;
            return this;
        }
    }

    /** Conv2d(in, out, 3) + BatchNorm2d + ReLU. */
    public Conv2dNormActivation(int inChannels, int outChannels) { this(new Options(inChannels, outChannels)); }

    public Conv2dNormActivation(Options o) {
        int padding = o.padding != null ? o.padding : (o.kernelSize - 1) / 2 * o.dilation;
        boolean bias = o.bias != null ? o.bias : o.normLayer == null;
        append(new Conv2d(new Conv2d.Options(o.inChannels, o.outChannels, o.kernelSize).stride(o.stride)
                .padding(padding).dilation(o.dilation).groups(o.groups).bias(bias)));
        if (o.normLayer != null) append(o.normLayer.apply(o.outChannels));
        if (o.activationLayer != null) append(o.activationLayer.get());
    }
}
