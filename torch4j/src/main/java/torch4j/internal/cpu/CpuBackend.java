package torch4j.internal.cpu;

import torch4j.DType;
import torch4j.Device;
import torch4j.backend.Backend;
import torch4j.backend.CpuStorage;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.IndexKernels;
import torch4j.backend.LinalgKernels;
import torch4j.backend.ReduceKernels;
import torch4j.backend.Storage;

/** The built-in CPU backend: Java arrays, Vector API kernels, one shared pool ({@link Parallel}). */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Device.Type deviceType() { return Device.Type.CPU; }

    @Override public Storage allocate(DType dtype, int numel, Device device) { return CpuStorage.allocate(dtype, numel); }

    @Override public ElementwiseKernels elementwise() { return CpuElementwise.INSTANCE; }

    @Override public ReduceKernels reduce() { return CpuReduce.INSTANCE; }

    @Override public IndexKernels index() { return CpuIndex.INSTANCE; }

    @Override public LinalgKernels linalg() { return CpuLinalg.INSTANCE; }

    @Override public torch4j.backend.ConvKernels conv() { return CpuConv.INSTANCE; }

    @Override public torch4j.backend.NormKernels norm() { return CpuNorm.INSTANCE; }

    @Override public torch4j.backend.PoolKernels pool() { return CpuPool.INSTANCE; }

    @Override public torch4j.backend.OptimKernels optim() { return CpuOptim.INSTANCE; }
}
