package torch4j.internal.ops;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.backend.CpuStorage;
import torch4j.internal.cpu.CpuLoss;
import torch4j.nn.Reduction;

/**
 * The loss functions of {@code torch.nn.functional}. Losses that are single ATen ops in PyTorch (mse_loss,
 * nll_loss, binary_cross_entropy, …) record one node named as PyTorch's, with derivatives written in tensor ops;
 * cross_entropy with class indices is one fused op (log-softmax and the pick in one pass, softmax - one-hot in
 * backward); the rest are composed of tensor ops exactly as PyTorch composes them.
 */
public final class Losses {
    private Losses() {}

    /** The largest negative log PyTorch's binary_cross_entropy lets through (log is clamped at -100). */
    private static final double LOG_CLAMP = -100;
    private static final double EPSILON = 1e-12;
    private static volatile boolean klMeanWarned;

    static String sizeStr(Tensor t) { return "torch.Size(" + Arrays.toString(t.shapeArray()) + ")"; }

    private static void noBatchmean(Reduction r) {
        if (r == Reduction.BATCHMEAN) throw new IllegalArgumentException("batchmean is not a valid value for reduction");
    }

    /** apply_loss_reduction. */
    static Tensor reduce(Tensor loss, Reduction r) {
        return switch (r) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
    }

    /** The upstream gradient of a reduced loss spread back over elementwise losses of count elements. */
    private static Tensor unreduce(Tensor g, Reduction r, long count) {
        return r == Reduction.MEAN ? g.div((double) count) : g;
    }

    // ------------------------------------------------------------------ regression losses on d = input - target

    /**
     * A loss that is a function f(d) of d = input - target, reduced; one node with d/d(input) = f'(d) and
     * d/d(target) = -f'(d), both scaled by the (unreduced) upstream gradient.
     */
    private static Tensor diffLoss(String node, Tensor x, Tensor t, Reduction r, UnaryOperator<Tensor> f,
                                   UnaryOperator<Tensor> df, String kernel) {
        noBatchmean(r);
        DType rt = Pointwise.resultType(x, t);
        if (!rt.isFloatingPoint())
            throw new TorchException("\"" + kernel + "\" not implemented for '" + Pointwise.shortName(rt) + "'");
        Tensor out;
        long count;
        try (var _ = GradMode.scope(false)) {
            Tensor d = x.sub(t);
            count = d.numel();
            out = reduce(f.apply(d), r);
        }
        if (Node.needed(x, t)) {
            Node.of(node, x, t).saves(x, t)
                    .grad(0, g -> unreduce(g, r, count).mul(df.apply(x.sub(t))))
                    .grad(1, g -> unreduce(g, r, count).mul(df.apply(x.sub(t))).neg())
                    .attach(out);
        }
        return out;
    }

    /** Same as torch.nn.functional.mse_loss. */
    public static Tensor mseLoss(Tensor x, Tensor t, Reduction r) {
        return diffLoss("MseLossBackward0", x, t, r, d -> d.mul(d), d -> d.mul(2.0), "mse_cpu");
    }

    /** Same as torch.nn.functional.l1_loss: composite, as in PyTorch 1.13 (abs then the reduction). */
    public static Tensor l1Loss(Tensor x, Tensor t, Reduction r) {
        noBatchmean(r);
        return reduce(x.sub(t).abs(), r);
    }

    /** Same as torch.nn.functional.smooth_l1_loss: 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere. */
    public static Tensor smoothL1Loss(Tensor x, Tensor t, Reduction r, double beta) {
        if (beta < 0) throw new TorchException("smooth_l1_loss does not support negative values for beta.");
        return diffLoss("SmoothL1LossBackward0", x, t, r,
                d -> {
                    Tensor a = d.abs();
                    return beta == 0 ? a : Tensor.where(a.lt(beta), d.mul(d).mul(0.5 / beta), a.sub(0.5 * beta));
                },
                d -> beta == 0 ? d.sign() : Tensor.where(d.abs().lt(beta), d.div(beta), d.sign()),
                "smooth_l1_cpu");
    }

