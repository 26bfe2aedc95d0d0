package torch4j.vision.transforms;

import java.util.Arrays;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/** {@code torchvision.transforms.Normalize(mean, std)}: (x - mean[c]) / std[c] per channel of a CHW tensor. */
public final class Normalize implements Transform {
    private final double[] mean;
    private final double[] std;

    public Normalize(double[] mean, double[] std) {
        if (mean.length != std.length) throw new TorchException("mean and std must have the same length");
        for (double s : std)
            if (s == 0) throw new TorchException("std evaluated to zero after conversion to torch.float32, leading to division by zero.");
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** One value for every channel, as {@code Normalize((0.5,), (0.5,))}. */
    public Normalize(double mean, double std) { this(new double[]{mean}, new double[]{std}); }

    @Override public Object apply(Object input) {
        if (!(input instanceof Tensor t) || !t.isFloatingPoint())
            throw new TorchException("Input tensor should be a float tensor. Got " + (input instanceof Tensor t2 ? t2.dtype() : input));
        if (t.dim() < 3) throw new TorchException("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = " + t.shape());
        int c = t.size(-3);
        if (mean.length != 1 && mean.length != c)
            throw new TorchException("mean has " + mean.length + " values but the image has " + c + " channels");
        double[] m = new double[c], s = new double[c];
        for (int i = 0; i < c; i++) {
            m[i] = mean[mean.length == 1 ? 0 : i];
            s[i] = std[std.length == 1 ? 0 : i];
        }
        if (t.dtype() == torch4j.DType.FLOAT32 && t.dim() == 3 && t.isContiguous() && t.device().isCpu() && !t.requiresGrad()) {
            // per-sample hot path: one pass, (x - m) / s in float32 as the two tensor ops would round it
            float[] src = ((torch4j.backend.CpuStorage) t.storage()).f32();
            int off = t.storageOffset(), plane = t.size(1) * t.size(2);
            float[] out = new float[c * plane];
            for (int ch = 0; ch < c; ch++) {
                float mc = (float) m[ch], sc = (float) s[ch];
                for (int i = ch * plane, e = i + plane; i < e; i++) out[i] = (src[off + i] - mc) / sc;
            }
            return Torch.fromArray(out, c, t.size(1), t.size(2));
        }
        Tensor mt = Torch.tensor(m, t.dtype()).reshape(c, 1, 1), st = Torch.tensor(s, t.dtype()).reshape(c, 1, 1);
        return t.sub(mt).div(st);
    }

    @Override public String toString() { return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")"; }
}
