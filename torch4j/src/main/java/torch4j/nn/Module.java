package torch4j.nn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;

/**
 * Base class of all layers and models, as {@code torch.nn.Module}. Fields of type {@link Parameter} and
 * {@link Module} are registered in declaration order under their field name in snake_case ({@code fc1},
 * {@code runningMean} → {@code running_mean}), so {@link #stateDict()} keys match PyTorch's. Dynamic children,
 * parameters and buffers are registered with {@link #registerModule}, {@link #registerParameter} and
 * {@link #registerBuffer}.
 * <pre>{@code
 * class Net extends Module {
 *     final Linear fc1 = new Linear(784, 128), fc2 = new Linear(128, 10);
 *     @Override public Tensor forward(Tensor x) { return fc2.call(F.relu(fc1.call(x.flatten(1)))); }
 * }
 * }</pre>
 */
public abstract class Module {
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new java.util.HashSet<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private final List<ForwardPreHook> preHooks = new ArrayList<>();
    /** {@code self.training}. */
    protected boolean training = true;

    /** {@code register_forward_hook}: sees (module, input, output) and may replace the output by returning non-null. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Module module, Tensor input, Tensor output);
    }

    /** {@code register_forward_pre_hook}: sees (module, input) and may replace the input by returning non-null. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor apply(Module module, Tensor input);
    }

    /** A hook registration; {@link #remove()} undoes it. */
    public interface RemovableHandle {
        void remove();
    }

