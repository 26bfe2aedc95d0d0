package torch4j.optim.lr_scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.TorchException;
import torch4j.optim.Optimizer;
import torch4j.optim.Optimizer.ParamGroup;

/**
 * Base of the epoch-indexed schedulers, as PyTorch 1.13's {@code torch.optim.lr_scheduler._LRScheduler}: on
 * construction it records each group's {@code initial_lr} (when lastEpoch is −1) and takes a first step to epoch 0;
 * each {@link #step()} advances {@code last_epoch} and writes the new rates into the groups' {@code "lr"}.
 * Subclasses compute the rates in {@link #getLr()} (PyTorch's chainable, recursive form: from the groups'
 * current rates).
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected List<Double> baseLrs;
    protected int lastEpoch;
    protected int stepCount;
    protected List<Double> lastLr;

    /**
     * Sets up the groups' {@code initial_lr} and takes the first step. Subclasses assign their own fields before
     * calling this constructor (their {@link #getLr()} runs inside it).
     */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        if (optimizer == null) throw new TorchException("NoneType is not an Optimizer");
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch == -1) {
            for (ParamGroup g : groups) g.options().putIfAbsent("initial_lr", g.lr());
        } else {
            for (int i = 0; i < groups.size(); i++)
                if (groups.get(i).get("initial_lr") == null)
                    throw new TorchException("param 'initial_lr' is not specified in param_groups[" + i + "] when resuming an optimizer");
        }
        baseLrs = new ArrayList<>();
        for (ParamGroup g : groups) baseLrs.add(g.getDouble("initial_lr"));
        this.lastEpoch = lastEpoch;
        stepCount = 0;
        step();
    }

    /** The new learning rate of each group at {@link #lastEpoch} ({@code get_lr}). */
    protected abstract double[] getLr();

    /** {@code step()}: advances one epoch (or iteration) and sets each group's learning rate. */
    public void step() {
        stepCount++;
        lastEpoch++;
        double[] values = getLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) groups.get(i).setLr(values[i]);
        lastLr = currentLrs(optimizer);
    }

    /** {@code get_last_lr()}: the rates the last step set, one per group. */
    public List<Double> getLastLr() { return lastLr; }

    /** {@code last_epoch}: the index of the last step (0 after construction). */
    public int lastEpoch() { return lastEpoch; }

    /** {@code base_lrs}: each group's {@code initial_lr}. */
    public List<Double> baseLrs() { return List.copyOf(baseLrs); }

    public Optimizer optimizer() { return optimizer; }

    static List<Double> currentLrs(Optimizer optimizer) {
        List<Double> l = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) l.add(g.lr());
        return List.copyOf(l);
    }

    static double[] groupLrs(Optimizer optimizer) {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] r = new double[groups.size()];
        for (int i = 0; i < r.length; i++) r[i] = groups.get(i).lr();
        return r;
    }

    /**
     * {@code state_dict()}: PyTorch's keys (the scheduler's attributes but the optimizer): the subclass's own
     * ({@link #saveState}) followed by {@code base_lrs}, {@code last_epoch}, {@code verbose}, {@code _step_count},
     * {@code _get_lr_called_within_step}, {@code _last_lr}.
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        saveState(m);
        m.put("base_lrs", new ArrayList<>(baseLrs));
        m.put("last_epoch", lastEpoch);
        m.put("verbose", false);
        m.put("_step_count", stepCount);
        m.put("_get_lr_called_within_step", false);
        m.put("_last_lr", new ArrayList<>(lastLr));
        return m;
    }

    /** {@code load_state_dict}: restores what {@link #stateDict()} saved (keys it lacks are left as they are). */
    public void loadStateDict(Map<String, Object> sd) {
        loadState(sd);
        if (sd.get("base_lrs") instanceof List<?> l) baseLrs = doubles(l);
        if (sd.get("last_epoch") instanceof Number n) lastEpoch = n.intValue();
        if (sd.get("_step_count") instanceof Number n) stepCount = n.intValue();
        if (sd.get("_last_lr") instanceof List<?> l) lastLr = List.copyOf(doubles(l));
    }

    /** The subclass's attributes under PyTorch's names. */
    protected abstract void saveState(Map<String, Object> m);

    protected abstract void loadState(Map<String, Object> m);

    static List<Double> doubles(List<?> l) {
        List<Double> r = new ArrayList<>(l.size());
        for (Object o : l) r.add(((Number) o).doubleValue());
        return r;
    }

    static double dbl(Map<String, Object> m, String key, double dflt) {
        return m.get(key) instanceof Number n ? n.doubleValue() : dflt;
    }

    static int integer(Map<String, Object> m, String key, int dflt) {
        return m.get(key) instanceof Number n ? n.intValue() : dflt;
    }
}
