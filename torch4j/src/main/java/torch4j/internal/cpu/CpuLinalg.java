package torch4j.internal.cpu;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;
import torch4j.backend.LinalgKernels;

/** CPU matrix products on {@link Gemm}; strides go straight to the packing routines, so views need no copy. */
final class CpuLinalg implements LinalgKernels {
    static final CpuLinalg INSTANCE = new CpuLinalg();

    @Override
    public void bmm(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        int[] as = a.strideArray(), bs = b.strideArray();
        int[] os = out.strideArray();
        int ldc = os[1];
        if (os[2] != 1 && n > 1) throw new IllegalStateException("bmm output must be row-major");
        DType dt = out.dtype();
        CpuStorage sa = (CpuStorage) a.storage(), sb = (CpuStorage) b.storage(), so = (CpuStorage) out.storage();
        if (dt == DType.FLOAT32) {
            Gemm.sgemm(batch, m, n, k, sa.f32(), a.storageOffset(), as[0], as[1], as[2],
                    sb.f32(), b.storageOffset(), bs[0], bs[1], bs[2], so.f32(), out.storageOffset(), os[0], ldc, accumulate);
        } else if (dt == DType.FLOAT64) {
            Gemm.dgemm(batch, m, n, k, sa.f64(), a.storageOffset(), as[0], as[1], as[2],
                    sb.f64(), b.storageOffset(), bs[0], bs[1], bs[2], so.f64(), out.storageOffset(), os[0], ldc, accumulate);
        } else if (!dt.isFloatingPoint()) {
            // integer matmul: exact in long, no BLAS
            for (int t = 0; t < batch; t++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        long s = 0;
                        for (int p = 0; p < k; p++)
                            s += sa.getLong(a.storageOffset() + t * as[0] + i * as[1] + p * as[2])
                                    * sb.getLong(b.storageOffset() + t * bs[0] + p * bs[1] + j * bs[2]);
                        int po = out.storageOffset() + t * os[0] + i * ldc + j * os[2];
                        so.setLong(po, accumulate ? so.getLong(po) + s : s);
                    }
        } else {
            throw new TorchException("\"addmm_impl_cpu_\" not implemented for '" + dt + "'");
        }
    }
}
