package torch4j.optim.lr_scheduler;

import java.util.Map;
import torch4j.optim.Optimizer;

/**
 * Cosine annealing from each group's initial rate down to etaMin over tMax epochs, as
 * {@code torch.optim.lr_scheduler.CosineAnnealingLR}, in PyTorch's recursive form (each rate follows from the
 * previous one, so past tMax it climbs back up and the schedule repeats with period 2·tMax).
 */
public class CosineAnnealingLR extends LRScheduler {
    private int tMax;
    private double etaMin;

    /** CosineAnnealingLR with eta_min 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0.0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) { this(optimizer, tMax, etaMin, -1); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin, int lastEpoch) {
        this.tMax = tMax;
        this.etaMin = etaMin;
        super(optimizer, lastEpoch);
    }

    @Override protected double[] getLr() {
        double[] lrs = groupLrs(optimizer);
        int n = lrs.length;
        if (lastEpoch == 0) return lrs;
        if (stepCount == 1 && lastEpoch > 0) {
            for (int i = 0; i < n; i++)
                lrs[i] = etaMin + (baseLrs.get(i) - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
        } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < n; i++)
                lrs[i] = lrs[i] + (baseLrs.get(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        } else {
            for (int i = 0; i < n; i++)
                lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
        }
        return lrs;
    }

    @Override protected void saveState(Map<String, Object> m) {
        m.put("T_max", tMax);
        m.put("eta_min", etaMin);
    }

    @Override protected void loadState(Map<String, Object> m) {
        tMax = integer(m, "T_max", tMax);
        etaMin = dbl(m, "eta_min", etaMin);
    }
}
