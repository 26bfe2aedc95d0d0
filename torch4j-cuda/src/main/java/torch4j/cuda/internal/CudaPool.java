package torch4j.cuda.internal;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.backend.PoolKernels;

/**
 * Pooling, resampling and padding over planes (pool.cu). The separable maps' tap tables are small host arrays,
 * uploaded per call; their adjoints and the padding adjoint accumulate with atomics (float32/float64 only).
 */
final class CudaPool implements PoolKernels {
    private final CudaBackend b;

    CudaPool(CudaBackend b) { this.b = b; }

    private static DevPtr ptr(Tensor t) { return DevPtr.at(t); }

    @Override public void maxPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, Tensor out,
                                    Tensor indices) {
        b.of(out).launch("pool", "max_pool2d_" + CudaBackend.sfx(x.dtype()), out.numel(), (long) x.size(0), x.size(1),
                x.size(2), out.size(1), out.size(2), kH, kW, sH, sW, pH, pW, dH, dW, ptr(x), ptr(out), ptr(indices));
    }

    @Override public void adaptiveMaxPool2d(Tensor x, Tensor out, Tensor indices) {
        b.of(out).launch("pool", "adaptive_max_pool2d_" + CudaBackend.sfx(x.dtype()), out.numel(), (long) x.size(0),
                x.size(1), x.size(2), out.size(1), out.size(2), ptr(x), ptr(out), ptr(indices));
    }

    @Override public void gatherPlanes(Tensor src, Tensor indices, Tensor out) {
        b.of(out).launch("pool", "gather_planes_" + CudaBackend.sfx(src.dtype()), out.numel(), (long) src.size(0),
                (long) src.size(1), (long) out.size(1), ptr(src), ptr(indices), ptr(out));
    }

    private static void atomicDtype(Tensor t, String op) {
        if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64)
            throw Unsupported.op(op + " for " + t.dtype().scalarName() + " tensors");
    }

    @Override public void scatterAddPlanes(Tensor src, Tensor indices, Tensor out) {
        atomicDtype(src, "max pooling backward");
        b.elementwise().fill(out, 0);
        b.of(out).launch("pool", "scatter_add_planes_" + CudaBackend.sfx(src.dtype()), src.numel(), (long) src.size(0),
                (long) out.size(1), (long) src.size(1), ptr(src), ptr(indices), ptr(out));
    }

    /** A host table as a device tensor (kept reachable by the caller until the kernel is queued). */
    private Tensor table(Tensor like, int[] v) { return upload(like, Torch.fromArray(v, v.length)); }

    private Tensor table(Tensor like, double[] v) { return upload(like, Torch.fromArray(v, v.length)); }

    private Tensor upload(Tensor like, Tensor host) {
        Tensor t = b.of(like).empty(host.shapeArray(), host.dtype());
        b.elementwise().copy(host, t);
        return t;
    }

    @Override public void separable2d(Tensor x, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW, Tensor out) {
        Tensor a = table(x, ih), bb = table(x, wh), c = table(x, iw), d = table(x, ww);
        b.of(out).launch("pool", "separable2d_" + CudaBackend.sfx(x.dtype()), out.numel(), (long) x.size(0), x.size(1),
                x.size(2), out.size(1), out.size(2), tH, tW, ptr(a), ptr(bb), ptr(c), ptr(d), ptr(x), ptr(out));
        java.lang.ref.Reference.reachabilityFence(new Object[]{a, bb, c, d});
    }

    @Override public void separable2dAdjoint(Tensor g, int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW,
                                             Tensor gradIn) {
        atomicDtype(g, "average pooling / interpolation backward");
        b.elementwise().fill(gradIn, 0);
        Tensor a = table(g, ih), bb = table(g, wh), c = table(g, iw), d = table(g, ww);
        b.of(g).launch("pool", "separable2d_adjoint_" + CudaBackend.sfx(g.dtype()), g.numel(), (long) g.size(0),
                gradIn.size(1), gradIn.size(2), g.size(1), g.size(2), tH, tW, ptr(a), ptr(bb), ptr(c), ptr(d), ptr(g),
                ptr(gradIn));
        java.lang.ref.Reference.reachabilityFence(new Object[]{a, bb, c, d});
    }

    /** n, k, the out dims, the x dims and each map's start in the concatenated table, as index_map's arguments. */
    private Object[] mapArgs(Tensor x, Tensor out, int[][] maps, Tensor table) {
        int k = maps.length;
        if (k > 3) throw Unsupported.op("padding of more than 3 dims");
        int[] od = {1, 1, 1}, xd = {1, 1, 1}, mo = {0, 0, 0};
        for (int d = 0, off = 0; d < k; d++) {
            od[d] = out.size(1 + d);
            xd[d] = x.size(1 + d);
            mo[d] = off;
            off += maps[d].length;
        }
        return new Object[]{out.numel(), k, od[0], od[1], od[2], xd[0], xd[1], xd[2], mo[0], mo[1], mo[2], ptr(table)};
    }

    private static int[] concat(int[][] maps) {
        int n = 0;
        for (int[] m : maps) n += m.length;
        int[] all = new int[Math.max(n, 1)];
        for (int d = 0, off = 0; d < maps.length; off += maps[d].length, d++)
            System.arraycopy(maps[d], 0, all, off, maps[d].length);
        return all;
    }

    @Override public void indexMap(Tensor x, int[][] maps, double fill, Tensor out) {
        atomicDtype(x, "padding");
        Tensor t = table(x, concat(maps));
        Object[] a = mapArgs(x, out, maps, t);
        Object[] args = java.util.Arrays.copyOf(a, a.length + 3);
        args[a.length] = fill;
        args[a.length + 1] = ptr(x);
        args[a.length + 2] = ptr(out);
        b.of(out).launch("pool", "index_map_" + CudaBackend.sfx(x.dtype()), out.numel(), args);
        java.lang.ref.Reference.reachabilityFence(t);
    }

    @Override public void indexMapAdjoint(Tensor g, int[][] maps, Tensor gradIn) {
        atomicDtype(g, "padding backward");
        b.elementwise().fill(gradIn, 0);
        Tensor t = table(g, concat(maps));
        Object[] a = mapArgs(gradIn, g, maps, t);
        Object[] args = java.util.Arrays.copyOf(a, a.length + 2);
        args[a.length] = ptr(g);
        args[a.length + 1] = ptr(gradIn);
        b.of(g).launch("pool", "index_map_adjoint_" + CudaBackend.sfx(g.dtype()), g.numel(), args);
        java.lang.ref.Reference.reachabilityFence(t);
    }
}
