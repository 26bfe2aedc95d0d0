package torch4j.backend;

import torch4j.DType;
import torch4j.Device;

/**
 * The kernels of one device kind. Ops (shape rules, dtype promotion, autograd) are written once above this
 * interface; a backend only computes. Kernels come in families so each stays small and a new backend can be
 * written family by family. Backends are found with {@link java.util.ServiceLoader} through
 * {@link BackendProvider}; the CPU backend is built in.
 */
public interface Backend {
    Device.Type deviceType();

    Storage allocate(DType dtype, int numel, Device device);

    ElementwiseKernels elementwise();

    ReduceKernels reduce();

    IndexKernels index();

    LinalgKernels linalg();

    ConvKernels conv();

    NormKernels norm();

    PoolKernels pool();

    /** Fused optimizer steps, or null when this backend has none (the optimizers then use tensor ops). */
    default OptimKernels optim() { return null; }
}
