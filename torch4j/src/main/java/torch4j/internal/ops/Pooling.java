package torch4j.internal.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.ValuesIndices;
import torch4j.autograd.Node;
import torch4j.backend.PoolKernels;
import torch4j.internal.Shapes;
import torch4j.internal.cpu.CpuPool;
import torch4j.internal.trace.Tracer;

/**
 * Max, average and adaptive pooling (torch.nn.functional.max_pool2d, avg_pool2d, adaptive_avg_pool2d…). Inputs
 * are [*, H, W] and are computed as P = prod(*) independent planes. Average pooling is a linear map whose adjoint
 * is the backward; the backward's own derivative is the forward again, so each pair of ops differentiates to any
 * order. Max pooling records int64 indices and its backward scatters through them (adjoint: a gather).
 */
public final class Pooling {
    private Pooling() {}

    static PoolKernels kernels(Tensor x) { return x.backend().pool(); }

    /** A raw [P, H, W] (or any shape) layout over a contiguous tensor's storage; no autograd. */
    static Tensor as(Tensor t, int... shape) {
        return Tensor.wrap(t.storage(), shape, Shapes.contiguousStrides(shape), t.storageOffset());
    }

    /** PyTorch's name of a dtype in "not implemented for" messages. */
    static String typeName(DType d) {
        return switch (d) {
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case INT8 -> "Char";
            case UINT8 -> "Byte";
            case INT16 -> "Short";
            default -> Pointwise.shortName(d);
        };
    }

    /** Float32/float64 pass; bfloat16 is computed in float32 by the caller; anything else is an error. */
    static void checkDtype(Tensor x, String op) {
        DType d = x.dtype();
        if (d != DType.FLOAT32 && d != DType.FLOAT64 && d != DType.BFLOAT16)
            throw new TorchException("\"" + op + "\" not implemented for '" + typeName(d) + "'");
    }

    static int planes(int[] shape, int spatial) {
        int p = 1;
        for (int i = 0; i < shape.length - spatial; i++) p *= shape[i];
        return p;
    }

    static int[] withSpatial(int[] shape, int... spatial) {
        int[] r = shape.clone();
        System.arraycopy(spatial, 0, r, r.length - spatial.length, spatial.length);
        return r;
    }

    // ------------------------------------------------------------------ linear maps and their adjoints

    /** A separable map over the last two dims: taps per output row (ih, wh, tH) and column (iw, ww, tW). */
    record Taps(int[] ih, double[] wh, int tH, int[] iw, double[] ww, int tW) {}

    /**
     * Applies the separable map (forward, or its adjoint) to x [*, inH, inW] giving [*, outH, outW], recording a node
     * named {@code name} whose derivative is the opposite direction named {@code otherName}.
     */
    static Tensor separable(Tensor x, Taps taps, boolean adjoint, int inH, int inW, int outH, int outW, String name,
                            String otherName) {
        return separable(x, taps, adjoint, inH, inW, outH, outW, 2, name, otherName);
    }

    /** As above over the last spatialDims dims (1: [*, W] with H = 1, so 1-D ops get their own node). */
    static Tensor separable(Tensor x, Taps taps, boolean adjoint, int inH, int inW, int outH, int outW, int spatialDims,
                            String name, String otherName) {
        int[] xs = x.shapeArray();
        int p = planes(xs, spatialDims);
        Tensor xc = x.contiguous();
        int[] outShape = spatialDims == 2 ? withSpatial(xs, outH, outW) : withSpatial(xs, outW);
        Tensor out = Tensor.empty(outShape, x.dtype(), x.device());
        if (!adjoint)
            kernels(x).separable2d(as(xc, p, inH, inW), taps.ih, taps.wh, taps.tH, taps.iw, taps.ww, taps.tW,
                    as(out, p, outH, outW));
        else
            kernels(x).separable2dAdjoint(as(xc, p, inH, inW), taps.ih, taps.wh, taps.tH, taps.iw, taps.ww, taps.tW,
                    as(out, p, outH, outW));
        if (Node.needed(x))
            Node.of(name, x).grad(0, g -> separable(g, taps, !adjoint, outH, outW, inH, inW, spatialDims, otherName, name))
                    .attach(out);
        return out;
    }

