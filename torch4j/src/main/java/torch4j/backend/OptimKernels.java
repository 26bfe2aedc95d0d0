package torch4j.backend;

import torch4j.DType;
import torch4j.Tensor;

/**
 * Fused per-parameter optimizer steps: one pass over the parameter, its gradient and its state instead of a few
 * elementwise ops each. Optional: a backend without them ({@link Backend#optim()} null) gets the optimizers'
 * generic path. Tensors are contiguous, on one device and of one dtype that {@link #supports}; buf and vmax may be
 * null. Callers bump the tensors' versions.
 */
public interface OptimKernels {
    /** Whether the fused steps handle parameters of this dtype (the others take the generic path). */
    default boolean supports(DType dtype) { return dtype.isFloatingPoint(); }

    /**
     * SGD: d = (maximize ? -g : g) + wd·p; with a momentum buffer, buf = momentum·buf + (1 - dampening)·d and
     * d = nesterov ? d + momentum·buf : buf; then p -= lr·d.
     */
    void sgd(Tensor p, Tensor grad, Tensor buf, double lr, double momentum, double dampening, double wd,
             boolean nesterov, boolean maximize);

    /**
     * Adam (decoupled: AdamW): p *= 1 - lr·wd when decoupled, else g += wd·p; m = β1·m + (1-β1)·g,
     * v = β2·v + (1-β2)·g², vmax = max(vmax, v) when given; p += -stepSize · m / (sqrt(v or vmax)/bc2Sqrt + eps).
     */
    void adam(Tensor p, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1, double beta2,
              double wd, double eps, boolean decoupled, boolean maximize, double stepSize, double bc2Sqrt);
}
