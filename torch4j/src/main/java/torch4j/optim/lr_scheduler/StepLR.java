package torch4j.optim.lr_scheduler;

import java.util.Map;
import torch4j.optim.Optimizer;

/** Multiplies each group's rate by gamma every stepSize epochs, as {@code torch.optim.lr_scheduler.StepLR}. */
public class StepLR extends LRScheduler {
    private int stepSize;
    private double gamma;

    /** StepLR with gamma 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) { this(optimizer, stepSize, gamma, -1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma, int lastEpoch) {
        this.stepSize = stepSize;
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override protected double[] getLr() {
        double[] lrs = groupLrs(optimizer);
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return lrs;
        for (int i = 0; i < lrs.length; i++) lrs[i] *= gamma;
        return lrs;
    }

    @Override protected void saveState(Map<String, Object> m) {
        m.put("step_size", stepSize);
        m.put("gamma", gamma);
    }

    @Override protected void loadState(Map<String, Object> m) {
        stepSize = integer(m, "step_size", stepSize);
        gamma = dbl(m, "gamma", gamma);
    }
}
