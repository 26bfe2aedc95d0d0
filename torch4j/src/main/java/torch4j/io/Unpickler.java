package torch4j.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;
import torch4j.nn.Parameter;

/**
 * A pickle virtual machine restricted as PyTorch's {@code torch.load(f, weights_only=True)}
 * ({@code torch/_weights_only_unpickler.py}): GLOBAL resolves names against a fixed allowlist (OrderedDict, the
 * {@code torch._utils._rebuild_*} functions, storage types, dtypes, torch.Size, torch.device, builtins.set), REDUCE
 * calls only those, NEWOBJ builds only nn.Parameter and BUILD applies only to tensors, parameters and
 * OrderedDicts. Nothing is looked up by reflection and nothing outside this file is called with values from the
 * pickle, so a hostile file can at worst be rejected.
 * <p>
 * Every length field is checked against the bytes left before anything is allocated, the machine is iterative
 * (no recursion, however deep the data nests), and dict keys and set elements must be scalars or flat tuples so
 * that hashing them cannot recurse either. Any malformed input throws {@link TorchException} naming the file.
 * <p>
 * Values: Python ints become Long (BigInteger past 64 bits), floats Double, str String, bytes byte[], None null,
 * list ArrayList, tuple an unmodifiable List, dict and OrderedDict LinkedHashMap (insertion order kept), set
 * LinkedHashSet, dtypes {@link DType}, torch.device {@link Device}, storages {@link StorageRef} (turned into
 * tensors by {@link #finish}).
 */
final class Unpickler {
    /** Maps a persistent id (a tuple such as {@code ('storage', torch.FloatStorage, '0', 'cpu', 6)}) to its storage. */
    @FunctionalInterface
    interface PersistentLoader {
        StorageRef load(Tuple pid);
    }

    /** A typed storage: {@code numel} elements of {@code storage} starting at {@code offset} (legacy storage views). */
    record StorageRef(CpuStorage storage, int offset, int numel) {
        DType dtype() { return storage.dtype(); }
    }

    /** What an allowed global stands for; a GLOBAL outside the allowlist never becomes one. */
    enum Kind {
        ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE,
        REBUILD_FROM_TYPE_V2, PARAMETER, TENSOR, SIZE, DEVICE, SET, FROZENSET, CODECS_ENCODE, STORAGE, UNSUPPORTED
    }

    /**
     * An allowed global. {@code dtype} is the element type of a storage class (null for storage types torch4j
     * lacks, such as complex or quantized ones); {@code reason} says why an UNSUPPORTED one cannot be loaded.
     */
    record Global(String module, String name, Kind kind, DType dtype, String reason) {
        String qualified() { return module + "." + name; }
    }

    /** A Python tuple: immutable to callers; {@link #finish} may replace its storages in place. */
    static final class Tuple extends AbstractList<Object> implements RandomAccess {
        static final Tuple EMPTY = new Tuple(new Object[0]);
        final Object[] items;

        Tuple(Object[] items) { this.items = items; }

        @Override public Object get(int i) { return items[i]; }

        @Override public int size() { return items.length; }
    }

    // ------------------------------------------------------------------ allowlist

