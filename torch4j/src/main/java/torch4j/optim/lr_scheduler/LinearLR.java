package torch4j.optim.lr_scheduler;

import java.util.Map;
import torch4j.TorchException;
import torch4j.optim.Optimizer;

/**
 * Scales each group's rate linearly from startFactor to endFactor over totalIters epochs, as
 * {@code torch.optim.lr_scheduler.LinearLR} (recursive form).
 */
public class LinearLR extends LRScheduler {
    private double startFactor;
    private double endFactor;
    private int totalIters;

    /** LinearLR with PyTorch's defaults: start_factor 1/3, end_factor 1.0, total_iters 5. */
    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, -1);
    }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters, int lastEpoch) {
        if (startFactor > 1.0 || startFactor < 0) throw new TorchException("Starting multiplicative factor expected to be between 0 and 1.");
        if (endFactor > 1.0 || endFactor < 0) throw new TorchException("Ending multiplicative factor expected to be between 0 and 1.");
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        super(optimizer, lastEpoch);
    }

    @Override protected double[] getLr() {
        double[] lrs = groupLrs(optimizer);
        if (lastEpoch == 0) {
            for (int i = 0; i < lrs.length; i++) lrs[i] *= startFactor;
            return lrs;
        }
        if (lastEpoch > totalIters) return lrs;
        double f = 1.0 + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
        for (int i = 0; i < lrs.length; i++) lrs[i] *= f;
        return lrs;
    }

    @Override protected void saveState(Map<String, Object> m) {
        m.put("start_factor", startFactor);
        m.put("end_factor", endFactor);
        m.put("total_iters", totalIters);
    }

    @Override protected void loadState(Map<String, Object> m) {
        startFactor = dbl(m, "start_factor", startFactor);
        endFactor = dbl(m, "end_factor", endFactor);
        totalIters = integer(m, "total_iters", totalIters);
    }
}