    /** The forward pass of a one-input module. Modules with other signatures define their own methods. */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " does not define forward(Tensor): call its own forward method");
    }

    /** {@code module(input)}: pre-hooks, {@link #forward}, then forward hooks. */
    public final Tensor call(Tensor input) {
        // snapshots, so a hook may remove itself while running
        for (ForwardPreHook h : List.copyOf(preHooks)) {
            Tensor r = h.apply(this, input);
            if (r != null) input = r;
        }
        Tensor out = forward(input);
        for (ForwardHook h : List.copyOf(forwardHooks)) {
            Tensor r = h.apply(this, input, out);
            if (r != null) out = r;
        }
        return out;
    }

    public RemovableHandle registerForwardHook(ForwardHook hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    public RemovableHandle registerForwardPreHook(ForwardPreHook hook) {
        preHooks.add(hook);
        return () -> preHooks.remove(hook);
    }

    // ------------------------------------------------------------------ registration

    /** {@code add_module / register_module}. */
    public <M extends Module> M registerModule(String name, M module) {
        if (name == null || name.isEmpty()) throw new TorchException("module name can't be empty string \"\"");
        if (name.contains(".")) throw new TorchException("module name can't contain \".\", got: " + name);
        modules.put(name, module);
        return module;
    }

    /** {@code register_parameter}; null removes it. */
    public Parameter registerParameter(String name, Parameter p) {
        checkName("parameter", name);
        if (p == null) params.remove(name);
        else params.put(name, p);
        return p;
    }

    /** {@code register_buffer(name, tensor, persistent=True)}. */
    public Tensor registerBuffer(String name, Tensor t) { return registerBuffer(name, t, true); }

    public Tensor registerBuffer(String name, Tensor t, boolean persistent) {
        checkName("buffer", name);
        buffers.put(name, t);
        if (persistent) nonPersistent.remove(name);
        else nonPersistent.add(name);
        return t;
    }

    /** The registered buffer (e.g. {@code running_mean}), or null. */
    public Tensor buffer(String name) { return buffers.get(name); }

    /** Replaces a buffer's tensor, keeping its persistence. */
    protected void setBuffer(String name, Tensor t) {
        if (!buffers.containsKey(name)) throw new TorchException("no buffer named " + name);
        buffers.put(name, t);
    }

    private static void checkName(String kind, String name) {
        if (name == null || name.isEmpty()) throw new TorchException(kind + " name can't be empty string \"\"");
        if (name.contains(".")) throw new TorchException(kind + " name can't contain \".\"");
    }

    private static List<Field> fields(Class<?> c) {
        return FIELDS.computeIfAbsent(c, k -> {
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> x = k; x != null && x != Module.class; x = x.getSuperclass()) chain.add(x);
            Collections.reverse(chain);
            List<Field> out = new ArrayList<>();
            for (Class<?> x : chain)
                for (Field f : x.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    if (Parameter.class.isAssignableFrom(f.getType()) || Module.class.isAssignableFrom(f.getType())) {
                        f.setAccessible(true);
                        out.add(f);
                    }
                }
            return out;
        });
    }

    /** camelCase field names become PyTorch's snake_case keys. */
    static String snake(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else sb.append(c);
        }
        return sb.toString();
    }

    /** Direct parameters (fields, then registered), in order. */
    private Map<String, Parameter> ownParameters() {
        Map<String, Parameter> m = new LinkedHashMap<>();
        for (Field f : fields(getClass())) {
            if (!Parameter.class.isAssignableFrom(f.getType())) continue;
            Parameter p = (Parameter) get(f);
            if (p != null) m.put(snake(f.getName()), p);
        }
        m.putAll(params);
        return m;
    }

    /** Direct children (fields, then registered), in order. */
    private Map<String, Module> ownModules() {
        Map<String, Module> m = new LinkedHashMap<>();
        for (Field f : fields(getClass())) {
            if (!Module.class.isAssignableFrom(f.getType())) continue;
            Module c = (Module) get(f);
            if (c != null) m.put(snake(f.getName()), c);
        }
        // register_module(name, None) keeps the name but, as in PyTorch, the slot is skipped everywhere
        modules.forEach((k, v) -> { if (v != null) m.put(k, v); });
        return m;
    }

    private Object get(Field f) {
        try {
            return f.get(this);
        } catch (IllegalAccessException e) {
            throw new TorchException("cannot read field " + f.getName() + " of " + getClass().getName(), e);
        }
    }

    // ------------------------------------------------------------------ traversal

    /** {@code named_children()}. */
    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(ownModules()); }

    public List<Module> children() { return new ArrayList<>(ownModules().values()); }

    /** {@code named_modules()}: this module ("") and all descendants, each once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) return;
        out.put(prefix, m);
        for (var e : m.ownModules().entrySet())
            collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, seen);
    }

    public List<Module> modules() { return new ArrayList<>(namedModules().values()); }

    /** {@code named_parameters()}: each parameter once, with its dotted key. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var me : namedModules().entrySet()) {
            String prefix = me.getKey().isEmpty() ? "" : me.getKey() + ".";
            for (var pe : me.getValue().ownParameters().entrySet())
                if (seen.add(pe.getValue())) out.put(prefix + pe.getKey(), pe.getValue());
        }
        return out;
    }

    public List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** {@code named_buffers()}. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var me : namedModules().entrySet()) {
            String prefix = me.getKey().isEmpty() ? "" : me.getKey() + ".";
            for (var be : me.getValue().buffers.entrySet())
                if (be.getValue() != null && seen.add(be.getValue())) out.put(prefix + be.getKey(), be.getValue());
        }
        return out;
    }

    public List<Tensor> buffers() { return new ArrayList<>(namedBuffers().values()); }

    /** {@code apply(fn)}: fn on every submodule (children first), then on this module. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : ownModules().values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------------ modes and grads

    /** {@code train(mode)}: sets training mode here and in every descendant. */
    public Module train(boolean mode) {
        training = mode;
        // through children's train() as PyTorch does, so subclasses that override it see the call
        for (Module c : ownModules().values()) c.train(mode);
        return this;
    }

    public Module train() { return train(true); }

    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** {@code zero_grad(set_to_none=True)} (PyTorch 2's default). */
    public void zeroGrad() { zeroGrad(true); }

    public void zeroGrad(boolean setToNone) {
        for (Parameter p : parameters()) {
            if (p.grad() == null) continue;
            if (setToNone) p.setGrad(null);
            else {
                // a gradient built with create_graph is cut from its graph first, as PyTorch does
                if (p.grad().gradFn() != null) p.setGrad(p.grad().detach());
                else p.grad().requiresGrad_(false);
                try (var _ = GradMode.scope(false)) {
                    p.grad().zero_();
                }
            }
        }
    }

    /** {@code requires_grad_(flag)} on every parameter (freezing layers for fine-tuning). */
    public Module requiresGrad_(boolean on) {
        for (Parameter p : parameters()) p.requiresGrad_(on);
        return this;
    }

    // ------------------------------------------------------------------ dtype / device

    /** {@code to(dtype)}: floating parameters and buffers are converted in place; returns this. */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint())
            throw new TorchException("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=" + dtype);
        return convert(t -> t.isFloatingPoint() ? t.to(dtype) : t);
    }

    /** {@code to(device)}: moves parameters and buffers; returns this. */
    public Module to(Device device) { return convert(t -> t.to(device)); }

    private Module convert(java.util.function.UnaryOperator<Tensor> f) {
        try (var _ = GradMode.scope(false)) {
            for (Module m : modules()) {
                for (var e : m.ownParameters().entrySet()) {
                    Parameter p = e.getValue();
                    Tensor d = f.apply(p.detach());
                    if (d.storage() != p.storage()) p.setData(d);
                    if (p.grad() != null) p.setGrad(f.apply(p.grad()));
                }
                for (var e : m.buffers.entrySet()) if (e.getValue() != null) e.setValue(f.apply(e.getValue()));
            }
        }
        return this;
    }

    public Module float_() { return to(DType.FLOAT32); }

    public Module double_() { return to(DType.FLOAT64); }

    // ------------------------------------------------------------------ state dict

    /** {@code state_dict()}: parameters and persistent buffers by dotted key, detached and sharing storage. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", this, out);
        return out;
    }

    /** Unlike named_parameters, PyTorch's state_dict lists a shared submodule under every name it has. */
    private static void collectState(String prefix, Module m, Map<String, Tensor> out) {
        out.putAll(m.localState(prefix));
        for (var e : m.ownModules().entrySet()) collectState(prefix + e.getKey() + ".", e.getValue(), out);
    }

    /** This module's own parameters and persistent buffers, keyed with the prefix, detached. */
    private Map<String, Tensor> localState(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var pe : ownParameters().entrySet()) out.put(prefix + pe.getKey(), pe.getValue().detach());
        for (var be : buffers.entrySet())
            if (be.getValue() != null && !nonPersistent.contains(be.getKey())) out.put(prefix + be.getKey(), be.getValue().detach());
        return out;
    }

    /** The keys a non-strict load could not match, as {@code torch.nn.modules.module._IncompatibleKeys}. */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {}

    public IncompatibleKeys loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

    /**
     * {@code load_state_dict(state_dict, strict)}: all checks run before anything is copied, so a failed load
     * leaves the model untouched. Errors are worded as PyTorch's.
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), errors = new ArrayList<>();
        List<Tensor[]> copies = new ArrayList<>();
        checkLoad("", this, state, missing, unexpected, errors, copies);
        if (strict) {
            if (!unexpected.isEmpty()) errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
            if (!missing.isEmpty()) errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!errors.isEmpty())
            throw new TorchException("Error(s) in loading state_dict for " + getClass().getSimpleName() + ":\n\t"
                    + String.join("\n\t", errors));
        try (var _ = GradMode.scope(false)) {
            for (Tensor[] c : copies) c[0].copy_(c[1]);
        }
        return new IncompatibleKeys(missing, unexpected);
    }

    /** PyTorch's recursive load, collecting keys and errors module by module (so in its order) before copying. */
    private static void checkLoad(String prefix, Module m, Map<String, Tensor> state, List<String> missing,
                                  List<String> unexpected, List<String> errors, List<Tensor[]> copies) {
        Map<String, Tensor> local = m.localState(prefix);
        Map<String, Module> kids = m.ownModules();
        for (var e : local.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!java.util.Arrays.equals(src.shapeArray(), e.getValue().shapeArray())) {
                errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + src.shape()
                        + " from checkpoint, the shape in current model is " + e.getValue().shape() + ".");
            } else copies.add(new Tensor[]{e.getValue(), src});
        }
        for (String k : state.keySet()) {
            if (!k.startsWith(prefix)) continue;
            String rest = k.substring(prefix.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            if (!kids.containsKey(name) && !local.containsKey(prefix + name)) unexpected.add(k);
        }
        for (var e : kids.entrySet()) checkLoad(prefix + e.getKey() + ".", e.getValue(), state, missing, unexpected, errors, copies);
    }

    private static String quoted(List<String> ks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ks.size(); i++) sb.append(i == 0 ? "" : ", ").append('"').append(ks.get(i)).append('"');
        return sb.toString();
    }

    // ------------------------------------------------------------------ printing

    /** {@code extra_repr()}: the text inside this module's parentheses. */
    public String extraRepr() { return ""; }

    /** Prints the module tree as PyTorch does. */
    @Override public String toString() {
        Map<String, Module> kids = ownModules();
        String extra = extraRepr();
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        List<String> lines = new ArrayList<>();
        if (!extra.isEmpty()) lines.addAll(List.of(extra.split("\n")));
        for (var e : kids.entrySet())
            lines.add("(" + e.getKey() + "): " + e.getValue().toString().replace("\n", "\n  "));
        if (lines.isEmpty()) return sb.append(')').toString();
        if (kids.isEmpty() && lines.size() == 1) return sb.append(extra).append(')').toString();
        for (String l : lines) sb.append("\n  ").append(l);
        return sb.append("\n)").toString();
    }
}
