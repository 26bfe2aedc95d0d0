package torch4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;
import torch4j.backend.Storage;
import torch4j.io.Unpickler.Global;
import torch4j.io.Unpickler.StorageRef;
import torch4j.io.Unpickler.Tuple;
import torch4j.nn.Parameter;

/**
 * PyTorch's own checkpoint format ({@code .pt}/{@code .pth} files of {@code torch.save}), read and written without
 * Python. {@link torch4j.Torch#save Torch.save} keeps writing safetensors; this class is for exchanging files with
 * PyTorch.
 * <p>
 * Reading is safe by design: it accepts exactly what {@code torch.load(f, weights_only=True)} accepts (tensors,
 * dicts, OrderedDicts, lists, tuples, sets, numbers, strings, None, dtypes, devices, torch.Size) and rejects any
 * other global ({@code os.system}, {@code builtins.eval}, a model class…) with "Unsupported global: GLOBAL os.system
 * was not an allowed global by default" before anything is built; nothing from the file is ever executed or looked
 * up by reflection. Both formats are read: the zip archive of PyTorch 1.6 and later ({@code <name>/data.pkl}, one
 * {@code <name>/data/<key>} entry per storage, an optional {@code byteorder}) and the older stream written with
 * {@code _use_new_zipfile_serialization=False} (magic number, protocol version and system-info pickles, the object
 * pickle, then the storages). The tar format of PyTorch before 0.4 is not.
 * <p>
 * What comes back: Python dicts and OrderedDicts as LinkedHashMap in file order (keys are String, Long… as in the
 * file, so an optimizer's {@code state} has Long keys), lists as ArrayList, tuples and torch.Size as unmodifiable
 * Lists, ints as Long (BigInteger past 64 bits), floats as Double, bool, str, bytes as byte[], None as null,
 * dtypes as {@link DType}, devices as {@link torch4j.Device}. Tensors come back on the CPU with their saved sizes,
 * strides and storage offset, and tensors that shared a storage in PyTorch share one here (writes through one
 * show in the other); {@code requires_grad} is restored. An {@code nn.Parameter} (from
 * {@code torch._utils._rebuild_parameter}) comes back as a {@link Parameter}, a plain tensor as a Tensor; both
 * are Tensors. Errors throw {@link TorchException} naming the file; I/O failures throw {@link UncheckedIOException}.
 * <pre>{@code
 * model.loadStateDict(PtFile.loadStateDict(Path.of("resnet18.pth")));
 * PtFile.save(model.stateDict(), Path.of("model.pt"));   // torch.load("model.pt", weights_only=True) in Python
 * }</pre>
 */
public final class PtFile {
    /** The magic number that opens a legacy (non-zip) torch.save stream. */
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private PtFile() {}

    // ------------------------------------------------------------------ public API