    private static final Map<String, DType> STORAGES = Map.ofEntries(
            Map.entry("DoubleStorage", DType.FLOAT64), Map.entry("FloatStorage", DType.FLOAT32),
            Map.entry("HalfStorage", DType.FLOAT16), Map.entry("BFloat16Storage", DType.BFLOAT16),
            Map.entry("LongStorage", DType.INT64), Map.entry("IntStorage", DType.INT32),
            Map.entry("ShortStorage", DType.INT16), Map.entry("CharStorage", DType.INT8),
            Map.entry("ByteStorage", DType.UINT8), Map.entry("BoolStorage", DType.BOOL),
            // an untyped storage counts bytes; tensors rebuilt on it are uint8
            Map.entry("UntypedStorage", DType.UINT8), Map.entry("_UntypedStorage", DType.UINT8));
    private static final Set<String> OTHER_STORAGES = Set.of("ComplexFloatStorage", "ComplexDoubleStorage",
            "ComplexHalfStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage", "QUInt4x2Storage", "QUInt2x4Storage");
    private static final Map<String, DType> DTYPES = Map.ofEntries(
            Map.entry("float64", DType.FLOAT64), Map.entry("double", DType.FLOAT64),
            Map.entry("float32", DType.FLOAT32), Map.entry("float", DType.FLOAT32),
            Map.entry("float16", DType.FLOAT16), Map.entry("half", DType.FLOAT16),
            Map.entry("bfloat16", DType.BFLOAT16), Map.entry("int64", DType.INT64), Map.entry("long", DType.INT64),
            Map.entry("int32", DType.INT32), Map.entry("int", DType.INT32), Map.entry("int16", DType.INT16),
            Map.entry("short", DType.INT16), Map.entry("int8", DType.INT8), Map.entry("uint8", DType.UINT8),
            Map.entry("bool", DType.BOOL));
    private static final Set<String> OTHER_DTYPES = Set.of("complex32", "complex64", "complex128", "chalf", "cfloat",
            "cdouble", "quint8", "qint8", "qint32", "quint4x2", "quint2x4");
    private static final Map<String, String> UNSUPPORTED_FUNCTIONS = Map.of(
            "torch._utils._rebuild_sparse_tensor", "sparse tensors",
            "torch._utils._rebuild_sparse_csr_tensor", "sparse CSR tensors",
            "torch._utils._rebuild_meta_tensor_no_storage", "meta tensors",
            "torch._utils._rebuild_qtensor", "quantized tensors",
            "torch._utils._rebuild_wrapper_subclass", "tensor subclasses",
            "torch._utils._rebuild_device_tensor_from_numpy", "tensors saved from numpy",
            "torch._utils._rebuild_nested_tensor", "nested tensors",
            "torch.serialization._get_layout", "sparse tensors");

    /** The allowed global named {@code module.name}, or null. Names are compared as strings, never resolved. */
    static Global resolve(String module, String name) {
        String q = module + "." + name;
        Kind k = switch (q) {
            case "collections.OrderedDict" -> Kind.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2" -> Kind.REBUILD_TENSOR_V2;
            case "torch._utils._rebuild_tensor" -> Kind.REBUILD_TENSOR;
            case "torch._utils._rebuild_parameter" -> Kind.REBUILD_PARAMETER;
            case "torch._utils._rebuild_parameter_with_state" -> Kind.REBUILD_PARAMETER_WITH_STATE;
            case "torch._tensor._rebuild_from_type_v2" -> Kind.REBUILD_FROM_TYPE_V2;
            case "torch.nn.parameter.Parameter" -> Kind.PARAMETER;
            case "torch.Tensor" -> Kind.TENSOR;
            case "torch.Size" -> Kind.SIZE;
            case "torch.device" -> Kind.DEVICE;
            case "builtins.set", "__builtin__.set" -> Kind.SET;
            case "builtins.frozenset", "__builtin__.frozenset" -> Kind.FROZENSET;
            case "_codecs.encode" -> Kind.CODECS_ENCODE;
            default -> null;
        };
        if (k != null) return new Global(module, name, k, null, null);
        if (UNSUPPORTED_FUNCTIONS.containsKey(q)) return new Global(module, name, Kind.UNSUPPORTED, null, UNSUPPORTED_FUNCTIONS.get(q));
        if (module.equals("torch") || module.equals("torch.cuda")) {
            if (STORAGES.containsKey(name)) return new Global(module, name, Kind.STORAGE, STORAGES.get(name), null);
            if (OTHER_STORAGES.contains(name)) return new Global(module, name, Kind.STORAGE, null, null);
        }
        return null;
    }

    // ------------------------------------------------------------------ machine