    /** Scatter-adds g [*, OH, OW] into zeros [*, H, W] through per-plane indices (max pooling's backward). */
    static Tensor scatterPlanes(Tensor g, Tensor indices, int[] inShape, String name, String otherName) {
        int p = planes(inShape, 2), m = inShape[inShape.length - 2] * inShape[inShape.length - 1];
        int l = (int) (indices.numel() / Math.max(p, 1));
        Tensor gc = g.contiguous();
        Tensor out = Tensor.empty(inShape, g.dtype(), g.device());
        kernels(g).scatterAddPlanes(as(gc, p, l), as(indices, p, l), as(out, p, m));
        if (Node.needed(g)) {
            int[] gs = g.shapeArray();
            Node.of(name, g).grad(0, gg -> gatherPlanes(gg, indices, gs, otherName, name)).attach(out);
        }
        return out;
    }

    /** out[*, j] = src[*, indices[*, j]] (the adjoint of {@link #scatterPlanes}). */
    static Tensor gatherPlanes(Tensor src, Tensor indices, int[] outShape, String name, String otherName) {
        int[] ss = src.shapeArray();
        int p = planes(ss, 2), m = ss[ss.length - 2] * ss[ss.length - 1];
        int l = (int) (indices.numel() / Math.max(p, 1));
        Tensor sc = src.contiguous();
        Tensor out = Tensor.empty(outShape, src.dtype(), src.device());
        kernels(src).gatherPlanes(as(sc, p, m), as(indices, p, l), as(out, p, l));
        if (Node.needed(src))
            Node.of(name, src).grad(0, g -> scatterPlanes(g, indices, ss, otherName, name)).attach(out);
        return out;
    }

    /**
     * Element i of a PyTorch int-or-tuple argument given as an int[] of length 1 (an int) or n; null or empty means
     * {@code dflt} (the kernel size for strides).
     */
    public static int arg(int[] a, int i, int n, int[] dflt, String what) {
        if (a == null || a.length == 0) {
            if (dflt == null) throw new TorchException(what);
            return arg(dflt, i, n, null, what);
        }
        if (a.length != 1 && a.length != n) throw new TorchException(what);
        return a.length == 1 ? a[0] : a[i];
    }

    // ------------------------------------------------------------------ output sizes and checks

    /** PyTorch's pooling_output_shape, with its checks. */
    static int outSize(int in, int k, int pad, int stride, int dil, boolean ceil) {
        if (stride == 0) throw new TorchException("stride should not be zero");
        if (pad < 0) throw new TorchException("pad must be non-negative, but got pad: " + pad);
        if (pad > k / 2)
            throw new TorchException("pad should be at most half of kernel size, but got pad=" + pad + " and kernel_size=" + k);
        long num = (long) in + 2L * pad - (long) dil * (k - 1) - 1 + (ceil ? stride - 1 : 0);
        int o = (int) (Math.floorDiv(num, stride) + 1);
        if (ceil && (long) (o - 1) * stride >= (long) in + pad) o--;
        return o;
    }

