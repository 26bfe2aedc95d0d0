package torch4j.optim.lr_scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.TorchException;
import torch4j.nn.PyRepr;
import torch4j.optim.Optimizer;
import torch4j.optim.Optimizer.ParamGroup;

/**
 * The 1cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR}: the rate climbs from maxLr/divFactor to maxLr
 * over pctStart of the steps, then anneals to initial/finalDivFactor (with three phases: back down to the initial
 * rate first); momentum (or Adam's beta1) cycles the opposite way between maxMomentum and baseMomentum. Stepped
 * once per batch.
 * <pre>{@code
 * var sched = new OneCycleLR(opt, new OneCycleLR.Options(0.1).epochs(10).stepsPerEpoch(loader.size()));
 * }</pre>
 */
public class OneCycleLR extends LRScheduler {
    /** {@code anneal_strategy}. */
    public enum AnnealStrategy { COS, LINEAR }

    /** OneCycleLR's keyword arguments, with PyTorch's defaults. */
    public static class Options {
        private final double[] maxLr;
        private Integer totalSteps, epochs, stepsPerEpoch;
        private double pctStart = 0.3;
        private AnnealStrategy annealStrategy = AnnealStrategy.COS;
        private boolean cycleMomentum = true;
        private double[] baseMomentum = {0.85}, maxMomentum = {0.95};
        private double divFactor = 25.0, finalDivFactor = 1e4;
        private boolean threePhase = false;
        private int lastEpoch = -1;

        /** The peak rate: one for all groups, or one per group. */
        public Options(double... maxLr) { this.maxLr = maxLr.clone(); }

        public Options totalSteps(int v) { totalSteps = v; return this; }

        public Options epochs(int v) { epochs = v; return this; }

        public Options stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }

        public Options pctStart(double v) { pctStart = v; return this; }

        public Options annealStrategy(AnnealStrategy v) { annealStrategy = v; return this; }

        public Options cycleMomentum(boolean v) { cycleMomentum = v; return this; }

        public Options baseMomentum(double... v) { baseMomentum = v.clone(); return this; }

        public Options maxMomentum(double... v) { maxMomentum = v.clone(); return this; }

        public Options divFactor(double v) { divFactor = v; return this; }

        public Options finalDivFactor(double v) { finalDivFactor = v; return this; }

        public Options threePhase(boolean v) { threePhase = v; return this; }

