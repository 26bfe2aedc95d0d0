package torch4j.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.TorchException;
import torch4j.io.PtFileTest.PickleBytes;

/**
 * Malicious checkpoints: every pickle that would run code under Python's unrestricted pickle is refused, as
 * torch.load(weights_only=True) refuses it, with the global named, and nothing runs (the payloads would create a
 * marker file).
 */
class PtHostileTest {
    @TempDir
    Path tmp;

    private Path marker() { return tmp.resolve("pwned"); }

    private String cmd() { return "touch " + marker(); }

    static byte[] inZip(byte[] pickle) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("archive/data.pkl", pickle);
        e.put("archive/version", "3\n".getBytes());
        return PtFileTest.zip(e, false);
    }

    /** Loads the pickle inside a zip archive and as a legacy stream; both must fail with {@code message}. */
    private void refused(byte[] pickle, String message) {
        for (byte[] file : new byte[][] {inZip(pickle), pickle}) {
            TorchException e = assertThrows(TorchException.class, () -> PtFile.load(file));
            assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
            assertFalse(Files.exists(marker()), "the payload ran");
        }
    }

    private static String unsupportedGlobal(String q) { return "Unsupported global: GLOBAL " + q + " was not an allowed global by default"; }

    /** {@code module.name(arg)} through GLOBAL, a one-tuple and REDUCE. */
    private byte[] call(String module, String name, String arg) {
        return new PickleBytes().global(module, name).str(arg).op(0x85, 'R').stop();
    }

    @Test
    void classicPayloads() {
        for (String[] g : new String[][] {{"os", "system"}, {"posix", "system"}, {"nt", "system"}, {"builtins", "eval"},
                {"builtins", "exec"}, {"__builtin__", "eval"}, {"subprocess", "Popen"}, {"subprocess", "check_output"},
                {"builtins", "__import__"}, {"builtins", "getattr"}, {"torch", "load"}, {"torch.serialization", "load"},
                {"pickle", "loads"}, {"webbrowser", "open"}, {"runpy", "_run_code"}, {"numpy.core.multiarray", "_reconstruct"}})
            refused(call(g[0], g[1], cmd()), unsupportedGlobal(g[0] + "." + g[1]));
        // Popen(['sh', '-c', cmd]) with a list argument
        refused(new PickleBytes().global("subprocess", "Popen").raw("(").str("sh").str("-c").str(cmd()).raw("l").op(0x85, 'R').stop(),
                unsupportedGlobal("subprocess.Popen"));
    }

    @Test
    void realPickleOfAnObjectCallingOsSystem() {
        // written by Python's pickle inside torch.save: a class whose __reduce__ returns (os.system, (cmd,))
        TorchException e = assertThrows(TorchException.class, () -> PtFile.load(PtFileTest.fixture("evil_posix.pt")));
        assertTrue(e.getMessage().contains(unsupportedGlobal("posix.system")), e.getMessage());
        assertTrue(e.getMessage().startsWith(PtFileTest.fixture("evil_posix.pt").toString()), e.getMessage());
        assertFalse(Files.exists(Path.of("/tmp/torch4j_pwned_by_pt_fixture")));
    }

    @Test
    void otherWaysToNameAGlobal() {
        // STACK_GLOBAL (protocol 4) takes the names from the stack
        refused(new PickleBytes().str("os").str("system").op(0x93).str(cmd()).op(0x85, 'R').stop(), unsupportedGlobal("os.system"));
        // INST and OBJ build instances of arbitrary classes
        refused(new PickleBytes().raw("(").str(cmd()).raw("ios\nsystem\n").stop(), unsupportedGlobal("os.system"));
        refused(new PickleBytes().raw("(").global("os", "system").str(cmd()).raw("o").stop(), unsupportedGlobal("os.system"));
        refused(new PickleBytes().raw("(").global("collections", "OrderedDict").raw("o").stop(), "Unsupported operand OBJ");
        refused(new PickleBytes().raw("(").raw("icollections\nOrderedDict\n").stop(), "Unsupported operand INST for collections.OrderedDict");
        // the copyreg extension registry maps codes to arbitrary globals
        refused(new PickleBytes().op(0x82, 1).stop(), "Unsupported operand EXT");
        // text persistent ids and out-of-band buffers
        refused(new PickleBytes().raw("Pfoo\n").stop(), "Unsupported operand PERSID");
        refused(new PickleBytes().op(0x97).stop(), "NEXT_BUFFER");
    }

    @Test
    void reduceBuildAndNewobjOnlyOnAllowedThings() {
        // a chain: OrderedDict() is allowed, calling the resulting dict is not
        refused(new PickleBytes().global("collections", "OrderedDict").raw(")R").str(cmd()).op(0x85, 'R').stop(),
                "Trying to call reduce for unrecognized function dict");
        // allowed names that are not callables here: a storage class would allocate whatever size it is given
        refused(new PickleBytes().global("torch", "FloatStorage").integer(1 << 30).op(0x85, 'R').stop(),
                "Trying to call reduce for unrecognized function torch.FloatStorage");
        refused(new PickleBytes().global("torch", "float32").raw(")R").stop(), "Trying to call reduce for unrecognized function torch.dtype");
        refused(new PickleBytes().str("x").raw(")R").stop(), "Trying to call reduce for unrecognized function str");
        // BUILD (setstate) on a list, a plain dict, a string
        refused(new PickleBytes().raw("]}b").stop(), "Can only build Tensor, Parameter or OrderedDict objects, but got list");
        refused(new PickleBytes().raw("}}b").stop(), "Can only build Tensor, Parameter or OrderedDict objects, but got dict");
        // NEWOBJ only for nn.Parameter
        refused(new PickleBytes().global("collections", "OrderedDict").raw(")").op(0x81).stop(),
                "Trying to instantiate unsupported class collections.OrderedDict");
        // APPEND onto a dict, SETITEM onto a list
        refused(new PickleBytes().raw("}").str("x").raw("a").stop(), "Can only append to lists, but got dict");
        refused(new PickleBytes().raw("]").str("k").str("v").raw("s").stop(), "Can only set items of dicts, but got list");
        // persistent ids other than storages, such as the legacy 'module' records that carry source code
        refused(new PickleBytes().raw("(").str("module").str("x").raw("tQ").stop(), "Only persistent_load of storage is allowed");
        refused(new PickleBytes().str("0").raw("Q").stop(), "persistent_load id must be a tuple, but got str");
    }

    @Test
    void unsafeInsideAValidCheckpointIsStillRefused() {
        // a real state dict whose pickle is followed by a payload in place of its STOP
        Map<String, byte[]> entries;
        try {
            entries = PtFileTest.unzip(PtFileTest.fixtureBytes("lenet.pt"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] pkl = entries.get("lenet/data.pkl");
        byte[] payload = new PickleBytes().global("os", "system").str(cmd()).op(0x85, 'R').stop();
        byte[] evil = new byte[pkl.length - 1 + payload.length - 2];
        System.arraycopy(pkl, 0, evil, 0, pkl.length - 1);
        System.arraycopy(payload, 2, evil, pkl.length - 1, payload.length - 2);
        entries.put("lenet/data.pkl", evil);
        TorchException e = assertThrows(TorchException.class, () -> PtFile.load(PtFileTest.zip(entries, false)));
        assertTrue(e.getMessage().contains(unsupportedGlobal("os.system")), e.getMessage());
        assertFalse(Files.exists(marker()));
    }

    @Test
    void hostileSizesDoNotAllocate() {
        Function<byte[], String> msg = b -> assertThrows(TorchException.class, () -> PtFile.load(b)).getMessage();
        // a 4 GiB string length in a 20-byte pickle
        String m = msg.apply(inZip(new PickleBytes().op('X', 0xff, 0xff, 0xff, 0xff).raw("ab.").stop()));
        assertTrue(m.contains("needs 4294967295 more bytes"), m);
        // BINUNICODE8 / BINBYTES8 with 2^62
        m = msg.apply(inZip(new PickleBytes().op(0x8e, 0, 0, 0, 0, 0, 0, 0, 0x40).stop()));
        assertTrue(m.contains("more bytes"), m);
        // a storage claiming 2^31-9 elements, with a 4-byte entry
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("archive/data.pkl", new PickleBytes().rebuild("DoubleStorage", Integer.MAX_VALUE - 9, 0, new int[] {1}, new int[] {1}).stop());
        e.put("archive/data/0", new byte[4]);
        m = msg.apply(PtFileTest.zip(e, false));
        assertTrue(m.contains("but its entry has 4 bytes"), m);
        // LONG_BINPUT at index 2^32-1 is a map entry, not an array of that size
        assertEquals(7L, PtFile.load(inZip(new PickleBytes().op('K', 7, 'r', 0xff, 0xff, 0xff, 0xff, '0', 'j', 0xff, 0xff, 0xff, 0xff).stop())));
        // deep nesting is handled without recursion: 100k nested lists
        PickleBytes deep = new PickleBytes();
        for (int i = 0; i < 100_000; i++) deep.raw("]");
        for (int i = 0; i < 99_999; i++) deep.raw("a");
        assertInstanceOf(java.util.List.class, PtFile.load(inZip(deep.stop())));
        // a list containing itself
        Object self = PtFile.load(inZip(new PickleBytes().raw("]q\u0000h\u0000a").stop()));
        assertSame(self, ((java.util.List<?>) self).get(0));
        // unhashable dict keys
        m = msg.apply(inZip(new PickleBytes().raw("}]").str("v").raw("s").stop()));
        assertTrue(m.contains("unhashable type: list"), m);
    }
}
