package torch4j.autograd;

import torch4j.Tensor;

/** The gradient of one op input, given the gradient of the op's output (one entry of derivatives.yaml). */
@FunctionalInterface
public interface Derivative {
    Tensor apply(Tensor grad);
}
