package torch4j.vision.transforms;

import java.awt.image.BufferedImage;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/**
 * {@code torchvision.transforms.ToTensor}: an image (uint8 tensor HW or HWC, or a BufferedImage: gray, RGB, or
 * RGBA when it has alpha) becomes a float32 tensor CHW with values in [0, 1]; a tensor of another dtype is only
 * permuted to CHW, as torchvision does for such arrays.
 */
public final class ToTensor implements Transform {
    @Override public Object apply(Object input) {
        return switch (input) {
            case Tensor t -> fromTensor(t);
            case BufferedImage img -> fromImage(img);
            default -> throw new TorchException("pic should be a uint8 tensor or a BufferedImage. Got " + input.getClass().getName());
        };
    }

    private static Tensor fromTensor(Tensor t) {
        if (t.dim() != 2 && t.dim() != 3)
            throw new TorchException("pic should be 2/3 dimensional. Got " + t.dim() + " dimensions.");
        if (t.dtype() == DType.UINT8 && t.dim() == 2 && t.isContiguous() && t.device().isCpu() && !t.requiresGrad()) {
            // the per-sample hot path of MNIST-style datasets: one pass from bytes to floats
            byte[] src = ((torch4j.backend.CpuStorage) t.storage()).i8();
            int off = t.storageOffset(), n = (int) t.numel();
            float[] out = new float[n];
            for (int i = 0; i < n; i++) out[i] = (src[off + i] & 0xFF) / 255f;
            return Torch.fromArray(out, 1, t.size(0), t.size(1));
        }
        Tensor chw = (t.dim() == 2 ? t.unsqueeze(0) : t.permute(2, 0, 1)).contiguous();
        // as torchvision: only uint8 images are scaled to [0, 1]; other dtypes come back unchanged
        return t.dtype() == DType.UINT8 ? chw.to(DType.FLOAT32).div_(255.0) : chw;
    }

    private static Tensor fromImage(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth();
        boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        // an image with alpha is PIL's RGBA: four channels
        boolean alpha = !gray && img.getColorModel().hasAlpha();
        int c = gray ? 1 : alpha ? 4 : 3;
        float[] data = new float[c * h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (gray) {
                    data[y * w + x] = img.getRaster().getSample(x, y, 0) / 255f;
                } else {
                    int rgb = img.getRGB(x, y);
                    data[y * w + x] = ((rgb >> 16) & 0xFF) / 255f;
                    data[h * w + y * w + x] = ((rgb >> 8) & 0xFF) / 255f;
                    data[2 * h * w + y * w + x] = (rgb & 0xFF) / 255f;
                    if (alpha) data[3 * h * w + y * w + x] = ((rgb >>> 24) & 0xFF) / 255f;
                }
            }
        return Torch.fromArray(data, c, h, w);
    }

    @Override public String toString() { return "ToTensor()"; }
}
