package torch4j.internal.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;
import torch4j.backend.NormKernels;
import torch4j.internal.trace.Tracer;

/**
 * Layer, group and batch normalisation as structured ops (PyTorch's native_layer_norm, native_group_norm,
 * native_batch_norm): one kernel computes the statistics and the output, and one kernel computes all the input,
 * weight and bias gradients. When a graph of the backward is being built (create_graph), the derivatives are
 * written with tensor ops instead, recomputing the statistics from the input so that double backward is exact.
 */
public final class Normalization {
    private Normalization() {}

    private static NormKernels requireKernels(Tensor x) { return x.backend().norm(); }

    private static Tensor operand(Tensor t, DType dtype) {
        if (t == null) return null;
        Tensor c = t;
        if (c.dtype() != dtype) {
            try (var _ = GradMode.scope(false)) {
                c = c.to(dtype);
            }
        }
        return c.contiguous();
    }

    private static void checkFloat(Tensor x, String op) {
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"" + op + "\" not implemented for '" + Pointwise.shortName(x.dtype()) + "'");
    }

    /** Computes the derivatives of a multi-input node once per incoming gradient. */
    private static final class Grads {
        private Tensor key;
        private Tensor[] value;
        private final java.util.function.Function<Tensor, Tensor[]> fn;

        Grads(java.util.function.Function<Tensor, Tensor[]> fn) { this.fn = fn; }

        synchronized Tensor get(Tensor g, int i) {
            if (key != g) {
                value = fn.apply(g);
                key = g;
            }
            return value[i];
        }
    }

    /**
     * Differentiable backward of x̂·w + b where x̂ normalises xv over dims r: {dx, dw, db} (in xv's shape, summed over
     * affineSum dims for dw/db). wv is w viewed to broadcast against xv, or null.
     */
    private static Tensor[] compositeBackward(Tensor xv, int[] r, Tensor wv, Tensor gv, double eps, int[] affineSum) {
        Tensor mean = xv.mean(r, true);
        Tensor xc = xv.sub(mean);
        Tensor rstd = xc.mul(xc).mean(r, true).add(eps).rsqrt();
        Tensor xhat = xc.mul(rstd);
        Tensor gw = wv == null ? gv : gv.mul(wv);
        Tensor dx = rstd.mul(gw.sub(gw.mean(r, true)).sub(xhat.mul(gw.mul(xhat).mean(r, true))));
        Tensor dw = gv.mul(xhat).sum(affineSum, false);
        Tensor db = gv.sum(affineSum, false);
        return new Tensor[]{dx, dw, db};
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    // ------------------------------------------------------------------ layer norm

    /** torch.nn.functional.layer_norm over the trailing dims given by normalizedShape. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        Tensor out = layerNormUntraced(x, normalizedShape, weight, bias, eps);
        if (Tracer.on()) Tracer.record("layer_norm", Tracer.attrs("normalized_shape", normalizedShape.clone(), "eps", eps), new Tensor[]{x, weight, bias}, out);
        return out;
    }

    private static Tensor layerNormUntraced(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        if (k == 0)
            throw new TorchException("Expected normalized_shape to be at least 1-dimensional, i.e., containing at "
                    + "least one element, but got normalized_shape = []");
        if (weight != null && !Arrays.equals(weight.shapeArray(), normalizedShape))
            throw new TorchException("Expected weight to be of same shape as normalized_shape, but got weight of shape "
                    + Shapes.str(weight.shapeArray()) + " and normalized_shape = " + Shapes.str(normalizedShape));
        if (bias != null && !Arrays.equals(bias.shapeArray(), normalizedShape))
            throw new TorchException("Expected bias to be of same shape as normalized_shape, but got bias of shape "
                    + Shapes.str(bias.shapeArray()) + " and normalized_shape = " + Shapes.str(normalizedShape));
        int[] xs = x.shapeArray();
        int d = xs.length;
        boolean ok = d >= k && Arrays.equals(Arrays.copyOfRange(xs, d - k, d), normalizedShape);
        if (!ok) {
            StringBuilder sb = new StringBuilder("[*");
            for (int s : normalizedShape) sb.append(", ").append(s);
            throw new TorchException("Given normalized_shape=" + Shapes.str(normalizedShape) + ", expected input with shape "
                    + sb + "], but got input of size" + Shapes.str(xs));
        }
        checkFloat(x, "LayerNormKernelImpl");
        DType dt = x.dtype();
        Tensor xc = operand(x, dt), w = operand(weight, dt), b = operand(bias, dt);
        int[] statShape = xs.clone();
        for (int i = d - k; i < d; i++) statShape[i] = 1;
        Tensor y = Tensor.empty(xs, dt, x.device());
        Tensor mean = Tensor.empty(statShape, dt, x.device()), rstd = Tensor.empty(statShape, dt, x.device());
        requireKernels(x).rowNorm(xc, w, b, 1, 1, eps, y, mean, rstd);
        if (Node.needed(x, weight, bias)) {
            int[] r = range(d - k, d), lead = range(0, d - k);
            Grads grads = new Grads(g -> {
                if (GradMode.isEnabled()) return compositeBackward(x, r, weight, g, eps, lead);
                Tensor gc = operand(g, dt);
                Tensor dx = Tensor.empty(xs, dt, x.device());
                Tensor dw = weight == null ? null : Tensor.empty(normalizedShape, dt, x.device());
                Tensor db = bias == null ? null : Tensor.empty(normalizedShape, dt, x.device());
                requireKernels(x).rowNormBackward(gc, xc, mean, rstd, w, 1, 1, dx, dw, db);
                return new Tensor[]{dx, dw, db};
            });
            Node.of("NativeLayerNormBackward0", x, weight, bias).saves(x, mean, rstd)
                    .grad(0, g -> grads.get(g, 0)).grad(1, g -> grads.get(g, 1)).grad(2, g -> grads.get(g, 2))
                    .attach(y);
        }
        return y;
    }

    // ------------------------------------------------------------------ group norm

    /** torch.nn.functional.group_norm: x [N, C, *] normalised over each group of C/numGroups channels. */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) {
        if (x.dim() < 2)
            throw new TorchException("Expected at least 2 dimensions for input tensor but received " + x.dim());
        int[] xs = x.shapeArray();
        int n = xs[0], c = xs[1];
        if (numGroups <= 0 || c % numGroups != 0)
            throw new TorchException("Expected number of channels in input to be divisible by num_groups, but got input "
                    + "of shape " + Shapes.str(xs) + " and num_groups=" + numGroups);
        if (weight != null && (weight.dim() != 1 || weight.numel() != c))
            throw new TorchException("Expected weight to be a vector of size equal to the number of channels in input, "
                    + "but got weight of shape " + Shapes.str(weight.shapeArray()) + " and input of shape " + Shapes.str(xs));
        if (bias != null && (bias.dim() != 1 || bias.numel() != c))
            throw new TorchException("Expected bias to be a vector of size equal to the number of channels in input, "
                    + "but got bias of shape " + Shapes.str(bias.shapeArray()) + " and input of shape " + Shapes.str(xs));
        checkFloat(x, "GroupNormKernelImpl");
        DType dt = x.dtype();
        int spatial = c == 0 ? 0 : (int) (x.numel() / Math.max(1L, (long) n * c));
        Tensor xc = operand(x, dt), w = operand(weight, dt), b = operand(bias, dt);
        Tensor y = Tensor.empty(xs, dt, x.device());
        int[] statShape = {n, numGroups};
        Tensor mean = Tensor.empty(statShape, dt, x.device()), rstd = Tensor.empty(statShape, dt, x.device());
        requireKernels(x).rowNorm(xc, w, b, numGroups, Math.max(spatial, 1), eps, y, mean, rstd);
        if (Node.needed(x, weight, bias)) {
            int per = c / numGroups, sp = spatial;
            Grads grads = new Grads(g -> {
                if (GradMode.isEnabled()) {
                    int[] v = {n, numGroups, per, sp};
                    Tensor wv = weight == null ? null : weight.reshape(1, numGroups, per, 1);
                    Tensor[] r = compositeBackward(x.reshape(v), new int[]{2, 3}, wv, g.reshape(v), eps, new int[]{0, 3});
                    return new Tensor[]{r[0].reshape(xs), r[1].reshape(c), r[2].reshape(c)};
                }
                Tensor gc = operand(g, dt);
                Tensor dx = Tensor.empty(xs, dt, x.device());
                boolean aff = weight != null || bias != null;
                Tensor dw = aff ? Tensor.empty(new int[]{c}, dt, x.device()) : null;
                Tensor db = aff ? Tensor.empty(new int[]{c}, dt, x.device()) : null;
                requireKernels(x).rowNormBackward(gc, xc, mean, rstd, w, numGroups, Math.max(sp, 1), dx, dw, db);
                return new Tensor[]{dx, weight == null ? null : dw, bias == null ? null : db};
            });
            Node.of("NativeGroupNormBackward0", x, weight, bias).saves(x, mean, rstd)
                    .grad(0, g -> grads.get(g, 0)).grad(1, g -> grads.get(g, 1)).grad(2, g -> grads.get(g, 2))
                    .attach(y);
        }
        return y;
    }

    // ------------------------------------------------------------------ batch norm

    /**
     * torch.batch_norm: in training mode x [N, C, *] is normalised with its batch statistics (biased variance) and
     * the running statistics, when given, are updated in place with momentum (unbiased variance); in eval mode the
     * running statistics are used.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        Tensor out = batchNormUntraced(x, runningMean, runningVar, weight, bias, training, momentum, eps);
        if (Tracer.on()) { if (training) Tracer.unsupported("batch_norm in training mode", out); else Tracer.record("batch_norm", Tracer.attrs("eps", eps), new Tensor[]{x, weight, bias, runningMean, runningVar}, out); };
        return out;
    }

    private static Tensor batchNormUntraced(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        if (x.dim() < 2)
            throw new TorchException("batch_norm: expected at least 2D input (got " + x.dim() + "D input)");
        checkFloat(x, "batch_norm");
        int[] xs = x.shapeArray();
        int c = xs[1];
        checkVec(weight, "weight", c);
        checkVec(bias, "bias", c);
        checkVec(runningMean, "running_mean", c);
        checkVec(runningVar, "running_var", c);
        if (!training && (runningMean == null || runningVar == null))
            throw new TorchException("running_mean and running_var must be defined in evaluation mode");
        DType dt = x.dtype();
        Tensor xc = operand(x, dt), w = operand(weight, dt), b = operand(bias, dt);
        NormKernels k = requireKernels(x);
        Tensor mean, invstd;
        if (training) {
            mean = Tensor.empty(new int[]{c}, dt, x.device());
            Tensor var = Tensor.empty(new int[]{c}, dt, x.device());
            k.channelStats(xc, c, mean, var);
            try (var _ = GradMode.scope(false)) {
                invstd = var.add(eps).rsqrt();
                long count = x.numel() / Math.max(c, 1);
                if (runningMean != null) runningMean.mul_(1 - momentum).add_(mean.mul(momentum));
                if (runningVar != null)
                    runningVar.mul_(1 - momentum).add_(var.mul(momentum * count / Math.max(count - 1, 1)));
            }
        } else {
            try (var _ = GradMode.scope(false)) {
                mean = operand(runningMean, dt).clone();
                invstd = operand(runningVar, dt).add(eps).rsqrt();
            }
        }
        Tensor y = Tensor.empty(xs, dt, x.device());
        k.channelNorm(xc, mean, invstd, w, b, y);
        if (Node.needed(x, weight, bias)) {
            Grads grads = new Grads(g -> {
                if (GradMode.isEnabled()) {
                    int sp = (int) (x.numel() / Math.max(1L, (long) xs[0] * c));
                    int[] v = {xs[0], c, sp};
                    Tensor wv = weight == null ? null : weight.reshape(1, c, 1);
                    Tensor gv = g.reshape(v);
                    if (training) {
                        Tensor[] r = compositeBackward(x.reshape(v), new int[]{0, 2}, wv, gv, eps, new int[]{0, 2});
                        return new Tensor[]{r[0].reshape(xs), r[1], r[2]};
                    }
                    Tensor is = invstd.reshape(1, c, 1);
                    Tensor xhat = x.reshape(v).sub(mean.reshape(1, c, 1)).mul(is);
                    Tensor dx = (wv == null ? gv : gv.mul(wv)).mul(is).reshape(xs);
                    return new Tensor[]{dx, gv.mul(xhat).sum(new int[]{0, 2}, false), gv.sum(new int[]{0, 2}, false)};
                }
                Tensor gc = operand(g, dt);
                Tensor dx = x.requiresGrad() ? Tensor.empty(xs, dt, x.device()) : null;
                Tensor dw = weight != null ? Tensor.empty(new int[]{c}, dt, x.device()) : null;
                Tensor db = bias != null ? Tensor.empty(new int[]{c}, dt, x.device()) : null;
                k.channelNormBackward(gc, xc, mean, invstd, w, training, dx, dw, db);
                return new Tensor[]{dx, dw, db};
            });
            Node.of("NativeBatchNormBackward0", x, weight, bias).saves(x, mean, invstd)
                    .grad(0, g -> grads.get(g, 0)).grad(1, g -> grads.get(g, 1)).grad(2, g -> grads.get(g, 2))
                    .attach(y);
        }
        return y;
    }

    private static void checkVec(Tensor t, String name, int c) {
        if (t != null && t.numel() != c)
            throw new TorchException(name + " should contain " + c + " elements not " + t.numel());
    }
}
