package torch4j.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import torch4j.Tensor;
import torch4j.TorchException;

/**
 * What {@code Torch.save} and {@code Torch.load} do; call those. Checkpoints are safetensors files:
 * <ul>
 * <li>a {@code Map<String, Tensor>} (a module's {@code stateDict()}) is stored as a plain safetensors file whose
 * tensor names are the keys (with {@code __metadata__ {"format": "pt"}}), readable by Python's
 * {@code safetensors.torch.load_file};</li>
 * <li>anything else (a tensor, an optimizer's state dict, nested maps and lists of tensors, numbers, strings,
 * booleans and nulls) is stored as JSON in {@code __metadata__["torch4j.object"]}, each tensor replaced by
 * {@code {"__tensor__": name}} and stored as the safetensors entry {@code name} (its path in the structure, such as
 * {@code state.0.momentum_buffer}).</li>
 * </ul>
 * Java types survive the trip: Integer, Long, Short, Byte, Double, Float, Boolean, String and null come back as
 * the same types, maps (whatever their key types) as LinkedHashMap in the same order, lists as ArrayList.
 * A JSON written by another tool reads integers as Integer when they fit and Long otherwise.
 */
public final class Checkpoint {
    static final String OBJECT_KEY = "torch4j.object";
    static final String VERSION_KEY = "torch4j.version";
    static final String VERSION = "1";
    private static final String TENSOR = "__tensor__", INT64 = "__int64__", INT16 = "__int16__", INT8 = "__int8__",
            FLOAT32 = "__float32__", FLOAT64 = "__float64__", MAP = "__map__";
    /** A JSON object with exactly one of these keys encodes a value JSON cannot hold directly. */
    private static final Set<String> TAGS = Set.of(TENSOR, INT64, INT16, INT8, FLOAT32, FLOAT64, MAP);

    static final int MAX_NESTING = (Json.MAX_DEPTH - 2) / 3;

    private Checkpoint() {}

