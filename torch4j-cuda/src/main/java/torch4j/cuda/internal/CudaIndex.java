package torch4j.cuda.internal;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.Backends;
import torch4j.backend.IndexKernels;

/** Gather/scatter kernels (index.cu); accumulating ones exist for float32/64 and int32/64 (atomics). */
final class CudaIndex implements IndexKernels {
    private final CudaBackend b;

    CudaIndex(CudaBackend b) { this.b = b; }

    private static DevPtr ptr(Tensor t) { return DevPtr.base(t); }

    /** t's strides over another tensor's shape (the index's or the source's): the TI whose dim gets replaced. */
    private static TensorArg over(Tensor shapeOf, Tensor t) {
        return new TensorArg(t.storageOffset(), shapeOf.dim(), shapeOf.shapeArray().clone(), longs(t.strideArray()));
    }

    private static long[] longs(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    private static void checkDims(Tensor t) {
        if (t.dim() > TensorArg.MAXD)
            throw new UnsupportedOperationException("indexing tensors of more than 8 dims is not yet implemented on CUDA");
    }

    private static String atomicSfx(DType t, String op) {
        return switch (t) {
            case FLOAT32, FLOAT64, INT32, INT64 -> CudaBackend.sfx(t);
            default -> throw Unsupported.op(op + " for " + t.scalarName() + " tensors");
        };
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        checkDims(out);
        b.of(out).launch("index", "index_select_" + CudaBackend.sfx(x.dtype()), out.numel(),
                new TensorArg(x.storageOffset(), out.dim(), out.shapeArray().clone(), longs(x.strideArray())), dim,
                TensorArg.of(out), out.numel(), TensorArg.of(index), ptr(index), ptr(x), ptr(out));
    }

    @Override public void indexAdd(Tensor out, int dim, Tensor index, Tensor src, double alpha) {
        checkDims(src);
        b.of(out).launch("index", "index_add_" + atomicSfx(out.dtype(), "index_add"), src.numel(), over(src, out), dim,
                TensorArg.of(src), src.numel(), TensorArg.of(index), ptr(index), alpha, ptr(src), ptr(out));
    }

    @Override public void indexCopy(Tensor out, int dim, Tensor index, Tensor src) {
        checkDims(src);
        // src may be a stride-0 scalar of a different shape: iterate over out's shape with index's length at dim
        int[] shape = out.shapeArray().clone();
        shape[dim] = (int) index.numel();
        Tensor s = src.viewAs(shape, src.dim() == shape.length ? src.strideArray() : new int[shape.length], src.storageOffset());
        b.of(out).launch("index", "index_copy_" + CudaBackend.sfx(out.dtype()), s.numel(), over(s, out), dim,
                over(s, s), s.numel(), TensorArg.of(index), ptr(index), ptr(src), ptr(out));
    }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        checkDims(index);
        b.of(out).launch("index", "gather_" + CudaBackend.sfx(x.dtype()), index.numel(), over(index, x), dim,
                TensorArg.of(index), TensorArg.of(out), index.numel(), ptr(index), ptr(x), ptr(out));
    }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean add) {
        checkDims(index);
        String k = add ? "scatter_add_" + atomicSfx(out.dtype(), "scatter_add") : "scatter_" + CudaBackend.sfx(out.dtype());
        b.of(out).launch("index", k, index.numel(), over(index, out), dim, TensorArg.of(index), over(index, src),
                index.numel(), ptr(index), ptr(src), ptr(out));
    }

    /** The count decides the output's size, so the host needs it anyway (PyTorch's nonzero synchronises too). */
    @Override public Tensor nonzero(Tensor x) {
        Tensor hx = Tensor.empty(x.shapeArray(), x.dtype(), torch4j.Device.CPU);
        b.elementwise().copy(x, hx);
        Tensor h = Backends.cpu().index().nonzero(hx);
        Tensor r = b.of(x).empty(h.shapeArray(), h.dtype());
        b.elementwise().copy(h, r);
        return r;
    }
}
