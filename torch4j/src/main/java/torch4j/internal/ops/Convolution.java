package torch4j.internal.ops;

import java.util.Arrays;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.backend.ConvKernels;
import torch4j.internal.Shapes;
import torch4j.internal.trace.Tracer;

/**
 * Convolutions (conv1d/2d/3d, conv_transpose1d/2d) and im2col/col2im (unfold/fold), as PyTorch's
 * {@code convolution} and {@code im2col}/{@code col2im}. Three bilinear primitives do all the work — the forward
 * convolution F(x, w), its input gradient I(gy, w) (which is also the transposed convolution) and its weight gradient
 * W(x, gy) — and each one's derivatives are again those primitives (⟨U, F(x,w)⟩ = ⟨I(U,w), x⟩ = ⟨W(x,U), w⟩), so
 * backward of backward works. Kernels see 5-D contiguous tensors: 1-D and 2-D problems get size-1 leading spatial dims.
 */
public final class Convolution {
    private Convolution() {}

    private enum Kind { FORWARD, INPUT_GRAD, WEIGHT_GRAD }

    /** Stride, padding before each dim (the padding after follows from the result size), dilation: 3 entries each. */
    private record Params(int[] stride, int[] pad, int[] dil, int groups) {}

    private static ConvKernels kernels(Tensor t) { return t.backend().conv(); }

    /** [N, C, s...] (any 1..3 spatial dims, contiguous) viewed as [N, C, 1.., s...]. */
    private static Tensor to5(Tensor t) {
        int[] s = t.shapeArray();
        int[] r = new int[5];
        r[0] = s[0];
        r[1] = s[1];
        int sp = s.length - 2;
        for (int i = 0; i < 3; i++) r[2 + i] = i < 3 - sp ? 1 : s[2 + i - (3 - sp)];
        return t.view(r);
    }

    private static int[] lift(int[] v, int fill) {
        int[] r = new int[3];
        Arrays.fill(r, fill);
        System.arraycopy(v, 0, r, 3 - v.length, v.length);
        return r;
    }

    private static Tensor dense(Tensor t, torch4j.DType dt) {
        Tensor c = t.dtype() == dt ? t : t.to(dt);
        return c.contiguous();
    }

