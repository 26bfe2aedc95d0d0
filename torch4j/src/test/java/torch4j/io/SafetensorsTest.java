package torch4j.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.DType;
import torch4j.Shape;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;
import torch4j.internal.ops.Views;
import torch4j.testing.Json;

/** The safetensors format: files from Python's safetensors, round trips, validation and atomic writes. */
class SafetensorsTest {
    @TempDir
    Path tmp;

    /** The raw little-endian bytes of a tensor's values, computed independently of the writer. */
    static byte[] raw(Tensor t) {
        CpuStorage s = Views.contiguousCpu(t, t.dtype());
        int n = (int) t.numel(), item = t.dtype().itemSize();
        ByteBuffer b = ByteBuffer.allocate(n * item).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (t.dtype()) {
                case FLOAT32 -> b.putFloat(s.f32()[i]);
                case FLOAT64 -> b.putDouble(s.f64()[i]);
                case INT64 -> b.putLong(s.i64()[i]);
                case INT32 -> b.putInt(s.i32()[i]);
                case INT16, FLOAT16, BFLOAT16 -> b.putShort(s.i16()[i]);
                case INT8, UINT8, BOOL -> b.put(s.i8()[i]);
            }
        }
        return b.array();
    }

    static String hex(Tensor t) { return HexFormat.of().formatHex(raw(t)); }

    /** One tensor of every dtype, with the values that must survive bit for bit. */
    static Map<String, Tensor> everyDtype() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        double inf = Double.POSITIVE_INFINITY;
        double[] special = {0.0, -0.0, 1.5, -2.25, inf, -inf, 1e-40, 65504, Double.NaN};
        m.put("f32", Torch.tensor(special, DType.FLOAT32));
        m.put("f64", Torch.tensor(new double[]{0.0, -0.0, Math.PI, inf, -inf, 1e-310, Double.NaN}, DType.FLOAT64));
        m.put("f16", Torch.tensor(special, DType.FLOAT16));
        m.put("bf16", Torch.tensor(special, DType.BFLOAT16));
        m.put("i64", Torch.tensor(new long[]{Long.MIN_VALUE, Long.MAX_VALUE, -1, 0}).reshape(2, 2));
        m.put("i32", Torch.tensor(new long[]{Integer.MIN_VALUE, Integer.MAX_VALUE, -1}, DType.INT32));
        m.put("i16", Torch.tensor(new long[]{Short.MIN_VALUE, Short.MAX_VALUE, -1}, DType.INT16));
        m.put("i8", Torch.tensor(new long[]{-128, 127, -1}, DType.INT8));
        m.put("u8", Torch.tensor(new long[]{0, 255, 128}, DType.UINT8));
        m.put("bool", Torch.tensor(new boolean[]{true, false, true}).reshape(1, 3));
        m.put("scalar", Torch.tensor(-3.75));
        m.put("empty", Torch.zeros(0, 3));
        m.put("empty_i64", Torch.zeros(new int[]{2, 0}, DType.INT64));
        return m;
    }

    static void assertSameTensors(Map<String, Tensor> want, Map<String, Tensor> got) {
        assertEquals(List.copyOf(want.keySet()), List.copyOf(got.keySet()), "keys in order");
        for (var e : want.entrySet()) {
            Tensor g = got.get(e.getKey());
            assertEquals(e.getValue().dtype(), g.dtype(), e.getKey());
            assertEquals(e.getValue().shape(), g.shape(), e.getKey());
            assertEquals(hex(e.getValue()), hex(g), e.getKey());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resourceJson(String name) throws IOException {
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/safetensors/" + name)) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    Path resourceFile(String name) throws IOException {
        // copied out of the classpath so that the tests read real files, as users do
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/safetensors/" + name)) {
            Path p = tmp.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    // ------------------------------------------------------------------ files from Python

    @Test
    @SuppressWarnings("unchecked")
    void readsFileWrittenByPythonSafetensors() throws IOException {
        Map<String, Object> expected = resourceJson("expected.json");
        Path file = resourceFile("python.safetensors");
        Map<String, Tensor> got = Safetensors.loadFile(file);
        Map<String, Object> tensors = (Map<String, Object>) expected.get("tensors");
        assertEquals(tensors.keySet(), got.keySet());
        for (var e : tensors.entrySet()) {
            Map<String, Object> want = (Map<String, Object>) e.getValue();
            Tensor t = got.get(e.getKey());
            assertEquals(want.get("dtype"), Safetensors.code(t.dtype()), e.getKey());
            List<Integer> shape = new ArrayList<>();
            for (Object d : (List<Object>) want.get("shape")) shape.add(((Number) d).intValue());
            assertArrayEquals(shape.stream().mapToInt(Integer::intValue).toArray(), t.shapeArray(), e.getKey());
            assertEquals(want.get("hex"), hex(t), e.getKey());
        }
        assertEquals(expected.get("metadata"), Safetensors.metadata(file));
        // spot checks that the bytes mean what they should
        assertEquals(-3.75, got.get("scalar").item());
        assertEquals(0, got.get("scalar").dim());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(got.get("f64").toDoubleArray()[1]));
        assertEquals(65504.0, got.get("f16").toDoubleArray()[3]);
        assertEquals(Shape.of(0, 3), got.get("empty").shape());
    }

    @Test
    void safeOpenReadsOnlyWhatIsAsked() throws IOException {
        Path file = resourceFile("python.safetensors");
        try (SafetensorsFile f = Safetensors.safeOpen(file)) {
            assertEquals(13, f.keys().size());
            assertTrue(f.keys().contains("layer.0.weight"));
            assertEquals("torch4j fixture", f.metadata().get("author"));
            assertEquals(DType.BFLOAT16, f.dtype("bf16"));
            assertEquals(Shape.of(2, 3, 4), f.shape("layer.0.weight"));
            Tensor w = f.getTensor("layer.0.weight");
            assertEquals(23.0f / 7, w.toFloatArray()[23]);
            TorchException e = assertThrows(TorchException.class, () -> f.getTensor("nope"));
            assertEquals(file + ": file does not contain tensor \"nope\"", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTripEveryDtypeBitForBit() {
        Map<String, Tensor> m = everyDtype();
        Path p = tmp.resolve("all.safetensors");
        Safetensors.saveFile(m, p, Map.of("k", "v", "unicode", "é✓\u0001\"\\"));
        assertSameTensors(m, Safetensors.loadFile(p));
        assertEquals(Map.of("k", "v", "unicode", "é✓\u0001\"\\"), Safetensors.metadata(p));
        // in memory, as safetensors.torch.save/load
        byte[] bytes = Safetensors.save(m);
        assertSameTensors(m, Safetensors.load(bytes));
        assertTrue(Safetensors.load(Safetensors.save(Map.of())).isEmpty());
    }

    @Test
    void writesAlignedDataInPythonsLayout() {
        Map<String, Tensor> m = everyDtype();
        byte[] bytes = Safetensors.save(m);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        try (SafetensorsFile f = SafetensorsFile.of(bytes, "x")) {
            // header keeps the caller's order; each tensor's offset is a multiple of its element size
            assertEquals(List.copyOf(m.keySet()), f.keys());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        for (var e : m.entrySet()) {
            @SuppressWarnings("unchecked")
            List<Object> off = (List<Object>) ((Map<String, Object>) header.get(e.getKey())).get("data_offsets");
            assertEquals(0, ((Number) off.get(0)).longValue() % e.getValue().dtype().itemSize(), e.getKey());
        }
    }

    @Test
    void viewsAreSavedAsTheirOwnValuesAndSharedStorageTwice() {
        Tensor base = Torch.arange(0.0, 24.0, 1.0).reshape(4, 6);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("t", base.t());
        m.put("stepped", base.slice(1, 1, 6, 2));
        m.put("row", base.select(0, 2));
        m.put("expanded", Torch.tensor(new double[]{1, 2, 3}).expand(4, 3));
        m.put("again", base);
        Map<String, Tensor> back = Safetensors.load(Safetensors.save(m));
        for (var e : m.entrySet()) {
            assertEquals(e.getValue().shape(), back.get(e.getKey()).shape(), e.getKey());
            assertArrayEquals(e.getValue().toFloatArray(), back.get(e.getKey()).toFloatArray(), e.getKey());
            assertTrue(back.get(e.getKey()).isContiguous());
        }
        assertNotSame(back.get("t").storage(), back.get("again").storage());
        // the file holds 24 + 12 + 6 + 12 + 24 floats: views are not deduplicated
        assertEquals(78 * 4, Safetensors.save(m).length - 8 - headerLength(Safetensors.save(m)));
    }

    static long headerLength(byte[] file) { return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0); }

    @Test
    void largeTensorsGoThroughAMemoryMap() {
        int n = (int) (SafetensorsFile.MAP_THRESHOLD / 4) + 1000;
        Tensor big = Torch.arange(0.0, n, 1.0, DType.FLOAT32);
        Tensor small = Torch.arange(5);
        Path p = tmp.resolve("big.safetensors");
        Safetensors.saveFile(Map.of("big", big, "small", small), p);
        try (SafetensorsFile f = Safetensors.safeOpen(p)) {
            assertArrayEquals(big.toFloatArray(), f.getTensor("big").toFloatArray());
            assertArrayEquals(small.toLongArray(), f.get("small").toLongArray());
        }
    }

    @Test
    void closedFileRefusesReads() throws IOException {
        Path file = resourceFile("python.safetensors");
        SafetensorsFile f = Safetensors.safeOpen(file);
        f.close();
        assertThrows(TorchException.class, () -> f.getTensor("f32"));
    }

    @Test
    void refusesInvalidTensorsToWrite() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("__metadata__", Torch.zeros(1));
        assertThrows(TorchException.class, () -> Safetensors.save(m));
        Map<String, Tensor> nul = new LinkedHashMap<>();
        nul.put("x", null);
        assertThrows(TorchException.class, () -> Safetensors.save(nul));
    }

    // ------------------------------------------------------------------ Python reads torch4j's files

    @Test
    @SuppressWarnings("unchecked")
    void pythonReadsTorch4jFiles() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("..", "tools", "safetensors_reader.py");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(python) && Files.exists(script), "needs python3");
        Map<String, Tensor> m = everyDtype();
        Path p = tmp.resolve("for_python.safetensors");
        Safetensors.saveFile(m, p, Map.of("format", "pt"));
        Map<String, Object> summary = runReader(python, script, p);
        assertEquals(Map.of("format", "pt"), summary.get("metadata"));
        // a Torch.save checkpoint of a nested structure is a valid safetensors file too
        Path ckpt = tmp.resolve("ckpt.pt");
        Torch.save(Map.of("model", m, "epoch", 3, "opt", List.of(Torch.ones(2), 0.5)), ckpt);
        Map<String, Object> summary2 = runReader(python, script, ckpt);
        assertEquals(m.size() + 1, ((Map<String, Object>) summary2.get("tensors")).size());
        Map<String, Object> tensors = (Map<String, Object>) summary.get("tensors");
        for (var e : m.entrySet()) {
            Map<String, Object> t = (Map<String, Object>) tensors.get(e.getKey());
            assertEquals(Safetensors.code(e.getValue().dtype()), t.get("dtype"), e.getKey());
            assertEquals(hex(e.getValue()), t.get("hex"), e.getKey());
        }
    }

    /** Runs tools/safetensors_reader.py (stdlib; also Python's safetensors when importable) and parses its summary. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> runReader(Path python, Path script, Path file) throws Exception {
        Process proc = new ProcessBuilder(python.toString(), script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), "the Python reader rejects " + file);
        return (Map<String, Object>) Json.parse(out);
    }

    // ------------------------------------------------------------------ validation

    /** A file: the length prefix, the header text as given (padding included) and the data. */
    static byte[] file(long headerLength, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h).put(data);
        return b.array();
    }

    static byte[] file(String header, int dataBytes) {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, new byte[dataBytes]);
    }

    void assertRejected(byte[] bytes, String fragment) throws IOException {
        Path p = tmp.resolve("bad.safetensors");
        Files.write(p, bytes);
        TorchException e = assertThrows(TorchException.class, () -> Safetensors.loadFile(p));
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        // Torch.load goes through the same checks
        TorchException e2 = assertThrows(TorchException.class, () -> Torch.load(p));
        assertEquals(e.getMessage(), e2.getMessage());
    }

    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void rejectsBrokenFilesWithClearMessages() throws IOException {
        assertRejected(new byte[5], "too small to hold the 8-byte header length");
        assertRejected(file(Long.MAX_VALUE, "{}", new byte[0]), "invalid safetensors header length");
        assertRejected(file(-1, "{}", new byte[0]), "invalid safetensors header length 18446744073709551615");
        assertRejected(file(1000, "{}", new byte[0]), "runs past the end of the file");
        assertRejected(file("[1, 2]  ", 0), "does not start with '{'");
        assertRejected(file(" {}     ", 0), "does not start with '{'");
        assertRejected(file("{\"a\": ", 0), "not valid JSON");
        assertRejected(file("{\"a\":1}{", 0), "not valid JSON");
        assertRejected(file(3, "{\"\u0000", new byte[0]), "not valid JSON");
        assertRejected(file(4, "{\"", new byte[]{(byte) 0xff, '}'}), "not valid UTF-8");
        assertRejected(file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("a", "F32", "[2]", 8, 16) + "}", 16), "duplicate key \"a\"");
        assertRejected(file("{" + entry("x", "F33", "[2]", 0, 8) + "}", 8), "tensor \"x\" has unknown dtype \"F33\"");
        assertRejected(file("{" + entry("x", "U16", "[2]", 0, 4) + "}", 4), "has dtype U16, which torch4j does not support");
        assertRejected(file("{" + entry("x", "F32", "[2,3]", 0, 20) + "}", 20), "needs 24 bytes but data_offsets [0, 20] span 20");
        assertRejected(file("{" + entry("x", "F32", "[-2]", 0, 8) + "}", 8), "\"shape\" must hold non-negative integers");
        assertRejected(file("{" + entry("x", "F32", "[2.5]", 0, 8) + "}", 8), "\"shape\" must hold non-negative integers");
        assertRejected(file("{" + entry("x", "F32", "[65536,65536]", 0, 8) + "}", 8), "too many elements");
        assertRejected(file("{" + entry("x", "F32", "[4194304,4194304,4194304,4194304]", 0, 8) + "}", 8), "too many elements");
        assertRejected(file("{" + entry("x", "F32", "[2]", 8, 0) + "}", 8), "\"data_offsets\" must be [begin, end]");
        assertRejected(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "\"data_offsets\" must be [begin, end]");
        assertRejected(file("{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "missing or non-string \"dtype\"");
        assertRejected(file("{\"x\":[1]}", 8), "header entry is not an object");
        assertRejected(file("{" + entry("x", "F32", "[2]", 0, 8) + "}", 4), "past the end of the data (4 bytes; is the file truncated?)");
        assertRejected(file("{" + entry("x", "F32", "[2]", 0, 8) + "," + entry("y", "F32", "[2]", 4, 12) + "}", 12), "overlaps another tensor");
        assertRejected(file("{" + entry("x", "F32", "[2]", 0, 8) + "," + entry("y", "F32", "[2]", 12, 20) + "}", 20), "bytes [8, 12) belong to no tensor");
        assertRejected(file("{" + entry("x", "F32", "[2]", 0, 8) + "}", 9), "describes 8 bytes of tensor data but the file holds 9");
        assertRejected(file("{\"__metadata__\":{\"a\":1}}", 0), "__metadata__ value of \"a\" is not a string");
        assertRejected(file("{\"__metadata__\":[]}", 0), "__metadata__ must be an object of strings");
        StringBuilder deep = new StringBuilder("{\"a\":");
        for (int i = 0; i < 100_000; i++) deep.append('[');
        assertRejected(file(deep.toString(), 0), "nested deeper than");
    }

    @Test
    void truncatedFilesAreRejected() throws IOException {
        byte[] good = Safetensors.save(everyDtype(), Map.of("a", "b"));
        for (int cut : new int[]{0, 3, 8, 9, 20, (int) headerLength(good) + 8, good.length - 1}) {
            byte[] bad = java.util.Arrays.copyOf(good, cut);
            Path p = tmp.resolve("cut.safetensors");
            Files.write(p, bad);
            TorchException e = assertThrows(TorchException.class, () -> Safetensors.loadFile(p), "cut at " + cut);
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
    }

    @Test
    void missingFileIsAnIoError() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Safetensors.loadFile(tmp.resolve("none.safetensors")));
        assertTrue(e.getMessage().contains("none.safetensors"));
    }

    // ------------------------------------------------------------------ atomic writes

    /** A tensor whose data cannot be read: stands in for a crash in the middle of writing a checkpoint. */
    static final class Exploding extends Tensor {
        Exploding(Tensor t) { super(t); }

        @Override public torch4j.backend.Storage storage() { throw new IllegalStateException("boom"); }
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void failedWriteLeavesThePreviousFileIntact() throws IOException {
        Path p = tmp.resolve("model.safetensors");
        Safetensors.saveFile(Map.of("w", Torch.ones(3)), p);
        byte[] before = Files.readAllBytes(p);
        List<Path> files = listing(tmp);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("big", Torch.zeros(300_000)); // written first: the crash comes after real bytes reached the temp file
        m.put("bad", new Exploding(Torch.zeros(2)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Safetensors.saveFile(m, p));
        assertEquals("boom", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(files, listing(tmp), "no temporary file is left behind");
        assertThrows(UncheckedIOException.class, () -> Safetensors.saveFile(Map.of("w", Torch.ones(1)), tmp.resolve("no/such/dir/x.st")));
        assertEquals(files, listing(tmp));
    }

    @Test
    void overwritesAtomically() throws IOException {
        Path p = tmp.resolve("m.safetensors");
        Safetensors.saveFile(Map.of("w", Torch.ones(3)), p);
        Safetensors.saveFile(Map.of("w", Torch.zeros(4)), p);
        assertArrayEquals(new float[4], Safetensors.loadFile(p).get("w").toFloatArray());
        assertEquals(List.of(p), listing(tmp));
    }
}
