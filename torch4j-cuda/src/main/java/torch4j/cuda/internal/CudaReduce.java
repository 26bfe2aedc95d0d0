package torch4j.cuda.internal;

import torch4j.Tensor;
import torch4j.backend.ReduceKernels;
import torch4j.internal.ops.ReduceOp;

/** Reductions, arg-reductions and softmax: one block per output element or row (reduce.cu). */
final class CudaReduce implements ReduceKernels {
    private static final int MAX_BLOCKS = 65535 * 8;
    /** Below this many outputs a long reduction is split into chunks (an H100 has 132 multiprocessors). */
    private static final long SPLIT_BELOW_OUTPUTS = 512, CHUNK = 16384, MAX_CHUNKS = 1024;
    private final CudaBackend b;

    CudaReduce(CudaBackend b) { this.b = b; }

    private static DevPtr ptr(Tensor t) { return DevPtr.base(t); }

    @Override public void reduce(ReduceOp op, Tensor x, boolean[] mask, Tensor out) {
        int nd = x.dim();
        int[] shape = x.shapeArray(), st = x.strideArray();
        int nk = 0;
        for (boolean m : mask) if (!m) nk++;
        int[] ksz = new int[nk], kst = new int[nk], rsz = new int[nd - nk], rst = new int[nd - nk];
        for (int d = 0, i = 0, j = 0; d < nd; d++) {
            if (!mask[d]) { ksz[i] = shape[d]; kst[i++] = st[d]; }
            else { rsz[j] = shape[d]; rst[j++] = st[d]; }
        }
        long nout = out.numel(), nred = 1;
        for (int s : rsz) nred *= s;
        int[] osz = ksz, ost = new int[nk];
        int[] outSt = out.strideArray();
        for (int d = 0, i = 0; d < nd; d++) if (!mask[d]) ost[i++] = outSt[d];
        TensorArg red = denseRun(rsz, rst) ? TensorArg.contiguous(0) : TensorArg.of(rsz, rst, 0);
        int opc = switch (op) { case SUM -> 0; case PROD -> 1; case MAX -> 2; case MIN -> 3; };
        String k = "reduce_" + CudaBackend.sfx(x.dtype());
        DeviceContext d = b.of(out);
        TensorArg kept = TensorArg.of(ksz, kst, x.storageOffset()), o = TensorArg.of(osz, ost, out.storageOffset());
        long chunks = nout >= SPLIT_BELOW_OUTPUTS || nred < 2 * CHUNK ? 1 : Math.min((nred + CHUNK - 1) / CHUNK, MAX_CHUNKS);
        if (chunks == 1) {
            d.launchBlocks("reduce", k, (int) Math.min(nout, MAX_BLOCKS), opc, kept, red, o, nout, nred, nred, 1L, ptr(x), ptr(out));
            return;
        }
        // few outputs over a long range: partial results per chunk, then one more pass over the partials
        long chunk = (nred + chunks - 1) / chunks;
        Tensor partial = d.empty(new int[]{(int) (nout * chunks)}, x.dtype());
        d.launchBlocks("reduce", k, (int) Math.min(nout * chunks, MAX_BLOCKS), opc, kept, red, TensorArg.contiguous(0),
                nout, nred, chunk, chunks, ptr(x), ptr(partial));
        d.launchBlocks("reduce", k, (int) Math.min(nout, MAX_BLOCKS), opc, new TensorArg(0, 1, new int[]{(int) nout},
                new long[]{chunks}), TensorArg.contiguous(0), o, nout, chunks, chunks, 1L, ptr(partial), ptr(out));
        java.lang.ref.Reference.reachabilityFence(partial);
    }

    /** Whether the dims are one row-major run with unit innermost stride. */
    private static boolean denseRun(int[] sz, int[] st) {
        long expect = 1;
        for (int d = sz.length - 1; d >= 0; d--) {
            if (sz[d] == 1) continue;
            if (st[d] != expect) return false;
            expect *= sz[d];
        }
        return true;
    }

    @Override public void argReduce(boolean max, Tensor x, int dim, Tensor outIndices) {
        int[] kshape = x.shapeArray().clone();
        int len = kshape[dim];
        kshape[dim] = 1;
        long nout = outIndices.numel();
        b.of(x).launchBlocks("reduce", "argreduce_" + CudaBackend.sfx(x.dtype()), (int) Math.min(nout, MAX_BLOCKS),
                max ? 1 : 0, TensorArg.of(kshape, x.strideArray(), x.storageOffset()), (long) len, (long) x.stride(dim),
                TensorArg.of(outIndices), nout, ptr(x), ptr(outIndices));
    }

    @Override public void scan(boolean sum, Tensor x, int dim, Tensor out) {
        int[] rows = x.shapeArray().clone();
        int len = rows[dim];
        rows[dim] = 1;
        long nrows = len == 0 ? 0 : x.numel() / len;
        b.of(x).launch("reduce", "scan_" + CudaBackend.sfx(x.dtype()), nrows, sum ? 1 : 0,
                TensorArg.of(rows, x.strideArray(), x.storageOffset()), (long) len, (long) x.stride(dim),
                TensorArg.of(rows, out.strideArray(), out.storageOffset()), (long) out.stride(dim), nrows, ptr(x), ptr(out));
    }

    /** Sorted on the host (a device sort is future work): one round trip, same results as the CPU's stable sort. */
    @Override public void sort(Tensor x, int dim, boolean descending, Tensor values, Tensor indices) {
        Tensor hv = Tensor.empty(values.shapeArray(), values.dtype(), torch4j.Device.CPU);
        Tensor hi = Tensor.empty(indices.shapeArray(), indices.dtype(), torch4j.Device.CPU);
        Tensor hx = Tensor.empty(x.shapeArray(), x.dtype(), torch4j.Device.CPU);
        b.elementwise().copy(x, hx);
        torch4j.backend.Backends.cpu().reduce().sort(hx, dim, descending, hv, hi);
        b.elementwise().copy(hv, values);
        b.elementwise().copy(hi, indices);
    }

    @Override public void softmax(Tensor x, int dim, boolean log, Tensor out) {
        int[] rows = x.shapeArray().clone();
        int len = rows[dim];
        rows[dim] = 1;
        long nrows = len == 0 ? 0 : x.numel() / len;
        b.of(x).launchBlocks("reduce", "softmax_" + CudaBackend.sfx(x.dtype()), (int) Math.min(nrows, MAX_BLOCKS),
                log ? 1 : 0, TensorArg.of(rows, x.strideArray(), x.storageOffset()), (long) len, (long) x.stride(dim),
                TensorArg.of(rows, out.strideArray(), out.storageOffset()), (long) out.stride(dim), nrows, ptr(x), ptr(out));
    }

    @Override public void softmaxBackward(Tensor y, Tensor g, int dim, boolean log, Tensor gradIn) {
        int[] rows = y.shapeArray().clone();
        int len = rows[dim];
        rows[dim] = 1;
        long nrows = len == 0 ? 0 : y.numel() / len;
        b.of(y).launchBlocks("reduce", "softmaxback_" + CudaBackend.sfx(y.dtype()), (int) Math.min(nrows, MAX_BLOCKS),
                log ? 1 : 0, TensorArg.of(rows, y.strideArray(), y.storageOffset()), (long) y.stride(dim),
                TensorArg.of(rows, g.strideArray(), g.storageOffset()), (long) g.stride(dim),
                TensorArg.of(rows, gradIn.strideArray(), gradIn.storageOffset()), (long) gradIn.stride(dim), (long) len,
                nrows, ptr(y), ptr(g), ptr(gradIn));
    }
}