    /** PyTorch's pool2d_shape_check. */
    static void shapeCheck(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW, int oh, int ow) {
        if (kW <= 0 || kH <= 0)
            throw new TorchException("kernel size should be greater than zero, but got kH: " + kH + " kW: " + kW);
        if (sW <= 0 || sH <= 0)
            throw new TorchException("stride should be greater than zero, but got dH: " + sH + " dW: " + sW);
        if (dW <= 0 || dH <= 0)
            throw new TorchException("dilation should be greater than zero, but got dilationH: " + dH + " dilationW: " + dW);
        int[] s = x.shapeArray();
        int n = s.length;
        boolean ok = (n == 3 && s[0] != 0 && s[1] != 0 && s[2] != 0) || (n == 4 && s[1] != 0 && s[2] != 0 && s[3] != 0);
        if (!ok)
            throw new TorchException("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
                    + Shapes.str(s));
        if (kW / 2 < pW || kH / 2 < pH)
            throw new TorchException("pad should be smaller than or equal to half of kernel size, but got padW = " + pW
                    + ", padH = " + pH + ", kW = " + kW + ", kH = " + kH);
        if (ow < 1 || oh < 1)
            throw new TorchException("Given input size: (" + s[n - 3] + "x" + s[n - 2] + "x" + s[n - 1] + "). Calculated output size: ("
                    + s[n - 3] + "x" + oh + "x" + ow + "). Output size is too small");
    }

    /** The dims check of the 1-d ops that run as 2-d pooling. */
    private static void check23(Tensor x, String op) {
        if (x.dim() != 2 && x.dim() != 3)
            throw new TorchException("Expected 2 to 3 dimensions, but got " + x.dim()
                    + "-dimensional tensor for argument #1 'self' (while checking arguments for " + op + ")");
    }

    static void check34(Tensor x) {
        if (x.dim() != 3 && x.dim() != 4)
            throw new TorchException("non-empty 3D or 4D (batch mode) tensor expected for input");
    }

    // ------------------------------------------------------------------ max pooling

    /** torch.nn.functional.max_pool2d(return_indices=True) over [N, C, H, W] or [C, H, W]; indices are int64 into H·W. */
    public static ValuesIndices maxPool2dWithIndices(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH,
                                                     int dW, boolean ceil) {
        ValuesIndices out = maxPool2dWithIndicesUntraced(x, kH, kW, sH, sW, pH, pW, dH, dW, ceil);
        if (Tracer.on()) Tracer.record("max_pool2d", Tracer.attrs("kernel_size", new int[]{kH, kW}, "stride", new int[]{sH, sW}, "padding", new int[]{pH, pW}, "dilation", new int[]{dH, dW}, "ceil_mode", ceil), new Tensor[]{x}, out.values());
        return out;
    }

    private static ValuesIndices maxPool2dWithIndicesUntraced(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, int dH,
                                                     int dW, boolean ceil) {
        checkDtype(x, "max_pool2d");
        check34(x);
        int[] xs = x.shapeArray();
        int h = xs[xs.length - 2], w = xs[xs.length - 1];
        int oh = outSize(h, kH, pH, sH, dH, ceil), ow = outSize(w, kW, pW, sW, dW, ceil);
        shapeCheck(x, kH, kW, sH, sW, pH, pW, dH, dW, oh, ow);
        if (x.dtype() == DType.BFLOAT16) {
            ValuesIndices r = maxPool2dWithIndices(x.to(DType.FLOAT32), kH, kW, sH, sW, pH, pW, dH, dW, ceil);
            return new ValuesIndices(r.values().to(DType.BFLOAT16), r.indices());
        }
        return maxPooled(x, h, w, oh, ow, "MaxPool2DWithIndicesBackward0",
                (xc, out, idx) -> kernels(x).maxPool2d(xc, kH, kW, sH, sW, pH, pW, dH, dW, out, idx));
    }

    private interface MaxKernel { void run(Tensor x, Tensor out, Tensor indices); }

    /** Max pooling of x's [P, h, w] planes to [*, oh, ow] values and int64 indices by a kernel; attaches the backward. */
    private static ValuesIndices maxPooled(Tensor x, int h, int w, int oh, int ow, String name, MaxKernel kernel) {
        int[] xs = x.shapeArray(), os = withSpatial(xs, oh, ow);
        int p = planes(xs, 2);
        Tensor out = Tensor.empty(os, x.dtype(), x.device());
        Tensor idx = Tensor.empty(os, DType.INT64, x.device());
        if (p > 0 && oh > 0 && ow > 0) kernel.run(as(x.contiguous(), p, h, w), as(out, p, oh, ow), as(idx, p, oh, ow));
        attachMax(x, out, idx, name);
        return new ValuesIndices(out, idx);
    }

