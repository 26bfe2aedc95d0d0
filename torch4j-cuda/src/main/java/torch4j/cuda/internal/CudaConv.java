package torch4j.cuda.internal;

import torch4j.Tensor;
import torch4j.backend.ConvKernels;

/**
 * Convolutions as im2col + cuBLAS GEMM (conv.cu builds the columns; col2im gathers, so gradients are
 * deterministic). Groups are GEMMs over strided slices of the same buffers.
 */
final class CudaConv implements ConvKernels {
    private final CudaBackend b;

    CudaConv(CudaBackend b) { this.b = b; }

    private static DevPtr ptr(Tensor t) { return DevPtr.at(t); }

    private CudaLinalg linalg() { return (CudaLinalg) b.linalg(); }

    /** The ConvGeom struct of conv.cu (20 ints). */
    private static int[] geom(Tensor x, int[] kernel, int[] outSize, int[] stride, int[] padding, int[] dilation) {
        int[] s = x.shapeArray();
        return new int[]{s[0], s[1], s[2], s[3], s[4], kernel[0], kernel[1], kernel[2], outSize[0], outSize[1],
                outSize[2], stride[0], stride[1], stride[2], padding[0], padding[1], padding[2], dilation[0],
                dilation[1], dilation[2]};
    }

    private static int[] spatial(Tensor t) { return new int[]{t.size(2), t.size(3), t.size(4)}; }

    private static int[] kernel(Tensor w) { return new int[]{w.size(2), w.size(3), w.size(4)}; }

    private Tensor columns(Tensor x, int[] k, int[] o, int[] stride, int[] padding, int[] dilation) {
        int ck = x.size(1) * k[0] * k[1] * k[2], l = o[0] * o[1] * o[2];
        Tensor cols = b.of(x).empty(new int[]{x.size(0), ck, l}, x.dtype());
        im2col(x, cols, k, o, stride, padding, dilation);
        return cols;
    }

    @Override public void convForward(Tensor x, Tensor w, Tensor bias, Tensor out, int[] stride, int[] padding,
                                      int[] dilation, int groups) {
        int[] k = kernel(w), o = spatial(out);
        Tensor cols = columns(x, k, o, stride, padding, dilation);
        int n = x.size(0), oc = out.size(1), og = oc / groups, ckg = cols.size(1) / groups, l = cols.size(2);
        for (int g = 0; g < groups; g++) {
            Tensor wg = w.viewAs(new int[]{n, og, ckg}, new int[]{0, ckg, 1}, w.storageOffset() + g * og * ckg);
            Tensor cg = cols.viewAs(new int[]{n, ckg, l}, new int[]{cols.size(1) * l, l, 1}, g * ckg * l);
            Tensor outg = out.viewAs(new int[]{n, og, l}, new int[]{oc * l, l, 1}, out.storageOffset() + g * og * l);
            linalg().gemm(wg, cg, outg, 0);
        }
        if (bias != null)
            b.of(out).launch("conv", "add_bias_" + CudaBackend.sfx(out.dtype()), out.numel(), out.numel(), (long) oc,
                    (long) l, ptr(bias), ptr(out));
    }

    @Override public void convBackwardInput(Tensor gradOut, Tensor w, Tensor gradIn, int[] stride, int[] padding,
                                            int[] dilation, int groups) {
        int[] k = kernel(w), o = spatial(gradOut);
        int n = gradIn.size(0), oc = gradOut.size(1), og = oc / groups, l = o[0] * o[1] * o[2];
        int ck = gradIn.size(1) * k[0] * k[1] * k[2], ckg = ck / groups;
        Tensor cols = b.of(gradIn).empty(new int[]{n, ck, l}, gradIn.dtype());
        for (int g = 0; g < groups; g++) {
            Tensor wtg = w.viewAs(new int[]{n, ckg, og}, new int[]{0, 1, ckg}, w.storageOffset() + g * og * ckg);
            Tensor gg = gradOut.viewAs(new int[]{n, og, l}, new int[]{oc * l, l, 1}, gradOut.storageOffset() + g * og * l);
            Tensor cg = cols.viewAs(new int[]{n, ckg, l}, new int[]{ck * l, l, 1}, g * ckg * l);
            linalg().gemm(wtg, gg, cg, 0);
        }
        col2im(cols, gradIn, k, o, stride, padding, dilation);
    }

    @Override public void convBackwardWeight(Tensor gradOut, Tensor x, Tensor gradW, int[] stride, int[] padding,
                                             int[] dilation, int groups) {
        int[] k = kernel(gradW), o = spatial(gradOut);
        Tensor cols = columns(x, k, o, stride, padding, dilation);
        int n = x.size(0), oc = gradOut.size(1), og = oc / groups, ck = cols.size(1), ckg = ck / groups, l = cols.size(2);
        for (int g = 0; g < groups; g++) {
            Tensor wg = gradW.viewAs(new int[]{1, og, ckg}, new int[]{og * ckg, ckg, 1}, gradW.storageOffset() + g * og * ckg);
            // Σ over the batch: one GEMM per sample, accumulating into the weight gradient
            for (int i = 0; i < n; i++) {
                Tensor gi = gradOut.viewAs(new int[]{1, og, l}, new int[]{og * l, l, 1},
                        gradOut.storageOffset() + (i * oc + g * og) * l);
                Tensor ci = cols.viewAs(new int[]{1, l, ckg}, new int[]{ckg * l, 1, l}, (i * ck + g * ckg) * l);
                linalg().gemm(gi, ci, wg, i == 0 ? 0 : 1);
            }
        }
    }

    @Override public void im2col(Tensor x, Tensor cols, int[] kernel, int[] outSize, int[] stride, int[] padding,
                                 int[] dilation) {
        b.of(cols).launch("conv", "im2col_" + CudaBackend.sfx(x.dtype()), cols.numel(),
                geom(x, kernel, outSize, stride, padding, dilation), ptr(x), ptr(cols));
    }

    @Override public void col2im(Tensor cols, Tensor out, int[] kernel, int[] outSize, int[] stride, int[] padding,
                                 int[] dilation) {
        b.of(out).launch("conv", "col2im_" + CudaBackend.sfx(out.dtype()), out.numel(),
                geom(out, kernel, outSize, stride, padding, dilation), ptr(cols), ptr(out));
    }
}
