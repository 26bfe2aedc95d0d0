package torch4j.optim.lr_scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.TorchException;
import torch4j.optim.Optimizer;
import torch4j.optim.Optimizer.ParamGroup;

/**
 * Reduces each group's rate by factor when a metric has stopped improving for more than patience epochs, as
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}; {@link #step(double)} takes the epoch's metric.
 * <pre>{@code
 * var sched = new ReduceLROnPlateau(opt, new ReduceLROnPlateau.Options().mode(ReduceLROnPlateau.Mode.MAX).patience(3));
 * sched.step(valAccuracy);
 * }</pre>
 */
public class ReduceLROnPlateau {
    /** {@code mode}: whether the metric should decrease (loss) or increase (accuracy). */
    public enum Mode { MIN, MAX }

    /** {@code threshold_mode}: improvement measured relative to the best value or as an absolute difference. */
    public enum ThresholdMode { REL, ABS }

    /** ReduceLROnPlateau's keyword arguments, with PyTorch's defaults. */
    public static class Options {
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown = 0;
        private double[] minLr = {0.0};
        private double eps = 1e-8;

        public Options mode(Mode v) { mode = v; return this; }

        public Options factor(double v) { factor = v; return this; }

        public Options patience(int v) { patience = v; return this; }

        public Options threshold(double v) { threshold = v; return this; }

        public Options thresholdMode(ThresholdMode v) { thresholdMode = v; return this; }

        public Options cooldown(int v) { cooldown = v; return this; }

        /** One lower bound for all groups, or one per group. */
        public Options minLr(double... v) { minLr = v.clone(); return this; }

        public Options eps(double v) { eps = v; return this; }
    }

    private final Optimizer optimizer;
    private double factor;
    private List<Double> minLrs;
    private int patience;
    private int cooldown;
    private int cooldownCounter;
    private Mode mode;
    private double threshold;
    private ThresholdMode thresholdMode;
    private double best;
    private int numBadEpochs;
    private double eps;
    private int lastEpoch;
    private List<Double> lastLr;

    /** ReduceLROnPlateau with PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, new Options()); }

    public ReduceLROnPlateau(Optimizer optimizer, Options o) {
        if (o.factor >= 1.0) throw new TorchException("Factor should be < 1.0.");
        if (optimizer == null) throw new TorchException("NoneType is not an Optimizer");
        this.optimizer = optimizer;
        this.factor = o.factor;
        int n = optimizer.paramGroups().size();
        if (o.minLr.length == 1 && n != 1) {
            double[] r = new double[n];
            Arrays.fill(r, o.minLr[0]);
            minLrs = LRScheduler.doubles(Arrays.stream(r).boxed().toList());
        } else {
            if (o.minLr.length != n) throw new TorchException("expected " + n + " min_lrs, got " + o.minLr.length);
            minLrs = Arrays.stream(o.minLr).boxed().toList();
        }
        patience = o.patience;
        cooldown = o.cooldown;
        cooldownCounter = 0;
        mode = o.mode;
        threshold = o.threshold;
        thresholdMode = o.thresholdMode;
        eps = o.eps;
        lastEpoch = 0;
        lastLr = LRScheduler.currentLrs(optimizer);
        reset();
    }

    private double modeWorse() { return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY; }

    private void reset() {
        best = modeWorse();
        cooldownCounter = 0;
        numBadEpochs = 0;
    }

    /** {@code step(metrics)}: records one epoch's metric and reduces the rates after patience bad epochs. */
    public void step(double metric) {
        double current = metric;
        lastEpoch++;
        if (isBetter(current, best)) {
            best = current;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (inCooldown()) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs during cooldown do not count
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = LRScheduler.currentLrs(optimizer);
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            double oldLr = g.lr(), newLr = Math.max(oldLr * factor, minLrs.get(i));
            if (oldLr - newLr > eps) g.setLr(newLr);
        }
    }

    /** {@code in_cooldown}. */
    public boolean inCooldown() { return cooldownCounter > 0; }

    /** {@code is_better(a, best)}. */
    public boolean isBetter(double a, double best) {
        if (mode == Mode.MIN && thresholdMode == ThresholdMode.REL) return a < best * (1.0 - threshold);
        if (mode == Mode.MIN) return a < best - threshold;
        if (thresholdMode == ThresholdMode.REL) return a > best * (threshold + 1.0);
        return a > best + threshold;
    }

    /** The rates after the last step, one per group (PyTorch's {@code _last_lr}). */
    public List<Double> getLastLr() { return lastLr; }

    /** The best metric seen so far. */
    public double best() { return best; }

    public int numBadEpochs() { return numBadEpochs; }

    public int lastEpoch() { return lastEpoch; }

    /** {@code state_dict()}: PyTorch's attribute names; modes as their strings ("min", "rel"). */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factor", factor);
        m.put("min_lrs", new ArrayList<>(minLrs));
        m.put("patience", patience);
        m.put("verbose", false);
        m.put("cooldown", cooldown);
        m.put("cooldown_counter", cooldownCounter);
        m.put("mode", mode == Mode.MIN ? "min" : "max");
        m.put("threshold", threshold);
        m.put("threshold_mode", thresholdMode == ThresholdMode.REL ? "rel" : "abs");
        m.put("best", best);
        m.put("num_bad_epochs", numBadEpochs);
        m.put("mode_worse", modeWorse());
        m.put("eps", eps);
        m.put("last_epoch", lastEpoch);
        m.put("_last_lr", new ArrayList<>(lastLr));
        return m;
    }

    /** {@code load_state_dict}. */
    public void loadStateDict(Map<String, Object> sd) {
        factor = LRScheduler.dbl(sd, "factor", factor);
        if (sd.get("min_lrs") instanceof List<?> l) minLrs = LRScheduler.doubles(l);
        patience = LRScheduler.integer(sd, "patience", patience);
        cooldown = LRScheduler.integer(sd, "cooldown", cooldown);
        cooldownCounter = LRScheduler.integer(sd, "cooldown_counter", cooldownCounter);
        if (sd.get("mode") instanceof String s) mode = switch (s) {
            case "min" -> Mode.MIN;
            case "max" -> Mode.MAX;
            default -> throw new TorchException("mode " + s + " is unknown!");
        };
        threshold = LRScheduler.dbl(sd, "threshold", threshold);
        if (sd.get("threshold_mode") instanceof String s) thresholdMode = switch (s) {
            case "rel" -> ThresholdMode.REL;
            case "abs" -> ThresholdMode.ABS;
            default -> throw new TorchException("threshold mode " + s + " is unknown!");
        };
        best = LRScheduler.dbl(sd, "best", best);
        numBadEpochs = LRScheduler.integer(sd, "num_bad_epochs", numBadEpochs);
        eps = LRScheduler.dbl(sd, "eps", eps);
        lastEpoch = LRScheduler.integer(sd, "last_epoch", lastEpoch);
        if (sd.get("_last_lr") instanceof List<?> l) lastLr = List.copyOf(LRScheduler.doubles(l));
    }
}