    /**
     * Runs one primitive without recording: FORWARD(a=x, b=w), INPUT_GRAD(a=gy, b=w), WEIGHT_GRAD(a=x, b=gy).
     * crop, when given, carries a cropped weight (see {@link LiveTaps}) from a forward to its own input gradient, which
     * has the same geometry; autograd's saved-version check on w guarantees it still matches w then.
     */
    private static Tensor compute(Kind kind, Tensor a, Tensor b, Tensor bias, Params p, int[] shape, Tensor[] crop) {
        Tensor out = Tensor.empty(shape, a.dtype(), a.device());
        try (var _ = GradMode.scope(false)) {
            Tensor a5 = to5(dense(a, a.dtype())), b5 = to5(dense(b, a.dtype())), o5 = to5(out);
            Tensor bc = bias == null ? null : dense(bias, a.dtype());
            ConvKernels k = kernels(a);
            switch (kind) {
                case FORWARD -> {
                    LiveTaps t = LiveTaps.of(a5, o5, b5, p);
                    Tensor wc = t.crop(b5).contiguous();
                    if (crop != null && !t.all()) crop[0] = wc;
                    k.convForward(a5, wc, bc, o5, p.stride, t.pad(p), p.dil, p.groups);
                }
                case INPUT_GRAD -> {
                    LiveTaps t = LiveTaps.of(o5, a5, b5, p);
                    Tensor wc = crop != null && crop[0] != null && !t.all() ? crop[0] : t.crop(b5).contiguous();
                    k.convBackwardInput(a5, wc, o5, p.stride, t.pad(p), p.dil, p.groups);
                    if (bc != null) {
                        int[] bs = new int[shape.length];
                        Arrays.fill(bs, 1);
                        bs[1] = shape[1];
                        out.add_(bc.view(bs));
                    }
                }
                case WEIGHT_GRAD -> {
                    LiveTaps t = LiveTaps.of(a5, b5, o5, p);
                    if (t.all()) {
                        k.convBackwardWeight(b5, a5, o5, p.stride, p.pad, p.dil, p.groups);
                    } else {
                        // the dead taps' gradient is exactly zero: they only ever multiply padding
                        Tensor live = Tensor.empty(t.crop(o5).shapeArray(), o5.dtype(), o5.device());
                        k.convBackwardWeight(b5, a5, live, p.stride, t.pad(p), p.dil, p.groups);
                        // CPU storage is allocated zero-filled (Pointwise.full relies on it too): layer4's 9.4 MB
                        // gradient is not written twice
                        if (!o5.device().isCpu()) o5.zero_();
                        t.crop(o5).copy_(live);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The kernel taps [from, to) per spatial dim outside of which every tap reads only padding, for every output
     * position: ResNet's 3×3 pad-1 convolutions on a 1×1 map use 1 tap of 9, the stride-2 one on a 2×2 map 4 of 9. A
     * convolution with the kernel cropped to that box and the padding reduced to match is the same function, with
     * the dead taps' work (in the forward, in both gradients, on every backend) left out. The box's start never
     * passes pad/dilation, so the reduced padding stays ≥ 0.
     */
    private record LiveTaps(int[] from, int[] to, boolean all) {
        /** Multiply-adds saved per copied weight element from which cropping pays (see {@link #of}). */
        static final long MIN_SAVED_PER_COPIED = 64;

        /** in, out: 5-D tensors with the input and output spatial sizes; w: 5-D with the kernel sizes. */
        static LiveTaps of(Tensor in, Tensor out, Tensor w, Params p) {
            int[] from = new int[3], to = new int[3];
            boolean all = true;
            for (int d = 0; d < 3; d++) {
                int k = w.size(2 + d), h = in.size(2 + d), o = out.size(2 + d);
                int s = p.stride[d], pad = p.pad[d], dil = p.dil[d];
                int first = -1, last = -1;
                for (int a = 0; a < k; a++) {
                    int lo = a * dil - pad; // input position read by output 0
                    int i0 = lo >= 0 ? 0 : (-lo + s - 1) / s;
                    if (i0 < o && lo + (long) i0 * s < h) {
                        if (first < 0) first = a;
                        last = a;
                    }
                }
                if (first < 0) { // nothing live (an output of padding only): keep the whole kernel
                    first = 0;
                    last = k - 1;
                }
                from[d] = Math.min(first, pad / dil);
                to[d] = last + 1;
                all &= from[d] == 0 && to[d] == k;
            }
            if (!all) {
                // Cropping copies the live part of the weight (or zero-fills and scatters its gradient): worth it
                // when each copied element saves enough multiply-adds, N·P·dead/live of them (≈1 ns per copied
                // element against ≈8 ps per flop here). ResNet-18's 1×1 maps at batch 32 save 256, its stride-2
                // 2×2 → 1×1 layer only 40, and that one measured slower cropped.
                long taps = (long) w.size(2) * w.size(3) * w.size(4), live = 1, positions = out.size(0);
                for (int d = 0; d < 3; d++) {
                    live *= to[d] - from[d];
                    positions *= out.size(2 + d);
                }
                if (positions * (taps - live) < MIN_SAVED_PER_COPIED * live) all = true;
            }
            return new LiveTaps(from, to, all);
        }

        /** The weight (or weight gradient) narrowed to the live box: contiguous for reading, a view for writing. */
        Tensor crop(Tensor w) {
            if (all) return w;
            Tensor c = w;
            for (int d = 0; d < 3; d++) c = c.narrow(2 + d, from[d], to[d] - from[d]);
            return c;
        }

        int[] pad(Params p) {
            if (all) return p.pad;
            int[] r = new int[3];
            for (int d = 0; d < 3; d++) r[d] = p.pad[d] - from[d] * p.dil[d];
            return r;
        }
    }

    /** One primitive with its derivatives recorded under the given node name. */
    private static Tensor apply(Kind kind, Tensor a, Tensor b, Tensor bias, Params p, int[] shape, String name) {
        return apply(kind, a, b, bias, p, shape, name, null);
    }

    private static Tensor apply(Kind kind, Tensor a, Tensor b, Tensor bias, Params p, int[] shape, String name,
                                Tensor[] reuse) {
        Tensor[] crop = kind == Kind.FORWARD && Node.needed(a, b, bias) ? new Tensor[1] : reuse;
        Tensor out = compute(kind, a, b, bias, p, shape, crop);
        if (!Node.needed(a, b, bias)) return out;
        int[] as = a.shapeArray(), bs = b.shapeArray();
        String next = "ConvolutionBackwardBackward0";
        Node node = Node.of(name, a, b, bias).saves(a, b);
        switch (kind) {
            case FORWARD -> node
                    .grad(0, u -> apply(Kind.INPUT_GRAD, u, b, null, p, as, next, crop))
                    .grad(1, u -> apply(Kind.WEIGHT_GRAD, a, u, null, p, bs, next));
            case INPUT_GRAD -> node
                    .grad(0, u -> apply(Kind.FORWARD, u, b, null, p, as, next))
                    .grad(1, u -> apply(Kind.WEIGHT_GRAD, u, a, null, p, bs, next));
            case WEIGHT_GRAD -> node
                    .grad(0, u -> apply(Kind.INPUT_GRAD, b, u, null, p, as, next))
                    .grad(1, u -> apply(Kind.FORWARD, a, u, null, p, bs, next));
        }
        if (bias != null) {
            int[] dims = new int[shape.length - 1];
            dims[0] = 0;
            for (int i = 2; i < shape.length; i++) dims[i - 1] = i;
            node.grad(2, u -> u.sum(dims, false));
        }
        return node.attach(out);
    }

    // ------------------------------------------------------------------ argument checks (PyTorch's wording)

    private static String sizes(int[] v, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? sep : "").append(v[i]);
        return sb.toString();
    }

    /** PyTorch lifts 1-D convolutions to 2-D, so some messages show a leading 1. */
    private static int[] as2d(int[] v, int fill) {
        if (v.length != 1) return v;
        return new int[]{fill, v[0]};
    }

    /** torch.nn.functional.conv{1,2,3}d's arity check and the unbatched (no N) case. */
    private static Tensor batched(Tensor input, int spatial, String fn) {
        int d = input.dim();
        if (d != spatial + 1 && d != spatial + 2)
            throw new TorchException("Expected " + (spatial + 1) + "D (unbatched) or " + (spatial + 2)
                    + "D (batched) input to " + fn + ", but got input of size: " + Shapes.str(input.shapeArray()));
        return d == spatial + 1 ? input.unsqueeze(0) : input;
    }

    private static int[] expand(int[] v, int spatial, String what) {
        if (v.length == 1 && spatial > 1) {
            int[] r = new int[spatial];
            Arrays.fill(r, v[0]);
            return r;
        }
        if (v.length != spatial)
            throw new TorchException("expected " + what + " to be a single integer value or a list of " + spatial
                    + " values to match the convolution dimensions, but got " + what + "=" + Shapes.str(v));
        return v;
    }

    private static void checkCommon(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                    int groups, boolean transposed) {
        int s = x.dim() - 2;
        if (w.dim() != x.dim())
            throw new TorchException("Expected " + w.dim() + "-dimensional input for " + w.dim() + "-dimensional weight "
                    + Shapes.str(w.shapeArray()) + ", but got " + x.dim() + "-dimensional input of size "
                    + Shapes.str(x.shapeArray()) + " instead");
        for (int v : stride) if (v <= 0) throw new TorchException("non-positive stride is not supported");
        for (int v : padding) if (v < 0) throw new TorchException("negative padding is not supported");
        for (int v : dilation)
            if (v <= 0)
                throw new TorchException("dilation should be greater than zero, but got " + Shapes.str(as2d(dilation, 1)));
        if (groups <= 0) throw new TorchException("non-positive groups is not supported");
        if (!x.dtype().equals(w.dtype()) || (bias != null && !bias.dtype().equals(x.dtype())))
            throw new TorchException("expected scalar type " + Pointwise.shortName(x.dtype()) + " but found "
                    + Pointwise.shortName(!x.dtype().equals(w.dtype()) ? w.dtype() : bias.dtype()));
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"slow_conv2d_cpu\" not implemented for '" + Pointwise.shortName(x.dtype()) + "'");
        if (w.size(0) % groups != 0)
            throw new TorchException("Given groups=" + groups + ", expected weight to be divisible by " + groups
                    + " at dimension 0, but got weight of size [" + Shapes.str(w.shapeArray()) + "] instead");
        int need = transposed ? w.size(0) : w.size(1) * groups;
        if (x.size(1) != need)
            throw new TorchException("Given " + (transposed ? "transposed=1" : "groups=" + groups) + ", weight of size "
                    + Shapes.str(w.shapeArray()) + ", expected input" + Shapes.str(x.shapeArray()) + " to have " + need
                    + " channels, but got " + x.size(1) + " channels instead");
        int outChannels = transposed ? w.size(1) * groups : w.size(0);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != outChannels))
            throw new TorchException("Given weight of size " + Shapes.str(w.shapeArray())
                    + ", expected bias to be 1-dimensional with " + outChannels + " elements, but got bias of size "
                    + Shapes.str(bias.shapeArray()) + " instead");
        if (s < 1) throw new TorchException("expected a convolution over 1 to 3 spatial dims");
    }

    // ------------------------------------------------------------------ public ops

    /**
     * torch.nn.functional.conv{1,2,3}d with explicit padding (padBefore on each side, padAfter after; equal for
     * integer padding, asymmetric for "same" with even kernels); input may be unbatched.
     */
    public static Tensor conv(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                              int groups, int spatial, String fn) {
        Tensor out = convUntraced(input, weight, bias, stride, padding, dilation, groups, spatial, fn);
        if (Tracer.on()) Tracer.conv(input, weight, bias, stride, padding, dilation, groups, spatial, out);
        return out;
    }

    private static Tensor convUntraced(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                              int groups, int spatial, String fn) {
        Pointwise.sameDevice(input, weight, bias);
        Tensor x = batched(input, spatial, fn);
        stride = expand(stride, spatial, "stride");
        padding = expand(padding, spatial, "padding");
        dilation = expand(dilation, spatial, "dilation");
        Tensor y = convImpl(x, weight, bias, stride, padding, padding, dilation, groups);
        return x == input ? y : y.squeeze(0);
    }

    /** torch.nn.functional.conv{1,2,3}d(padding="same"): output size = input size; odd total padding goes after. */
    public static Tensor convSame(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] dilation, int groups,
                                  int spatial, String fn) {
        Tensor x = batched(input, spatial, fn);
        stride = expand(stride, spatial, "stride");
        dilation = expand(dilation, spatial, "dilation");
        for (int v : stride)
            if (v != 1) throw new TorchException("padding='same' is not supported for strided convolutions");
        int[] before = new int[spatial], after = new int[spatial];
        if (weight.dim() == spatial + 2)
            for (int i = 0; i < spatial; i++) {
                int total = Math.max(0, dilation[i] * (weight.size(2 + i) - 1));
                before[i] = total / 2;
                after[i] = total - before[i];
            }
        Tensor y = convImpl(x, weight, bias, stride, before, after, dilation, groups);
        return x == input ? y : y.squeeze(0);
    }