        public Options lastEpoch(int v) { lastEpoch = v; return this; }
    }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    private int totalSteps;
    private List<Phase> phases;
    private AnnealStrategy anneal;
    private boolean cycleMomentum;
    private boolean useBeta1;

    /** OneCycleLR over totalSteps steps with the other options at their defaults. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) { this(optimizer, new Options(maxLr).totalSteps(totalSteps)); }

    public OneCycleLR(Optimizer optimizer, Options o) {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (o.totalSteps == null && o.epochs == null && o.stepsPerEpoch == null)
            throw new TorchException("You must define either total_steps OR (epochs AND steps_per_epoch)");
        int total;
        if (o.totalSteps != null) {
            if (o.totalSteps <= 0) throw new TorchException("Expected positive integer total_steps, but got " + o.totalSteps);
            total = o.totalSteps;
        } else {
            if (o.epochs == null || o.epochs <= 0) throw new TorchException("Expected positive integer epochs, but got " + o.epochs);
            if (o.stepsPerEpoch == null || o.stepsPerEpoch <= 0)
                throw new TorchException("Expected positive integer steps_per_epoch, but got " + o.stepsPerEpoch);
            total = o.epochs * o.stepsPerEpoch;
        }
        List<Phase> ph = new ArrayList<>();
        if (o.threePhase) {
            ph.add(new Phase(o.pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            ph.add(new Phase(2 * o.pctStart * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"));
            ph.add(new Phase(total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            ph.add(new Phase(o.pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"));
            ph.add(new Phase(total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
        if (!(o.pctStart >= 0 && o.pctStart <= 1))
            throw new TorchException("Expected float between 0 and 1 pct_start, but got " + PyRepr.f(o.pctStart));
        double[] maxLrs = perGroup("max_lr", groups.size(), o.maxLr);
        if (o.lastEpoch == -1) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                double initial = maxLrs[i] / o.divFactor;
                g.put("initial_lr", initial);
                g.put("max_lr", maxLrs[i]);
                g.put("min_lr", initial / o.finalDivFactor);
            }
        }
        boolean beta1 = false;
        if (o.cycleMomentum) {
            Map<String, Object> defaults = optimizer.defaults();
            if (!defaults.containsKey("momentum") && !defaults.containsKey("betas"))
                throw new TorchException("optimizer must support momentum with `cycle_momentum` option enabled");
            beta1 = defaults.containsKey("betas");
            double[] maxM = perGroup("max_momentum", groups.size(), o.maxMomentum);
            double[] baseM = perGroup("base_momentum", groups.size(), o.baseMomentum);
            if (o.lastEpoch == -1) {
                for (int i = 0; i < groups.size(); i++) {
                    ParamGroup g = groups.get(i);
                    if (beta1) setBeta1(g, maxM[i]);
                    else g.put("momentum", maxM[i]);
                    g.put("max_momentum", maxM[i]);
                    g.put("base_momentum", baseM[i]);
                }
            }
        }
        this.totalSteps = total;
        this.phases = ph;
        this.anneal = o.annealStrategy;
        this.cycleMomentum = o.cycleMomentum;
        this.useBeta1 = beta1;
        super(optimizer, o.lastEpoch);
    }

    private static double[] perGroup(String name, int groups, double[] v) {
        if (v.length == 1 && groups != 1) {
            double[] r = new double[groups];
            java.util.Arrays.fill(r, v[0]);
            return r;
        }
        if (v.length != groups) throw new TorchException("expected " + groups + " values for " + name + ", got " + v.length);
        return v;
    }

    private static void setBeta1(ParamGroup g, double beta1) {
        Object b = g.get("betas");
        double beta2 = b instanceof List<?> l ? ((Number) l.get(1)).doubleValue() : ((double[]) b)[1];
        g.put("betas", List.of(beta1, beta2));
    }

    private double annealFn(double start, double end, double pct) {
        if (anneal == AnnealStrategy.COS) return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
        return (end - start) * pct + start;
    }

    @Override protected double[] getLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps)
            throw new TorchException("Tried to step " + (stepNum + 1) + " times. The specified number of total steps is " + totalSteps);
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < lrs.length; gi++) {
            ParamGroup g = groups.get(gi);
            double startStep = 0, lr = 0, momentum = 0;
            for (int i = 0; i < phases.size(); i++) {
                Phase phase = phases.get(i);
                double endStep = phase.endStep();
                if (stepNum <= endStep || i == phases.size() - 1) {
                    double pct = (stepNum - startStep) / (endStep - startStep);
                    lr = annealFn(g.getDouble(phase.startLr()), g.getDouble(phase.endLr()), pct);
                    if (cycleMomentum) momentum = annealFn(g.getDouble(phase.startMomentum()), g.getDouble(phase.endMomentum()), pct);
                    break;
                }
                startStep = phase.endStep();
            }
            lrs[gi] = lr;
            if (cycleMomentum) {
                if (useBeta1) setBeta1(g, momentum);
                else g.put("momentum", momentum);
            }
        }
        return lrs;
    }

    @Override protected void saveState(Map<String, Object> m) {
        m.put("total_steps", totalSteps);
        List<Object> ph = new ArrayList<>();
        for (Phase p : phases) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("end_step", p.endStep());
            pm.put("start_lr", p.startLr());
            pm.put("end_lr", p.endLr());
            pm.put("start_momentum", p.startMomentum());
            pm.put("end_momentum", p.endMomentum());
            ph.add(pm);
        }
        m.put("_schedule_phases", ph);
        // PyTorch stores the bound method itself; its name is the portable equivalent
        m.put("anneal_func", anneal == AnnealStrategy.COS ? "_annealing_cos" : "_annealing_linear");
        m.put("cycle_momentum", cycleMomentum);
        if (cycleMomentum) m.put("use_beta1", useBeta1);
    }

    @Override protected void loadState(Map<String, Object> m) {
        totalSteps = integer(m, "total_steps", totalSteps);
        if (m.get("_schedule_phases") instanceof List<?> l) {
            List<Phase> ph = new ArrayList<>();
            for (Object o : l) {
                Map<?, ?> pm = (Map<?, ?>) o;
                ph.add(new Phase(((Number) pm.get("end_step")).doubleValue(), (String) pm.get("start_lr"), (String) pm.get("end_lr"),
                        (String) pm.get("start_momentum"), (String) pm.get("end_momentum")));
            }
            phases = ph;
        }
        if (m.get("anneal_func") instanceof String s) anneal = s.contains("linear") ? AnnealStrategy.LINEAR : AnnealStrategy.COS;
        if (m.get("cycle_momentum") instanceof Boolean b) cycleMomentum = b;
        if (m.get("use_beta1") instanceof Boolean b) useBeta1 = b;
    }
}
