package torch4j.internal.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.internal.Shapes;

/**
 * torch.nn.functional.interpolate's kernels (upsample_nearest1d/2d, upsample_linear1d, upsample_bilinear2d,
 * upsample_bicubic2d, nearest-exact), each a separable linear map whose taps follow PyTorch's source-index rules
 * (area_pixel_compute_source_index, nearest_idx), run by {@link Pooling#separable}.
 */
public final class Resampling {
    private Resampling() {}

    /** The interpolation kernels; the public enum is torch4j.nn.functional.InterpolationMode. */
    public enum Kind { NEAREST, NEAREST_EXACT, LINEAR, CUBIC }

    /** PyTorch's compute_scales_value: 1/scale when a scale factor was given, else in/out. */
    private static double scalesValue(Double scale, int in, int out) {
        return scale != null && scale > 0 ? 1.0 / scale : (double) in / out;
    }

    /** PyTorch's area_pixel_compute_scale. */
    private static double areaScale(int in, int out, boolean alignCorners, Double scale) {
        if (alignCorners) return out > 1 ? (double) (in - 1) / (out - 1) : 0;
        return scalesValue(scale, in, out);
    }

    /** The taps of one dim: {idx (int[]), weights (double[])} with taps per output returned in t[0]. */
    private static Object[] taps(Kind kind, int in, int out, boolean alignCorners, Double scale, int[] t) {
        switch (kind) {
            case NEAREST, NEAREST_EXACT -> {
                int[] idx = new int[out];
                double[] w = new double[out];
                // PyTorch computes the nearest source index in single precision
                float s = (float) scalesValue(scale, in, out);
                for (int o = 0; o < out; o++) {
                    int i;
                    if (kind == Kind.NEAREST) {
                        if (out == in) i = o;
                        else if (out == 2 * in) i = o >> 1;
                        else i = (int) Math.floor((float) o * s);
                    } else {
                        i = (int) Math.floor((o + 0.5) * (double) s);
                    }
                    idx[o] = Math.min(i, in - 1);
                    w[o] = 1;
                }
                t[0] = 1;
                return new Object[]{idx, w};
            }
            case LINEAR -> {
                int[] idx = new int[2 * out];
                double[] w = new double[2 * out];
                double s = areaScale(in, out, alignCorners, scale);
                for (int o = 0; o < out; o++) {
                    double src = alignCorners ? s * o : Math.max(s * (o + 0.5) - 0.5, 0);
                    int i0 = Math.min((int) src, in - 1);
                    int i1 = i0 + (i0 < in - 1 ? 1 : 0);
                    double l1 = src - i0;
                    idx[2 * o] = i0;
                    idx[2 * o + 1] = i1;
                    w[2 * o] = 1 - l1;
                    w[2 * o + 1] = l1;
                }
                t[0] = 2;
                return new Object[]{idx, w};
            }
            default -> {
                int[] idx = new int[4 * out];
                double[] w = new double[4 * out];
                double s = areaScale(in, out, alignCorners, scale);
                double a = -0.75;
                for (int o = 0; o < out; o++) {
                    double src = alignCorners ? s * o : s * (o + 0.5) - 0.5;
                    int i = (int) Math.floor(src);
                    double f = src - i;
                    double[] c = {cc2(f + 1, a), cc1(f, a), cc1(1 - f, a), cc2(2 - f, a)};
                    for (int j = 0; j < 4; j++) {
                        idx[4 * o + j] = Math.max(0, Math.min(i - 1 + j, in - 1));
                        w[4 * o + j] = c[j];
                    }
                }
                t[0] = 4;
                return new Object[]{idx, w};
            }
        }
    }

    private static double cc1(double x, double a) { return ((a + 2) * x - (a + 3)) * x * x + 1; }

    private static double cc2(double x, double a) { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a; }

    /**
     * Resamples the last two dims of x [*, H, W] to (outH, outW); scaleH/scaleW are the user's scale factors (null
     * when a size was given), used as PyTorch uses them for the source index. name is the PyTorch node name.
     */
    public static Tensor upsample2d(Tensor x, Kind kind, int outH, int outW, Double scaleH, Double scaleW,
                                    boolean alignCorners, String name) {
        return upsample(x, 2, kind, outH, outW, scaleH, scaleW, alignCorners, name);
    }

    /** Resamples the last dim of x [*, W] to outW (upsample_nearest1d, upsample_linear1d). */
    public static Tensor upsample1d(Tensor x, Kind kind, int outW, Double scaleW, boolean alignCorners, String name) {
        return upsample(x, 1, kind, 1, outW, null, scaleW, alignCorners, name);
    }

    private static Tensor upsample(Tensor x, int spatialDims, Kind kind, int outH, int outW, Double scaleH, Double scaleW,
                                   boolean alignCorners, String name) {
        DType d = x.dtype();
        if (d != DType.FLOAT32 && d != DType.FLOAT64) {
            if (d == DType.BFLOAT16 || (kind == Kind.NEAREST && !d.isFloatingPoint() && d != DType.BOOL))
                return upsample(x.to(d == DType.BFLOAT16 ? DType.FLOAT32 : DType.FLOAT64), spatialDims, kind, outH, outW,
                        scaleH, scaleW, alignCorners, name).to(d);
            throw new TorchException("\"" + name.replace("Backward1", "").toLowerCase().replace("upsample", "upsample_")
                    + "\" not implemented for '" + Pooling.typeName(d) + "'");
        }
        int[] xs = x.shapeArray();
        int h = spatialDims == 2 ? xs[xs.length - 2] : 1, w = xs[xs.length - 1];
        int[] th = new int[1], tw = new int[1];
        Object[] a = taps(kind, h, outH, alignCorners, scaleH, th);
        Object[] b = taps(kind, w, outW, alignCorners, scaleW, tw);
        Pooling.Taps taps = new Pooling.Taps((int[]) a[0], (double[]) a[1], th[0], (int[]) b[0], (double[]) b[1], tw[0]);
        return Pooling.separable(x, taps, false, h, w, outH, outW, spatialDims, name,
                name.replace("Backward", "BackwardBackward"));
    }