    private static final int MAX_PROTOCOL = 5;

    private final byte[] buf;
    private final int end;
    private final String file;
    private final PersistentLoader loader;
    private int pos;
    private int opAt;
    private ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<ArrayList<Object>> metastack = new ArrayList<>();
    private final HashMap<Long, Object> memo = new HashMap<>();
    /** Dicts made by OrderedDict(): the only dicts BUILD may set attributes on, as in PyTorch. */
    private final Set<Object> orderedDicts = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Reads the pickle in {@code buf[start, end)}; persistent ids go to {@code loader} (none allowed when null). */
    Unpickler(byte[] buf, int start, int end, String file, PersistentLoader loader) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.file = file;
        this.loader = loader;
    }

    /** Where the reader stands: after {@link #load}, the first byte past STOP. */
    int position() { return pos; }

    private TorchException corrupt(String msg) {
        return new TorchException(file + ": corrupt pickle data at byte " + opAt + ": " + msg);
    }

    private TorchException unsafe(String msg) {
        return new TorchException(file + ": Weights only load failed. " + msg
                + ". torch4j loads only tensors, containers and plain values from a checkpoint and never runs code from it.");
    }

    private TorchException unsupported(String msg) { return new TorchException(file + ": " + msg); }

    /** Runs the pickle to its STOP and returns the object it built. */
    Object load() {
        try {
            return run();
        } catch (TorchException e) {
            throw e;
        } catch (RuntimeException e) {
            // a safety net: every path is meant to be checked, but a malformed file must never surface as another type
            throw corrupt(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private Object run() {
        while (true) {
            if (pos >= end) throw corrupt("the pickle ends without a STOP opcode (is the file truncated?)");
            opAt = pos;
            int op = buf[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> { // PROTO
                    int v = u8();
                    if (v > MAX_PROTOCOL) throw corrupt("unsupported pickle protocol: " + v);
                }
                case 0x95 -> { // FRAME: framing is only a buffering hint
                    long n = u64();
                    if (n < 0 || n > end - pos) throw corrupt("FRAME length " + Long.toUnsignedString(n) + " runs past the end of the data");
                }
                case '.' -> { // STOP
                    Object v = pop();
                    return v;
                }
                case '(' -> { // MARK
                    metastack.add(stack);
                    stack = new ArrayList<>();
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                // ---- constants
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) i32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | u8() << 8));
                case 0x8a -> push(decodeLong(u8()));
                case 0x8b -> {
                    int n = i32();
                    if (n < 0) throw corrupt("LONG4 byte count is negative");
                    push(decodeLong(n));
                }
                case 'G' -> push(Double.longBitsToDouble(bigEndianLong()));
                case 'X' -> push(utf8(length32()));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(length64()));
                // Python 2 str: PyTorch decodes it as text; latin-1 keeps every byte
                case 'T' -> push(new String(bytes(length32()), StandardCharsets.ISO_8859_1));
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(length32()));
                case 'C' -> push(bytes(u8()));
                case 0x8e, 0x96 -> push(bytes(length64()));
                // ---- containers
                case ')' -> push(Tuple.EMPTY);
                case 0x85 -> push(new Tuple(new Object[] {pop()}));
                case 0x86 -> {
                    Object b = pop(), a = pop();
                    push(new Tuple(new Object[] {a, b}));
                }
                case 0x87 -> {
                    Object c = pop(), b = pop(), a = pop();
                    push(new Tuple(new Object[] {a, b, c}));
                }
                case 't' -> push(new Tuple(popMark().toArray()));
                case ']' -> push(new ArrayList<>());
                case 'l' -> push(new ArrayList<>(popMark()));
                case '}' -> push(new LinkedHashMap<>());
                case 'd' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    setItems(m, items);
                    push(m);
                }
                case 0x8f -> push(new LinkedHashSet<>());
                case 0x91 -> { // FROZENSET
                    Set<Object> s = new LinkedHashSet<>();
                    for (Object x : popMark()) s.add(hashable(x));
                    push(Collections.unmodifiableSet(s));
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek(), "append to").add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek(), "extend").addAll(items);
                }
                case 's' -> {
                    Object v = pop(), k = pop();
                    setItems(dict(peek()), java.util.Arrays.asList(k, v));
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    setItems(dict(peek()), items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    if (!(peek() instanceof LinkedHashSet<?>)) throw unsafe("Can only add items to sets, but got " + typeName(peek()));
                    @SuppressWarnings("unchecked") Set<Object> s = (Set<Object>) peek();
                    for (Object x : items) s.add(hashable(x));
                }
                // ---- memo
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(u32());
                case 0x94 -> memoPut(memo.size());
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                // ---- the risky ones: only allowlisted names, callables and classes
                case 'c' -> {
                    String module = line(), name = line();
                    push(global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(), module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n))
                        throw corrupt("STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
                    push(global(m, n));
                }
                case 'i' -> { // INST
                    String module = line(), name = line();
                    global(module, name);
                    throw unsafe("Unsupported operand INST for " + module + "." + name);
                }
                case 'o' -> throw unsafe("Unsupported operand OBJ");
                case 0x82, 0x83, 0x84 -> throw unsafe("Unsupported operand EXT (copyreg extension registry)");
                case 'R' -> {
                    Object args = pop();
                    Object fn = peek();
                    if (!(fn instanceof Global g))
                        throw unsafe("Trying to call reduce for unrecognized function " + typeName(fn));
                    if (!(args instanceof Tuple t)) throw corrupt("REDUCE arguments are " + typeName(args) + ", not a tuple");
                    stack.set(stack.size() - 1, call(g, t));
                }
                case 0x81 -> { // NEWOBJ
                    Object args = pop();
                    Object cls = pop();
                    push(newObject(cls, args));
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop(), args = pop(), cls = pop();
                    if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty())
                        throw unsafe("Trying to instantiate " + typeName(cls) + " with keyword arguments");
                    push(newObject(cls, args));
                }
                case 'b' -> build();
                case 'Q' -> { // BINPERSID
                    Object pid = pop();
                    push(persistent(pid));
                }
                case 'P' -> throw unsafe("Unsupported operand PERSID (text persistent ids)");
                case 0x97, 0x98 -> throw unsafe("Unsupported operand " + (op == 0x97 ? "NEXT_BUFFER" : "READONLY_BUFFER")
                        + " (out-of-band buffers)");
                default -> throw corrupt("unsupported pickle opcode " + describeOp(op));
            }
        }
    }

    private String corruptPrefix() { return "corrupt pickle data at byte " + opAt + ": "; }

    private static String describeOp(int op) {
        return op >= 0x20 && op < 0x7f ? "'" + (char) op + "' (0x" + Integer.toHexString(op) + ")" : "0x" + Integer.toHexString(op);
    }

    // ------------------------------------------------------------------ reading bytes

    private void need(long n) {
        if (n < 0 || n > end - pos)
            throw corrupt("needs " + n + " more bytes but only " + (end - pos) + " are left (is the file truncated?)");
    }

    private int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    private int i32() {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long u32() { return i32() & 0xFFFFFFFFL; }

    private long u64() {
        long lo = u32(), hi = u32();
        return lo | hi << 32;
    }

    private long bigEndianLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = v << 8 | (buf[pos++] & 0xFF);
        return v;
    }

    private int length32() {
        long n = u32();
        need(n);
        return (int) n;
    }

    private int length64() {
        long n = u64();
        if (n < 0) throw corrupt("length " + Long.toUnsignedString(n) + " is larger than the data");
        need(n);
        return (int) n;
    }

    private byte[] bytes(int n) {
        need(n);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) {
        need(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw corrupt("a string is not valid UTF-8");
        }
    }

    /** A text line of GLOBAL/INST, without its newline. */
    private String line() {
        int from = pos;
        while (pos < end && buf[pos] != '\n') pos++;
        if (pos >= end) throw corrupt("a GLOBAL name runs past the end of the data (is the file truncated?)");
        String s = new String(buf, from, pos - from, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    /** LONG1/LONG4: n bytes of little-endian two's complement. */
    private Object decodeLong(int n) {
        need(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = buf[pos + n - 1 - i];
        pos += n;
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    // ------------------------------------------------------------------ stack and memo

    private void push(Object v) { stack.add(v); }

    private Object pop() {
        if (stack.isEmpty()) throw corrupt("unpickling stack underflow");
        return stack.removeLast();
    }

    private Object peek() {
        if (stack.isEmpty()) throw corrupt("unpickling stack underflow");
        return stack.getLast();
    }

    private List<Object> popMark() {
        if (metastack.isEmpty()) throw corrupt("could not find MARK");
        List<Object> items = stack;
        stack = metastack.removeLast();
        return items;
    }

    private void memoPut(long i) { memo.put(i, peek()); }

    private Object memoGet(long i) {
        if (!memo.containsKey(i)) throw corrupt("memo key " + i + " is not defined");
        return memo.get(i);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String what) {
        if (!(o instanceof ArrayList<?>)) throw unsafe("Can only " + what + " lists, but got " + typeName(o));
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (!(o instanceof LinkedHashMap<?, ?>)) throw unsafe("Can only set items of dicts, but got " + typeName(o));
        return (Map<Object, Object>) o;
    }

    private void setItems(Map<Object, Object> m, List<Object> items) {
        if (items.size() % 2 != 0) throw corrupt("SETITEMS needs key/value pairs, got an odd number of items");
        for (int i = 0; i < items.size(); i += 2) m.put(hashable(items.get(i)), items.get(i + 1));
    }

    /**
     * Dict keys and set elements: scalars, tensors (by identity) or tuples of scalars. Containers are refused so
     * that hashing never recurses through hostile nesting (Python refuses lists and dicts too).
     */
    private Object hashable(Object k) {
        if (k instanceof Tuple t) {
            for (Object x : t.items)
                if (!scalar(x)) throw unsupported(corruptPrefix() + "dict keys and set elements may only be tuples of numbers, strings, booleans or None");
            return k;
        }
        if (scalar(k) || k instanceof Tensor) return k;
        throw unsupported(corruptPrefix() + "unhashable type: " + typeName(k) + " used as a dict key or set element");
    }

    private static boolean scalar(Object x) {
        return x == null || x instanceof Long || x instanceof BigInteger || x instanceof Double || x instanceof String
                || x instanceof Boolean || x instanceof DType || x instanceof Device;
    }

    // ------------------------------------------------------------------ globals, calls, objects

    private Object global(String module, String name) {
        if (module.equals("torch")) {
            DType dt = DTYPES.get(name);
            if (dt != null) return dt;
            if (OTHER_DTYPES.contains(name)) throw unsupported("dtype torch." + name + " is not supported by torch4j");
        }
        Global g = resolve(module, name);
        if (g == null)
            throw unsafe("Unsupported global: GLOBAL " + module + "." + name + " was not an allowed global by default");
        return g;
    }

    private Object call(Global g, Tuple a) {
        return switch (g.kind()) {
            case ORDERED_DICT -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (a.size() > 1) throw arity(g, "0 or 1", a);
                if (a.size() == 1) {
                    if (a.get(0) instanceof Map<?, ?> src) for (var e : src.entrySet()) m.put(e.getKey(), e.getValue());
                    else if (a.get(0) instanceof List<?> pairs) {
                        for (Object p : pairs) {
                            if (!(p instanceof Tuple kv) || kv.size() != 2) throw corrupt("OrderedDict(...) needs (key, value) pairs");
                            m.put(hashable(kv.get(0)), kv.get(1));
                        }
                    } else throw corrupt("OrderedDict(...) needs a dict or a list of pairs, got " + typeName(a.get(0)));
                }
                orderedDicts.add(m);
                yield m;
            }
            case REBUILD_TENSOR_V2 -> {
                if (a.size() != 6 && a.size() != 7) throw arity(g, "6 or 7", a);
                if (a.size() == 7 && !empty(a.get(6)))
                    throw unsupported("tensor metadata (the 7th argument of _rebuild_tensor_v2) is not supported by torch4j");
                Tensor t = rebuildTensor(a.get(0), a.get(1), a.get(2), a.get(3));
                noHooks(a.get(5));
                if (bool(a.get(4), "requires_grad")) t.requiresGrad_(true);
                yield t;
            }
            case REBUILD_TENSOR -> {
                if (a.size() != 4) throw arity(g, "4", a);
                yield rebuildTensor(a.get(0), a.get(1), a.get(2), a.get(3));
            }
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                int n = g.kind() == Kind.REBUILD_PARAMETER ? 3 : 4;
                if (a.size() != n) throw arity(g, Integer.toString(n), a);
                if (!(a.get(0) instanceof Tensor data)) throw corrupt(g.name() + " needs a tensor, got " + typeName(a.get(0)));
                noHooks(a.get(2));
                if (n == 4 && !empty(a.get(3)))
                    throw unsupported("Python attributes on a Parameter (the state of _rebuild_parameter_with_state) are not supported by torch4j");
                yield new Parameter(data, bool(a.get(1), "requires_grad"));
            }
            case REBUILD_FROM_TYPE_V2 -> {
                // (func, new_type, args, state): a tensor subclass; only plain Tensor and Parameter are known here
                if (a.size() != 4) throw arity(g, "4", a);
                if (!(a.get(0) instanceof Global f)) throw unsafe("Trying to call reduce for unrecognized function " + typeName(a.get(0)));
                if (!(a.get(1) instanceof Global type) || (type.kind() != Kind.TENSOR && type.kind() != Kind.PARAMETER))
                    throw unsupported("tensor subclass " + typeName(a.get(1)) + " is not supported by torch4j");
                if (!(a.get(2) instanceof Tuple args)) throw corrupt("_rebuild_from_type_v2 arguments are not a tuple");
                if (!empty(a.get(3))) throw unsupported("Python attributes on a tensor are not supported by torch4j");
                Object r = call(f, args);
                if (!(r instanceof Tensor t)) throw corrupt("_rebuild_from_type_v2 did not rebuild a tensor");
                yield type.kind() == Kind.PARAMETER && !(t instanceof Parameter) ? new Parameter(t, t.requiresGrad()) : t;
            }
            case PARAMETER -> newObject(g, a);
            case SIZE -> {
                if (a.size() != 1 || !(a.get(0) instanceof List<?> dims)) throw corrupt("torch.Size(...) needs one tuple of ints");
                Object[] out = new Object[dims.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(dims.get(i) instanceof Long d)) throw corrupt("torch.Size(...) needs ints, got " + typeName(dims.get(i)));
                    out[i] = d;
                }
                yield new Tuple(out);
            }
            case DEVICE -> {
                try {
                    if (a.size() == 1 && a.get(0) instanceof String s) yield Device.parse(s);
                    if (a.size() == 2 && a.get(0) instanceof String s && a.get(1) instanceof Long i && i >= 0 && i < Integer.MAX_VALUE)
                        yield s.equals("cpu") ? Device.CPU : Device.parse(s + ":" + i);
                } catch (TorchException e) {
                    throw unsupported(e.getMessage());
                }
                throw corrupt("torch.device(...) needs a string and an optional index");
            }
            case SET, FROZENSET -> {
                Set<Object> s = new LinkedHashSet<>();
                if (a.size() > 1) throw arity(g, "0 or 1", a);
                if (a.size() == 1) {
                    if (!(a.get(0) instanceof List<?> items)) throw corrupt(g.name() + "(...) needs a list, got " + typeName(a.get(0)));
                    for (Object x : items) s.add(hashable(x));
                }
                yield g.kind() == Kind.SET ? s : Collections.unmodifiableSet(s);
            }
            case CODECS_ENCODE -> {
                // protocol 2 pickles bytes as _codecs.encode(text, 'latin1')
                if (a.size() != 2 || !(a.get(0) instanceof String s) || !(a.get(1) instanceof String enc)
                        || !(enc.equals("latin1") || enc.equals("latin-1")))
                    throw unsafe("_codecs.encode is allowed only as encode(str, 'latin1')");
                byte[] out = new byte[s.length()];
                for (int i = 0; i < out.length; i++) {
                    char c = s.charAt(i);
                    if (c > 0xFF) throw corrupt("_codecs.encode(..., 'latin1') of a character above U+00FF");
                    out[i] = (byte) c;
                }
                yield out;
            }
            case UNSUPPORTED -> throw unsupported(g.qualified() + " is allowed by PyTorch's weights_only loader but "
                    + g.reason() + " are not supported by torch4j");
            case TENSOR, STORAGE -> throw unsafe("Trying to call reduce for unrecognized function " + g.qualified());
        };
    }

    private Object newObject(Object cls, Object args) {
        if (!(cls instanceof Global g) || g.kind() != Kind.PARAMETER)
            throw unsafe("Trying to instantiate unsupported class " + typeName(cls));
        if (!(args instanceof Tuple a) || a.size() < 1 || a.size() > 2 || !(a.get(0) instanceof Tensor data))
            throw corrupt("Parameter(...) needs a tensor and an optional requires_grad");
        return new Parameter(data, a.size() < 2 || bool(a.get(1), "requires_grad"));
    }

    private void build() {
        Object state = pop();
        Object inst = peek();
        if (inst instanceof Map<?, ?> && orderedDicts.contains(inst)) {
            // attributes of an OrderedDict, such as a state dict's _metadata (version numbers per module): not kept
            if (state != null && !(state instanceof Map<?, ?>) && !(state instanceof Tuple))
                throw corrupt("BUILD state of an OrderedDict is " + typeName(state));
            return;
        }
        if (inst instanceof Tensor) {
            if (!empty(state)) throw unsupported("Python attributes on a tensor (BUILD state) are not supported by torch4j");
            return;
        }
        throw unsafe("Can only build Tensor, Parameter or OrderedDict objects, but got " + typeName(inst));
    }

    private Object persistent(Object pid) {
        if (!(pid instanceof Tuple t) || t.size() == 0)
            throw unsafe("persistent_load id must be a tuple, but got " + typeName(pid));
        if (!"storage".equals(t.get(0)))
            throw unsafe("Only persistent_load of storage is allowed, but got " + typeName(t.get(0))
                    + (t.get(0) instanceof String s ? " '" + s + "'" : ""));
        if (loader == null) throw corrupt("a storage reference where none is allowed");
        return loader.load(t);
    }

    private Tensor rebuildTensor(Object storage, Object offset, Object size, Object stride) {
        if (!(storage instanceof StorageRef s)) throw corrupt("a tensor is rebuilt from " + typeName(storage) + ", not a storage");
        long off = integer(offset, "storage_offset");
        int[] shape = ints(size, "size");
        int[] strides = ints(stride, "stride");
        if (shape.length != strides.length)
            throw corrupt("a tensor has " + shape.length + " sizes but " + strides.length + " strides");
        long numel = 1, last = off;
        try {
            for (int i = 0; i < shape.length; i++) {
                numel = Math.multiplyExact(numel, (long) shape[i]);
                if (shape[i] > 0) last = Math.addExact(last, Math.multiplyExact((long) shape[i] - 1, strides[i]));
            }
        } catch (ArithmeticException e) {
            throw corrupt("a tensor's size and strides overflow");
        }
        if (numel > Integer.MAX_VALUE - 8) throw unsupported("a tensor of " + numel + " elements is too large for one CPU tensor (at most 2^31)");
        if (off > s.numel() || (numel > 0 && last >= s.numel()))
            throw corrupt("a tensor of size " + java.util.Arrays.toString(shape) + ", stride " + java.util.Arrays.toString(strides)
                    + " and offset " + off + " reaches past the end of its storage of " + s.numel() + " elements");
        return Tensor.wrap(s.storage(), shape, strides, s.offset() + (int) off);
    }

    private long integer(Object o, String what) {
        if (!(o instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) throw corrupt("a tensor's " + what + " is " + show(o));
        return v;
    }

    private int[] ints(Object o, String what) {
        if (!(o instanceof List<?> l)) throw corrupt("a tensor's " + what + " is " + typeName(o));
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) integer(l.get(i), what);
        return out;
    }

    private boolean bool(Object o, String what) {
        if (!(o instanceof Boolean b)) throw corrupt(what + " is " + typeName(o) + ", not a bool");
        return b;
    }

    private void noHooks(Object hooks) {
        if (!empty(hooks)) throw unsupported("tensors with backward hooks are not supported by torch4j");
    }

    private static boolean empty(Object o) {
        return o == null || o instanceof Map<?, ?> m && m.isEmpty() || o instanceof Tuple t && t.size() == 0;
    }

    private TorchException arity(Global g, String expected, Tuple a) {
        return corrupt(g.qualified() + " takes " + expected + " arguments, got " + a.size());
    }

    private static String show(Object o) { return o instanceof Long || o instanceof Boolean ? String.valueOf(o) : typeName(o); }

    /** A Python-style type name for messages; values themselves are never printed (they could nest without end). */
    static String typeName(Object o) {
        return switch (o) {
            case null -> "NoneType";
            case Global g -> g.qualified();
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case Boolean b -> "bool";
            case byte[] b -> "bytes";
            case Tuple t -> "tuple";
            case Parameter p -> "torch.nn.parameter.Parameter";
            case Tensor t -> "torch.Tensor";
            case StorageRef s -> "storage";
            case DType d -> "torch.dtype";
            case Device d -> "torch.device";
            case ArrayList<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Set<?> s -> "set";
            default -> o.getClass().getSimpleName();
        };
    }

    // ------------------------------------------------------------------ results

    /**
     * Replaces what should not reach callers, without recursion: a bare storage becomes a 1-D tensor over it and an
     * uncalled global becomes its qualified name. Tuples stay unmodifiable lists.
     */
    static Object finish(Object root) {
        Object top = fix(root);
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> todo = new ArrayDeque<>();
        later(todo, top);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (seen.put(o, Boolean.TRUE) != null) continue;
            if (o instanceof Tuple t) {
                for (int i = 0; i < t.items.length; i++) later(todo, t.items[i] = fix(t.items[i]));
            } else if (o instanceof ArrayList<?> l) {
                @SuppressWarnings("unchecked") List<Object> list = (List<Object>) l;
                for (int i = 0; i < list.size(); i++) {
                    Object v = fix(list.get(i));
                    list.set(i, v);
                    later(todo, v);
                }
            } else if (o instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<Object, Object> map = (Map<Object, Object>) m;
                for (var e : map.entrySet()) {
                    Object v = fix(e.getValue());
                    e.setValue(v);
                    later(todo, v);
                }
            }
        }
        return top;
    }

    private static void later(ArrayDeque<Object> todo, Object v) {
        if (v instanceof List<?> || v instanceof Map<?, ?>) todo.push(v);
    }

    private static Object fix(Object o) {
        if (o instanceof StorageRef s) return Tensor.wrap(s.storage(), new int[] {s.numel()}, new int[] {1}, s.offset());
        if (o instanceof Global g) return g.qualified();
        return o;
    }
}
