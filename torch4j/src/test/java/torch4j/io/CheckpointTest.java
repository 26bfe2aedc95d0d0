package torch4j.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.Parameter;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.functional.F;
import torch4j.optim.SGD;

/** Torch.save / Torch.load: state dicts, nested structures, modules, optimizers, corrupt files and fuzzing. */
class CheckpointTest {
    @TempDir
    Path tmp;

    /** Deep equality that also requires the same Java types and bit-identical tensors. */
    static void assertDeepEquals(Object want, Object got, String at) {
        if (want == null) {
            assertNull(got, at);
            return;
        }
        assertNotNull(got, at);
        if (want instanceof Tensor w) {
            assertInstanceOf(Tensor.class, got, at);
            Tensor g = (Tensor) got;
            assertEquals(w.dtype(), g.dtype(), at);
            assertEquals(w.shape(), g.shape(), at);
            assertEquals(SafetensorsTest.hex(w), SafetensorsTest.hex(g), at);
            return;
        }
        if (want instanceof Map<?, ?> w) {
            assertInstanceOf(Map.class, got, at);
            Map<?, ?> g = (Map<?, ?>) got;
            assertEquals(new ArrayList<>(w.keySet()), new ArrayList<>(g.keySet()), at + " keys in order");
            for (var e : w.entrySet()) assertDeepEquals(e.getValue(), g.get(e.getKey()), at + "." + e.getKey());
            return;
        }
        if (want instanceof List<?> w) {
            assertInstanceOf(List.class, got, at);
            List<?> g = (List<?>) got;
            assertEquals(w.size(), g.size(), at);
            for (int i = 0; i < w.size(); i++) assertDeepEquals(w.get(i), g.get(i), at + "[" + i + "]");
            return;
        }
        assertEquals(want.getClass(), got.getClass(), at);
        if (want instanceof Double d) assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) got), at);
        else if (want instanceof Float f) assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits((Float) got), at);
        else assertEquals(want, got, at);
    }

    @Test
    void tensorRoundTrip() {
        Path p = tmp.resolve("t.pt");
        Tensor t = Torch.tensor(new double[][]{{1, -0.0}, {Double.POSITIVE_INFINITY, 3}}, DType.FLOAT64).requiresGrad_();
        Torch.save(t, p);
        Object back = Torch.load(p);
        assertDeepEquals(t, back, "tensor");
        assertFalse(((Tensor) back).requiresGrad());
        Torch.save(Torch.tensor(7L), p);
        assertEquals(7, ((Tensor) Torch.load(p)).itemLong());
    }

    @Test
    void stateDictIsAPlainSafetensorsFile() {
        Map<String, Tensor> sd = SafetensorsTest.everyDtype();
        Path p = tmp.resolve("sd.safetensors");
        Torch.save(sd, p);
        assertEquals(Map.of("format", "pt"), Safetensors.metadata(p));
        SafetensorsTest.assertSameTensors(sd, Safetensors.loadFile(p));
        SafetensorsTest.assertSameTensors(sd, Torch.loadStateDict(p));
        assertDeepEquals(sd, Torch.load(p), "sd");
        // and an empty one
        Torch.save(Map.of(), p);
        assertEquals(Map.of(), Torch.load(p));
    }

    @Test
    void nestedStructuresKeepTheirJavaTypes() {
        Map<Object, Object> intKeys = new LinkedHashMap<>();
        intKeys.put(3, "three");
        intKeys.put(1L, "one as long");
        intKeys.put(null, List.of());
        intKeys.put(2.5, true);
        Map<String, Object> collide = new LinkedHashMap<>();
        collide.put("__tensor__", "not a tensor");
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("int", 42);
        obj.put("negint", Integer.MIN_VALUE);
        obj.put("long", 42L);
        obj.put("bigLong", Long.MAX_VALUE);
        obj.put("short", (short) -7);
        obj.put("byte", (byte) 100);
        obj.put("double", 0.1);
        obj.put("negzero", -0.0);
        obj.put("wholeDouble", 3.0);
        obj.put("tiny", Double.MIN_VALUE);
        obj.put("nan", Double.NaN);
        obj.put("inf", Double.NEGATIVE_INFINITY);
        obj.put("float", 0.1f);
        obj.put("floatInf", Float.POSITIVE_INFINITY);
        obj.put("bool", false);
        obj.put("null", null);
        obj.put("string", "héllo \"world\"\n\u0000 ✓ \uD83D\uDE00");
        obj.put("intKeys", intKeys);
        obj.put("collide", collide);
        obj.put("emptyMap", new LinkedHashMap<>());
        obj.put("list", Arrays.asList(1, 2L, null, List.of(Torch.ones(2), Torch.zeros(new int[]{1}, DType.INT32))));
        obj.put("t", Torch.arange(6).reshape(2, 3).t());
        obj.put("t.dup", Torch.eye(2));
        Path p = tmp.resolve("obj.pt");
        Torch.save(obj, p);
        assertDeepEquals(obj, Torch.load(p), "obj");
        // the file is plain safetensors too: tensors are named by their place in the structure
        try (SafetensorsFile f = Safetensors.safeOpen(p)) {
            assertTrue(f.keys().containsAll(List.of("t", "t.dup", "list.3.0", "list.3.1")), f.keys().toString());
            assertEquals("1", f.metadata().get("torch4j.version"));
        }
        for (Object root : List.of(List.of(), "text", 5, Arrays.asList((Object) null))) {
            Torch.save(root, p);
            assertDeepEquals(root, Torch.load(p), "root " + root);
        }
    }

    @Test
    void unsupportedObjectsFailBeforeTheFileIsTouched() throws IOException {
        Path p = tmp.resolve("keep.pt");
        Torch.save(Map.of("w", Torch.ones(2)), p);
        byte[] before = Files.readAllBytes(p);
        TorchException e = assertThrows(TorchException.class, () -> Torch.save(Map.of("a", List.of(new int[3])), p));
        assertTrue(e.getMessage().contains("cannot save a [I at \"a.0\""), e.getMessage());
        List<Object> self = new ArrayList<>();
        self.add(self);
        assertThrows(TorchException.class, () -> Torch.save(self, p));
        assertThrows(TorchException.class, () -> Torch.save(Map.of(List.of(1), 1), p));
        Object deep = Torch.ones(1);
        for (int i = 0; i < 100_000; i++) deep = List.of(deep);
        Object tooDeep = deep;
        TorchException e3 = assertThrows(TorchException.class, () -> Torch.save(tooDeep, p));
        assertTrue(e3.getMessage().contains("nested more than"), e3.getMessage());
        Object ok = Torch.ones(1);
        for (int i = 0; i < Checkpoint.MAX_NESTING - 1; i++) ok = Map.of(i, ok);
        Torch.save(ok, tmp.resolve("deep.pt"));
        assertDeepEquals(ok, Torch.load(tmp.resolve("deep.pt")), "deep");
        Files.delete(tmp.resolve("deep.pt"));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of(p), SafetensorsTest.listing(tmp));
    }

    @Test
    void crashMidSaveLeavesPreviousCheckpoint() throws IOException {
        Path p = tmp.resolve("ckpt.pt");
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("epoch", 1);
        ckpt.put("w", Torch.ones(4));
        Torch.save(ckpt, p);
        byte[] before = Files.readAllBytes(p);
        ckpt.put("epoch", 2);
        ckpt.put("x", Torch.zeros(1000));
        ckpt.put("bad", new SafetensorsTest.Exploding(Torch.zeros(3)));
        assertThrows(IllegalStateException.class, () -> Torch.save(ckpt, p));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of(p), SafetensorsTest.listing(tmp));
        assertEquals(1, ((Map<?, ?>) Torch.load(p)).get("epoch"));
    }

    static Sequential model() { return new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3)); }

    @Test
    void moduleRoundTripGivesBitIdenticalOutputs() {
        Torch.manualSeed(0);
        Sequential a = model();
        Sequential b = model(); // different initialisation
        Tensor x = Torch.randn(5, 4);
        Path p = tmp.resolve("model.safetensors");
        Torch.save(a.stateDict(), p);
        assertNotEquals(SafetensorsTest.hex(a.forward(x)), SafetensorsTest.hex(b.forward(x)));
        b.loadStateDict(Torch.loadStateDict(p));
        assertEquals(SafetensorsTest.hex(a.forward(x)), SafetensorsTest.hex(b.forward(x)));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(Torch.loadStateDict(p).keySet()));
    }

    @Test
    void failedLoadLeavesTheModelUnchanged() throws IOException {
        Torch.manualSeed(1);
        Sequential m = model();
        Map<String, Tensor> before = m.stateDict();
        List<String> hexBefore = before.values().stream().map(SafetensorsTest::hex).toList();
        Path p = tmp.resolve("m.safetensors");
        Torch.save(model().stateDict(), p);
        byte[] good = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(good, good.length - 3));
        TorchException e = assertThrows(TorchException.class, () -> m.loadStateDict(Torch.loadStateDict(p)));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        // a well-formed file with a wrong shape: rejected by Module.loadStateDict before any copy
        Map<String, Tensor> wrong = new LinkedHashMap<>(model().stateDict());
        wrong.put("2.bias", Torch.zeros(4));
        Torch.save(wrong, p);
        assertThrows(TorchException.class, () -> m.loadStateDict(Torch.loadStateDict(p)));
        assertEquals(hexBefore, m.stateDict().values().stream().map(SafetensorsTest::hex).toList());
        // a file that is not a state dict
        Torch.save(List.of(1, 2), p);
        TorchException e2 = assertThrows(TorchException.class, () -> Torch.loadStateDict(p));
        assertEquals(p + ": holds a list, not a state dict (a map of names to tensors)", e2.getMessage());
    }

    static void trainStep(Module m, SGD opt, Tensor x, Tensor y) {
        opt.zeroGrad();
        F.mseLoss(m.forward(x), y).backward();
        opt.step();
    }

    @Test
    @SuppressWarnings("unchecked")
    void optimizerRoundTripContinuesTrainingIdentically() {
        Torch.manualSeed(2);
        Sequential a = model();
        SGD optA = new SGD(a.parameters(), new SGD.Options(0.05).momentum(0.9).weightDecay(1e-3));
        Tensor x = Torch.randn(6, 4), y = Torch.randn(6, 3);
        trainStep(a, optA, x, y);
        trainStep(a, optA, x, y);
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("model", a.stateDict());
        ckpt.put("optimizer", optA.stateDict());
        ckpt.put("epoch", 2);
        Path p = tmp.resolve("ckpt.pt");
        Torch.save(ckpt, p);

        Map<String, Object> back = (Map<String, Object>) Torch.load(p);
        assertDeepEquals(ckpt, back, "ckpt");
        Map<String, Object> optState = (Map<String, Object>) back.get("optimizer");
        List<Object> groups = (List<Object>) optState.get("param_groups");
        assertEquals(List.of(0, 1, 2, 3), ((Map<String, Object>) groups.get(0)).get("params"));
        assertEquals(0.05, ((Map<String, Object>) groups.get(0)).get("lr"));

        Torch.manualSeed(99);
        Sequential b = model();
        SGD optB = new SGD(b.parameters(), new SGD.Options(0.5));
        b.loadStateDict((Map<String, Tensor>) back.get("model"));
        optB.loadStateDict(optState);
        for (int i = 0; i < 3; i++) {
            trainStep(a, optA, x, y);
            trainStep(b, optB, x, y);
        }
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) assertEquals(SafetensorsTest.hex(pa.get(i)), SafetensorsTest.hex(pb.get(i)), "param " + i);
    }

    // ------------------------------------------------------------------ fuzzing

    @Test
    void mutatedFilesLoadOrFailWithTorchException() throws IOException {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("model", SafetensorsTest.everyDtype());
        obj.put("opt", Map.of("lr", 0.1, "steps", List.of(1, 2L, (short) 3), "m", Map.of(1, Torch.ones(2, 2))));
        Path valid = tmp.resolve("valid.pt");
        Torch.save(obj, valid);
        byte[] good = Files.readAllBytes(valid);
        int headerEnd = (int) (8 + SafetensorsTest.headerLength(good));
        Path p = tmp.resolve("fuzz.pt");
        Random rnd = new Random(1234);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int iter = 0; iter < 3000; iter++) {
                byte[] bad = mutate(good, headerEnd, rnd);
                Files.write(p, bad);
                try {
                    Torch.load(p);
                    outcomes[0]++;
                } catch (TorchException e) {
                    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("iteration " + iter + ": " + t, t);
                }
                // the lazy reader too, in memory
                try {
                    Safetensors.load(bad);
                } catch (TorchException e) {
                    // expected for most mutations
                }
            }
        });
        assertTrue(outcomes[0] > 50 && outcomes[1] > 500, Arrays.toString(outcomes));
    }

    /** Mostly header mutations: data bytes alone can never make a file invalid. */
    static byte[] mutate(byte[] good, int headerEnd, Random rnd) {
        byte[] b = good.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> { // truncate anywhere
                return Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 1 -> { // flip bits in the header
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) b[rnd.nextInt(headerEnd)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 2 -> { // replace a header byte with a JSON-significant character
                byte[] chars = "{}[]\":,0123456789-.eE \\ntfu".getBytes();
                b[8 + rnd.nextInt(headerEnd - 8)] = chars[rnd.nextInt(chars.length)];
            }
            case 3 -> { // the length prefix
                int i = rnd.nextInt(8);
                b[i] = (byte) rnd.nextInt(256);
            }
            case 4 -> { // delete a range
                int from = rnd.nextInt(b.length), len = rnd.nextInt(Math.min(16, b.length - from) + 1);
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, from + len, out, from, b.length - from - len);
                return out;
            }
            case 5 -> { // append garbage
                byte[] out = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(16));
                for (int i = b.length; i < out.length; i++) out[i] = (byte) rnd.nextInt(256);
                return out;
            }
            default -> { // a digit in the header changes (offsets, shapes, numbers in the metadata)
                for (int tries = 0; tries < 100; tries++) {
                    int i = 8 + rnd.nextInt(headerEnd - 8);
                    if (b[i] >= '0' && b[i] <= '9') {
                        b[i] = (byte) ('0' + rnd.nextInt(10));
                        break;
                    }
                }
            }
        }
        return b;
    }
}