    private static void attachMax(Tensor x, Tensor out, Tensor idx, String name) {
        if (!Node.needed(x)) return;
        int[] xs = x.shapeArray();
        String back = name.replace("Backward0", "BackwardBackward0");
        Node.of(name, x).grad(0, g -> scatterPlanes(g, idx, xs, back, name)).attach(out);
    }

    /** torch.nn.functional.max_pool1d(return_indices=True) over [N, C, L] or [C, L], via 2-D pooling as PyTorch. */
    public static ValuesIndices maxPool1dWithIndices(Tensor x, int k, int s, int p, int d, boolean ceil) {
        check23(x, "max_pool1d");
        ValuesIndices r = maxPool2dWithIndices(x.unsqueeze(-2), 1, k, 1, s, 0, p, 1, d, ceil);
        return new ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }

    /**
     * torch.nn.functional.max_pool1d: without autograd PyTorch takes its 1-D kernel, whose checks and messages
     * differ (and which allows an empty output); with autograd it goes through max_pool2d.
     */
    public static Tensor maxPool1d(Tensor x, int k, int s, int p, int d, boolean ceil) {
        if (x.dim() != 2 && x.dim() != 3)
            throw new TorchException("max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
                    + "for input, but got:" + Shapes.str(x.shapeArray()));
        if (!Node.needed(x)) {
            if (k <= 0) throw new TorchException("max_pool1d() kernel_size must be greater than zero, but got " + k);
            if (s <= 0) throw new TorchException("max_pool1d() stride must be greater than zero, but got " + s);
            if (p < 0) throw new TorchException("max_pool1d() padding must be non-negative, but got " + p);
            if (p > k / 2)
                throw new TorchException("max_pool1d() padding should be at most half of kernel size, but got padding="
                        + p + " and kernel_size=" + k);
            if (d <= 0) throw new TorchException("max_pool1d() dilation must be greater than zero, but got " + d);
            int l = x.size(-1);
            int ol = outSize(l, k, p, s, d, ceil);
            if (ol < 0)
                throw new TorchException("max_pool1d() Invalid computed output size: " + ol);
            if (ol == 0 || x.numel() == 0) {
                int[] os = withSpatial(x.shapeArray(), ol);
                return Tensor.empty(os, x.dtype(), x.device());
            }
        }
        return maxPool1dWithIndices(x, k, s, p, d, ceil).values();
    }

    /** Checks an adaptive pooling input; returns {h, w, oh, ow}, null output sizes keeping the input's. */
    private static int[] adaptiveSizes(Tensor x, String op, String butGot, Integer outH, Integer outW) {
        checkDtype(x, op);
        int[] xs = x.shapeArray();
        if (x.dim() != 3 && x.dim() != 4)
            throw new TorchException(op + "(): Expected 3D or 4D tensor, " + butGot + Shapes.str(xs));
        for (int i = 1; i < xs.length; i++)
            if (xs[i] == 0)
                throw new TorchException(op + "(): Expected input to have non-zero size for non-batch "
                        + "dimensions, but input has sizes " + Shapes.str(xs) + " with dimension " + i + " being empty");
        int h = xs[xs.length - 2], w = xs[xs.length - 1];
        int oh = outH == null ? h : outH, ow = outW == null ? w : outW;
        if (oh < 0 || ow < 0) throw new TorchException("Trying to create tensor with negative dimension");
        return new int[]{h, w, oh, ow};
    }

