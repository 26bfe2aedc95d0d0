package torch4j;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.backend.CpuStorage;
import torch4j.testing.Json;

/** .npy/.npz against files written by numpy 1.24 (tools/gen_npy_fixtures.py), round trips and broken files. */
class NumpyTest {
    @TempDir
    static Path tmp;
    static Path fixtures;
    static Map<String, Object> expected;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void copyFixtures() throws IOException {
        // the fixtures are copied out of the classpath so that the tests see real files, as users do
        fixtures = Files.createDirectory(tmp.resolve("npy"));
        String listing;
        try (InputStream in = NumpyTest.class.getResourceAsStream("/npy/expected.json")) {
            listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        expected = (Map<String, Object>) Json.parse(listing);
        List<String> names = new ArrayList<>();
        names.addAll(((Map<String, Object>) expected.get("files")).keySet());
        names.addAll(((Map<String, Object>) expected.get("npz")).keySet());
        names.addAll(((Map<String, Object>) expected.get("unsupported")).keySet());
        for (String n : names) {
            try (InputStream in = NumpyTest.class.getResourceAsStream("/npy/" + n)) {
                assertNotNull(in, n);
                Files.write(fixtures.resolve(n), in.readAllBytes());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(String name) { return (Map<String, Object>) expected.get(name); }

    @SuppressWarnings("unchecked")
    static void assertMatches(Map<String, Object> want, Tensor got, String what) {
        assertEquals("torch." + want.get("dtype"), got.dtype().toString(), what);
        List<Object> shape = (List<Object>) want.get("shape");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) s[i] = ((Long) shape.get(i)).intValue();
        assertArrayEquals(s, got.shapeArray(), what);
        List<Object> data = (List<Object>) want.get("data");
        CpuStorage st = (CpuStorage) got.contiguous().storage();
        int off = got.contiguous().storageOffset();
        assertEquals(data.size(), got.numel(), what);
        for (int i = 0; i < data.size(); i++) {
            Object w = data.get(i);
            switch (w) {
                case Boolean b -> assertEquals(b ? 1L : 0L, st.getLong(off + i), what + " at " + i);
                case Long l when !got.isFloatingPoint() -> assertEquals((long) l, st.getLong(off + i), what + " at " + i);
                default -> assertEquals(Json.num(w), st.getDouble(off + i), what + " at " + i);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryNumpyFile() {
        Map<String, Object> files = section("files");
        assertTrue(files.size() >= 25);
        for (var e : files.entrySet())
            assertMatches((Map<String, Object>) e.getValue(), Numpy.load(fixtures.resolve(e.getKey())), e.getKey());
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsNumpyArchives() {
        for (var e : section("npz").entrySet()) {
            Map<String, Object> want = (Map<String, Object>) e.getValue();
            Map<String, Tensor> got = Numpy.loadNpz(fixtures.resolve(e.getKey()));
            assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(got.keySet()), e.getKey());
            for (String k : want.keySet())
                assertMatches((Map<String, Object>) want.get(k), got.get(k), e.getKey() + "/" + k);
        }
    }

    @Test
    void writesTheBytesNumpyWrites() throws IOException {
        // np.save writes little-endian C order, version 1.0: re-saving those fixtures must reproduce them exactly
        int checked = 0;
        for (String name : section("files").keySet()) {
            if (name.contains("_be") || name.contains("fortran") || name.contains("_v2") || name.contains("_v3")) continue;
            Path out = tmp.resolve("resaved_" + name);
            Numpy.save(out, Numpy.load(fixtures.resolve(name)));
            assertArrayEquals(Files.readAllBytes(fixtures.resolve(name)), Files.readAllBytes(out), name);
            checked++;
        }
        assertTrue(checked >= 14, "checked " + checked);
        // a Fortran-order or big-endian file comes back in numpy's default layout
        Path out = tmp.resolve("from_fortran.npy");
        Numpy.save(out, Numpy.load(fixtures.resolve("f4_fortran.npy")));
        assertEquals(Numpy.load(fixtures.resolve("f4_fortran.npy")).toString(), Numpy.load(out).toString());
    }

    static Tensor sample(DType dt, int... shape) {
        Tensor t = Torch.empty(shape, dt);
        CpuStorage s = (CpuStorage) t.storage();
        for (int i = 0; i < s.numel(); i++) {
            switch (dt) {
                case BOOL -> s.setLong(i, i % 3 == 0 ? 1 : 0);
                case FLOAT16, FLOAT32, FLOAT64 -> s.setDouble(i, (i - 3.5) * 0.37);
                case INT64 -> s.setLong(i, (i % 2 == 0 ? 1 : -1) * (0x7FFF_FFFF_FFFF_FFF0L - i));
                default -> s.setLong(i, i * 37 - 100);
            }
        }
        return t;
    }

    static void assertSame(Tensor want, Tensor got) {
        assertEquals(want.dtype(), got.dtype());
        assertArrayEquals(want.shapeArray(), got.shapeArray());
        if (want.isFloatingPoint()) assertArrayEquals(want.toDoubleArray(), got.toDoubleArray());
        else assertArrayEquals(want.toLongArray(), got.toLongArray());
    }

    @Test
    void roundTripsEveryDtype() {
        for (DType dt : DType.values()) {
            if (dt == DType.BFLOAT16) continue;
            for (int[] shape : new int[][]{{}, {0}, {2, 0, 3}, {5}, {3, 4}, {2, 3, 4}, {70000}}) {
                Tensor t = sample(dt, shape);
                Path p = tmp.resolve("rt_" + dt + "_" + shape.length + ".npy");
                Numpy.save(p, t);
                assertSame(t, Numpy.load(p));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Numpy.save(bytes, t);
                assertSame(t, Numpy.load(new ByteArrayInputStream(bytes.toByteArray()), "memory"));
            }
        }
    }

    @Test
    void savesViewsAndAutogradTensors() {
        Tensor base = sample(DType.FLOAT32, 4, 6);
        for (Tensor v : new Tensor[]{base.t(), base.slice(1, 1, 6, 2), base.select(0, 2), base.narrow(0, 1, 2),
                Torch.tensor(2.5).expand(3, 2), base.requiresGrad_(true).mul(2)}) {
            Path p = tmp.resolve("view.npy");
            Numpy.save(p, v);
            Tensor back = Numpy.load(p);
            assertTrue(back.isContiguous());
            assertFalse(back.requiresGrad());
            assertSame(v.detach(), back);
        }
    }

    @Test
    void archivesRoundTrip() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", sample(DType.FLOAT32, 3, 2));
        m.put("b", sample(DType.FLOAT64, 2));
        m.put("step", sample(DType.INT64));
        m.put("mask", sample(DType.BOOL, 0));
        m.put("layer.0/h", sample(DType.FLOAT16, 2, 2));
        Path stored = tmp.resolve("s.npz"), deflated = tmp.resolve("c.npz");
        Numpy.savez(stored, m);
        Numpy.savezCompressed(deflated, m);
        for (Path p : List.of(stored, deflated)) {
            Map<String, Tensor> back = Numpy.loadNpz(p);
            assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(back.keySet()));
            for (String k : m.keySet()) assertSame(m.get(k), back.get(k));
        }
        try (ZipFile z = new ZipFile(stored.toFile())) {
            assertEquals(ZipEntry.STORED, z.getEntry("w.npy").getMethod());
        }
        try (ZipFile z = new ZipFile(deflated.toFile())) {
            assertEquals(ZipEntry.DEFLATED, z.getEntry("w.npy").getMethod());
        }
        // the stored entries hold exactly what Numpy.save writes
        try (ZipFile z = new ZipFile(stored.toFile())) {
            Path single = tmp.resolve("w.npy");
            Numpy.save(single, m.get("w"));
            assertArrayEquals(Files.readAllBytes(single), z.getInputStream(z.getEntry("w.npy")).readAllBytes());
        }
        Numpy.savez(stored, sample(DType.INT32, 2), sample(DType.UINT8, 3));
        assertEquals(List.of("arr_0", "arr_1"), new ArrayList<>(Numpy.loadNpz(stored).keySet()));
        Numpy.savezCompressed(deflated, sample(DType.INT8, 4));
        assertSame(sample(DType.INT8, 4), Numpy.loadNpz(deflated).get("arr_0"));
    }

    @Test
    void rejectsUnsupportedDtypesNamingThem() {
        for (var e : section("unsupported").entrySet()) {
            Path p = fixtures.resolve(e.getKey());
            String msg = assertThrows(TorchException.class, () -> Numpy.load(p), e.getKey()).getMessage();
            assertTrue(msg.startsWith(p + ": unsupported numpy dtype "), msg);
            assertTrue(msg.contains((String) e.getValue()), msg);
        }
        assertEquals(fixtures.resolve("c8.npy") + ": unsupported numpy dtype '<c8' (complex); torch4j reads b1, u1, i1, "
                + "i2, i4, i8, f2, f4, f8", assertThrows(TorchException.class, () -> Numpy.load(fixtures.resolve("c8.npy"))).getMessage());
        assertEquals("cannot save a bfloat16 tensor as .npy: numpy has no bfloat16 (convert it with .float() first)",
                assertThrows(TorchException.class, () -> Numpy.save(tmp.resolve("bf.npy"), sample(DType.FLOAT32, 2).to(DType.BFLOAT16))).getMessage());
        assertFalse(Files.exists(tmp.resolve("bf.npy")));
    }

    private static Path corrupt(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static String error(Path p) {
        return assertThrows(TorchException.class, () -> Numpy.load(p)).getMessage();
    }

    @Test
    void brokenFilesFailClearly() throws IOException {
        byte[] good = Files.readAllBytes(fixtures.resolve("f4.npy"));
        String header = new String(good, StandardCharsets.ISO_8859_1);

        Path p = corrupt("magic.npy", "hello world, this is not numpy".getBytes(StandardCharsets.US_ASCII));
        assertEquals(p + ": not a .npy file (the magic string \\x93NUMPY is missing)", error(p));

        p = corrupt("empty.npy", new byte[0]);
        assertEquals(p + ": not a .npy file (the magic string \\x93NUMPY is missing)", error(p));

        byte[] cut = java.util.Arrays.copyOf(good, good.length - 5);
        p = corrupt("truncated.npy", cut);
        assertEquals(p + ": truncated .npy data: the header promises 24 bytes (6 elements of 4 bytes), the file holds 19", error(p));

        // a header that claims more elements than the data holds
        p = corrupt("shape.npy", header.replace("'shape': (2, 3)", "'shape': (9, 3)").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(p + ": truncated .npy data: the header promises 108 bytes (27 elements of 4 bytes), the file holds 24", error(p));

        p = corrupt("header_cut.npy", java.util.Arrays.copyOf(good, 40));
        assertEquals(p + ": truncated .npy header (30 of 118 bytes)", error(p));

        byte[] v4 = good.clone();
        v4[6] = 4;
        p = corrupt("v4.npy", v4);
        assertEquals(p + ": unsupported .npy format version 4.0 (torch4j reads 1.0, 2.0 and 3.0)", error(p));

        p = corrupt("nokey.npy", header.replace("'fortran_order'", "'fortran_ordex'").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(error(p).startsWith(p + ": the .npy header has no 'fortran_order' key: \"{'descr'"), error(p));

        p = corrupt("syntax.npy", header.replace("'shape': (2, 3)", "'shape': (2, 3]").getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(error(p).startsWith(p + ": cannot parse the .npy header"), error(p));

        p = corrupt("negative.npy", header.replace("'shape': (2, 3)", "'shape': (-2, 3)").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(p + ": 'shape' must be a tuple of non-negative ints, got (-2, 3)", error(p));

        Path npz = fixtures.resolve("savez.npz");
        assertEquals(npz + ": is a .npz (zip) archive, not a .npy file; use Numpy.loadNpz", error(npz));

        Path npy = fixtures.resolve("f4.npy");
        assertTrue(assertThrows(TorchException.class, () -> Numpy.loadNpz(npy)).getMessage()
                .startsWith(npy + ": not a valid .npz (zip) archive"));

        byte[] zip = Files.readAllBytes(npz);
        Path cutZip = corrupt("cut.npz", java.util.Arrays.copyOf(zip, zip.length / 2));
        assertThrows(TorchException.class, () -> Numpy.loadNpz(cutZip));

        Path missing = tmp.resolve("missing.npy");
        assertTrue(assertThrows(UncheckedIOException.class, () -> Numpy.load(missing)).getMessage()
                .startsWith("cannot read " + missing));
    }

    @Test
    void corruptEntryInsideAnArchiveNamesTheEntry() throws IOException {
        // a stored archive whose w.npy entry claims more data than it has
        Path p = tmp.resolve("bad_entry.npz");
        byte[] npy = Files.readAllBytes(fixtures.resolve("f4.npy"));
        String h = new String(npy, StandardCharsets.ISO_8859_1).replace("'shape': (2, 3)", "'shape': (4, 3)");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("w.npy"));
            z.write(h.getBytes(StandardCharsets.ISO_8859_1));
            z.closeEntry();
        }
        assertEquals(p + "[w.npy]: truncated .npy data: the header promises 48 bytes (12 elements of 4 bytes), the file holds 24",
                assertThrows(TorchException.class, () -> Numpy.loadNpz(p)).getMessage());
    }
}
