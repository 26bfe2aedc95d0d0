package torch4j.vision.transforms;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;

/** {@code torchvision.transforms.ConvertImageDtype}: converts a tensor image's dtype, rescaling values (uint8 255 ↔ float 1.0). */
public final class ConvertImageDtype implements Transform {
    private final DType dtype;

    public ConvertImageDtype(DType dtype) { this.dtype = dtype; }

    @Override public Object apply(Object input) {
        if (!(input instanceof Tensor t)) throw new TorchException("Input img should be Tensor Image");
        return TF.convertImageDtype(t, dtype);
    }

    @Override public String toString() { return "ConvertImageDtype()"; }
}
