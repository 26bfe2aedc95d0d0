package torch4j.optim.lr_scheduler;

import java.util.Map;
import torch4j.optim.Optimizer;

/** Multiplies each group's rate by gamma every epoch, as {@code torch.optim.lr_scheduler.ExponentialLR}. */
public class ExponentialLR extends LRScheduler {
    private double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) { this(optimizer, gamma, -1); }

    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch) {
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override protected double[] getLr() {
        double[] lrs = groupLrs(optimizer);
        if (lastEpoch == 0) return lrs;
        for (int i = 0; i < lrs.length; i++) lrs[i] *= gamma;
        return lrs;
    }

    @Override protected void saveState(Map<String, Object> m) { m.put("gamma", gamma); }

    @Override protected void loadState(Map<String, Object> m) { gamma = dbl(m, "gamma", gamma); }
}
