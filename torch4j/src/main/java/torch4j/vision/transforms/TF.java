package torch4j.vision.transforms;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/**
 * {@code torchvision.transforms.functional} for tensor images: tensors of shape [..., C, H, W] (or [H, W]) in
 * uint8 or a floating dtype, computed as torchvision 0.14's {@code functional_tensor} does (same formulas, same
 * float32 intermediate precision for float32 and uint8 images, same rounding back to integer dtypes).
 * A {@link BufferedImage} stands where torchvision takes a PIL image: the functions that accept one convert it with
 * {@link #pilToTensor} first.
 * <pre>{@code
 * Tensor out = TF.adjustBrightness(TF.resize(img, new int[]{224}), 1.2);
 * }</pre>
 */
public final class TF {
    private TF() {}

    // ---------------------------------------------------------------- conversions

    /** Same as torchvision.transforms.functional.pil_to_tensor: a BufferedImage or an HWC (or HW) uint8 tensor → uint8 CHW. */
    public static Tensor pilToTensor(Object pic) {
        if (pic instanceof Tensor t) {
            if (t.dtype() != DType.UINT8 || (t.dim() != 2 && t.dim() != 3))
                throw new TorchException("pic should be a BufferedImage or a uint8 HWC/HW tensor. Got a " + t.dtype()
                        + " tensor of shape " + t.shape());
            return t.dim() == 2 ? t.unsqueeze(0).contiguous() : t.permute(2, 0, 1).contiguous();
        }
        if (!(pic instanceof BufferedImage img))
            throw new TorchException("pic should be a BufferedImage. Got " + (pic == null ? "null" : pic.getClass().getName()));
        int h = img.getHeight(), w = img.getWidth();
        int type = img.getType();
        boolean gray = (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY)
                || (type == BufferedImage.TYPE_CUSTOM && img.getColorModel().getNumComponents() == 1);
        boolean alpha = !gray && img.getColorModel().hasAlpha();
        int c = gray ? 1 : alpha ? 4 : 3;
        byte[] out = new byte[c * h * w];
        if (gray) {
            Raster r = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int s = r.getSample(x, y, 0);
                    out[y * w + x] = (byte) (bits > 8 ? s >> (bits - 8) : s);
                }
        } else {
            int[] row = new int[w];
            int plane = h * w;
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x], o = y * w + x;
                    out[o] = (byte) (p >> 16);
                    out[plane + o] = (byte) (p >> 8);
                    out[2 * plane + o] = (byte) p;
                    if (alpha) out[3 * plane + o] = (byte) (p >>> 24);
                }
            }
        }
        return Torch.fromArray(out, DType.UINT8, c, h, w);
    }

    /** A uint8 image tensor (CHW with 1, 3 or 4 channels, or HW) as a BufferedImage (gray, RGB or ARGB), as {@code to_pil_image}. */
    public static BufferedImage toBufferedImage(Tensor img) {
        if (img.dim() == 2) img = img.unsqueeze(0);
        if (img.dim() != 3) throw new TorchException("pic should be 2/3 dimensional. Got " + img.dim() + " dimensions.");
        if (img.dtype() != DType.UINT8)
            throw new TorchException("Only uint8 image tensors convert to a BufferedImage. Got " + img.dtype());
        int c = img.size(0), h = img.size(1), w = img.size(2);
        if (c != 1 && c != 3 && c != 4)
            throw new TorchException("pic should have 1, 3 or 4 channels to become a BufferedImage. Got " + c + " channels.");
        long[] v = img.toLongArray();
        int plane = h * w;
        BufferedImage out = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        if (c == 1) {
            var r = out.getRaster();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) r.setSample(x, y, 0, (int) v[y * w + x]);
            return out;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = y * w + x;
                int a = c == 4 ? (int) v[3 * plane + o] : 0xFF;
                row[x] = (a << 24) | ((int) v[o] << 16) | ((int) v[plane + o] << 8) | (int) v[2 * plane + o];
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /**
     * Applies an image function the way a torchvision transform does: a tensor goes through as is; a BufferedImage
     * (torchvision's PIL image) is converted to a uint8 CHW tensor, transformed, and converted back to a
     * BufferedImage, so that a following {@code ToTensor} sees an image as it would in torchvision.
     */
    static Object onImage(Object input, UnaryOperator<Tensor> f) {
        if (input instanceof Tensor t) return f.apply(t);
        if (input instanceof BufferedImage b) return toBufferedImage(f.apply(pilToTensor(b)));
        throw new TorchException("img should be a Tensor or a BufferedImage. Got "
                + (input == null ? "null" : input.getClass().getName()));
    }

    /** Same as torchvision.transforms.functional.convert_image_dtype. */
    public static Tensor convertImageDtype(Tensor image, DType dtype) {
        if (image.dtype() == dtype) return image;
        if (image.isFloatingPoint()) {
            if (dtype.isFloatingPoint()) return image.to(dtype);
            if ((image.dtype() == DType.FLOAT32 && (dtype == DType.INT32 || dtype == DType.INT64))
                    || (image.dtype() == DType.FLOAT64 && dtype == DType.INT64))
                throw new TorchException("The cast from " + image.dtype() + " to " + dtype + " cannot be performed safely.");
            // max + 1 - eps spreads [0, 1] evenly over the integer range; only exactly 1.0 maps to max.
            return image.mul(maxValue(dtype) + 1.0 - 1e-3).to(dtype);
        }
        double inMax = maxValue(image.dtype());
        if (dtype.isFloatingPoint()) return image.to(dtype).div(inMax);
        double outMax = maxValue(dtype);
        if (inMax > outMax) {
            long factor = (long) Math.floor((inMax + 1) / (outMax + 1));
            return image.div(Torch.tensor(factor), torch4j.RoundingMode.FLOOR).to(dtype);
        }
        long factor = (long) Math.floor((outMax + 1) / (inMax + 1));
        return image.to(dtype).mul(Torch.tensor(factor).to(dtype));
    }

    private static double maxValue(DType dt) {
        return switch (dt) {
            case UINT8 -> 255;
            case INT8 -> 127;
            case INT16 -> 32767;
            case INT32 -> 2147483647;
            case INT64 -> 9223372036854775807.0;
            default -> 1;
        };
    }

    // ---------------------------------------------------------------- geometry helpers

    /** Same as torchvision.transforms.functional.get_dimensions: [channels, height, width]. */
    public static int[] getDimensions(Tensor img) {
        assertImage(img);
        return new int[]{img.dim() == 2 ? 1 : img.size(-3), img.size(-2), img.size(-1)};
    }

    private static void assertImage(Tensor img) {
        if (img.dim() < 2) throw new TorchException("Tensor is not a torch image.");
    }

    private static void assertChannels(Tensor img, int... permitted) {
        int c = getDimensions(img)[0];
        for (int p : permitted) if (p == c) return;
        throw new TorchException("Input image tensor permitted channel values are " + Arrays.toString(permitted)
                + ", but found " + c);
    }

    private static int planes(Tensor t) { return (int) (t.numel() / ((long) t.size(-2) * t.size(-1))); }

    private static int[] withHW(Tensor t, int h, int w) {
        int[] s = t.shapeArray().clone();
        s[s.length - 2] = h;
        s[s.length - 1] = w;
        return s;
    }

    /** Rounds to float when emulating PyTorch's float32 arithmetic (exact: double ops on floats round once). */
    private static double r(double x, boolean f32) { return f32 ? (float) x : x; }

    /** Values computed in float/double back to the image's dtype; integer dtypes are rounded first, as torchvision does. */
    private static Tensor back(double[] v, int[] shape, DType dt, boolean round) {
        if (round && !dt.isFloatingPoint()) for (int i = 0; i < v.length; i++) v[i] = Math.rint(v[i]);
        return Torch.fromArray(v, shape).to(dt);
    }

    // ---------------------------------------------------------------- flips, crops, padding

    /** Same as torchvision.transforms.functional.hflip. */
    public static Tensor hflip(Tensor img) {
        assertImage(img);
        return img.flip(-1);
    }

    /** Same as torchvision.transforms.functional.vflip. */
    public static Tensor vflip(Tensor img) {
        assertImage(img);
        return img.flip(-2);
    }

    /** Same as torchvision.transforms.functional.crop: a view when inside the image, zero-padded where the box leaves it. */
    public static Tensor crop(Tensor img, int top, int left, int height, int width) {
        assertImage(img);
        int h = img.size(-2), w = img.size(-1);
        if (left >= 0 && top >= 0 && left + width <= w && top + height <= h)
            return img.narrow(-2, top, height).narrow(-1, left, width);
        return remap(img, top, height, left, width, PaddingMode.CONSTANT, 0);
    }

    /** Same as torchvision.transforms.functional.center_crop ({size} or {height, width}); pads with zeros when the crop is larger. */
    public static Tensor centerCrop(Tensor img, int... outputSize) {
        int[] s = size2(outputSize, "output_size");
        int[] d = getDimensions(img);
        int ch = s[0], cw = s[1], ih = d[1], iw = d[2];
        if (cw > iw || ch > ih) {
            int[] ltrb = {cw > iw ? (cw - iw) / 2 : 0, ch > ih ? (ch - ih) / 2 : 0,
                    cw > iw ? (cw - iw + 1) / 2 : 0, ch > ih ? (ch - ih + 1) / 2 : 0};
            img = pad(img, ltrb, 0, PaddingMode.CONSTANT);
            ih = img.size(-2);
            iw = img.size(-1);
            if (cw == iw && ch == ih) return img;
        }
        int top = (int) Math.rint((ih - ch) / 2.0), left = (int) Math.rint((iw - cw) / 2.0);
        return crop(img, top, left, ch, cw);
    }

    static int[] size2(int[] size, String name) {
        if (size.length == 1) return new int[]{size[0], size[0]};
        if (size.length == 2) return size.clone();
        throw new TorchException("Please provide only two dimensions (h, w) for " + name + ".");
    }

    /**
     * Same as torchvision.transforms.functional.pad: padding is {all}, {left/right, top/bottom} or
     * {left, top, right, bottom}; fill is used by {@link PaddingMode#CONSTANT} only.
     */
    public static Tensor pad(Tensor img, int[] padding, double fill, PaddingMode mode) {
        assertImage(img);
        if (padding.length != 1 && padding.length != 2 && padding.length != 4)
            throw new TorchException("Padding must be an int or a 1, 2, or 4 element tuple, not a " + padding.length + " element tuple");
        int l, t, rt, b;
        if (padding.length == 1) l = t = rt = b = padding[0];
        else if (padding.length == 2) { l = rt = padding[0]; t = b = padding[1]; }
        else { l = padding[0]; t = padding[1]; rt = padding[2]; b = padding[3]; }
        int h = img.size(-2), w = img.size(-1);
        if (mode == PaddingMode.REFLECT) {
            int[] s4 = img.dim() < 4 ? prepend1(img.shapeArray()) : img.shapeArray();
            if (l >= w || rt >= w)
                throw new TorchException("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding ("
                        + l + ", " + rt + ") at dimension " + (s4.length - 1) + " of input " + Arrays.toString(s4));
            if (t >= h || b >= h)
                throw new TorchException("Argument #6: Padding size should be less than the corresponding input dimension, but got: padding ("
                        + t + ", " + b + ") at dimension " + (s4.length - 2) + " of input " + Arrays.toString(s4));
        }
        if (mode == PaddingMode.SYMMETRIC && (l > w || rt > w || t > h || b > h))
            throw new TorchException("Symmetric padding (" + l + ", " + t + ", " + rt + ", " + b
                    + ") is larger than the image (" + h + ", " + w + ")");
        if (mode == PaddingMode.EDGE && (h == 0 || w == 0)) throw new TorchException("Cannot pad an empty image in edge mode");
        return remap(img, -t, h + t + b, -l, w + l + rt, mode, fill);
    }

    private static int[] prepend1(int[] s) {
        int[] o = new int[s.length + 1];
        o[0] = 1;
        System.arraycopy(s, 0, o, 1, s.length);
        return o;
    }

    /** Output pixel (y, x) reads source (top + y, left + x), resolving indices outside the image by mode. */
    private static Tensor remap(Tensor img, int top, int oh, int left, int ow, PaddingMode mode, double fill) {
        if (oh < 0 || ow < 0) throw new TorchException("Padding leaves a negative output size (" + oh + ", " + ow + ")");
        int h = img.size(-2), w = img.size(-1);
        int[] ys = new int[oh], xs = new int[ow];
        for (int y = 0; y < oh; y++) ys[y] = source(top + y, h, mode);
        for (int x = 0; x < ow; x++) xs[x] = source(left + x, w, mode);
        double[] in = img.toDoubleArray();
        int n = planes(img);
        double[] out = new double[n * oh * ow];
        for (int p = 0; p < n; p++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                    out[(p * oh + y) * ow + x] = ys[y] < 0 || xs[x] < 0 ? fill : in[(p * h + ys[y]) * w + xs[x]];
        DType dt = img.dtype();
        if (!dt.isFloatingPoint() && dt != DType.BOOL) {
            // a constant fill is cast like torch.nn.functional.pad's value: truncated toward zero
            for (int i = 0; i < out.length; i++) out[i] = out[i] < 0 ? Math.ceil(out[i]) : Math.floor(out[i]);
        }
        return Torch.fromArray(out, withHW(img, oh, ow)).to(dt);
    }

    private static int source(int i, int n, PaddingMode mode) {
        if (i >= 0 && i < n) return i;
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> i < 0 ? 0 : n - 1;
            case REFLECT -> i < 0 ? -i : 2 * (n - 1) - i;
            case SYMMETRIC -> i < 0 ? -i - 1 : 2 * n - 1 - i;
        };
    }

    // ---------------------------------------------------------------- resize

    /** Same as torchvision.transforms.functional.resize with bilinear interpolation and antialias=None (False for tensors). */
    public static Tensor resize(Tensor img, int... size) { return resize(img, size, InterpolationMode.BILINEAR, null, null); }

    /**
     * Same as torchvision.transforms.functional.resize: size is {smaller edge} (aspect ratio kept, optionally
     * capped by maxSize) or {height, width}; antialias (null means False, as torchvision 0.14 for tensors) applies
     * PIL-style triangle filtering when downsampling, as {@code interpolate(..., antialias=True)}.
     */
    public static Tensor resize(Tensor img, int[] size, InterpolationMode interpolation, Integer maxSize, Boolean antialias) {
        if (size.length != 1 && size.length != 2)
            throw new TorchException("Size must be an int or a 1 or 2 element tuple/list, not a " + size.length + " element tuple/list");
        if (maxSize != null && size.length != 1)
            throw new TorchException("max_size should only be passed if size specifies the length of the smaller edge, "
                    + "i.e. size should be an int or a sequence of length 1 in torchscript mode.");
        int[] d = getDimensions(img);
        int[] out = resizedOutputSize(d[1], d[2], size, maxSize);
        if (out[0] == d[1] && out[1] == d[2]) return img;
        boolean aa = antialias != null && antialias;
        if (aa && interpolation != InterpolationMode.BILINEAR)
            throw new TorchException("Antialias option is supported for bilinear and bicubic interpolation modes only");
        return interpolate(img, out[0], out[1], interpolation, aa);
    }

    /** torchvision's {@code _compute_resized_output_size}: [new_h, new_w]. */
    static int[] resizedOutputSize(int h, int w, int[] size, Integer maxSize) {
        if (size.length == 2) return new int[]{size[0], size[1]};
        int shortE = Math.min(h, w), longE = Math.max(h, w);
        int newShort = size[0], newLong = (int) ((long) newShort * longE / shortE);
        if (maxSize != null) {
            if (maxSize <= newShort)
                throw new TorchException("max_size = " + maxSize + " must be strictly greater than the requested size for the smaller edge size = ["
                        + size[0] + "]");
            if (newLong > maxSize) {
                newShort = (int) ((long) maxSize * newShort / newLong);
                newLong = maxSize;
            }
        }
        return w <= h ? new int[]{newLong, newShort} : new int[]{newShort, newLong};
    }

    private static Tensor interpolate(Tensor img, int oh, int ow, InterpolationMode mode, boolean aa) {
        if (oh <= 0 || ow <= 0)
            throw new TorchException("Input and output sizes should be greater than 0, but got input (H: " + img.size(-2)
                    + ", W: " + img.size(-1) + ") output (H: " + oh + ", W: " + ow + ")");
        int h = img.size(-2), w = img.size(-1), n = planes(img);
        boolean f32 = img.dtype() != DType.FLOAT64;
        double[] in = img.toDoubleArray();
        double[] out;
        if (mode == InterpolationMode.NEAREST) {
            int[] ys = nearestIndices(h, oh), xs = nearestIndices(w, ow);
            out = new double[n * oh * ow];
            for (int p = 0; p < n; p++)
                for (int y = 0; y < oh; y++)
                    for (int x = 0; x < ow; x++) out[(p * oh + y) * ow + x] = in[(p * h + ys[y]) * w + xs[x]];
        } else if (!aa) {
            Linear ly = new Linear(h, oh, f32), lx = new Linear(w, ow, f32);
            out = new double[n * oh * ow];
            for (int p = 0; p < n; p++)
                for (int y = 0; y < oh; y++) {
                    int r0 = (p * h + ly.i0[y]) * w, r1 = (p * h + ly.i1[y]) * w;
                    for (int x = 0; x < ow; x++) {
                        double t0 = r(r(in[r0 + lx.i0[x]] * lx.l0[x], f32) + r(in[r0 + lx.i1[x]] * lx.l1[x], f32), f32);
                        double t1 = r(r(in[r1 + lx.i0[x]] * lx.l0[x], f32) + r(in[r1 + lx.i1[x]] * lx.l1[x], f32), f32);
                        out[(p * oh + y) * ow + x] = r(r(t0 * ly.l0[y], f32) + r(t1 * ly.l1[y], f32), f32);
                    }
                }
        } else {
            // separable: along the width first, then the height, as PyTorch's _upsample_bilinear2d_aa
            double[] tmp = w == ow ? in : aaPass(in, n * h, w, ow, f32);
            out = h == oh ? tmp : aaColumns(tmp, n, h, ow, oh, f32);
        }
        return back(out, withHW(img, oh, ow), img.dtype(), true);
    }

    private static int[] nearestIndices(int in, int out) {
        int[] idx = new int[out];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++)
            idx[i] = out == in ? i : out == 2 * in ? i >> 1 : Math.min((int) Math.floor((float) i * scale), in - 1);
        return idx;
    }

    /** Source indices and weights of align_corners=False linear interpolation along one axis. */
    private static final class Linear {
        final int[] i0, i1;
        final double[] l0, l1;

        Linear(int in, int out, boolean f32) {
            i0 = new int[out];
            i1 = new int[out];
            l0 = new double[out];
            l1 = new double[out];
            double scale = r((double) in / out, f32);
            for (int i = 0; i < out; i++) {
                double src = r(r(scale * r(i + 0.5, f32), f32) - 0.5, f32);
                if (src < 0) src = 0;
                int a = (int) src;
                i0[i] = a;
                i1[i] = a + (a < in - 1 ? 1 : 0);
                l1[i] = Math.min(Math.max(r(src - a, f32), 0), 1);
                l0[i] = r(1 - l1[i], f32);
            }
        }
    }

    /** Antialiased (triangle filter) weights for one axis, as PyTorch's _compute_indices_weights_aa. */
    private static final class Aa {
        final int[] min, size;
        final double[][] wts;

        Aa(int in, int out, boolean f32) {
            min = new int[out];
            size = new int[out];
            wts = new double[out][];
            double scale = r((double) in / out, f32);
            double support = scale >= 1 ? r(1.0 * scale, f32) : 1.0;
            double invscale = scale >= 1 ? r(1.0 / scale, f32) : 1.0;
            for (int i = 0; i < out; i++) {
                double center = r(scale * r(i + 0.5, f32), f32);
                int xmin = Math.max((int) r(r(center - support, f32) + 0.5, f32), 0);
                int xsize = Math.min((int) r(r(center + support, f32) + 0.5, f32), in) - xmin;
                double[] wv = new double[Math.max(xsize, 0)];
                double total = 0;
                for (int j = 0; j < wv.length; j++) {
                    double x = Math.abs(r(r(r(r(j + xmin, f32) - center, f32) + 0.5, f32) * invscale, f32));
                    wv[j] = x < 1 ? r(1 - x, f32) : 0;
                    total = r(total + wv[j], f32);
                }
                if (total != 0) for (int j = 0; j < wv.length; j++) wv[j] = r(wv[j] / total, f32);
                min[i] = xmin;
                size[i] = wv.length;
                wts[i] = wv;
            }
        }
    }

    private static double[] aaPass(double[] in, int rows, int w, int ow, boolean f32) {
        Aa a = new Aa(w, ow, f32);
        double[] out = new double[rows * ow];
        for (int row = 0; row < rows; row++)
            for (int x = 0; x < ow; x++) {
                double s = 0;
                int base = row * w + a.min[x];
                for (int j = 0; j < a.size[x]; j++) s = r(s + r(in[base + j] * a.wts[x][j], f32), f32);
                out[row * ow + x] = s;
            }
        return out;
    }

    private static double[] aaColumns(double[] in, int n, int h, int w, int oh, boolean f32) {
        Aa a = new Aa(h, oh, f32);
        double[] out = new double[n * oh * w];
        for (int p = 0; p < n; p++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < w; x++) {
                    double s = 0;
                    for (int j = 0; j < a.size[y]; j++) s = r(s + r(in[(p * h + a.min[y] + j) * w + x] * a.wts[y][j], f32), f32);
                    out[(p * oh + y) * w + x] = s;
                }
        return out;
    }

    /** Same as torchvision.transforms.functional.resized_crop. */
    public static Tensor resizedCrop(Tensor img, int top, int left, int height, int width, int[] size,
                                     InterpolationMode interpolation, Boolean antialias) {
        return resize(crop(img, top, left, height, width), size, interpolation, null, antialias);
    }

    // ---------------------------------------------------------------- rotation

    /** Same as torchvision.transforms.functional.rotate(img, angle) (nearest, no expand, zero fill). */
    public static Tensor rotate(Tensor img, double angle) { return rotate(img, angle, InterpolationMode.NEAREST, false, null, null); }

    /**
     * Same as torchvision.transforms.functional.rotate: counter-clockwise by angle degrees about center (pixel
     * coordinates, null for the image centre); fill (one value or one per channel, null for none) paints the area
     * outside the source image, blended by coverage in bilinear mode as torchvision's mask channel does.
     */
    public static Tensor rotate(Tensor img, double angle, InterpolationMode interpolation, boolean expand,
                                double[] center, double[] fill) {
        assertImage(img);
        int c = getDimensions(img)[0];
        if (fill != null && fill.length > 1 && fill.length != c)
            throw new TorchException("The number of elements in 'fill' cannot broadcast to match the number of channels of the image ("
                    + fill.length + " != " + c + ")");
        int h = img.size(-2), w = img.size(-1);
        double[] centerF = {0, 0};
        if (center != null) centerF = new double[]{center[0] - w * 0.5, center[1] - h * 0.5};
        double[] m = inverseAffineMatrix(centerF, -angle, new double[]{0, 0}, 1.0, new double[]{0, 0});
        int ow = w, oh = h;
        if (expand) {
            int[] s = affineOutputSize(m, w, h);
            ow = s[0];
            oh = s[1];
        }
        return gridTransform(img, m, ow, oh, interpolation, fill);
    }

    /** torchvision's {@code _get_inverse_affine_matrix} (angle and shear in degrees). */
    static double[] inverseAffineMatrix(double[] center, double angle, double[] translate, double scale, double[] shear) {
        double rot = Math.toRadians(angle), sx = Math.toRadians(shear[0]), sy = Math.toRadians(shear[1]);
        double cx = center[0], cy = center[1], tx = translate[0], ty = translate[1];
        double a = Math.cos(rot - sy) / Math.cos(sy);
        double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
        double cc = Math.sin(rot - sy) / Math.cos(sy);
        double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
        double[] m = {d, -b, 0.0, -cc, a, 0.0};
        for (int i = 0; i < 6; i++) m[i] /= scale;
        m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
        m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
        m[2] += cx;
        m[5] += cy;
        return m;
    }

    private static int[] affineOutputSize(double[] m, int w, int h) {
        double[][] pts = {{-0.5 * w, -0.5 * h}, {-0.5 * w, 0.5 * h}, {0.5 * w, 0.5 * h}, {0.5 * w, -0.5 * h}};
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] p : pts) {
            float x = (float) ((float) m[0] * (float) p[0] + (float) m[1] * (float) p[1] + (float) m[2]);
            float y = (float) ((float) m[3] * (float) p[0] + (float) m[4] * (float) p[1] + (float) m[5]);
            minX = Math.min(minX, x); maxX = Math.max(maxX, x);
            minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        }
        double tol = 1e-4;
        // truncating to 1e-4 keeps rounding noise such as 1e-15 from growing the image by a pixel
        double cmaxX = Math.ceil((float) ((long) ((float) (maxX + w * 0.5) / tol) * tol));
        double cmaxY = Math.ceil((float) ((long) ((float) (maxY + h * 0.5) / tol) * tol));
        double cminX = Math.floor((float) ((long) ((float) (minX + w * 0.5) / tol) * tol));
        double cminY = Math.floor((float) ((long) ((float) (minY + h * 0.5) / tol) * tol));
        return new int[]{(int) (cmaxX - cminX), (int) (cmaxY - cminY)};
    }

    /** torchvision's affine grid + {@code grid_sample(align_corners=False, padding_mode="zeros")} with its fill mask. */
    private static Tensor gridTransform(Tensor img, double[] m, int ow, int oh, InterpolationMode mode, double[] fill) {
        int h = img.size(-2), w = img.size(-1), n = planes(img);
        int c = img.dim() == 2 ? 1 : img.size(-3);
        boolean f32 = img.dtype() != DType.FLOAT64;
        double[] t = new double[6];
        for (int i = 0; i < 6; i++) t[i] = r(m[i], f32);
        double sw = r(0.5 * w, f32), sh = r(0.5 * h, f32);
        double a0 = r(t[0] / sw, f32), a1 = r(t[1] / sw, f32), a2 = r(t[2] / sw, f32);
        double b0 = r(t[3] / sh, f32), b1 = r(t[4] / sh, f32), b2 = r(t[5] / sh, f32);
        double[] in = img.toDoubleArray();
        double[] out = new double[n * oh * ow];
        boolean nearest = mode == InterpolationMode.NEAREST;
        for (int y = 0; y < oh; y++) {
            double by = r(-oh * 0.5 + 0.5 + y, f32);
            for (int x = 0; x < ow; x++) {
                double bx = r(-ow * 0.5 + 0.5 + x, f32);
                double gx = r(r(r(bx * a0, f32) + r(by * a1, f32), f32) + a2, f32);
                double gy = r(r(r(bx * b0, f32) + r(by * b1, f32), f32) + b2, f32);
                double ix = r(r(r(gx + 1, f32) * w, f32) - 1, f32) / 2, iy = r(r(r(gy + 1, f32) * h, f32) - 1, f32) / 2;
                ix = r(ix, f32);
                iy = r(iy, f32);
                int o = y * ow + x;
                if (nearest) {
                    int xn = (int) Math.rint(ix), yn = (int) Math.rint(iy);
                    boolean inside = xn >= 0 && xn < w && yn >= 0 && yn < h;
                    for (int p = 0; p < n; p++) {
                        double v = inside ? in[(p * h + yn) * w + xn] : 0;
                        if (fill != null && !inside) v = fill[fill.length == 1 ? 0 : p % c];
                        out[p * oh * ow + o] = v;
                    }
                } else {
                    int x0 = (int) Math.floor(ix), y0 = (int) Math.floor(iy);
                    double tx = r(ix - x0, f32), ty = r(iy - y0, f32);
                    double[] wt = {r(r(1 - tx, f32) * r(1 - ty, f32), f32), r(tx * r(1 - ty, f32), f32),
                            r(r(1 - tx, f32) * ty, f32), r(tx * ty, f32)};
                    int[] xx = {x0, x0 + 1, x0, x0 + 1}, yy = {y0, y0, y0 + 1, y0 + 1};
                    double mask = 0;
                    for (int k = 0; k < 4; k++)
                        if (xx[k] >= 0 && xx[k] < w && yy[k] >= 0 && yy[k] < h) mask = r(mask + wt[k], f32);
                    for (int p = 0; p < n; p++) {
                        double v = 0;
                        for (int k = 0; k < 4; k++)
                            if (xx[k] >= 0 && xx[k] < w && yy[k] >= 0 && yy[k] < h)
                                v = r(v + r(in[(p * h + yy[k]) * w + xx[k]] * wt[k], f32), f32);
                        if (fill != null) {
                            double fv = fill[fill.length == 1 ? 0 : p % c];
                            v = r(r(v * mask, f32) + r(r(1 - mask, f32) * fv, f32), f32);
                        }
                        out[p * oh * ow + o] = v;
                    }
                }
            }
        }
        return back(out, withHW(img, oh, ow), img.dtype(), true);
    }

    // ---------------------------------------------------------------- colour

    /** Same as torchvision.transforms.functional.rgb_to_grayscale (ITU-R 601-2 luma: 0.2989 R + 0.587 G + 0.114 B). */
    public static Tensor rgbToGrayscale(Tensor img, int numOutputChannels) {
        if (img.dim() < 3) throw new TorchException("Input image tensor should have at least 3 dimensions, but found " + img.dim());
        assertChannels(img, 1, 3);
        if (numOutputChannels != 1 && numOutputChannels != 3)
            throw new TorchException("num_output_channels should be either 1 or 3");
        Tensor l;
        if (img.size(-3) == 3) {
            Tensor f = img.isFloatingPoint() ? img : img.to(DType.FLOAT32);
            Tensor rr = f.select(-3, 0), g = f.select(-3, 1), b = f.select(-3, 2);
            l = rr.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype()).unsqueeze(-3);
        } else {
            l = img.clone();
        }
        return numOutputChannels == 3 ? l.expand(img.shapeArray()).contiguous() : l;
    }

    /** Same as torchvision.transforms.functional.rgb_to_grayscale(img) with one output channel. */
    public static Tensor rgbToGrayscale(Tensor img) { return rgbToGrayscale(img, 1); }

    private static Tensor blend(Tensor img1, Tensor img2, double ratio) {
        double bound = img1.isFloatingPoint() ? 1.0 : 255.0;
        // an integer image times a Python float is float32 in PyTorch; cast explicitly so integral ratios promote too
        Tensor a = img1.isFloatingPoint() ? img1 : img1.to(DType.FLOAT32);
        Tensor b = img2.isFloatingPoint() ? img2 : img2.to(DType.FLOAT32);
        return a.mul(ratio).add(b.mul(1.0 - ratio)).clamp(0, bound).to(img1.dtype());
    }

    /** Same as torchvision.transforms.functional.adjust_brightness: blends with black. */
    public static Tensor adjustBrightness(Tensor img, double brightnessFactor) {
        if (brightnessFactor < 0) throw new TorchException("brightness_factor (" + brightnessFactor + ") is not non-negative.");
        assertImage(img);
        assertChannels(img, 1, 3);
        return blend(img, Tensor.zerosLike(img), brightnessFactor);
    }

    /** Same as torchvision.transforms.functional.adjust_contrast: blends with the mean grey level. */
    public static Tensor adjustContrast(Tensor img, double contrastFactor) {
        if (contrastFactor < 0) throw new TorchException("contrast_factor (" + contrastFactor + ") is not non-negative.");
        assertImage(img);
        assertChannels(img, 3, 1);
        DType dt = img.isFloatingPoint() ? img.dtype() : DType.FLOAT32;
        Tensor g = getDimensions(img)[0] == 3 ? rgbToGrayscale(img).to(dt) : img.to(dt);
        if (g.dim() == 2) g = g.unsqueeze(0);
        Tensor mean = g.mean(new int[]{-3, -2, -1}, true);
        return blend(img, mean, contrastFactor);
    }

    /** Same as torchvision.transforms.functional.adjust_saturation: blends with the greyscale image. */
    public static Tensor adjustSaturation(Tensor img, double saturationFactor) {
        if (saturationFactor < 0) throw new TorchException("saturation_factor (" + saturationFactor + ") is not non-negative.");
        assertImage(img);
        assertChannels(img, 1, 3);
        if (getDimensions(img)[0] == 1) return img;
        return blend(img, rgbToGrayscale(img), saturationFactor);
    }

    /** Same as torchvision.transforms.functional.adjust_hue: shifts the hue in HSV space by hueFactor turns. */
    public static Tensor adjustHue(Tensor img, double hueFactor) {
        if (!(-0.5 <= hueFactor && hueFactor <= 0.5)) throw new TorchException("hue_factor (" + hueFactor + ") is not in [-0.5, 0.5].");
        assertImage(img);
        assertChannels(img, 1, 3);
        if (getDimensions(img)[0] == 1) return img;
        DType dt = img.dtype();
        boolean u8 = dt == DType.UINT8;
        if (!u8 && !img.isFloatingPoint())
            throw new TorchException("adjust_hue supports uint8 and floating point images. Got " + dt);
        boolean f32 = dt != DType.FLOAT64;
        double[] v = img.toDoubleArray();
        int hw = img.size(-2) * img.size(-1), n = (int) (img.numel() / (3L * hw));
        double hf = r(hueFactor, f32);
        for (int p = 0; p < n; p++) {
            int base = p * 3 * hw;
            for (int i = 0; i < hw; i++) {
                double rr = v[base + i], g = v[base + hw + i], b = v[base + 2 * hw + i];
                if (u8) { rr = r(rr / 255.0, true); g = r(g / 255.0, true); b = r(b / 255.0, true); }
                double[] hsv = rgbToHsv(rr, g, b, f32);
                double hue = r(hsv[0] + hf, f32);
                double mod = r(hue % 1.0, f32);
                if (mod != 0 && mod < 0) mod = r(mod + 1.0, f32);
                double[] rgb = hsvToRgb(mod, hsv[1], hsv[2], f32);
                for (int k = 0; k < 3; k++) {
                    double o = rgb[k];
                    if (u8) o = (int) r(o * 255.0, true);   // torchvision truncates here, it does not round
                    v[base + k * hw + i] = o;
                }
            }
        }
        return Torch.fromArray(v, img.shapeArray()).to(dt);
    }

    private static double[] rgbToHsv(double rr, double g, double b, boolean f32) {
        double maxc = Math.max(rr, Math.max(g, b)), minc = Math.min(rr, Math.min(g, b));
        boolean eqc = maxc == minc;
        double cr = r(maxc - minc, f32);
        double s = r(cr / (eqc ? 1 : maxc), f32);
        double crd = eqc ? 1 : cr;
        double rc = r(r(maxc - rr, f32) / crd, f32), gc = r(r(maxc - g, f32) / crd, f32), bc = r(r(maxc - b, f32) / crd, f32);
        double hr = maxc == rr ? r(bc - gc, f32) : 0;
        double hg = maxc == g && maxc != rr ? r(r(2.0 + rc, f32) - bc, f32) : 0;
        double hb = maxc != g && maxc != rr ? r(r(4.0 + gc, f32) - rc, f32) : 0;
        double h = r(r(hr + hg, f32) + hb, f32);
        h = r(r(r(h / 6.0, f32) + 1.0, f32) % 1.0, f32);
        return new double[]{h, s, maxc};
    }

    private static double[] hsvToRgb(double h, double s, double v, boolean f32) {
        double h6 = r(h * 6.0, f32);
        double fi = Math.floor(h6);
        double f = r(h6 - fi, f32);
        int i = Math.floorMod((int) fi, 6);
        double p = clamp01(r(v * r(1.0 - s, f32), f32));
        double q = clamp01(r(v * r(1.0 - r(s * f, f32), f32), f32));
        double t = clamp01(r(v * r(1.0 - r(s * r(1.0 - f, f32), f32), f32), f32));
        return switch (i) {
            case 0 -> new double[]{v, t, p};
            case 1 -> new double[]{q, v, p};
            case 2 -> new double[]{p, v, t};
            case 3 -> new double[]{p, q, v};
            case 4 -> new double[]{t, p, v};
            default -> new double[]{v, p, q};
        };
    }

    private static double clamp01(double x) { return Math.min(Math.max(x, 0.0), 1.0); }

    /** Same as torchvision.transforms.functional.erase: img[..., i:i+h, j:j+w] = v (v broadcast; a copy unless inplace). */
    public static Tensor erase(Tensor img, int i, int j, int h, int w, Tensor v, boolean inplace) {
        Tensor out = inplace ? img : img.clone();
        out.narrow(-2, i, h).narrow(-1, j, w).copy_(v);
        return out;
    }
}
