package torch4j.nn;

import torch4j.DType;

/**
 * Same as {@code torch.nn.modules.linear.NonDynamicallyQuantizableLinear}: a {@link Linear} that only exists, as in
 * PyTorch, so that {@link MultiheadAttention}'s out_proj prints under this name.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    public NonDynamicallyQuantizableLinear(int inFeatures, int outFeatures, boolean bias, DType dtype) {
        super(new Linear.Options(inFeatures, outFeatures).bias(bias).dtype(dtype));
    }
}
