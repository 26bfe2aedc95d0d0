package torch4j.optim.lr_scheduler;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import torch4j.optim.Optimizer;

/**
 * Multiplies each group's rate by gamma at each milestone epoch (by gamma^k for a milestone listed k times), as
 * {@code torch.optim.lr_scheduler.MultiStepLR}.
 */
public class MultiStepLR extends LRScheduler {
    /** Milestone epoch → how many times it was given (PyTorch's Counter). */
    private Map<Integer, Integer> milestones;
    private double gamma;

    /** MultiStepLR with gamma 0.1. */
    public MultiStepLR(Optimizer optimizer, List<Integer> milestones) { this(optimizer, milestones, 0.1); }

    public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma) { this(optimizer, milestones, gamma, -1); }

    public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma, int lastEpoch) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int m : milestones) counts.merge(m, 1, Integer::sum);
        this.milestones = counts;
        this.gamma = gamma;
        super(optimizer, lastEpoch);
    }

    @Override protected double[] getLr() {
        double[] lrs = groupLrs(optimizer);
        Integer k = milestones.get(lastEpoch);
        if (k == null) return lrs;
        double f = Math.pow(gamma, k);
        for (int i = 0; i < lrs.length; i++) lrs[i] *= f;
        return lrs;
    }

    @Override protected void saveState(Map<String, Object> m) {
        m.put("milestones", new TreeMap<>(milestones));
        m.put("gamma", gamma);
    }

    @Override protected void loadState(Map<String, Object> m) {
        if (m.get("milestones") instanceof Map<?, ?> ms) {
            Map<Integer, Integer> counts = new TreeMap<>();
            ms.forEach((k, v) -> counts.put(Integer.parseInt(k.toString()), ((Number) v).intValue()));
            milestones = counts;
        }
        gamma = dbl(m, "gamma", gamma);
    }
}
