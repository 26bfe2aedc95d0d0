package torch4j.internal.cpu;

import torch4j.Tensor;
import torch4j.backend.IndexKernels;

/** CPU gather/scatter kernels. */
final class CpuIndex implements IndexKernels {
    static final CpuIndex INSTANCE = new CpuIndex();

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) { throw new UnsupportedOperationException("being written"); }

    @Override public void indexAdd(Tensor out, int dim, Tensor index, Tensor src, double alpha) { throw new UnsupportedOperationException("being written"); }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor out) { throw new UnsupportedOperationException("being written"); }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add) { throw new UnsupportedOperationException("being written"); }
}