    /** Same as torch.save(obj, f), in the safetensors-based format described above. */
    public static void save(Object obj, Path path) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        Map<String, Tensor> plain = asStateDict(obj);
        if (plain != null) {
            Safetensors.saveFile(plain, path, md);
            return;
        }
        Encoder enc = new Encoder();
        Object tree = enc.encode(obj, "");
        md.put(VERSION_KEY, VERSION);
        try {
            md.put(OBJECT_KEY, Json.write(tree));
        } catch (IllegalArgumentException e) {
            throw new TorchException("Torch.save: cannot save this object: " + e.getMessage());
        }
        Safetensors.saveFile(enc.tensors, path, md);
    }

    /** Same as torch.load(f): what {@link #save} wrote; a plain safetensors file loads as a Map of its tensors. */
    public static Object load(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            String text = f.metadata().get(OBJECT_KEY);
            if (text == null) return f.getAll();
            String version = f.metadata().get(VERSION_KEY);
            if (version != null && !version.equals(VERSION))
                throw new TorchException(path + ": checkpoint format version " + Json.quote(version)
                        + " is not supported (this torch4j reads version " + VERSION + ")");
            Object tree;
            try {
                tree = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TorchException(path + ": corrupt checkpoint: " + OBJECT_KEY + " is not valid JSON: " + e.getMessage());
            }
            return new Decoder(f, path.toString()).decode(tree);
        }
    }

    /** {@link #load}, checked to be a state dict (a map of names to tensors). */
    public static Map<String, Tensor> loadStateDict(Path path) {
        Object o = load(path);
        Map<String, Tensor> sd = asStateDict(o);
        if (sd == null)
            throw new TorchException(path + ": holds " + describe(o) + ", not a state dict (a map of names to tensors)");
        return sd;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> asStateDict(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        for (var e : m.entrySet())
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof Tensor)) return null;
        return (Map<String, Tensor>) m;
    }

    private static String describe(Object o) {
        return switch (o) {
            case null -> "null";
            case Tensor t -> "a tensor";
            case Map<?, ?> m -> "a map that is not all String keys and Tensor values";
            case List<?> l -> "a list";
            default -> "a " + o.getClass().getSimpleName();
        };
    }

    // ------------------------------------------------------------------ encoding

    private static final class Encoder {
        final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final IdentityHashMap<Object, Boolean> onPath = new IdentityHashMap<>();

        Object encode(Object v, String path) {
            return switch (v) {
                case null -> null;
                case String s -> s;
                case Boolean b -> b;
                case Integer i -> i;
                case Long l -> tag(INT64, l);
                case Short s -> tag(INT16, (long) s);
                case Byte b -> tag(INT8, (long) b);
                case Double d -> Double.isFinite(d) ? d : tag(FLOAT64, nonFinite(d));
                // widened exactly, so the float comes back bit for bit
                case Float f -> tag(FLOAT32, Float.isFinite(f) ? (Object) (double) f : nonFinite(f));
                case Tensor t -> tag(TENSOR, name(path, t));
                case Map<?, ?> m -> container(m, () -> map(m, path));
                case List<?> l -> container(l, () -> {
                    List<Object> out = new ArrayList<>(l.size());
                    for (int i = 0; i < l.size(); i++) out.add(encode(l.get(i), child(path, Integer.toString(i))));
                    return out;
                });
                default -> throw new TorchException("Torch.save: cannot save a " + v.getClass().getName() + " at "
                        + where(path) + " (supported: Tensor, Map, List, String, Boolean, Integer, Long, Short, Byte, Double, Float, null)");
            };
        }

        private Object container(Object c, java.util.function.Supplier<Object> body) {
            if (onPath.put(c, Boolean.TRUE) != null) throw new TorchException("Torch.save: the object contains itself");
            // each level can take three JSON levels ({"__map__": [[k, v]]}); the reader accepts Json.MAX_DEPTH
            if (onPath.size() > MAX_NESTING) {
                onPath.remove(c);
                throw new TorchException("Torch.save: the object is nested more than " + MAX_NESTING + " levels deep");
            }
            try {
                return body.get();
            } finally {
                onPath.remove(c);
            }
        }

        private Object map(Map<?, ?> m, String path) {
            boolean plain = true;
            for (Object k : m.keySet()) if (!(k instanceof String)) plain = false;
            if (plain && m.size() == 1 && TAGS.contains((String) m.keySet().iterator().next())) plain = false;
            if (plain) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (var e : m.entrySet()) out.put((String) e.getKey(), encode(e.getValue(), child(path, (String) e.getKey())));
                return out;
            }
            List<Object> pairs = new ArrayList<>();
            for (var e : m.entrySet()) {
                Object k = e.getKey();
                if (k != null && !(k instanceof String || k instanceof Number || k instanceof Boolean))
                    throw new TorchException("Torch.save: cannot save a map key of type " + k.getClass().getName() + " at " + where(path));
                // Arrays.asList: a null key or value is legal here
                pairs.add(java.util.Arrays.asList(encode(k, path), encode(e.getValue(), child(path, String.valueOf(k)))));
            }
            return tag(MAP, pairs);
        }

        private String name(String path, Tensor t) {
            String base = path.isEmpty() ? "tensor" : path;
            String n = base;
            for (int i = 2; tensors.containsKey(n) || n.equals("__metadata__"); i++) n = base + "#" + i;
            tensors.put(n, t); // the writer reads values only, so detaching is unnecessary
            return n;
        }
    }

    private static String child(String path, String key) { return path.isEmpty() ? key : path + "." + key; }

    private static String where(String path) { return path.isEmpty() ? "the top level" : Json.quote(path); }

    private static Map<String, Object> tag(String tag, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(tag, v);
        return m;
    }

    private static String nonFinite(double d) { return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"; }

    // ------------------------------------------------------------------ decoding

    private static final class Decoder {
        private final SafetensorsFile file;
        private final String name;
        private final Map<String, Tensor> loaded = new LinkedHashMap<>();

        Decoder(SafetensorsFile file, String name) {
            this.file = file;
            this.name = name;
        }

        private TorchException corrupt(String msg) { return new TorchException(name + ": corrupt checkpoint: " + msg); }

        Object decode(Object v) {
            return switch (v) {
                case null -> null;
                case String s -> s;
                case Boolean b -> b;
                case Long l -> l == (int) (long) l ? (Object) (int) (long) l : l;
                case Double d -> d;
                case List<?> l -> {
                    List<Object> out = new ArrayList<>(l.size());
                    for (Object x : l) out.add(decode(x));
                    yield out;
                }
                case Map<?, ?> m -> {
                    if (m.size() == 1 && TAGS.contains((String) m.keySet().iterator().next())) {
                        var e = m.entrySet().iterator().next();
                        yield tagged((String) e.getKey(), e.getValue());
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (var e : m.entrySet()) out.put((String) e.getKey(), decode(e.getValue()));
                    yield out;
                }
                default -> throw corrupt("unexpected JSON value " + v);
            };
        }

        private Object tagged(String tag, Object v) {
            switch (tag) {
                case TENSOR -> {
                    if (!(v instanceof String t)) throw corrupt("a tensor reference is not a string: " + v);
                    if (!file.containsKey(t)) throw corrupt("it refers to tensor " + Json.quote(t) + ", which the file does not hold");
                    return loaded.computeIfAbsent(t, file::getTensor);
                }
                case INT64 -> {
                    if (!(v instanceof Long l)) throw corrupt("bad " + INT64 + " value " + v);
                    return l;
                }
                case INT16, INT8 -> {
                    long lo = tag.equals(INT16) ? Short.MIN_VALUE : Byte.MIN_VALUE, hi = tag.equals(INT16) ? Short.MAX_VALUE : Byte.MAX_VALUE;
                    if (!(v instanceof Long l) || l < lo || l > hi) throw corrupt("bad " + tag + " value " + v);
                    return tag.equals(INT16) ? (Object) (short) (long) l : (Object) (byte) (long) l;
                }
                case FLOAT32, FLOAT64 -> {
                    double d;
                    if (v instanceof Double x) d = x;
                    else if (v instanceof Long x && tag.equals(FLOAT32)) d = x;
                    else if ("NaN".equals(v)) d = Double.NaN;
                    else if ("Infinity".equals(v)) d = Double.POSITIVE_INFINITY;
                    else if ("-Infinity".equals(v)) d = Double.NEGATIVE_INFINITY;
                    else throw corrupt("bad " + tag + " value " + v);
                    return tag.equals(FLOAT32) ? (Object) (float) d : (Object) d;
                }
                case MAP -> {
                    if (!(v instanceof List<?> pairs)) throw corrupt(MAP + " must hold a list of [key, value] pairs");
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (Object p : pairs) {
                        if (!(p instanceof List<?> kv) || kv.size() != 2) throw corrupt(MAP + " must hold a list of [key, value] pairs");
                        Object k = decode(kv.get(0));
                        if (k instanceof Tensor || k instanceof Map || k instanceof List) throw corrupt("a map key must be a string, number, boolean or null");
                        if (out.containsKey(k)) throw corrupt("duplicate map key " + k);
                        out.put(k, decode(kv.get(1)));
                    }
                    return out;
                }
                default -> throw new AssertionError(tag);
            }
        }
    }
}