    /** Same as torch.load(f, map_location="cpu", weights_only=True): the object a PyTorch checkpoint holds. */
    public static Object load(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return load(PtZip.of(ch), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Same as torch.load(io.BytesIO(data), weights_only=True): the object held by the bytes of a checkpoint. */
    public static Object load(byte[] data) { return load(PtZip.of(data), "<bytes>"); }

    /** {@link #load}, checked to be a state dict (a dict of names to tensors), as {@code module.load_state_dict} needs. */
    public static Map<String, Tensor> loadStateDict(Path path) { return asStateDict(load(path), path.toString()); }

    /**
     * Same as torch.save(state_dict, f) in PyTorch 1.13: writes a zip-format checkpoint holding an OrderedDict of
     * the tensors, which {@code torch.load(f, weights_only=True)} opens. Tensors keep their sizes, strides and
     * storage offset and each storage is written once, whole, as PyTorch does, so views of one storage stay views
     * of one storage (a small view of a large tensor writes the large storage: save a {@code clone()} to avoid
     * that). A {@link Parameter} is saved as an nn.Parameter; {@code requires_grad} is kept. The write is atomic.
     */
    public static void save(Map<String, Tensor> stateDict, Path path) {
        Plan plan = plan(stateDict);
        Safetensors.writeAtomically(path, out -> plan.write(out, false));
    }

    /** The bytes {@link #save(Map, Path)} would write. */
    public static byte[] save(Map<String, Tensor> stateDict) { return save(stateDict, false); }

    static byte[] save(Map<String, Tensor> stateDict, boolean forceZip64) {
        Plan plan = plan(stateDict);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            plan.write(out, forceZip64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Tensor> asStateDict(Object o, String file) {
        if (o instanceof Map<?, ?> m) {
            boolean ok = true;
            for (var e : m.entrySet()) ok &= e.getKey() instanceof String && e.getValue() instanceof Tensor;
            if (ok) return (Map<String, Tensor>) m;
            List<String> keys = new ArrayList<>();
            for (Object k : m.keySet()) {
                if (keys.size() == 10) {
                    keys.add("...");
                    break;
                }
                keys.add(k instanceof String s ? Json.quote(s) : String.valueOf(k));
            }
            throw new TorchException(file + ": holds a dict that is not a state dict (string keys to tensors); its keys are "
                    + keys + " (a training checkpoint? take the model's entry from PtFile.load)");
        }
        throw new TorchException(file + ": holds a " + Unpickler.typeName(o) + ", not a state dict (a dict of names to tensors)");
    }

    // ------------------------------------------------------------------ reading

    static Object load(PtZip.Source src, String name) {
        long size = src.size();
        byte[] head = new byte[(int) Math.min(size, 512)];
        try {
            src.read(0, head, 0, head.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) return loadZip(PtZip.open(src, name));
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar"))
            throw new TorchException(name + ": this is a tar-format checkpoint (PyTorch before 0.4), which is not supported; "
                    + "load it in PyTorch and save it again with torch.save");
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80) return loadLegacy(src, name);
        throw new TorchException(name + ": not a PyTorch checkpoint (neither a zip archive nor a legacy torch.save stream)");
    }

    private static Object loadZip(PtZip zip) {
        Map<String, PtZip.Entry> entries = zip.entries();
        String prefix = null;
        for (String n : entries.keySet()) {
            int slash = n.indexOf('/');
            if (slash > 0 && n.substring(slash).equals("/data.pkl")) {
                // PyTorch takes the archive name from the first entry; prefer that directory when several qualify
                String p = n.substring(0, slash + 1);
                String first = entries.keySet().iterator().next();
                if (prefix == null || first.startsWith(p)) prefix = p;
            }
        }
        if (prefix == null) {
            boolean script = entries.keySet().stream().anyMatch(n -> n.endsWith("/constants.pkl") || n.contains("/code/"));
            throw new TorchException(zip.file + ": " + (script ? "this is a TorchScript archive (torch.jit.save), which is not supported"
                    : "not a torch.save archive: it has no <name>/data.pkl entry"));
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        PtZip.Entry bo = entries.get(prefix + "byteorder");
        if (bo != null) {
            String s = new String(zip.readAll(bo, 64), StandardCharsets.US_ASCII).trim();
            if (s.equals("big")) order = ByteOrder.BIG_ENDIAN;
            else if (!s.equals("little")) throw new TorchException(zip.file + ": unknown byteorder " + Json.quote(s));
        }
        byte[] pkl = zip.readAll(entries.get(prefix + "data.pkl"), MAX_ARRAY);
        String dataDir = prefix + "data/";
        ByteOrder o = order;
        Map<String, StorageRef> storages = new HashMap<>();
        Unpickler u = new Unpickler(pkl, 0, pkl.length, zip.file, pid -> {
            if (pid.size() != 5) throw new TorchException(zip.file + ": a storage's persistent id has " + pid.size() + " fields, not 5");
            DType dt = storageType(pid.get(1), zip.file);
            String key = key(pid.get(2), zip.file);
            long numel = numel(pid.get(4), zip.file);
            StorageRef known = storages.get(key);
            if (known != null) return sameStorage(known, dt, numel, key, zip.file);
            PtZip.Entry e = entries.get(dataDir + key);
            if (e == null) throw new TorchException(zip.file + ": the archive has no entry " + dataDir + key + " for storage " + Json.quote(key));
            long bytes = numel * dt.itemSize();
            if (e.size() != bytes)
                throw new TorchException(zip.file + ": storage " + Json.quote(key) + " should hold " + numel + " " + dt + " elements ("
                        + bytes + " bytes) but its entry has " + e.size() + " bytes");
            CpuStorage s = CpuStorage.allocate(dt, (int) numel);
            try (InputStream in = zip.open(e)) {
                fill(in, s, o, zip.file, key);
                if (in.read() >= 0) throw new TorchException(zip.file + ": storage " + Json.quote(key) + " has trailing bytes");
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + zip.file + ": " + ex.getMessage(), ex);
            }
            StorageRef r = new StorageRef(s, 0, (int) numel);
            storages.put(key, r);
            return r;
        });
        return Unpickler.finish(u.load());
    }

    private static Object loadLegacy(PtZip.Source src, String name) {
        long size = src.size();
        if (size > MAX_ARRAY) throw new TorchException(name + ": legacy-format checkpoints over 2 GiB are not supported");
        byte[] all = new byte[(int) size];
        try {
            src.read(0, all, 0, all.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        Unpickler magic = new Unpickler(all, 0, all.length, name, null);
        if (!MAGIC.equals(magic.load()))
            throw new TorchException(name + ": not a PyTorch checkpoint (a pickle without torch.save's magic number)");
        Unpickler proto = new Unpickler(all, magic.position(), all.length, name, null);
        Object version = proto.load();
        if (!(version instanceof Long v) || v != LEGACY_PROTOCOL)
            throw new TorchException(name + ": invalid protocol version " + (version instanceof Long ? version : Unpickler.typeName(version))
                    + " (legacy torch.save files have " + LEGACY_PROTOCOL + ")");
        Unpickler info = new Unpickler(all, proto.position(), all.length, name, null);
        Object sys = info.load();
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (sys instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) order = ByteOrder.BIG_ENDIAN;
        Map<String, StorageRef> roots = new LinkedHashMap<>();
        Map<String, StorageRef> views = new HashMap<>();
        long[] allocated = {0};
        Unpickler main = new Unpickler(all, info.position(), all.length, name, pid -> {
            if (pid.size() != 6) throw new TorchException(name + ": a storage's persistent id has " + pid.size() + " fields, not 6");
            DType dt = storageType(pid.get(1), name);
            String key = key(pid.get(2), name);
            long numel = numel(pid.get(4), name);
            StorageRef root = roots.get(key);
            if (root != null) sameStorage(root, dt, numel, key, name);
            else {
                // the data follows in this file, so a storage larger than what is left of it cannot be real
                allocated[0] += numel * dt.itemSize();
                if (allocated[0] > size)
                    throw new TorchException(name + ": storage " + Json.quote(key) + " of " + numel + " elements does not fit in the file (is it truncated?)");
                root = new StorageRef(CpuStorage.allocate(dt, (int) numel), 0, (int) numel);
                roots.put(key, root);
            }
            Object view = pid.get(5);
            if (view == null) return root;
            if (!(view instanceof Tuple t) || t.size() != 3 || !(t.get(0) instanceof String viewKey)
                    || !(t.get(1) instanceof Long off) || !(t.get(2) instanceof Long len) || off < 0 || len < 0 || off + len > root.numel())
                throw new TorchException(name + ": storage " + Json.quote(key) + " has an invalid view " + Unpickler.typeName(view));
            StorageRef r = views.get(viewKey);
            if (r == null) views.put(viewKey, r = new StorageRef(root.storage(), root.offset() + (int) (long) off, (int) (long) len));
            else if (r.storage() != root.storage()) throw new TorchException(name + ": storage view " + Json.quote(viewKey) + " names two storages");
            return r;
        });
        Object root = main.load();
        Unpickler keysPickle = new Unpickler(all, main.position(), all.length, name, null);
        Object keys = keysPickle.load();
        if (!(keys instanceof List<?> list)) throw new TorchException(name + ": the storage key list is a " + Unpickler.typeName(keys));
        int at = keysPickle.position();
        ValueLayout.OfLong sizeLayout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
        for (Object k : list) {
            StorageRef r = k instanceof String s ? roots.get(s) : null;
            if (r == null) throw new TorchException(name + ": the file holds data for storage " + (k instanceof String s ? Json.quote(s) : Unpickler.typeName(k))
                    + ", which no tensor uses");
            if (all.length - at < 8) throw new TorchException(name + ": unexpected end of file in the storage data (is it truncated?)");
            long n = MemorySegment.ofArray(all).get(sizeLayout, at);
            at += 8;
            if (n != r.numel())
                throw new TorchException(name + ": storage " + Json.quote((String) k) + " has " + n + " elements in the data but " + r.numel() + " in the pickle");
            long bytes = n * r.dtype().itemSize();
            if (all.length - at < bytes) throw new TorchException(name + ": unexpected end of file in storage " + Json.quote((String) k) + " (is it truncated?)");
            try {
                fill(new java.io.ByteArrayInputStream(all, at, (int) bytes), r.storage(), order, name, (String) k);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            at += (int) bytes;
        }
        if (list.size() != roots.size()) throw new TorchException(name + ": " + (roots.size() - list.size()) + " storages have no data in the file");
        return Unpickler.finish(root);
    }

    private static DType storageType(Object type, String file) {
        if (!(type instanceof Global g) || g.kind() != Unpickler.Kind.STORAGE)
            throw new TorchException(file + ": a storage's type is " + Unpickler.typeName(type) + ", not a storage class");
        if (g.dtype() == null) throw new TorchException(file + ": " + g.qualified() + " is not supported by torch4j (no complex or quantized dtypes)");
        return g.dtype();
    }

    private static String key(Object key, String file) {
        if (!(key instanceof String s)) throw new TorchException(file + ": a storage key is a " + Unpickler.typeName(key) + ", not a str");
        return s;
    }

    private static long numel(Object n, String file) {
        if (!(n instanceof Long v) || v < 0) throw new TorchException(file + ": a storage size is " + Unpickler.typeName(n) + " " + (n instanceof Long ? n : ""));
        if (v > MAX_ARRAY) throw new TorchException(file + ": a storage of " + v + " elements is too large for one CPU storage (at most 2^31)");
        return v;
    }

    private static StorageRef sameStorage(StorageRef known, DType dt, long numel, String key, String file) {
        if (known.dtype() != dt)
            throw new TorchException(file + ": storage " + Json.quote(key) + " is used as both " + known.dtype() + " and " + dt);
        if (known.numel() != numel)
            throw new TorchException(file + ": storage " + Json.quote(key) + " is given both " + known.numel() + " and " + numel + " elements");
        return known;
    }

    /** Fills a storage from exactly its size in bytes, in the file's byte order. */
    private static void fill(InputStream in, CpuStorage s, ByteOrder order, String file, String key) throws IOException {
        DType dt = s.dtype();
        int item = dt.itemSize(), n = s.numel();
        ValueLayout layout = Safetensors.layout(dt).withOrder(order);
        byte[] chunk = new byte[(int) Math.min(PtZip.CHUNK, (long) n * item)];
        MemorySegment seg = MemorySegment.ofArray(chunk);
        int per = Math.max(1, chunk.length / item);
        for (int done = 0; done < n; ) {
            int k = Math.min(per, n - done);
            if (in.readNBytes(chunk, 0, k * item) != k * item)
                throw new TorchException(file + ": storage " + Json.quote(key) + " ends early (is the file truncated?)");
            MemorySegment.copy(seg, layout, 0, s.array(), done, k);
            done += k;
        }
        if (dt == DType.BOOL) {
            // torch4j's kernels assume bools are exactly 0 or 1
            byte[] a = s.i8();
            for (int i = 0; i < n; i++) a[i] = (byte) (a[i] != 0 ? 1 : 0);
        }
    }

    // ------------------------------------------------------------------ writing

    private static String storageClass(DType dt) {
        return switch (dt) {
            case FLOAT64 -> "DoubleStorage";
            case FLOAT32 -> "FloatStorage";
            case FLOAT16 -> "HalfStorage";
            case BFLOAT16 -> "BFloat16Storage";
            case INT64 -> "LongStorage";
            case INT32 -> "IntStorage";
            case INT16 -> "ShortStorage";
            case INT8 -> "CharStorage";
            case UINT8 -> "ByteStorage";
            case BOOL -> "BoolStorage";
        };
    }

    /** The pickle and the storages it names, in key order; validated before any byte is written. */
    private record Plan(byte[] pickle, List<CpuStorage> storages) {
        void write(OutputStream out, boolean forceZip64) throws IOException {
            PtZip.Writer w = new PtZip.Writer(out, forceZip64);
            w.entry("archive/data.pkl", pickle);
            for (int i = 0; i < storages.size(); i++) {
                CpuStorage s = storages.get(i);
                w.entry("archive/data/" + i, (long) s.numel() * s.dtype().itemSize(), o -> writeStorage(o, s));
            }
            w.entry("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            w.finish();
        }
    }

    private static Plan plan(Map<String, Tensor> stateDict) {
        if (stateDict == null) throw new TorchException("PtFile.save: the state dict must not be null");
        IdentityHashMap<Storage, Integer> keys = new IdentityHashMap<>();
        List<CpuStorage> storages = new ArrayList<>();
        Pickler p = new Pickler().orderedDict();
        if (!stateDict.isEmpty()) p.mark();
        for (var e : stateDict.entrySet()) {
            if (e.getKey() == null) throw new TorchException("PtFile.save: a state dict key is null");
            if (e.getValue() == null) throw new TorchException("PtFile.save: the value of " + Json.quote(e.getKey()) + " is null, not a tensor");
            Tensor t = e.getValue();
            Tensor c = t;
            if (!c.device().isCpu()) {
                try (var _ = GradMode.scope(false)) {
                    c = t.detach().cpu();
                }
            }
            CpuStorage s = (CpuStorage) c.storage();
            Integer key = keys.get(s);
            if (key == null) {
                key = storages.size();
                keys.put(s, key);
                storages.add(s);
            }
            boolean param = t instanceof Parameter;
            p.string(e.getKey());
            if (param) p.global("torch._utils", "_rebuild_parameter").mark();
            p.global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark().string("storage").global("torch", storageClass(c.dtype())).string(Integer.toString(key)).string("cpu")
                    .integer(s.numel()).tuple().persistentId();
            p.integer(c.storageOffset()).tuple(c.shapeArray()).tuple(c.strideArray()).bool(!param && t.requiresGrad())
                    .orderedDict().tuple().reduce();
            if (param) p.bool(t.requiresGrad()).orderedDict().tuple().reduce();
        }
        if (!stateDict.isEmpty()) p.setItems();
        return new Plan(p.stop(), storages);
    }

    private static void writeStorage(OutputStream out, CpuStorage s) throws IOException {
        DType dt = s.dtype();
        int item = dt.itemSize(), n = s.numel();
        ValueLayout layout = Safetensors.layout(dt);
        byte[] chunk = new byte[(int) Math.min(PtZip.CHUNK, Math.max(item, (long) n * item))];
        MemorySegment dst = MemorySegment.ofArray(chunk);
        int per = chunk.length / item;
        for (int done = 0; done < n; ) {
            int k = Math.min(per, n - done);
            MemorySegment.copy(s.array(), done, dst, layout, 0, k);
            if (dt == DType.BOOL)
                for (int i = 0; i < k; i++) chunk[i] = (byte) (chunk[i] != 0 ? 1 : 0);
            out.write(chunk, 0, k * item);
            done += k;
        }
    }
}
