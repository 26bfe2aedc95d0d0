package torch4j.cuda.internal;

import torch4j.Tensor;
import torch4j.backend.OptimKernels;

/** Fused SGD and Adam steps (optim.cu): one kernel per parameter instead of a few elementwise ones. */
final class CudaOptim implements OptimKernels {
    private final CudaBackend b;

    CudaOptim(CudaBackend b) { this.b = b; }

    private static DevPtr p(Tensor t) { return DevPtr.at(t); }

    @Override public void sgd(Tensor param, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                              double wd, boolean nesterov, boolean maximize) {
        b.of(param).launch("optim", "sgd_" + CudaBackend.sfx(param.dtype()), param.numel(), param.numel(), p(param),
                p(grad), p(buf), lr, momentum, dampening, wd, nesterov ? 1 : 0, maximize ? 1 : 0);
    }

    @Override public void adam(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vmax, double lr, double beta1,
                               double beta2, double wd, double eps, boolean decoupled, boolean maximize,
                               double stepSize, double bc2Sqrt) {
        b.of(param).launch("optim", "adam_" + CudaBackend.sfx(param.dtype()), param.numel(), param.numel(), p(param),
                p(grad), p(m), p(v), p(vmax), lr, beta1, beta2, wd, eps, decoupled ? 1 : 0, maximize ? 1 : 0, stepSize,
                bc2Sqrt);
    }
}
