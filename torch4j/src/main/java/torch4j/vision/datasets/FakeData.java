package torch4j.vision.datasets;

import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.utils.data.Dataset;
import torch4j.utils.data.Sample;
import torch4j.vision.transforms.Transform;

/**
 * {@code torchvision.datasets.FakeData}: random images that depend only on the index (item i draws from a generator
 * seeded with i + randomOffset: {@code randn(imageSize)} then {@code randint(numClasses)}, as torchvision). The
 * image is what {@code ToPILImage} makes of the floats ({@code mul(255).byte()}, wrapping modulo 256 as PyTorch's
 * cast does on x86) as an array: uint8 [H, W, C], or [H, W] for one channel.
 */
public class FakeData implements Dataset<Sample> {
    /** Keyword arguments of {@code FakeData}. */
    public static final class Options {
        int size = 1000;
        int[] imageSize = {3, 224, 224};
        int numClasses = 10;
        Transform transform, targetTransform;
        long randomOffset;

        public Options() {}

        public Options size(int v) { size = v; return this; }

        /** {channels, height, width}. */
        public Options imageSize(int... v) {
            if (v.length != 3) throw new TorchException("image_size should be (C, H, W), got " + v.length + " values");
            imageSize = v.clone();
            return this;
        }

        public Options numClasses(int v) { numClasses = v; return this; }

        public Options transform(Transform v) { transform = v; return this; }

        public Options targetTransform(Transform v) { targetTransform = v; return this; }

        public Options randomOffset(long v) { randomOffset = v; return this; }
    }

    private final Options o;

    public FakeData() { this(new Options()); }

    public FakeData(Options options) { this.o = options; }

    /** The untransformed image and label of item index. */
    public Tensor[] raw(int index) {
        if (index >= o.size || index < 0) throw new TorchException("FakeData index out of range");
        Generator g = new Generator(index + o.randomOffset);
        float[] v = Torch.randn(o.imageSize, g).mul(255).toFloatArray();
        Tensor target = Torch.randint(0, o.numClasses, new int[]{1}, g).select(0, 0);
        int c = o.imageSize[0], h = o.imageSize[1], w = o.imageSize[2];
        byte[] b = new byte[v.length];
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < h * w; i++) b[i * c + ch] = (byte) (int) v[ch * h * w + i];
        Tensor img = c == 1 ? Torch.fromArray(b, DType.UINT8, h, w) : Torch.fromArray(b, DType.UINT8, h, w, c);
        return new Tensor[]{img, target};
    }

    @Override public Sample get(int index) {
        Tensor[] r = raw(index);
        Object x = o.transform == null ? r[0] : o.transform.apply(r[0]);
        Object t = o.targetTransform == null ? r[1] : o.targetTransform.apply(r[1]);
        if (x instanceof java.awt.image.BufferedImage bi) x = torch4j.vision.transforms.TF.pilToTensor(bi).permute(1, 2, 0).contiguous();
        if (!(x instanceof Tensor xt) || !(t instanceof Tensor tt))
            throw new TorchException("FakeData transforms must return tensors to form a Sample");
        return new Sample(xt, tt);
    }

    @Override public int size() { return o.size; }

    @Override public String toString() { return "Dataset FakeData\n    Number of datapoints: " + o.size; }
}
