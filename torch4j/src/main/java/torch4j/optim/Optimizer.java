package torch4j.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.nn.Parameter;
import torch4j.nn.PyRepr;

/**
 * Base of all optimizers, as {@code torch.optim.Optimizer}: parameter groups with per-group options (a group's
 * unset options fall back to the optimizer's), per-parameter state, {@link #zeroGrad()}, and a state dict laid out
 * as PyTorch's ({@code "state"} by parameter index, {@code "param_groups"} with option values and parameter indices).
 */
public abstract class Optimizer {
    /**
     * Option values by PyTorch's keyword name ({@code lr}, {@code momentum}, {@code betas}, …). Subclasses add
     * typed setters; only the keys set explicitly override the optimizer's defaults in a parameter group.
     */
    public static class Options {
        final Map<String, Object> values = new LinkedHashMap<>();

        protected Options set(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public Map<String, Object> asMap() { return new LinkedHashMap<>(values); }

        /** These options over the given defaults (which it fills and returns; their keys come first, in order). */
        Options over(Options defaults) {
            defaults.values.putAll(values);
            return defaults;
        }
    }

    /** One parameter group: its parameters and its resolved options (a live map: schedulers change "lr" in it). */
    public static final class ParamGroup {
        final List<Parameter> params;
        final Map<String, Object> options;
        private Options overrides;

        /** A group that takes every option from the optimizer. */
        public ParamGroup(List<? extends Parameter> params) { this(params, null); }

        /** A group whose explicitly set options override the optimizer's ({@code {'params': ..., 'lr': 1e-3}}). */
        public ParamGroup(List<? extends Parameter> params, Options overrides) {
            this.params = List.copyOf(params);
            this.options = new LinkedHashMap<>();
            this.overrides = overrides;
        }

        public List<Parameter> params() { return params; }

        public double lr() { return getDouble("lr"); }

        public void setLr(double lr) { options.put("lr", lr); }

        public Object get(String key) { return options.get(key); }

        public double getDouble(String key) {
            Object v = options.get(key);
            if (v == null) throw new TorchException("parameter group has no option '" + key + "'");
            return ((Number) v).doubleValue();
        }

        public boolean getBool(String key) { return Boolean.TRUE.equals(options.get(key)); }

        public void put(String key, Object value) { options.put(key, value); }

        /** All options (a live view). */
        public Map<String, Object> options() { return options; }
    }

    protected final List<ParamGroup> groups = new ArrayList<>();
    protected final Map<String, Object> defaults;
    /** Per-parameter state ({@code momentum_buffer}, {@code exp_avg}, {@code step}, …), by identity. */
    protected final Map<Parameter, Map<String, Object>> state = new IdentityHashMap<>();