    /** Same as torch.nn.functional.huber_loss: 0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta) elsewhere. */
    public static Tensor huberLoss(Tensor x, Tensor t, Reduction r, double delta) {
        if (!(delta > 0)) throw new TorchException("huber_loss does not support non-positive values for delta.");
        return diffLoss("HuberLossBackward0", x, t, r,
                d -> {
                    Tensor a = d.abs();
                    return Tensor.where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta));
                },
                d -> d.clamp(-delta, delta), "huber_cpu");
    }

    // ------------------------------------------------------------------ binary cross-entropy

    /** Same as torch.nn.functional.binary_cross_entropy. */
    public static Tensor binaryCrossEntropy(Tensor x, Tensor t, Tensor weight, Reduction r) {
        noBatchmean(r);
        if (!Arrays.equals(x.shapeArray(), t.shapeArray()))
            throw new IllegalArgumentException("Using a target size (" + sizeStr(t) + ") that is different to the input "
                    + "size (" + sizeStr(x) + ") is deprecated. Please ensure they have the same size.");
        if (t.dtype() != x.dtype())
            throw new TorchException("Found dtype " + Pointwise.shortName(t.dtype()) + " but expected "
                    + Pointwise.shortName(x.dtype()));
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"binary_cross_entropy\" not implemented for '" + Pointwise.shortName(x.dtype()) + "'");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            // NaN fails both comparisons, as in PyTorch's check
            if (!x.ge(0.0).logicalAnd(x.le(1.0)).all().itemBool())
                throw new TorchException("all elements of input should be between 0 and 1");
            Tensor l = t.sub(1.0).mul(x.neg().log1p().clampMin(LOG_CLAMP)).sub(t.mul(x.log().clampMin(LOG_CLAMP)));
            if (weight != null) l = l.mul(weight);
            out = reduce(l, r);
        }
        if (Node.needed(x, t)) {
            long count = x.numel();
            Node.of("BinaryCrossEntropyBackward0", x, t).saves(x, t, weight)
                    .grad(0, g -> {
                        Tensor gi = unreduce(g, r, count).mul(x.sub(t)).div(x.rsub(1.0).mul(x).clampMin(EPSILON));
                        return weight == null ? gi : gi.mul(weight);
                    })
                    .grad(1, g -> {
                        Tensor gt = unreduce(g, r, count).mul(x.rsub(1.0).log().sub(x.log()));
                        return weight == null ? gt : gt.mul(weight);
                    })
                    .attach(out);
        }
        return out;
    }

    /** Same as torch.nn.functional.binary_cross_entropy_with_logits; weight and posWeight may be null. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor t, Tensor weight, Tensor posWeight, Reduction r) {
        noBatchmean(r);
        if (!Arrays.equals(x.shapeArray(), t.shapeArray()))
            throw new IllegalArgumentException("Target size (" + sizeStr(t) + ") must be the same as input size ("
                    + sizeStr(x) + ")");
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("\"binary_cross_entropy_with_logits\" not implemented for '"
                    + Pointwise.shortName(x.dtype()) + "'");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            // log(1 + exp(-x)) without overflow: m + log(exp(-m) + exp(-x - m)) with m = max(-x, 0)
            Tensor m = x.neg().clampMin(0.0);
            Tensor sp = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m);
            Tensor l = posWeight == null ? t.rsub(1.0).mul(x).add(sp)
                    : t.rsub(1.0).mul(x).add(posWeight.sub(1.0).mul(t).add(1.0).mul(sp));
            if (weight != null) l = l.mul(weight);
            out = reduce(l, r);
        }
        if (Node.needed(x, t)) {
            long count = x.numel();
            Node.of("BinaryCrossEntropyWithLogitsBackward0", x, t).saves(x, t, weight, posWeight)
                    .grad(0, g -> {
                        Tensor gi;
                        if (posWeight == null) gi = x.sigmoid().sub(t);
                        else {
                            Tensor pt = posWeight.mul(t);
                            gi = pt.add(1.0).sub(t).mul(x.sigmoid()).sub(pt);
                        }
                        if (weight != null) gi = gi.mul(weight);
                        return gi.mul(unreduce(g, r, count));
                    })
                    .grad(1, g -> {
                        // d/dt = -x + (pw - 1) log(1 + exp(-x))
                        Tensor gt = posWeight == null ? x.neg()
                                : x.neg().add(posWeight.sub(1.0).mul(x.neg().softplus()));
                        if (weight != null) gt = gt.mul(weight);
                        return gt.mul(unreduce(g, r, count));
                    })
                    .attach(out);
        }
        return out;
    }

    // ------------------------------------------------------------------ KL divergence, embedding and ranking losses

    /** Same as torch.nn.functional.kl_div; MEAN divides by the element count (PyTorch warns), BATCHMEAN by size(0). */
    public static Tensor klDiv(Tensor x, Tensor t, Reduction r, boolean logTarget) {
        if (r == Reduction.MEAN && !klMeanWarned) {
            klMeanWarned = true;
            System.getLogger("torch4j").log(System.Logger.Level.WARNING, "reduction: 'mean' divides the total loss by "
                    + "both the batch size and the support size.'batchmean' divides only by the batch size, and aligns "
                    + "with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the "
                    + "next major release.");
        }
        Tensor l;
        if (logTarget) l = t.exp().mul(t.sub(x));
        else {
            // xlogy(t, t): 0 where t == 0 (its target gradient there is NaN, as PyTorch's)
            l = t.mul(t.log()).where(t.ne(0.0), 0.0).sub(t.mul(x));
        }
        if (r == Reduction.BATCHMEAN) {
            Tensor s = l.sum();
            return x.dim() == 0 ? s : s.div((double) x.size(0));
        }
        return reduce(l, r);
    }

    /** Same as torch.nn.functional.cosine_embedding_loss. */
    public static Tensor cosineEmbeddingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction r) {
        noBatchmean(r);
        int td = y.dim();
        if (td != 0 && td != 1) throw new TorchException("0D or 1D target tensor expected, multi-target not supported");
        if (td == 1 ? x1.dim() != 2 || x2.dim() != 2 : x1.dim() != 1 || x2.dim() != 1)
            throw new TorchException(td + "D target tensor expects " + (td + 1) + "D input tensors, but found inputs "
                    + "with sizes " + Arrays.toString(x1.shapeArray()) + " and " + Arrays.toString(x2.shapeArray()) + ".");
        Tensor prod = x1.mul(x2).sum(td);
        Tensor m1 = x1.mul(x1).sum(td).add(EPSILON), m2 = x2.mul(x2).sum(td).add(EPSILON);
        Tensor cos = prod.div(m1.mul(m2).sqrt());
        Tensor pos = cos.rsub(1.0), neg = cos.sub(margin).clampMin(0.0);
        return reduce(pos.where(y.eq(1.0), 0.0).add(neg.where(y.eq(-1.0), 0.0)), r);
    }

    /** Same as torch.nn.functional.margin_ranking_loss: max(0, -y (x1 - x2) + margin). */
    public static Tensor marginRankingLoss(Tensor x1, Tensor x2, Tensor y, double margin, Reduction r) {
        noBatchmean(r);
        if (x1.dim() != x2.dim() || x1.dim() != y.dim())
            throw new TorchException("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                    + "input1: " + sizeStr(x1) + ", input2: " + sizeStr(x2) + ", target: " + sizeStr(y) + " ");
        return reduce(y.neg().mul(x1.sub(x2)).add(margin).clampMin(0.0), r);
    }

    // ------------------------------------------------------------------ cross-entropy and NLL over class indices

    /** Same as torch.nn.functional.nll_loss: input holds log-probabilities [N, C, d...] or [C]. */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
        Pointwise.sameDevice(input, target, weight);
        return classLoss(input, target, weight, ignoreIndex, 0, r, false);
    }

    /** Same as torch.nn.functional.cross_entropy: class indices (int64) or class probabilities (target shaped as input). */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                                      Reduction r) {
        noBatchmean(r);
        Pointwise.sameDevice(input, target, weight);
        if (input.dim() < 1) throw new IllegalArgumentException("Expected 1 or more dimensions (got " + input.dim() + ")");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new TorchException("label_smoothing must be between 0.0 and 1.0. Got: " + labelSmoothing);
        if (Arrays.equals(input.shapeArray(), target.shapeArray()))
            return crossEntropyProbs(input, target, weight, ignoreIndex, labelSmoothing, r);
        return classLoss(input, target, weight, ignoreIndex, labelSmoothing, r, true);
    }

    private static Tensor crossEntropyProbs(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double ls,
                                            Reduction r) {
        if (!target.dtype().isFloatingPoint())
            throw new TorchException("Expected floating point type for target with class probabilities, got "
                    + Pointwise.shortName(target.dtype()));
        if (ignoreIndex >= 0) throw new TorchException("ignore_index is not supported for floating point target");
        int classDim = input.dim() == 1 ? 0 : 1;
        int c = input.size(classDim);
        Tensor lp = input.logSoftmax(classDim);
        Tensor t = ls > 0 ? target.mul(1 - ls).add(ls / c) : target;
        Tensor prod = lp.mul(t);
        if (weight != null) {
            checkWeight(weight, c);
            int[] ws = new int[input.dim()];
            Arrays.fill(ws, 1);
            ws[classDim] = c;
            prod = prod.mul(weight.reshape(ws));
        }
        return switch (r) {
            case NONE -> prod.sum(classDim).neg();
            case SUM -> prod.sum().neg();
            default -> input.numel() == 0 ? prod.sum().neg().mul(Double.NaN)
                    : prod.sum().neg().div((double) (input.numel() / c));
        };
    }

    private static TorchException sizeMismatch(Tensor input, Tensor target) {
        return new TorchException("size mismatch (got input: " + Arrays.toString(input.shapeArray()) + ", target: "
                + Arrays.toString(target.shapeArray()) + ")");
    }

    private static void checkWeight(Tensor weight, int c) {
        if (weight.numel() != c)
            throw new TorchException("weight tensor should be defined either for all " + c + " classes or no classes but "
                    + "got weight tensor of shape: " + Arrays.toString(weight.shapeArray()));
    }

    /**
     * nll_loss (logits false) or cross_entropy with class indices (logits true): one fused op over the input
     * viewed as [N, C, S]. Per position: nll = -w[t] logp[t], smooth = -sum_c w[c] logp[c] (label smoothing only),
     * loss = (1 - ls) nll + ls / C smooth; the mean divides both parts by the sum of w[t] over non-ignored targets.
     */
    private static Tensor classLoss(Tensor input, Tensor target, Tensor weight, long ignore, double ls, Reduction r,
                                    boolean logits) {
        noBatchmean(r);
        int nd = input.dim();
        if (nd < 1) throw new IllegalArgumentException("Expected 1 or more dimensions (got " + nd + ")");
        if (nd != 1 && target.dim() > 0 && input.size(0) != target.size(0))
            throw new IllegalArgumentException("Expected input batch_size (" + input.size(0) + ") to match target "
                    + "batch_size (" + target.size(0) + ").");
        if (!input.dtype().isFloatingPoint())
            throw new TorchException("\"" + (logits ? "log_softmax_lastdim_kernel_impl" : "nll_loss_out_frame")
                    + "\" not implemented for '" + Pointwise.shortName(input.dtype()) + "'");
        if (target.dtype() != DType.INT64)
            throw new TorchException("expected scalar type Long but found " + Pointwise.shortName(target.dtype()));
        if (nd <= 2) {
            if (target.dim() > 1) throw new TorchException("0D or 1D target tensor expected, multi-target not supported");
            boolean ok = nd == 1 ? target.dim() == 0 : target.dim() == 1;
            if (!ok) throw sizeMismatch(input, target);
        } else if (nd == 4 && target.dim() != 3) {
            throw new TorchException("only batches of spatial targets supported (3D tensors) but got targets of "
                    + "dimension: " + target.dim());
        } else {
            int[] want = new int[nd - 1];
            want[0] = input.size(0);
            for (int d = 2; d < nd; d++) want[d - 1] = input.size(d);
            if (!Arrays.equals(want, target.shapeArray()))
                throw nd == 4 ? sizeMismatch(input, target) : new TorchException("Expected target size "
                        + Arrays.toString(want) + ", got " + Arrays.toString(target.shapeArray()));
        }
        int n = nd == 1 ? 1 : input.size(0), c = nd == 1 ? input.size(0) : input.size(1);
        int s = 1;
        for (int d = 2; d < nd; d++) s *= input.size(d);
        double[] w = null;
        if (weight != null) {
            checkWeight(weight, c);
            if (weight.dtype() != input.dtype())
                throw new TorchException("expected scalar type " + Pointwise.shortName(input.dtype()) + " but found "
                        + Pointwise.shortName(weight.dtype()));
            w = weight.toDoubleArray();
        }
        boolean smooth = logits && ls > 0;
        Tensor xc, tc = target.contiguous();
        DType dt = input.dtype();
        boolean fast = input.device().isCpu() && (dt == DType.FLOAT32 || dt == DType.FLOAT64);
        // validate targets serially: a worker thread's exception would lose PyTorch's message
        long[] tv = tc.device().isCpu() ? ((CpuStorage) tc.storage()).i64() : tc.toLongArray();
        int tvFrom = tc.device().isCpu() ? tc.storageOffset() : 0, tvTo = tvFrom + (int) tc.numel();
        for (int i = tvFrom; i < tvTo; i++) {
            long t = tv[i];
            if (t != ignore && (t < 0 || t >= c)) throw new IndexOutOfBoundsException("Target " + t + " is out of bounds.");
        }

        CpuLoss.Rows rows;
        try (var _ = GradMode.scope(false)) {
            xc = input.contiguous();
            if (fast) {
                rows = CpuLoss.forward((CpuStorage) xc.storage(), xc.storageOffset(), (CpuStorage) tc.storage(),
                        tc.storageOffset(), w, ignore, logits, smooth, n, c, s);
            } else {
                rows = composeRows(xc.to(DType.FLOAT64), tc.toLongArray(), w, ignore, logits, smooth, n, c, s);
            }
        }
        int positions = n * s;
        double denom = 0;
        for (double v : rows.wt) denom += v;
        double ka = 1 - (logits ? ls : 0), kb = smooth ? ls / c : 0;
        Tensor out;
        if (r == Reduction.NONE) {
            double[] v = new double[positions];
            for (int p = 0; p < positions; p++) v[p] = ka * rows.nll[p] + (smooth ? kb * rows.smooth[p] : 0);
            out = Torch.fromArray(v, positions).reshape(target.shapeArray()).to(dt);
        } else {
            double a = 0, b = 0;
            for (int p = 0; p < positions; p++) {
                a += rows.nll[p];
                if (smooth) b += rows.smooth[p];
            }
            double v = r == Reduction.MEAN ? (ka * a + kb * b) / denom : ka * a + kb * b;
            out = Tensor.empty(new int[0], dt, torch4j.Device.CPU);
            ((CpuStorage) out.storage()).setDouble(0, v);
            out = out.to(input.device());
        }
        if (Node.needed(input)) {
            String name = smooth ? "AddBackward0" : nd <= 2 ? "NllLossBackward0"
                    : nd == 4 || r != Reduction.NONE ? "NllLoss2DBackward0" : "ViewBackward0";
            double scale = r == Reduction.MEAN ? 1 / denom : 1;
            double[] wArr = w;
            int cc = c, ss = s;
            int[] inShape = input.shapeArray();
            Node.of(name, input).saves(input, target).grad(0, g -> {
                if (GradMode.isEnabled() || !fast)
                    return composedBackward(input, target, weight, ignore, g, r, ka * scale, kb * scale, logits, n, cc, ss);
                double[] gv = r == Reduction.NONE ? g.toDoubleArray() : null;
                double g0 = gv == null ? g.item() : 0;
                double[] a = new double[positions], b = smooth ? new double[positions] : null;
                for (int p = 0; p < positions; p++) {
                    double gp = gv == null ? g0 : gv[p];
                    a[p] = gp * ka * scale;
                    if (b != null) b[p] = gp * kb * scale;
                }
                Tensor gi = Tensor.empty(inShape, dt, input.device());
                Tensor x = input.contiguous();
                CpuLoss.backward((CpuStorage) x.storage(), x.storageOffset(), (CpuStorage) tc.storage(),
                        tc.storageOffset(), wArr, ignore, logits, rows, a, b, n, cc, ss, (CpuStorage) gi.storage());
                return gi;
            }).attach(out);
        }
        return out;
    }

    /** The per-position values for devices without the fused kernel (and non-float32/64 dtypes). */
    private static CpuLoss.Rows composeRows(Tensor x, long[] tv, double[] w, long ignore, boolean logits, boolean smooth,
                                            int n, int c, int s) {
        Tensor xd = x.reshape(n, c, s).to(DType.FLOAT64).cpu().contiguous();
        return CpuLoss.forward((CpuStorage) xd.storage(), xd.storageOffset(),
                (CpuStorage) Torch.fromArray(tv, tv.length).storage(), 0, w, ignore, logits, smooth, n, c, s);
    }

    /**
     * The input gradient in tensor ops, so it can itself be differentiated (create_graph): over X = input as
     * [N, C, S], grad = valid * (P (A w_t + B W) - A w_t onehot - B w) for logits, -valid A w_t onehot otherwise.
     */
    private static Tensor composedBackward(Tensor input, Tensor target, Tensor weight, long ignore, Tensor g, Reduction r,
                                           double ka, double kb, boolean logits, int n, int c, int s) {
        DType dt = input.dtype();
        Tensor x = input.reshape(n, c, s);
        Tensor t = target.reshape(n, 1, s);
        Tensor onehot = t.eq(Torch.arange(c).reshape(1, c, 1).to(t.device())).to(dt);
        Tensor valid = t.ne((double) ignore).to(dt);
        Tensor wb = weight == null ? Torch.ones(new int[]{1, c, 1}, dt).to(x.device()) : weight.to(dt).reshape(1, c, 1);
        Tensor wt = onehot.mul(wb).sum(1, true);
        Tensor gg = r == Reduction.NONE ? g.reshape(n, 1, s) : g;
        Tensor a = gg.mul(ka).mul(wt);
        Tensor grad;
        if (logits) {
            double wsum = weight == null ? c : weight.sum().item();
            Tensor b = gg.mul(kb);
            Tensor p = x.softmax(1);
            grad = p.mul(a.add(b.mul(wsum))).sub(a.mul(onehot)).sub(b.mul(wb));
        } else {
            grad = a.mul(onehot).neg();
        }
        return grad.mul(valid).reshape(input.shapeArray());
    }
}
