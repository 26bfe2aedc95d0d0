package torch4j.internal.ops;

import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;
import torch4j.nn.functional.PadMode;

/**
 * torch.nn.functional.pad (constant_pad_nd, reflection_pad1d/2d/3d, replication_pad1d/2d/3d, circular) as one
 * index-map copy per trailing dim, differentiated by the adjoint scatter; and pixel_shuffle / pixel_unshuffle,
 * each other's derivative.
 */
public final class Padding {
    private Padding() {}

    /** torch.nn.functional.pad: pad lists (left, right) pairs starting from the last dim; value null for the default. */
    public static Tensor pad(Tensor x, int[] pad, PadMode mode, Double value) {
        int nd = x.dim();
        if (pad.length % 2 != 0) throw new TorchException("Padding length must be divisible by 2");
        if (pad.length > nd * 2) throw new TorchException("Padding length too large");
        int k = pad.length / 2;
        if (mode == PadMode.CONSTANT) return constantPad(x, pad, value == null ? 0 : value);
        if (value != null && value != 0)
            throw new TorchException("Padding mode \"" + mode.pyName() + "\" doesn't take in value argument");
        if (!((k == 1 && (nd == 2 || nd == 3)) || (k == 2 && (nd == 3 || nd == 4)) || (k == 3 && (nd == 4 || nd == 5))))
            throw new TorchException("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
        int[] xs = x.shapeArray();
        if (mode == PadMode.REFLECT) {
            String[] arg = {"#4", "#6", "#8"};
            for (int j = 0; j < k; j++) {
                int d = nd - 1 - j, l = pad[2 * j], r = pad[2 * j + 1];
                if (l >= xs[d] || r >= xs[d])
                    throw new TorchException("Argument " + arg[j] + ": Padding size should be less than the corresponding "
                            + "input dimension, but got: padding (" + l + ", " + r + ") at dimension " + d + " of input "
                            + (k == 2 ? Integer.toString(nd) : Shapes.str(xs)));
            }
        }
        if (mode == PadMode.CIRCULAR)
            for (int j = 0; j < k; j++)
                if (pad[2 * j] > xs[nd - 1 - j] || pad[2 * j + 1] > xs[nd - 1 - j])
                    throw new TorchException("Padding value causes wrapping around more than once.");
        checkOutput(xs, pad, k);
        if (mode != PadMode.CIRCULAR && !x.dtype().isFloatingPoint())
            throw new TorchException("\"" + (mode == PadMode.REFLECT ? "reflection" : "replication") + "_pad" + k
                    + "d\" not implemented for '" + Pooling.typeName(x.dtype()) + "'");
        String name = switch (mode) {
            case REFLECT -> "ReflectionPad" + k + "DBackward0";
            case REPLICATE -> "ReplicationPad" + k + "DBackward0";
            default -> "CircularPadBackward0";
        };
        return mapped(x, maps(xs, pad, mode), 0, name);
    }

    private static void checkOutput(int[] xs, int[] pad, int k) {
        int nd = xs.length;
        for (int j = 0; j < k; j++) {
            int d = nd - 1 - j;
            if (xs[d] + pad[2 * j] + pad[2 * j + 1] < 1) {
                StringBuilder in = new StringBuilder("input (");
                StringBuilder out = new StringBuilder(" is too small. Calculated output");
                String[] names = {"W", "H", "D"};
                for (int q = k - 1; q >= 0; q--) {
                    int dd = nd - 1 - q;
                    in.append(names[q]).append(": ").append(xs[dd]).append(q > 0 ? ", " : ")");
                    out.append(" ").append(names[q]).append(": ").append(xs[dd] + pad[2 * q] + pad[2 * q + 1]);
                }
                throw new TorchException(in.toString() + out);
            }
        }
    }

    /** Per padded dim (outermost first) the source index of each output position, or -1 for the constant. */
    private static int[][] maps(int[] xs, int[] pad, PadMode mode) {
        int k = pad.length / 2, nd = xs.length;
        int[][] maps = new int[k][];
        for (int q = 0; q < k; q++) {
            int j = k - 1 - q; // maps[q] is dim nd - k + q, whose pads are pad[2j], pad[2j + 1]
            int n = xs[nd - k + q], l = pad[2 * j], r = pad[2 * j + 1];
            int[] m = new int[Math.max(n + l + r, 0)];
            for (int o = 0; o < m.length; o++) {
                int s = o - l;
                m[o] = switch (mode) {
                    case CONSTANT -> s >= 0 && s < n ? s : -1;
                    case REFLECT -> s < 0 ? -s : s >= n ? 2 * (n - 1) - s : s;
                    case REPLICATE -> Math.max(0, Math.min(s, n - 1));
                    case CIRCULAR -> Math.floorMod(s, n);
                };
            }
            maps[q] = m;
        }
        return maps;
    }

    private static Tensor constantPad(Tensor x, int[] pad, double value) {
        int[] xs = x.shapeArray();
        int nd = xs.length, k = pad.length / 2;
        for (int j = 0; j < k; j++) {
            int d = nd - 1 - j;
            if (xs[d] + pad[2 * j] + pad[2 * j + 1] < 0)
                throw new TorchException("The input size " + xs[d] + ", plus negative padding " + pad[2 * j] + " and "
                        + pad[2 * j + 1] + " resulted in a negative output size, which is invalid. Check dimension " + d
                        + " of your input.");
        }
        if (k == 0) return x.clone();
        return mapped(x, maps(xs, pad, PadMode.CONSTANT), value, "ConstantPadNdBackward0");
    }

    /** out = x through the maps over its last maps.length dims; differentiable (the adjoint scatter, and back). */
    static Tensor mapped(Tensor x, int[][] maps, double fill, String name) {
        int[] xs = x.shapeArray();
        int k = maps.length, nd = xs.length;
        int[] inner = new int[k + 1], outShape = xs.clone(), outInner = new int[k + 1];
        int batch = Pooling.planes(xs, k);
        inner[0] = outInner[0] = batch;
        for (int q = 0; q < k; q++) {
            inner[q + 1] = xs[nd - k + q];
            outInner[q + 1] = outShape[nd - k + q] = maps[q].length;
        }
        Tensor xc = x.contiguous();
        Tensor out = Tensor.empty(outShape, x.dtype(), x.device());
        if (out.numel() > 0) Pooling.kernels(x).indexMap(Pooling.as(xc, inner), maps, fill, Pooling.as(out, outInner));
        if (Node.needed(x)) {
            String back = name.replace("Backward0", "BackwardBackward0");
            Node.of(name, x).grad(0, g -> unmapped(g, maps, xs, back, name)).attach(out);
        }
        return out;
    }

    /** The adjoint of {@link #mapped}: scatter-adds g back to inShape. */
    static Tensor unmapped(Tensor g, int[][] maps, int[] inShape, String name, String otherName) {
        int k = maps.length, nd = inShape.length;
        int[] inner = new int[k + 1], gInner = new int[k + 1];
        int batch = Pooling.planes(inShape, k);
        inner[0] = gInner[0] = batch;
        for (int q = 0; q < k; q++) {
            inner[q + 1] = inShape[nd - k + q];
            gInner[q + 1] = maps[q].length;
        }
        DType dt = g.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor gc = g.to(dt).contiguous();
        Tensor out = Tensor.empty(inShape, dt, g.device());
        if (out.numel() > 0) {
            if (g.numel() == 0) out.zero_();
            else Pooling.kernels(g).indexMapAdjoint(Pooling.as(gc, gInner), maps, Pooling.as(out, inner));
        }
        if (Node.needed(g)) Node.of(name, g).grad(0, gg -> mapped(gg, maps, 0, otherName)).attach(out);
        return out.to(g.dtype());
    }

    // ------------------------------------------------------------------ pixel shuffle

    /** torch.nn.functional.pixel_shuffle: [*, C·r², H, W] to [*, C, H·r, W·r]. */
    public static Tensor pixelShuffle(Tensor x, int r) {
        if (x.dim() < 3)
            throw new TorchException("pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                    + x.dim() + " dimension(s)");
        if (r <= 0) throw new TorchException("pixel_shuffle expects a positive upscale_factor, but got " + r);
        int[] xs = x.shapeArray();
        int nd = xs.length, c = xs[nd - 3], h = xs[nd - 2], w = xs[nd - 1];
        if (c % (r * r) != 0)
            throw new TorchException("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
                    + "of upscale_factor, but input.size(-3)=" + c + " is not divisible by " + r * r);
        Tensor out = rearrange(x, new int[]{c / (r * r), r, r, h, w}, new int[]{0, 3, 1, 4, 2}, c / (r * r), h * r, w * r);
        if (Node.needed(x)) Node.of("PixelShuffleBackward0", x).grad(0, g -> pixelUnshuffle(g, r)).attach(out);
        return out;
    }

    /** torch.nn.functional.pixel_unshuffle: [*, C, H·r, W·r] to [*, C·r², H, W]. */
    public static Tensor pixelUnshuffle(Tensor x, int r) {
        if (x.dim() < 3)
            throw new TorchException("pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                    + x.dim() + " dimension(s)");
        if (r <= 0) throw new TorchException("pixel_unshuffle expects a positive downscale_factor, but got " + r);
        int[] xs = x.shapeArray();
        int nd = xs.length, c = xs[nd - 3], h = xs[nd - 2], w = xs[nd - 1];
        if (h % r != 0)
            throw new TorchException("pixel_unshuffle expects height to be divisible by downscale_factor, but "
                    + "input.size(-2)=" + h + " is not divisible by " + r);
        if (w % r != 0)
            throw new TorchException("pixel_unshuffle expects width to be divisible by downscale_factor, but "
                    + "input.size(-1)=" + w + " is not divisible by " + r);
        Tensor out = rearrange(x, new int[]{c, h / r, r, w / r, r}, new int[]{0, 2, 4, 1, 3}, c * r * r, h / r, w / r);
        if (Node.needed(x)) Node.of("PixelUnshuffleBackward0", x).grad(0, g -> pixelShuffle(g, r)).attach(out);
        return out;
    }

    /**
     * Splits the last three dims of x into the five of {@code split5}, permutes those by {@code tail} and merges them
     * into the three of {@code out3}; the leading dims stay.
     */
    private static Tensor rearrange(Tensor x, int[] split5, int[] tail, int... out3) {
        int[] xs = x.shapeArray();
        int lead = xs.length - 3;
        int[] split = java.util.Arrays.copyOf(xs, lead + 5), perm = new int[lead + 5];
        System.arraycopy(split5, 0, split, lead, 5);
        for (int i = 0; i < lead + 5; i++) perm[i] = i < lead ? i : lead + tail[i - lead];
        try (var _ = GradMode.scope(false)) {
            Tensor out = x.reshape(split).permute(perm).contiguous();
            if (out.storage() == x.storage()) out = out.clone();
            return Pooling.as(out, Pooling.withSpatial(xs, out3));
        }
    }
}
