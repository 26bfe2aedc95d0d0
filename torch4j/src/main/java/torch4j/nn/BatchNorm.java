package torch4j.nn;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;
import torch4j.nn.init.Init;

/**
 * The common part of {@link BatchNorm1d} and {@link BatchNorm2d}, as PyTorch's {@code _BatchNorm}: a per-channel
 * weight and bias, and the buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}
 * (int64). Training uses the batch statistics (biased variance) and updates the running ones with momentum
 * (unbiased variance; a null momentum means a cumulative average); eval uses the running statistics.
 */
public abstract class BatchNorm extends Module {
    /** Keyword arguments of torch.nn.BatchNorm1d/2d. */
    public static final class Options {
        final int numFeatures;
        double eps = 1e-5;
        Double momentum = 0.1;
        boolean affine = true, trackRunningStats = true;
        DType dtype;

        public Options(int numFeatures) { this.numFeatures = numFeatures; }

        public Options eps(double v) {
            eps = v;
            return this;
        }

        /** The running-average factor; null for a cumulative (simple) average. */
        public Options momentum(Double v) {
            momentum = v;
            return this;
        }

        public Options affine(boolean on) {
            affine = on;
            return this;
        }

        public Options trackRunningStats(boolean on) {
            trackRunningStats = on;
            return this;
        }

        public Options dtype(DType d) {
            dtype = d;
            return this;
        }
    }

    public final int numFeatures;
    public final double eps;
    public final Double momentum;
    public final boolean affine, trackRunningStats;
    public final Parameter weight;
    public final Parameter bias;

    protected BatchNorm(Options o) {
        numFeatures = o.numFeatures;
        eps = o.eps;
        momentum = o.momentum;
        affine = o.affine;
        trackRunningStats = o.trackRunningStats;
        DType dt = o.dtype == null ? DType.defaultFloat() : o.dtype;
        int[] c = {numFeatures};
        weight = affine ? new Parameter(Tensor.empty(c, dt, Device.CPU)) : null;
        bias = affine ? new Parameter(Tensor.empty(c, dt, Device.CPU)) : null;
        if (trackRunningStats) {
            registerBuffer("running_mean", Torch.zeros(c, dt));
            registerBuffer("running_var", Torch.ones(c, dt));
            registerBuffer("num_batches_tracked", Torch.tensor(0L));
        }
        resetParameters();
    }

    /** The running mean buffer, or null without running statistics. */
    public Tensor runningMean() { return buffer("running_mean"); }

    /** The running (unbiased) variance buffer, or null. */
    public Tensor runningVar() { return buffer("running_var"); }

    /** The int64 count of training batches seen, or null. */
    public Tensor numBatchesTracked() { return buffer("num_batches_tracked"); }

    /** Same as reset_running_stats: mean 0, variance 1, count 0. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (var _ = Torch.noGrad()) {
            runningMean().zero_();
            runningVar().fill_(1);
            numBatchesTracked().zero_();
        }
    }

    /** Same as reset_parameters: running statistics reset, weight ones, bias zeros. */
    public void resetParameters() {
        resetRunningStats();
        if (affine) {
            Init.ones_(weight);
            Init.zeros_(bias);
        }
    }

    /** Rejects inputs of the wrong rank, with PyTorch's message. */
    protected abstract void checkInputDim(Tensor input);

    @Override public Tensor forward(Tensor input) {
        checkInputDim(input);
        double factor = momentum == null ? 0.0 : momentum;
        if (training && trackRunningStats) {
            Tensor n = numBatchesTracked();
            try (var _ = Torch.noGrad()) {
                n.add_(1);
            }
            if (momentum == null) factor = 1.0 / n.item();
        }
        Tensor rm = runningMean(), rv = runningVar();
        boolean useBatchStats = training || (rm == null && rv == null);
        boolean passStats = !training || trackRunningStats;
        return F.batchNorm(input, passStats ? rm : null, passStats ? rv : null, weight, bias, useBatchStats, factor, eps);
    }

    @Override public String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.f(eps) + ", momentum=" + (momentum == null ? "None" : PyRepr.f(momentum))
                + ", affine=" + PyRepr.b(affine) + ", track_running_stats=" + PyRepr.b(trackRunningStats);
    }
}