    protected Optimizer(List<ParamGroup> groups, Options defaults) {
        this.defaults = new LinkedHashMap<>(defaults.values);
        // PyTorch checks the constructor's arguments before it looks at the parameters
        ParamGroup probe = new ParamGroup(List.of());
        probe.options.putAll(this.defaults);
        validate(probe);
        if (groups.isEmpty()) throw new TorchException("optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    protected static List<ParamGroup> single(List<? extends Parameter> params) {
        List<ParamGroup> l = new ArrayList<>();
        if (!params.isEmpty()) l.add(new ParamGroup(params));
        return l;
    }

    /** {@code add_param_group}: a parameter may belong to one group only. */
    public void addParamGroup(ParamGroup g) {
        for (ParamGroup o : groups)
            for (Parameter p : g.params)
                for (Parameter q : o.params)
                    if (p == q) throw new TorchException("some parameters appear in more than one parameter group");
        g.options.clear();
        g.options.putAll(defaults);
        if (g.overrides != null) g.options.putAll(g.overrides.values);
        g.overrides = null;
        validate(g);
        groups.add(g);
    }

    /** Checks a group's option values (PyTorch's "Invalid learning rate: -1.0" and friends). */
    protected void validate(ParamGroup g) {
        double lr = g.getDouble("lr");
        if (!(lr >= 0)) throw new TorchException("Invalid learning rate: " + repr(lr));
    }

    /** Python's repr of a float, so messages read as PyTorch's ({@code 1e-05}, {@code -1.0}). */
    protected static String repr(double v) { return PyRepr.f(v); }

    /** A group's {@code betas} pair (a list of two numbers, as PyTorch's tuple, or a double[]). */
    protected static double[] betas(ParamGroup g) {
        Object o = g.get("betas");
        if (o instanceof double[] a && a.length == 2) return a;
        if (o instanceof List<?> l && l.size() == 2) return new double[]{((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
        throw new TorchException("parameter group option 'betas' must be a pair of numbers, got " + o);
    }

    /**
     * {@code state['step'] += 1} for a step count kept as PyTorch 1.13 keeps it: a float32 scalar tensor (Adam,
     * AdamW, Adagrad) or a Python int (RMSprop, Adadelta: a Long here); returns the new count.
     */
    protected static double incrementStep(Map<String, Object> st) {
        Object o = st.get("step");
        if (o instanceof Tensor t) {
            float next = t.itemFloat() + 1;
            t.fill_(next);
            return next;
        }
        long next = o == null ? 1 : ((Number) o).longValue() + 1;
        st.put("step", next);
        return next;
    }

    /** A state tensor that must be there (it is missing when its option was turned on after training started). */
    static Tensor required(Map<String, Object> st, String key) {
        Object o = st.get(key);
        if (!(o instanceof Tensor t)) throw new TorchException("parameter state has no '" + key + "' (its option was turned on after training started)");
        return t;
    }

    /** The optimizer's default option values ({@code optimizer.defaults}), read-only. */
    public Map<String, Object> defaults() { return java.util.Collections.unmodifiableMap(defaults); }

    public List<ParamGroup> paramGroups() { return groups; }

    /** {@code optimizer.state[p]}: the live state map of a parameter (empty until its first step). */
    public Map<String, Object> state(Parameter p) { return state.computeIfAbsent(p, k -> new LinkedHashMap<>()); }

    /** {@code zero_grad(set_to_none=True)}. */
    public void zeroGrad() { zeroGrad(true); }

    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups)
            for (Parameter p : g.params) {
                if (p.grad() == null) continue;
                if (setToNone) p.setGrad(null);
                else {
                    try (var _ = GradMode.scope(false)) {
                        p.grad().zero_();
                    }
                }
            }
    }

    /** One update of every parameter that has a gradient. */
    public abstract void step();

    /** {@code step(closure)}: re-evaluates the loss when the algorithm needs it (LBFGS); returns the closure's loss. */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var _ = GradMode.scope(true)) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    // ------------------------------------------------------------------ state dict

    /** {@code state_dict()}: {"state": {index: {...}}, "param_groups": [{options..., "params": [indices]}]}. */
    public Map<String, Object> stateDict() {
        Map<String, Object> st = new LinkedHashMap<>();
        List<Object> pg = new ArrayList<>();
        int idx = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> gm = new LinkedHashMap<>(g.options);
            List<Integer> ids = new ArrayList<>();
            for (Parameter p : g.params) {
                Map<String, Object> s = state.get(p);
                if (s != null && !s.isEmpty()) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    s.forEach((k, v) -> copy.put(k, v instanceof Tensor t ? t.detach() : v));
                    st.put(Integer.toString(idx), copy);
                }
                ids.add(idx++);
            }
            gm.put("params", ids);
            pg.add(gm);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", st);
        out.put("param_groups", pg);
        return out;
    }

    /** {@code load_state_dict}: checked whole before anything changes. */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> sd) {
        Object pgo = sd.get("param_groups"), sto = sd.get("state");
        if (!(pgo instanceof List<?> pgs) || !(sto instanceof Map<?, ?> st))
            throw new TorchException("optimizer state dict must have 'state' and 'param_groups'");
        if (pgs.size() != groups.size())
            throw new TorchException("loaded state dict has a different number of parameter groups");
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Map<String, Object> gm = (Map<String, Object>) pgs.get(i);
            List<?> ids = (List<?>) gm.get("params");
            if (ids == null || ids.size() != groups.get(i).params.size())
                throw new TorchException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
            all.addAll(groups.get(i).params);
        }
        Map<Parameter, Map<String, Object>> newState = new IdentityHashMap<>();
        for (var e : st.entrySet()) {
            int k = Integer.parseInt(e.getKey().toString());
            if (k < 0 || k >= all.size()) throw new TorchException("optimizer state refers to parameter " + k + " of " + all.size());
            Map<String, Object> s = new LinkedHashMap<>();
            for (var se : ((Map<String, Object>) e.getValue()).entrySet()) {
                Object v = se.getValue();
                if (v instanceof Tensor t) {
                    Parameter p = all.get(k);
                    // state tensors follow the parameter's dtype and device, as PyTorch casts them; "step" keeps its
                    // dtype (pytorch#74424) and only moves
                    boolean cast = !"step".equals(se.getKey()) && t.dtype().isFloatingPoint() && p.dtype().isFloatingPoint();
                    v = (cast ? t.to(p.device(), p.dtype()) : t.to(p.device())).clone();
                }
                s.put(se.getKey(), v);
            }
            newState.put(all.get(k), s);
        }
        for (int i = 0; i < groups.size(); i++) {
            Map<String, Object> gm = new LinkedHashMap<>((Map<String, Object>) pgs.get(i));
            gm.remove("params");
            groups.get(i).options.putAll(gm);
        }
        state.clear();
        state.putAll(newState);
    }

    /** p and every non-null state tensor contiguous, of p's dtype and on p's device: what fused kernels take. */
    static boolean dense(Tensor p, Tensor... state) {
        if (!p.isContiguous()) return false;
        for (Tensor t : state)
            if (t != null && (!t.isContiguous() || t.dtype() != p.dtype() || !t.device().equals(p.device()))) return false;
        return true;
    }
}