    private static Tensor convImpl(Tensor x, Tensor w, Tensor bias, int[] stride, int[] before, int[] after,
                                   int[] dilation, int groups) {
        checkCommon(x, w, bias, stride, before, dilation, groups, false);
        int s = x.dim() - 2;
        int[] padded = new int[s], kern = new int[s], out = new int[s + 2];
        boolean tooBig = false;
        for (int i = 0; i < s; i++) {
            padded[i] = x.size(2 + i) + before[i] + after[i];
            kern[i] = dilation[i] * (w.size(2 + i) - 1) + 1;
            if (kern[i] > padded[i]) tooBig = true;
            out[2 + i] = (padded[i] - kern[i]) / stride[i] + 1;
        }
        if (tooBig)
            throw new TorchException("Calculated padded input size per channel: (" + sizes(padded, " x ")
                    + "). Kernel size: (" + sizes(kern, " x ") + "). Kernel size can't be greater than actual input size");
        out[0] = x.size(0);
        out[1] = w.size(0);
        Params p = new Params(lift(stride, 1), lift(before, 0), lift(dilation, 1), groups);
        return apply(Kind.FORWARD, x, w, bias, p, out, "ConvolutionBackward0");
    }

    /** torch.nn.functional.conv_transpose{1,2,3}d; input may be unbatched. */
    public static Tensor convTranspose(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                       int[] outputPadding, int groups, int[] dilation, int spatial, String fn) {
        Tensor x = batched(input, spatial, fn);
        stride = expand(stride, spatial, "stride");
        padding = expand(padding, spatial, "padding");
        outputPadding = expand(outputPadding, spatial, "output_padding");
        dilation = expand(dilation, spatial, "dilation");
        checkCommon(x, weight, bias, stride, padding, dilation, groups, true);
        for (int i = 0; i < spatial; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                int[] op = as2d(outputPadding, 0), st = as2d(stride, 1), di = as2d(dilation, 1);
                String[] ax = op.length == 3 ? new String[]{"depth", "height", "width"} : new String[]{"height", "width"};
                StringBuilder sb = new StringBuilder("output padding must be smaller than either stride or dilation, but got");
                for (int j = 0; j < op.length; j++) sb.append(" output_padding_").append(ax[j]).append(": ").append(op[j]);
                for (int j = 0; j < op.length; j++) sb.append(" stride_").append(ax[j]).append(": ").append(st[j]);
                for (int j = 0; j < op.length; j++) sb.append(" dilation_").append(ax[j]).append(": ").append(di[j]);
                throw new TorchException(sb.toString());
            }
        }
        int[] out = new int[spatial + 2];
        boolean tooSmall = false;
        for (int i = 0; i < spatial; i++) {
            out[2 + i] = (x.size(2 + i) - 1) * stride[i] - 2 * padding[i] + dilation[i] * (weight.size(2 + i) - 1)
                    + outputPadding[i] + 1;
            if (out[2 + i] <= 0) tooSmall = true;
        }
        if (tooSmall) {
            int[] in = Arrays.copyOfRange(x.shapeArray(), 2, 2 + spatial), o = Arrays.copyOfRange(out, 2, 2 + spatial);
            throw new TorchException("Given input size per channel: (" + sizes(in, " x ") + "). Calculated output size "
                    + "per channel: (" + sizes(o, " x ") + "). Output size is too small");
        }
        out[0] = x.size(0);
        out[1] = weight.size(1) * groups;
        Params p = new Params(lift(stride, 1), lift(padding, 0), lift(dilation, 1), groups);
        Tensor y = apply(Kind.INPUT_GRAD, x, weight, bias, p, out, "ConvolutionBackward0");
        return x == input ? y : y.squeeze(0);
    }

    // ------------------------------------------------------------------ unfold / fold

    private static int[] two(int[] v, String what) {
        if (v.length == 1) return new int[]{v[0], v[0]};
        if (v.length != 2) throw new TorchException(what + " must be an int or a tuple of two ints, got " + Shapes.str(v));
        return v;
    }

    private static String pair(int[] v) { return "(" + v[0] + ", " + v[1] + ")"; }

    private static void checkFoldArgs(int[] k, int[] d, int[] p, int[] s) {
        if (k[0] <= 0 || k[1] <= 0)
            throw new TorchException("kernel size should be greater than zero, but got kernel_height: " + k[0]
                    + " kernel_width: " + k[1]);
        if (s[0] <= 0 || s[1] <= 0)
            throw new TorchException("stride should be greater than zero, but got stride_height: " + s[0]
                    + " stride_width: " + s[1]);
        if (d[0] <= 0 || d[1] <= 0)
            throw new TorchException("dilation should be greater than zero, but got dilation_height: " + d[0]
                    + " dilation_width: " + d[1]);
        if (p[0] < 0 || p[1] < 0)
            throw new TorchException("padding should be non-negative, but got pad_height: " + p[0] + " pad_width: " + p[1]);
    }

    private static int blocks(int in, int k, int d, int p, int s) { return (in + 2 * p - (d * (k - 1) + 1)) / s + 1; }

    /** torch.nn.functional.unfold (im2col) of a [N, C, H, W] or [C, H, W] input: [N, C·kH·kW, L]. */
    public static Tensor unfold(Tensor input, int[] kernelSize, int[] dilation, int[] padding, int[] stride) {
        int[] k = two(kernelSize, "kernel_size"), d = two(dilation, "dilation"), p = two(padding, "padding"),
                s = two(stride, "stride");
        checkFoldArgs(k, d, p, s);
        if (input.dim() != 3 && input.dim() != 4)
            throw new TorchException("Expected 3D or 4D (batch mode) tensor with optional 0 size batch dimension for "
                    + "input, but got: " + Shapes.str(input.shapeArray()));
        Tensor x = input.dim() == 3 ? input.unsqueeze(0) : input;
        int h = x.size(2), w = x.size(3);
        int bh = blocks(h, k[0], d[0], p[0], s[0]), bw = blocks(w, k[1], d[1], p[1], s[1]);
        if (bh < 1 || bw < 1)
            throw new TorchException("Given input with spatial size " + pair(new int[]{h, w}) + ", kernel_size="
                    + pair(k) + ", dilation=" + pair(d) + ", padding=" + pair(p)
                    + ", calculated shape of the array of sliding blocks as " + pair(new int[]{bh, bw})
                    + ", but its components must be at least one.");
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"im2col_out_cpu\" not implemented for '" + Pointwise.shortName(x.dtype()) + "'");
        Tensor y = im2colOp(x, k, new int[]{h, w}, new int[]{bh, bw}, d, p, s);
        return x == input ? y : y.squeeze(0);
    }

    /** torch.nn.functional.fold (col2im) of a [N, C·kH·kW, L] or [C·kH·kW, L] input: [N, C, outH, outW]. */
    public static Tensor fold(Tensor input, int[] outputSize, int[] kernelSize, int[] dilation, int[] padding,
                              int[] stride) {
        int[] o = two(outputSize, "output_size"), k = two(kernelSize, "kernel_size"), d = two(dilation, "dilation"),
                p = two(padding, "padding"), s = two(stride, "stride");
        checkFoldArgs(k, d, p, s);
        if (input.dim() != 2 && input.dim() != 3)
            throw new TorchException("Expected 2D or 3D (batch mode) tensor with optional 0 size batch dimension for "
                    + "input, but got: " + Shapes.str(input.shapeArray()));
        Tensor x = input.dim() == 2 ? input.unsqueeze(0) : input;
        if (x.size(1) % (k[0] * k[1]) != 0)
            throw new TorchException("Expected size of input's dimension 1 to be divisible by the product of "
                    + "kernel_size, but got input.size(1)=" + x.size(1) + " and kernel_size=" + pair(k) + ".");
        int bh = blocks(o[0], k[0], d[0], p[0], s[0]), bw = blocks(o[1], k[1], d[1], p[1], s[1]);
        if (bh < 1 || bw < 1)
            throw new TorchException("Given output_size=" + pair(o) + ", kernel_size=" + pair(k) + ", dilation="
                    + pair(d) + ", padding=" + pair(p) + ", stride=" + pair(s) + ", calculated shape of the array of "
                    + "sliding blocks as " + pair(new int[]{bh, bw}) + ", but its components must be at least one.");
        if (x.size(2) != bh * bw)
            throw new TorchException("Given output_size=" + pair(o) + ", kernel_size=" + pair(k) + ", dilation="
                    + pair(d) + ", padding=" + pair(p) + ", stride=" + pair(s) + ", expected size of input's dimension 2 "
                    + "to match the calculated number of sliding blocks " + bh + " * " + bw + " = " + (bh * bw)
                    + ", but got input.size(2)=" + x.size(2) + ".");
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"col2im_out_cpu\" not implemented for '" + Pointwise.shortName(x.dtype()) + "'");
        Tensor y = col2imOp(x, o, k, new int[]{bh, bw}, d, p, s);
        return x == input ? y : y.squeeze(0);
    }

    private static int[] k3(int[] v, int fill) { return new int[]{fill, v[0], v[1]}; }

    private static Tensor im2colOp(Tensor x, int[] k, int[] in, int[] blocks, int[] d, int[] p, int[] s) {
        int n = x.size(0), c = x.size(1);
        Tensor out = Tensor.empty(new int[]{n, c * k[0] * k[1], blocks[0] * blocks[1]}, x.dtype(), x.device());
        try (var _ = GradMode.scope(false)) {
            Tensor xc = x.contiguous().view(n, c, 1, in[0], in[1]);
            kernels(x).im2col(xc, out, k3(k, 1), k3(blocks, 1), k3(s, 1), k3(p, 0), k3(d, 1));
        }
        if (Node.needed(x))
            Node.of("Im2ColBackward0", x).grad(0, g -> col2imOp(g, in, k, blocks, d, p, s)).attach(out);
        return out;
    }

    private static Tensor col2imOp(Tensor x, int[] o, int[] k, int[] blocks, int[] d, int[] p, int[] s) {
        int n = x.size(0), c = x.size(1) / (k[0] * k[1]);
        Tensor out = Tensor.empty(new int[]{n, c, o[0], o[1]}, x.dtype(), x.device());
        try (var _ = GradMode.scope(false)) {
            kernels(x).col2im(x.contiguous(), out.view(n, c, 1, o[0], o[1]), k3(k, 1), k3(blocks, 1), k3(s, 1),
                    k3(p, 0), k3(d, 1));
        }
        if (Node.needed(x))
            Node.of("Col2ImBackward0", x).grad(0, g -> im2colOp(g, k, o, blocks, d, p, s)).attach(out);
        return out;
    }
}
