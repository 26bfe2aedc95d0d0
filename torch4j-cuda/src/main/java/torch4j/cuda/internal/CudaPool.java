package torch4j.cuda.internal;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.backend.PoolKernels;

/** Max pooling and the plane gather/scatter its gradient uses (pool.cu); the separable maps are not there yet. */
final class CudaPool implements PoolKernels {
    private final CudaBackend b;

    CudaPool(CudaBackend b) { this.b = b; }

    private static long ptr(Tensor t) { return CudaBackend.storage(t).ptr() + t.storageOffset() * t.dtype().itemSize(); }

    @Override public void maxPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, Tensor out,
                                    Tensor indices) {
        b.of(out).launch("pool", "max_pool2d_" + CudaBackend.sfx(x.dtype()), out.numel(), (long) x.size(0), x.size(1),
                x.size(2), out.size(1), out.size(2), kH, kW, sH, sW, pH, pW, dH, dW, ptr(x), ptr(out), ptr(indices));
    }

    @Override public void adaptiveMaxPool2d(Tensor x, Tensor out, Tensor indices) { throw Unsupported.op("adaptive_max_pool2d"); }

    @Override public void gatherPlanes(Tensor src, Tensor indices, Tensor out) {
        b.of(out).launch("pool", "gather_planes_" + CudaBackend.sfx(src.dtype()), out.numel(), (long) src.size(0),
                (long) src.size(1), (long) out.size(1), ptr(src), ptr(indices), ptr(out));
    }

    @Override public void scatterAddPlanes(Tensor src, Tensor indices, Tensor out) {
        if (src.dtype() != DType.FLOAT32 && src.dtype() != DType.FLOAT64)
            throw Unsupported.op("max pooling backward for " + src.dtype().scalarName() + " tensors");
        b.elementwise().fill(out, 0);
        b.of(out).launch("pool", "scatter_add_planes_" + CudaBackend.sfx(src.dtype()), src.numel(), (long) src.size(0),
                (long) out.size(1), (long) src.size(1), ptr(src), ptr(indices), ptr(out));
    }

    @Override public void separable2d(Tensor x, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW, Tensor out) {
        throw Unsupported.op("average pooling / interpolation (separable2d)");
    }

    @Override public void separable2dAdjoint(Tensor g, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW,
                                             Tensor gradIn) {
        throw Unsupported.op("average pooling / interpolation backward (separable2dAdjoint)");
    }

    @Override public void indexMap(Tensor x, int[][] maps, double fill, Tensor out) { throw Unsupported.op("padding (indexMap)"); }

    @Override public void indexMapAdjoint(Tensor g, int[][] maps, Tensor gradIn) {
        throw Unsupported.op("padding backward (indexMapAdjoint)");
    }
}
