package torch4j.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference cases computed by real PyTorch ({@code tools/gen_refs.py}), stored as JSON under
 * {@code src/test/resources/refs/<family>.json}; the format is documented at the top of that script.
 *
 * <pre>{@code
 * for (Refs.RefCase c : Refs.load("unary")) { ... c.op(), c.input(0).data(), c.output().shape() ... }
 * }</pre>
 *
 * <p>Families: {@link #FAMILIES}. Files are parsed once and cached.
 */
public final class Refs {
    /** The six reference families, one file each. */
    public static final List<String> FAMILIES = List.of("unary", "binary", "reduce", "linalg", "shape", "misc");

    private static final Map<String, List<RefCase>> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private Refs() {}

    /** All cases of a family ({@code "unary"}, ...), in file order. */
    public static List<RefCase> load(String family) {
        return CACHE.computeIfAbsent(family, Refs::read);
    }

    /** The PyTorch version that produced a family file. */
    public static String torchVersion(String family) {
        load(family);
        return VERSIONS.get(family);
    }

    /** The cases of a family whose op is {@code op}. */
    public static List<RefCase> byOp(String family, String op) {
        List<RefCase> out = new ArrayList<>();
        for (RefCase c : load(family)) if (c.op().equals(op)) out.add(c);
        return out;
    }

    /** The case with this id; throws if absent. */
    public static RefCase find(String family, String id) {
        for (RefCase c : load(family)) if (c.id().equals(id)) return c;
        throw new IllegalArgumentException("no reference case '" + id + "' in " + family);
    }

    @SuppressWarnings("unchecked")
    private static List<RefCase> read(String family) {
        String path = "/refs/" + family + ".json";
        Map<String, Object> root = (Map<String, Object>) Json.resource(path);
        VERSIONS.put(family, String.valueOf(root.get("torch_version")));
        List<Object> raw = (List<Object>) root.get("cases");
        List<RefCase> cases = new ArrayList<>(raw.size());
        for (Object o : raw) cases.add(RefCase.of(family, (Map<String, Object>) o));
        return Collections.unmodifiableList(cases);
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * One tensor: its dtype name ({@code "float32"}, {@code "float64"}, {@code "int64"}, {@code "bool"}), shape
     * ({@code []} for 0-dim) and flat row-major data. {@code data} is always filled (int64 as doubles, bool as 0/1;
     * NaN/inf decoded); {@code longData} is filled only for integer dtypes, {@code boolData} only for bool
     * (otherwise {@code null}).
     */
    public record RefTensor(String dtype, int[] shape, double[] data, long[] longData, boolean[] boolData) {
        public boolean isFloatingPoint() { return dtype.startsWith("float") || dtype.equals("bfloat16"); }
        public boolean isBool() { return dtype.equals("bool"); }
        public boolean isIntegral() { return longData != null; }
        public int dim() { return shape.length; }

        public long numel() {
            long n = 1;
            for (int s : shape) n *= s;
            return n;
        }

        /** The float32 view of data (exact: float32 values were written as exact doubles). */
        public float[] floatData() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
            return f;
        }

        @Override public String toString() {
            String d = isBool() ? Arrays.toString(boolData) : isIntegral() ? Arrays.toString(longData)
                    : Arrays.toString(data);
            if (d.length() > 300) d = d.substring(0, 300) + "...";
            return "RefTensor[" + dtype + " " + Arrays.toString(shape) + " " + d + "]";
        }

        @SuppressWarnings("unchecked")
        static RefTensor of(Map<String, Object> m) {
            String dtype = (String) m.get("dtype");
            List<Object> sh = (List<Object>) m.get("shape");
            int[] shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = Math.toIntExact((Long) sh.get(i));
            List<Object> raw = (List<Object>) m.get("data");
            int n = raw.size();
            double[] data = new double[n];
            long[] longData = null;
            boolean[] boolData = null;
            if (dtype.equals("bool")) {
                boolData = new boolean[n];
                for (int i = 0; i < n; i++) {
                    boolData[i] = (Boolean) raw.get(i);
                    data[i] = boolData[i] ? 1 : 0;
                }
            } else if (dtype.startsWith("float") || dtype.equals("bfloat16")) {
                for (int i = 0; i < n; i++) data[i] = toDouble(raw.get(i));
            } else {
                longData = new long[n];
                for (int i = 0; i < n; i++) {
                    longData[i] = (Long) raw.get(i);
                    data[i] = longData[i];
                }
            }
            return new RefTensor(dtype, shape, data, longData, boolData);
        }
    }

    /** A number that may be written as a string "nan", "inf", "-inf" ({@link Json#num}), or a bool as 0/1. */
    static double toDouble(Object o) { return o instanceof Boolean b ? (b ? 1 : 0) : Json.num(o); }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * One reference case. {@link #outputs()} always holds the results (one element for a single-output op,
     * see {@link #multiOutput()}); {@link #gradOutput()} is {@code null} when no input is differentiated, and then
     * {@link #grads()} is empty; otherwise grads has one entry per input, {@code null} for inputs not differentiated.
     */
    public record RefCase(String family, String id, String op, List<RefTensor> inputs, boolean[] requiresGrad,
                          Map<String, Object> args, List<RefTensor> outputs, boolean multiOutput,
                          RefTensor gradOutput, List<RefTensor> grads, String outputStr) {

        @SuppressWarnings("unchecked")
        static RefCase of(String family, Map<String, Object> m) {
            List<RefTensor> inputs = new ArrayList<>();
            List<Object> rawIn = (List<Object>) m.getOrDefault("inputs", List.of());
            boolean[] rg = new boolean[rawIn.size()];
            for (int i = 0; i < rawIn.size(); i++) {
                Map<String, Object> t = (Map<String, Object>) rawIn.get(i);
                inputs.add(RefTensor.of(t));
                rg[i] = Boolean.TRUE.equals(t.get("requires_grad"));
            }
            List<RefTensor> outputs = new ArrayList<>();
            boolean multi = m.containsKey("outputs");
            if (multi) {
                for (Object o : (List<Object>) m.get("outputs")) outputs.add(RefTensor.of((Map<String, Object>) o));
            } else if (m.get("output") != null) {
                outputs.add(RefTensor.of((Map<String, Object>) m.get("output")));
            }
            RefTensor gout = m.get("grad_output") == null ? null
                    : RefTensor.of((Map<String, Object>) m.get("grad_output"));
            List<RefTensor> grads = new ArrayList<>();
            if (m.get("grads") != null) {
                for (Object g : (List<Object>) m.get("grads")) {
                    grads.add(g == null ? null : RefTensor.of((Map<String, Object>) g));
                }
            }
            Map<String, Object> args = m.get("args") == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) m.get("args")));
            return new RefCase(family, (String) m.get("id"), (String) m.get("op"),
                    Collections.unmodifiableList(inputs), rg, args, Collections.unmodifiableList(outputs), multi,
                    gout, Collections.unmodifiableList(grads), (String) m.get("output_str"));
        }

        public RefTensor input(int i) { return inputs.get(i); }

        public int numInputs() { return inputs.size(); }

        /** Whether input i is differentiated in this case (its "requires_grad" flag). */
        public boolean requiresGrad(int i) { return requiresGrad[i]; }

        /** The single output; throws for multi-output cases. */
        public RefTensor output() {
            if (multiOutput || outputs.size() != 1) {
                throw new IllegalStateException(id + ": has " + outputs.size() + " outputs, use outputs()");
            }
            return outputs.get(0);
        }

        public RefTensor output(int i) { return outputs.get(i); }

        public boolean hasGrads() { return gradOutput != null; }

        /** Gradient w.r.t. input i, or null when input i is not differentiated (or the case has no grads). */
        public RefTensor grad(int i) { return grads.isEmpty() ? null : grads.get(i); }

        // ---- args ------------------------------------------------------------------------------------------

        public boolean hasArg(String name) { return args.containsKey(name); }

        /** The raw JSON value (Long, Double, Boolean, String, List or null). */
        public Object arg(String name) { return args.get(name); }

        /** True when the arg was written as a JSON integer (a Python int, which matters for type promotion). */
        public boolean argIsInteger(String name) { return args.get(name) instanceof Long; }

        public int intArg(String name) { return Math.toIntExact(longArg(name)); }

        public int intArg(String name, int dflt) { return hasArg(name) ? intArg(name) : dflt; }

        public long longArg(String name) {
            Object o = require(name);
            if (o instanceof Long l) return l;
            if (o instanceof Boolean b) return b ? 1 : 0;
            if (o instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return d.longValue();
            throw new IllegalArgumentException(id + ": arg '" + name + "' is not an integer: " + o);
        }

        /** A number arg; accepts integers and the strings "inf", "-inf", "nan". */
        public double doubleArg(String name) { return toDouble(require(name)); }

        public double doubleArg(String name, double dflt) { return hasArg(name) ? doubleArg(name) : dflt; }

        public boolean boolArg(String name) {
            Object o = require(name);
            if (o instanceof Boolean b) return b;
            throw new IllegalArgumentException(id + ": arg '" + name + "' is not a boolean: " + o);
        }

        public boolean boolArg(String name, boolean dflt) { return hasArg(name) ? boolArg(name) : dflt; }

        public String stringArg(String name) {
            Object o = require(name);
            if (o instanceof String s) return s;
            throw new IllegalArgumentException(id + ": arg '" + name + "' is not a string: " + o);
        }

        public String stringArg(String name, String dflt) {
            return hasArg(name) && args.get(name) != null ? stringArg(name) : dflt;
        }

        /** True when the arg is a string that is not a number spelling ("fro", "nuc", "floor", ...). */
        public boolean argIsString(String name) {
            Object o = args.get(name);
            return o instanceof String s && !s.equals("inf") && !s.equals("-inf") && !s.equals("nan");
        }

        /** An int-list arg; a single integer is returned as a one-element array. */
        @SuppressWarnings("unchecked")
        public int[] intList(String name) {
            Object o = require(name);
            if (o instanceof List<?> l) {
                int[] out = new int[l.size()];
                for (int i = 0; i < out.length; i++) out[i] = Math.toIntExact((Long) l.get(i));
                return out;
            }
            return new int[] {intArg(name)};
        }

        public long[] longList(String name) {
            int[] v = intList(name);
            long[] out = new long[v.length];
            for (int i = 0; i < v.length; i++) out[i] = v[i];
            return out;
        }

        /** True when the arg is a JSON list (e.g. a tuple of dims rather than one dim). */
        public boolean argIsList(String name) { return args.get(name) instanceof List<?>; }

        private Object require(String name) {
            if (!args.containsKey(name)) throw new IllegalArgumentException(id + ": no arg '" + name + "' in " + args);
            Object o = args.get(name);
            if (o == null) throw new IllegalArgumentException(id + ": arg '" + name + "' is null");
            return o;
        }

        @Override public boolean equals(Object o) {
            return o instanceof RefCase c && c.family.equals(family) && c.id.equals(id);
        }

        @Override public int hashCode() { return Objects.hash(family, id); }

        @Override public String toString() { return family + ":" + id; }
    }
}
