package torch4j.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;
import torch4j.backend.Storage;
import torch4j.nn.Parameter;

/**
 * PyTorch checkpoints: files written by PyTorch 1.13 (tools/gen_pt_fixtures.py) compared with PyTorch's own reading
 * of them, files written here read back and (when /usr/bin/python3 has torch) opened by PyTorch with
 * weights_only=True through tools/check_pt_roundtrip.py.
 */
class PtFileTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) {
        try {
            return Path.of(PtFileTest.class.getResource("/pt/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] fixtureBytes(String name) {
        try {
            return Files.readAllBytes(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected() {
        return (Map<String, Object>) Json.parse(new String(fixtureBytes("expected.json"), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ describing values as gen_pt_fixtures.py does

    /** The JSON tree tools/gen_pt_fixtures.py's Describer gives for the same value, floats as Double. */
    static final class Describer {
        private final IdentityHashMap<Storage, Long> storages = new IdentityHashMap<>();
        private long next;

        Object describe(Object v) {
            return switch (v) {
                case null -> null;
                case Tensor t -> {
                    Storage s = t.storage();
                    long id = s.numel() == 0 ? next++ : storages.computeIfAbsent(s, k -> next++);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("dtype", t.dtype().toString());
                    m.put("shape", longs(t.shapeArray()));
                    m.put("stride", longs(t.strideArray()));
                    m.put("offset", (long) t.storageOffset());
                    m.put("storage", id);
                    m.put("hex", SafetensorsTest.hex(t));
                    m.put("requires_grad", t.requiresGrad());
                    m.put("parameter", t instanceof Parameter);
                    yield one("tensor", m);
                }
                case Map<?, ?> m -> {
                    List<Object> pairs = new ArrayList<>();
                    for (var e : m.entrySet()) pairs.add(List.of(describeKey(e.getKey()), describeOrNull(e.getValue())));
                    yield one("dict", pairs);
                }
                case ArrayList<?> l -> one("list", l.stream().map(this::describeOrNull).toList());
                case List<?> l -> one("tuple", l.stream().map(this::describeOrNull).toList());
                case Set<?> s -> one("set", new TreeSet<>(s.stream().map(x -> (Long) x).toList()).stream().map(this::describe).toList());
                case Boolean b -> b;
                case String s -> s;
                case Long l -> one("int", l.toString());
                case BigInteger b -> one("int", b.toString());
                case Double d -> one("float", d);
                case byte[] b -> one("bytes", HexFormat.of().formatHex(b));
                case DType d -> one("dtype", d.toString());
                case Device d -> one("device", d.toString());
                default -> throw new AssertionError("unexpected " + v.getClass());
            };
        }

        private Object describeKey(Object k) { return describe(k); }

        private Object describeOrNull(Object v) { return v == null ? NULL : describe(v); }
    }

    /** List.of refuses null; JSON null is compared through this marker. */
    static final Object NULL = new Object() {
        @Override public boolean equals(Object o) { return o == null || o == this; }

        @Override public String toString() { return "null"; }
    };

    private static Map<String, Object> one(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }

    private static List<Object> longs(int[] a) {
        List<Object> out = new ArrayList<>();
        for (int x : a) out.add((long) x);
        return out;
    }

    /** Turns {"float": "0x1.8p+1"} (Python's float.hex) into Double, and JSON null into {@link #NULL}, to compare. */
    @SuppressWarnings("unchecked")
    static Object normalize(Object v) {
        if (v == null) return NULL;
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("float") instanceof String hex) return one("float", Double.parseDouble(hex));
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : ((Map<String, Object>) m).entrySet()) out.put(e.getKey(), normalize(e.getValue()));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(PtFileTest::normalize).toList();
        return v;
    }

    /** Deep equality where {@link #NULL} matches null; reports the path of the first difference. */
    static void assertTree(Object want, Object got, String path) {
        if (want == NULL || got == NULL || want == null || got == null) {
            assertTrue((want == NULL || want == null) && (got == NULL || got == null), path + ": " + want + " vs " + got);
            return;
        }
        if (want instanceof Map<?, ?> a && got instanceof Map<?, ?> b) {
            assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()), path + " keys");
            for (Object k : a.keySet()) assertTree(a.get(k), b.get(k), path + "." + k);
            return;
        }
        if (want instanceof List<?> a && got instanceof List<?> b) {
            assertEquals(a.size(), b.size(), path + " length");
            for (int i = 0; i < a.size(); i++) assertTree(a.get(i), b.get(i), path + "[" + i + "]");
            return;
        }
        assertEquals(want, got, path);
    }

    // ------------------------------------------------------------------ files from PyTorch

    @ParameterizedTest
    @ValueSource(strings = {"lenet.pt", "dtypes.pt", "views.pt", "nested.pt", "optimizer.pt", "params.pt", "legacy.pt"})
    void readsWhatPyTorchWrote(String name) {
        Object got = new Describer().describe(PtFile.load(fixture(name)));
        assertTree(normalize(expected().get(name)), normalize(got), name);
    }

    @Test
    void lenetStateDict() {
        Map<String, Tensor> sd = PtFile.loadStateDict(fixture("lenet.pt"));
        assertEquals(List.of("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "bn1.num_batches_tracked", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
                List.copyOf(sd.keySet()));
        Tensor n = sd.get("bn1.num_batches_tracked");
        assertEquals(DType.INT64, n.dtype());
        assertEquals(0, n.dim());
        assertEquals(3, n.item());
        assertArrayEquals(new int[] {4, 1, 3, 3}, sd.get("conv1.weight").shapeArray());
        // state_dict() saves detached tensors: plain, not requiring grad
        for (Tensor t : sd.values()) {
            assertFalse(t instanceof Parameter);
            assertFalse(t.requiresGrad());
        }
        assertEquals(sd.keySet(), ((Map<?, ?>) Torch.loadPt(fixture("lenet.pt"))).keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"views.pt", "legacy.pt"})
    void viewsShareStorage(String name) {
        Map<String, Tensor> sd = PtFile.loadStateDict(fixture(name));
        Tensor base = sd.get("base"), tr = sd.get("transposed");
        for (String k : List.of("transposed", "stepped", "flat_slice", "element", "column"))
            assertSame(base.storage(), sd.get(k).storage(), k);
        assertSame(sd.get("row").storage(), sd.get("expanded").storage());
        assertNotSame(base.storage(), sd.get("row").storage());
        assertEquals(0, sd.get("expanded").stride()[0]);
        assertFalse(tr.isContiguous());
        assertEquals(15.0, sd.get("element").item());
        // writes through one view show in the others, as in PyTorch
        ((CpuStorage) base.storage()).setDouble(2 * 6 + 3, -1);
        assertEquals(-1.0, sd.get("element").item());
        assertEquals(-1.0, tr.select(0, 3).select(0, 2).item());
    }

    @Test
    void optimizerStateHasIntKeysAndFloats() {
        Map<?, ?> sd = (Map<?, ?>) PtFile.load(fixture("optimizer.pt"));
        Map<?, ?> state = (Map<?, ?>) sd.get("state");
        assertEquals(List.of(0L, 1L), List.copyOf(state.keySet()));
        assertInstanceOf(Tensor.class, ((Map<?, ?>) state.get(0L)).get("momentum_buffer"));
        Map<?, ?> group = (Map<?, ?>) ((List<?>) sd.get("param_groups")).get(0);
        assertEquals(0.1, group.get("lr"));
        assertEquals(0.9, group.get("momentum"));
        assertEquals(0L, group.get("dampening"));
        assertEquals(false, group.get("nesterov"));
        assertTrue(group.containsKey("foreach"));
        assertNull(group.get("foreach"));
        assertEquals(List.of(0L, 1L), group.get("params"));
        TorchException e = assertThrows(TorchException.class, () -> PtFile.loadStateDict(fixture("optimizer.pt")));
        assertTrue(e.getMessage().contains("not a state dict") && e.getMessage().contains("[\"state\", \"param_groups\"]"), e.getMessage());
    }

    @Test
    void parametersAndRequiresGrad() {
        List<?> l = (List<?>) PtFile.load(fixture("params.pt"));
        assertInstanceOf(ArrayList.class, l);
        Parameter w = assertInstanceOf(Parameter.class, l.get(0));
        assertTrue(w.requiresGrad());
        assertTrue(w.isLeaf());
        assertInstanceOf(Parameter.class, l.get(1));
        Tensor leaf = (Tensor) l.get(2);
        assertFalse(leaf instanceof Parameter);
        assertTrue(leaf.requiresGrad());
        assertTrue(leaf.isLeaf());
        Parameter frozen = assertInstanceOf(Parameter.class, l.get(3));
        assertFalse(frozen.requiresGrad());
    }

    @Test
    void nestedValueTypes() {
        Map<?, ?> m = (Map<?, ?>) PtFile.load(fixture("nested.pt"));
        assertInstanceOf(LinkedHashMap.class, m);
        assertEquals(new BigInteger("1180591620717411303424"), m.get("big"));
        assertEquals(DType.FLOAT16, m.get("dtype"));
        assertEquals(Device.CPU, m.get("device"));
        assertEquals(List.of(2L, 3L), m.get("size"));
        List<?> tuple = (List<?>) m.get("tuple");
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) tuple).set(0, null));
        Map<?, ?> d = (Map<?, ?>) m.get("dict");
        // one tensor pickled twice (memo) is one Java object, as in Python
        assertSame(d.get("tensor"), d.get("again"));
        assertSame(d.get("tensor"), tuple.get(0));
        assertEquals("grüße ∑ 😀", m.get("unicode"));
    }

    // ------------------------------------------------------------------ writing

    static Map<String, Tensor> roundTripTensors() {
        Map<String, Tensor> m = new LinkedHashMap<>(SafetensorsTest.everyDtype());
        Tensor base = Torch.arange(24).to(DType.FLOAT32).reshape(4, 6);
        m.put("base", base);
        m.put("transposed", base.t());
        m.put("stepped", base.asStrided(new int[] {3, 3}, new int[] {6, 2}, 6));
        m.put("element", base.select(0, 2).select(0, 3));
        Tensor row = Torch.tensor(new double[] {1, 2, 3});
        m.put("expanded", row.expand(2, 3));
        m.put("param", new Parameter(Torch.tensor(new double[] {0.5, -0.5})));
        m.put("frozen", new Parameter(Torch.tensor(new double[] {7}), false));
        m.put("leaf", Torch.tensor(new double[] {1, 2}).requiresGrad_(true));
        m.put("i64_view", Torch.tensor(new long[] {1, 2, 3, 4, 5, 6}).asStrided(new int[] {2}, new int[] {3}, 1));
        return m;
    }

    @Test
    void roundTripInJava() throws IOException {
        Map<String, Tensor> sd = roundTripTensors();
        Path p = tmp.resolve("rt.pt");
        PtFile.save(sd, p);
        Map<String, Tensor> back = PtFile.loadStateDict(p);
        assertTree(normalize(new Describer().describe(sd)), normalize(new Describer().describe(back)), "round trip");
        assertSame(back.get("base").storage(), back.get("transposed").storage());
        assertInstanceOf(Parameter.class, back.get("param"));
        assertArrayEquals(PtFile.save(sd), Files.readAllBytes(p), "deterministic bytes");
        // the same through the Torch facades and through forced zip64 records
        Torch.savePt(sd, tmp.resolve("facade.pt"));
        assertEquals(sd.keySet(), ((Map<?, ?>) Torch.loadPt(tmp.resolve("facade.pt"))).keySet());
        Object z64 = PtFile.load(PtFile.save(sd, true));
        assertTree(normalize(new Describer().describe(sd)), normalize(new Describer().describe(z64)), "zip64");
        assertEquals(0, ((Map<?, ?>) PtFile.load(PtFile.save(Map.of()))).size());
    }

    @Test
    void writtenArchiveLooksLikePyTorchs() throws IOException {
        byte[] b = PtFile.save(roundTripTensors());
        Map<String, byte[]> entries = unzip(b);
        assertEquals("archive/data.pkl", entries.keySet().iterator().next());
        assertTrue(entries.containsKey("archive/data/0"));
        assertEquals("3\n", new String(entries.get("archive/version"), StandardCharsets.US_ASCII));
        // every entry's data is 64-byte aligned, as PyTorch's writer does (so files can be memory-mapped)
        for (String name : entries.keySet()) {
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            int at = indexOf(b, n);
            int extra = (b[at - 2] & 0xFF) | (b[at - 1] & 0xFF) << 8;
            assertEquals(0, (at + n.length + extra) % 64, name);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 30; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    static Path checkScript() {
        for (String s : List.of("../tools/check_pt_roundtrip.py", "tools/check_pt_roundtrip.py"))
            if (Files.exists(Path.of(s))) return Path.of(s).toAbsolutePath();
        return null;
    }

    /** Runs only where /usr/bin/python3 imports torch (the script exits 77 otherwise); one Python start for both files. */
    @Test
    void roundTripInPyTorch() throws Exception {
        Path script = checkScript();
        Assumptions.assumeTrue(script != null, "skipped: tools/check_pt_roundtrip.py not found from " + Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "skipped: /usr/bin/python3 is not available");
        Map<String, Tensor> sd = roundTripTensors();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        for (boolean zip64 : new boolean[] {false, true}) {
            Path pt = tmp.resolve(zip64 ? "zip64.pt" : "torch4j.pt"), want = tmp.resolve(zip64 ? "zip64.json" : "torch4j.json");
            Files.write(pt, PtFile.save(sd, zip64));
            Files.writeString(want, Json.write(new Describer().describe(sd)));
            cmd.addAll(List.of(pt.toString(), want.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        Assumptions.assumeTrue(p.exitValue() != 77, out.strip());
        assertEquals(0, p.exitValue(), out);
        assertEquals(2, out.lines().filter(l -> l.startsWith("OK")).count(), out);
    }

    @Test
    void saveIsAtomicAndValidates() throws IOException {
        Path p = tmp.resolve("model.pt");
        Files.writeString(p, "old");
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("w", Torch.zeros(2));
        bad.put("missing", null);
        TorchException e = assertThrows(TorchException.class, () -> PtFile.save(bad, p));
        assertTrue(e.getMessage().contains("\"missing\" is null"), e.getMessage());
        assertEquals("old", Files.readString(p));
        PtFile.save(Map.of("w", Torch.ones(3)), p);
        assertEquals(List.of("model.pt"), listNames(tmp));
        assertThrows(UncheckedIOException.class, () -> PtFile.save(Map.of("w", Torch.ones(3)), tmp.resolve("no/such/dir/x.pt")));
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ other archives

    /** The entries of an archive, through java.util.zip (PyTorch's stored entries have data descriptors, which ZipInputStream refuses). */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Path f = Files.createTempFile("pt4j", ".zip");
        try {
            Files.write(f, zip);
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (ZipFile z = new ZipFile(f.toFile())) {
                for (var it = z.entries(); it.hasMoreElements(); ) {
                    ZipEntry e = it.nextElement();
                    try (var in = z.getInputStream(e)) {
                        out.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            return out;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** A zip built by java.util.zip, independent of the writer under test. */
    static byte[] zip(Map<String, byte[]> entries, boolean deflate) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsRezippedAndDeflatedArchives() throws IOException {
        Map<String, byte[]> entries = unzip(fixtureBytes("lenet.pt"));
        Object want = new Describer().describe(PtFile.load(fixture("lenet.pt")));
        // another archive name, deflated entries: the layout of re-zipped files
        Map<String, byte[]> renamed = new LinkedHashMap<>();
        for (var e : entries.entrySet()) renamed.put("renamed" + e.getKey().substring(e.getKey().indexOf('/')), e.getValue());
        for (boolean deflate : new boolean[] {false, true})
            assertTree(want, new Describer().describe(PtFile.load(zip(renamed, deflate))), "deflate=" + deflate);
    }

    @Test
    void readsBigEndianArchives() throws IOException {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("f", Torch.tensor(new double[] {1.5, -2, 3e30}));
        sd.put("l", Torch.tensor(new long[] {1, -2, Long.MAX_VALUE}));
        Map<String, byte[]> entries = unzip(PtFile.save(sd));
        swap(entries.get("archive/data/0"), 4);
        swap(entries.get("archive/data/1"), 8);
        entries.put("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        Map<String, Tensor> back = PtFile.asStateDict(PtFile.load(zip(entries, false)), "big");
        SafetensorsTest.assertSameTensors(sd, back);
        entries.put("archive/byteorder", "middle".getBytes(StandardCharsets.US_ASCII));
        assertMessage(zip(entries, false), "unknown byteorder \"middle\"");
    }

    private static void swap(byte[] b, int item) {
        for (int i = 0; i < b.length; i += item)
            for (int j = 0; j < item / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + item - 1 - j];
                b[i + item - 1 - j] = t;
            }
    }

    // ------------------------------------------------------------------ errors

    static void assertMessage(byte[] file, String part) {
        TorchException e = assertThrows(TorchException.class, () -> PtFile.load(file));
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    @Test
    void corruptAndForeignFiles() throws IOException {
        byte[] lenet = fixtureBytes("lenet.pt");
        Path cut = tmp.resolve("cut.pt");
        Files.write(cut, java.util.Arrays.copyOf(lenet, lenet.length / 2));
        TorchException e = assertThrows(TorchException.class, () -> PtFile.load(cut));
        assertTrue(e.getMessage().startsWith(cut.toString() + ": corrupt zip archive"), e.getMessage());
        assertMessage(new byte[0], "not a PyTorch checkpoint");
        assertMessage("hello world, this is text".getBytes(StandardCharsets.US_ASCII), "not a PyTorch checkpoint");
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertMessage(tar, "tar-format checkpoint (PyTorch before 0.4)");
        byte[] legacy = fixtureBytes("legacy.pt");
        assertMessage(java.util.Arrays.copyOf(legacy, legacy.length - 3), "unexpected end of file in storage");
        assertMessage(java.util.Arrays.copyOf(legacy, 300), "is the file truncated?");
        // a damaged byte inside a tensor is caught by the CRC, as PyTorch does
        Map<String, byte[]> entries = unzip(lenet);
        byte[] damaged = lenet.clone();
        int at = indexOf(damaged, entries.get("lenet/data/0"));
        damaged[at + 3] ^= 1;
        assertMessage(damaged, "CRC-32 mismatch in entry lenet/data/0");
        // a storage whose entry is missing, or shorter than its persistent id says
        Map<String, byte[]> missing = new LinkedHashMap<>(entries);
        missing.remove("lenet/data/0");
        assertMessage(zip(missing, false), "the archive has no entry lenet/data/0");
        Map<String, byte[]> shortened = new LinkedHashMap<>(entries);
        shortened.put("lenet/data/0", new byte[4]);
        assertMessage(zip(shortened, false), "but its entry has 4 bytes");
        Map<String, byte[]> script = new LinkedHashMap<>();
        script.put("m/code/__torch__.py", new byte[1]);
        script.put("m/constants.pkl", new byte[1]);
        assertMessage(zip(script, false), "TorchScript archive");
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> PtFile.load(tmp.resolve("absent.pt")));
        assertTrue(io.getMessage().contains("absent.pt"));
    }

    @Test
    void tensorBoundsAreChecked() {
        // a tensor of 4 elements claims size 5 over a 4-element storage
        byte[] pkl = new PickleBytes().rebuild("FloatStorage", 4, 0, new int[] {5}, new int[] {1}).stop();
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("archive/data.pkl", pkl);
        e.put("archive/data/0", new byte[16]);
        assertMessage(zip(e, false), "reaches past the end of its storage of 4 elements");
        pkl = new PickleBytes().rebuild("FloatStorage", 4, 3, new int[] {2}, new int[] {1}).stop();
        e.put("archive/data.pkl", pkl);
        assertMessage(zip(e, false), "reaches past the end of its storage");
        pkl = new PickleBytes().rebuild("ComplexFloatStorage", 4, 0, new int[] {2}, new int[] {1}).stop();
        e.put("archive/data.pkl", pkl);
        assertMessage(zip(e, false), "torch.ComplexFloatStorage is not supported by torch4j");
        ByteBuffer ok = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        e.put("archive/data/0", ok.array());
        e.put("archive/data.pkl", new PickleBytes().rebuild("FloatStorage", 4, 1, new int[] {2, 2}, new int[] {0, 2}).stop());
        Tensor t = (Tensor) PtFile.load(zip(e, false));
        assertEquals(List.of(0, 2), List.of(t.stride()[0], t.stride()[1]));
        assertEquals(4.0, t.select(0, 1).select(0, 1).item());
    }

    /** Hand-written pickles, for cases PyTorch would never write. */
    static final class PickleBytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        PickleBytes() {
            out.write(0x80);
            out.write(2);
        }

        PickleBytes raw(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        PickleBytes op(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        PickleBytes global(String module, String name) { return raw("c" + module + "\n" + name + "\n"); }

        PickleBytes str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        PickleBytes integer(int v) {
            out.write('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        PickleBytes ints(int[] v) {
            raw("(");
            for (int x : v) integer(x);
            return raw("t");
        }

        /** {@code _rebuild_tensor_v2(('storage', torch.<type>, '0', 'cpu', numel), offset, size, stride, False, OrderedDict())}. */
        PickleBytes rebuild(String type, int numel, int offset, int[] size, int[] stride) {
            global("torch._utils", "_rebuild_tensor_v2").raw("((").str("storage").global("torch", type).str("0").str("cpu")
                    .integer(numel).raw("tQ").integer(offset).ints(size).ints(stride).op(0x89)
                    .global("collections", "OrderedDict").raw(")R").raw("tR");
            return this;
        }

        byte[] stop() {
            out.write('.');
            return out.toByteArray();
        }
    }
}