    private static String pyTuple(int[] v) { return torch4j.nn.PyRepr.tuple(v); }

    private static String pyTuple(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(torch4j.nn.PyRepr.f(v[i]));
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /**
     * torch.nn.functional.interpolate: exactly one of size and scaleFactor, each with one entry per spatial dim
     * (Python's list form); alignCorners null for the default; recomputeScaleFactor null or false passes
     * the scale factors on to the kernel as PyTorch does.
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, torch4j.nn.functional.InterpolationMode mode,
                                     Boolean alignCorners, Boolean recomputeScaleFactor) {
        String m = mode.pyName();
        boolean interp = switch (mode) {
            case LINEAR, BILINEAR, BICUBIC -> true;
            default -> false;
        };
        if (!interp && alignCorners != null)
            throw new TorchException("align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear");
        boolean align = alignCorners != null && alignCorners;
        int dim = x.dim() - 2;
        int[] spatial = x.dim() >= 2 ? java.util.Arrays.copyOfRange(x.shapeArray(), 2, x.dim()) : new int[0];
        int[] outSize = null;
        double[] scales = null;
        if (size != null && scaleFactor != null)
            throw new TorchException("only one of size or scale_factor should be defined");
        else if (size != null) {
            if (size.length != Math.max(dim, 0))
                throw new TorchException("Input and output must have the same number of spatial dimensions, but got input "
                        + "with spatial dimensions of " + Shapes.str(spatial) + " and output size of " + pyTuple(size)
                        + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, "
                        + "...,oK) format.");
            outSize = size;
        } else if (scaleFactor != null) {
            if (scaleFactor.length != Math.max(dim, 0))
                throw new TorchException("Input and scale_factor must have the same number of spatial dimensions, but got "
                        + "input with spatial dimensions of " + Shapes.str(spatial) + " and scale_factor of shape "
                        + pyTuple(scaleFactor) + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                        + "scale_factor in (s1, s2, ...,sK) format.");
            scales = scaleFactor;
        } else throw new TorchException("either size or scale_factor should be defined");
        if (recomputeScaleFactor != null && recomputeScaleFactor && size != null)
            throw new TorchException("recompute_scale_factor is not meaningful with an explicit size.");
        boolean recompute = recomputeScaleFactor != null && recomputeScaleFactor;
        if (mode == torch4j.nn.functional.InterpolationMode.AREA && outSize == null) recompute = true;
        if (scales != null && (recompute || outSize == null)) {
            outSize = new int[scales.length];
            for (int i = 0; i < scales.length; i++) outSize[i] = (int) Math.floor(spatial[i] * scales[i]);
            if (recompute) scales = null;
        }
        int nd = x.dim();
        if (mode == torch4j.nn.functional.InterpolationMode.AREA && (nd == 3 || nd == 4))
            return nd == 3 ? Pooling.adaptiveAvgPool1d(x, outSize[0]) : Pooling.adaptiveAvgPool2d(x, outSize[0], outSize[1]);
        if (nd == 3 && (mode == torch4j.nn.functional.InterpolationMode.BILINEAR
                || mode == torch4j.nn.functional.InterpolationMode.BICUBIC))
            throw new TorchException("Got 3D input, but " + m + " mode needs 4D input");
        if (nd == 4 && mode == torch4j.nn.functional.InterpolationMode.LINEAR)
            throw new TorchException("Got 4D input, but linear mode needs 3D input");
        if (nd == 3 || nd == 4) {
            Kind kind = switch (mode) {
                case NEAREST -> Kind.NEAREST;
                case NEAREST_EXACT -> Kind.NEAREST_EXACT;
                case BICUBIC -> Kind.CUBIC;
                default -> Kind.LINEAR;
            };
            String op = switch (mode) {
                case NEAREST -> "Nearest";
                case NEAREST_EXACT -> "NearestExact";
                case LINEAR -> "Linear";
                case BILINEAR -> "Bilinear";
                default -> "Bicubic";
            };
            int[] sp = spatial;
            boolean bad = false;
            for (int i = 0; i < outSize.length; i++) bad |= outSize[i] <= 0 || sp[i] <= 0;
            if (nd == 3) {
                if (bad)
                    throw new TorchException("Input and output sizes should be greater than 0, but got input (W: " + sp[0]
                            + ") and output (W: " + outSize[0] + ")");
                return upsample1d(x, kind, outSize[0], scales == null ? null : scales[0], align,
                        "Upsample" + op + "1DBackward1");
            }
            if (bad)
                throw new TorchException("Input and output sizes should be greater than 0, but got input (H: " + sp[0]
                        + ", W: " + sp[1] + ") output (H: " + outSize[0] + ", W: " + outSize[1] + ")");
            return upsample2d(x, kind, outSize[0], outSize[1], scales == null ? null : scales[0],
                    scales == null ? null : scales[1], align, "Upsample" + op + "2DBackward1");
        }
        if (nd == 5)
            throw new TorchException("torch4j supports interpolate on 3-D and 4-D inputs only (got 5D, mode " + m + ")");
        throw new TorchException("Input Error: Only 3D, 4D and 5D input Tensors supported (got " + nd + "D) for the modes: "
                + "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got " + m + ")");
    }
}