    /** torch.nn.functional.adaptive_max_pool2d(return_indices=True); null output sizes keep the input's. */
    public static ValuesIndices adaptiveMaxPool2d(Tensor x, Integer outH, Integer outW) {
        int[] hw = adaptiveSizes(x, "adaptive_max_pool2d", "but got: ", outH, outW);
        int h = hw[0], w = hw[1], oh = hw[2], ow = hw[3];
        if (x.dtype() == DType.BFLOAT16) {
            ValuesIndices r = adaptiveMaxPool2d(x.to(DType.FLOAT32), oh, ow);
            return new ValuesIndices(r.values().to(DType.BFLOAT16), r.indices());
        }
        return maxPooled(x, h, w, oh, ow, "AdaptiveMaxPool2DBackward0",
                (xc, out, idx) -> kernels(x).adaptiveMaxPool2d(xc, out, idx));
    }

    // ------------------------------------------------------------------ average pooling

    /** Taps of one dim of average pooling: index range and weight per output, as PyTorch's avg_pool2d kernel. */
    private static void avgTaps(int in, int out, int k, int s, int pad, boolean countIncludePad, boolean override,
                                int[] idx, double[] wt) {
        for (int o = 0; o < out; o++) {
            int start = o * s - pad, end = Math.min(start + k, in + pad);
            int poolSize = end - start;
            int a = Math.max(start, 0), b = Math.min(end, in);
            double wgt = override ? 1.0 : 1.0 / (countIncludePad ? poolSize : Math.max(b - a, 1));
            for (int t = 0; t < k; t++) {
                int i = a + t;
                idx[o * k + t] = i < b ? i : -1;
                wt[o * k + t] = wgt;
            }
        }
    }

