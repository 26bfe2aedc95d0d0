package torch4j.nn.utils;

import java.util.ArrayList;
import java.util.List;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.nn.PyRepr;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class ClipGrad {
    private ClipGrad() {}

    /** Same as torch.nn.utils.clip_grad_norm_(parameters, max_norm) with the 2-norm. */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm) {
        return clipGradNorm_(parameters, maxNorm, 2.0, false);
    }

    /** Same as torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type). */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm, double normType) {
        return clipGradNorm_(parameters, maxNorm, normType, false);
    }

    /**
     * Same as torch.nn.utils.clip_grad_norm_: scales all gradients in place by
     * {@code min(1, maxNorm / (totalNorm + 1e-6))} and returns the total norm (a scalar tensor) of the gradients
     * taken together; {@code normType} may be {@code Double.POSITIVE_INFINITY}.
     */
    public static Tensor clipGradNorm_(Iterable<? extends Tensor> parameters, double maxNorm, double normType,
                                       boolean errorIfNonfinite) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : parameters) if (p.grad() != null) grads.add(p.grad());
        if (grads.isEmpty()) return Torch.tensor(0.0);
        try (var _ = GradMode.scope(false)) {
            List<Tensor> norms = new ArrayList<>(grads.size());
            Tensor total;
            if (normType == Double.POSITIVE_INFINITY) {
                for (Tensor g : grads) norms.add(g.detach().abs().max());
                total = norms.size() == 1 ? norms.getFirst() : Torch.stack(norms, 0).max();
            } else {
                for (Tensor g : grads) norms.add(g.detach().norm(normType));
                total = Torch.stack(norms, 0).norm(normType);
            }
            double t = total.item();
            if (errorIfNonfinite && (Double.isNaN(t) || Double.isInfinite(t)))
                throw new TorchException("The total norm of order " + PyRepr.f(normType) + " for gradients from "
                        + "`parameters` is non-finite, so it cannot be clipped. To disable this error and scale the "
                        + "gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
            // as PyTorch: the coefficient is computed in the norm's dtype, and applied even when it is 1
            Tensor coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1.0);
            for (Tensor g : grads) g.mul_(coef);
            return total;
        }
    }

    /** Same as torch.nn.utils.clip_grad_value_: clamps every gradient in place to [-clipValue, clipValue]. */
    public static void clipGradValue_(Iterable<? extends Tensor> parameters, double clipValue) {
        try (var _ = GradMode.scope(false)) {
            for (Tensor p : parameters) if (p.grad() != null) p.grad().clamp_(-clipValue, clipValue);
        }
    }
}