    /** torch.nn.functional.avg_pool2d over [N, C, H, W] or [C, H, W]; divisorOverride null for none. */
    public static Tensor avgPool2d(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, boolean ceil,
                                   boolean countIncludePad, Integer divisorOverride) {
        Tensor out = avgPool2dUntraced(x, kH, kW, sH, sW, pH, pW, ceil, countIncludePad, divisorOverride);
        if (Tracer.on()) Tracer.record("avg_pool2d", Tracer.attrs("kernel_size", new int[]{kH, kW}, "stride", new int[]{sH, sW}, "padding", new int[]{pH, pW}, "ceil_mode", ceil, "count_include_pad", countIncludePad, "divisor_override", divisorOverride), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor avgPool2dUntraced(Tensor x, int kH, int kW, int sH, int sW, int pH, int pW, boolean ceil,
                                   boolean countIncludePad, Integer divisorOverride) {
        if (divisorOverride != null && divisorOverride == 0) throw new TorchException("divisor must be not zero");
        checkDtype(x, "avg_pool2d");
        check34(x);
        int[] xs = x.shapeArray();
        int h = xs[xs.length - 2], w = xs[xs.length - 1];
        int oh = outSize(h, kH, pH, sH, 1, ceil), ow = outSize(w, kW, pW, sW, 1, ceil);
        shapeCheck(x, kH, kW, sH, sW, pH, pW, 1, 1, oh, ow);
        if (x.dtype() == DType.BFLOAT16)
            return avgPool2d(x.to(DType.FLOAT32), kH, kW, sH, sW, pH, pW, ceil, countIncludePad, divisorOverride)
                    .to(DType.BFLOAT16);
        boolean ov = divisorOverride != null;
        int[] ih = new int[oh * kH], iw = new int[ow * kW];
        double[] wh = new double[oh * kH], ww = new double[ow * kW];
        avgTaps(h, oh, kH, sH, pH, countIncludePad, ov, ih, wh);
        avgTaps(w, ow, kW, sW, pW, countIncludePad, ov, iw, ww);
        if (ov) java.util.Arrays.fill(wh, 1.0 / divisorOverride);
        Taps taps = new Taps(ih, wh, kH, iw, ww, kW);
        return separable(x, taps, false, h, w, oh, ow, "AvgPool2DBackward0", "AvgPool2DBackwardBackward0");
    }

    /** torch.nn.functional.avg_pool1d over [N, C, L] or [C, L], via 2-D pooling as PyTorch. */
    public static Tensor avgPool1d(Tensor x, int k, int s, int p, boolean ceil, boolean countIncludePad) {
        check23(x, "avg_pool1d");
        return avgPool2d(x.unsqueeze(-2), 1, k, 1, s, 0, p, ceil, countIncludePad, null).squeeze(-2);
    }

    /** Taps of adaptive average pooling along one dim: window [floor(o·in/out), ceil((o+1)·in/out)). */
    private static int adaptiveTaps(int in, int out, int[][] idxOut, double[][] wtOut) {
        int t = 0;
        for (int o = 0; o < out; o++) t = Math.max(t, CpuPool.end(o, in, out) - CpuPool.start(o, in, out));
        int[] idx = new int[out * t];
        double[] wt = new double[out * t];
        for (int o = 0; o < out; o++) {
            int a = CpuPool.start(o, in, out), b = CpuPool.end(o, in, out);
            for (int j = 0; j < t; j++) {
                idx[o * t + j] = a + j < b ? a + j : -1;
                wt[o * t + j] = 1.0 / (b - a);
            }
        }
        idxOut[0] = idx;
        wtOut[0] = wt;
        return t;
    }

    /** torch.nn.functional.adaptive_avg_pool2d; null output sizes keep the input's. */
    public static Tensor adaptiveAvgPool2d(Tensor x, Integer outH, Integer outW) {
        Tensor out = adaptiveAvgPool2dUntraced(x, outH, outW);
        if (Tracer.on()) Tracer.record("adaptive_avg_pool2d", Tracer.attrs("output_size", new int[]{out.size(-2), out.size(-1)}), new Tensor[]{x}, out);
        return out;
    }

    private static Tensor adaptiveAvgPool2dUntraced(Tensor x, Integer outH, Integer outW) {
        int[] hw = adaptiveSizes(x, "adaptive_avg_pool2d", "but got ", outH, outW);
        int h = hw[0], w = hw[1], oh = hw[2], ow = hw[3];
        if (x.dtype() == DType.BFLOAT16) return adaptiveAvgPool2d(x.to(DType.FLOAT32), oh, ow).to(DType.BFLOAT16);
        int[][] ih = new int[1][], iw = new int[1][];
        double[][] wh = new double[1][], ww = new double[1][];
        int tH = adaptiveTaps(h, oh, ih, wh), tW = adaptiveTaps(w, ow, iw, ww);
        Taps taps = new Taps(ih[0], wh[0], tH, iw[0], ww[0], tW);
        // PyTorch computes a 1×1 output as x.mean((-1, -2), keepdim=True)
        String name = oh == 1 && ow == 1 ? "MeanBackward1" : "AdaptiveAvgPool2DBackward0";
        String back = oh == 1 && ow == 1 ? "ExpandBackward0" : "AdaptiveAvgPool2DBackwardBackward0";
        return separable(x, taps, false, h, w, oh, ow, name, back);
    }

    /** torch.nn.functional.adaptive_avg_pool1d over [N, C, L] or [C, L]. */
    public static Tensor adaptiveAvgPool1d(Tensor x, int out) {
        check23(x, "adaptive_avg_pool1d");
        return adaptiveAvgPool2d(x.unsqueeze(-2), 1, out).squeeze(-2);
    }

    /** torch.nn.functional.adaptive_max_pool1d(return_indices=True) over [N, C, L] or [C, L]. */
    public static ValuesIndices adaptiveMaxPool1d(Tensor x, int out) {
        check23(x, "adaptive_max_pool1d");
        ValuesIndices r = adaptiveMaxPool2d(x.unsqueeze(-2), 1, out);
        return new ValuesIndices(r.values().squeeze(-2), r.indices().squeeze(-2));
    }
}
