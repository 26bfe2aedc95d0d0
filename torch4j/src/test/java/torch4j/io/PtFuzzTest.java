package torch4j.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import torch4j.TorchException;

/**
 * About 2,000 damaged checkpoints (flipped, overwritten, inserted, deleted and truncated bytes, in the whole file
 * or only in the pickle of a re-zipped archive with valid CRCs, so that the damage reaches the unpickler): each
 * loads or throws TorchException; no other exception, no hang, no runaway allocation.
 */
class PtFuzzTest {
    private static final List<String> BASES = List.of("lenet.pt", "views.pt", "nested.pt", "optimizer.pt", "params.pt", "dtypes.pt");

    @Test
    void damagedFilesLoadOrThrowTorchException() throws IOException {
        Random rnd = new Random(20240611);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Map<String, byte[]>> entries = new LinkedHashMap<>();
        for (String b : BASES) {
            files.put(b, PtFileTest.fixtureBytes(b));
            entries.put(b, PtFileTest.unzip(files.get(b)));
        }
        byte[] legacy = PtFileTest.fixtureBytes("legacy.pt");
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 2000; i++) {
                byte[] file;
                String what;
                int kind = i % 4;
                if (kind == 0) {
                    String b = BASES.get(rnd.nextInt(BASES.size()));
                    file = mutate(files.get(b), rnd);
                    what = "whole " + b;
                } else if (kind == 1 || kind == 2) {
                    // damage only the pickle and re-zip with correct CRCs, so the unpickler sees it
                    String b = BASES.get(rnd.nextInt(BASES.size()));
                    Map<String, byte[]> e = new LinkedHashMap<>(entries.get(b));
                    String pkl = e.keySet().stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
                    e.put(pkl, mutate(e.get(pkl), rnd));
                    file = PtFileTest.zip(e, false);
                    what = "pickle of " + b;
                } else {
                    file = mutate(legacy, rnd);
                    what = "legacy.pt";
                }
                try {
                    PtFile.load(file);
                    outcomes[0]++;
                } catch (TorchException ok) {
                    assertNotNull(ok.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (" + what + "): " + t, t);
                }
            }
        });
        // both outcomes happen: the mutations neither all break nor all miss the parser
        assertTrue(outcomes[0] > 50 && outcomes[1] > 500, Arrays.toString(outcomes));
    }

    static byte[] mutate(byte[] src, Random rnd) {
        byte[] b = src.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> { // flip a few bits
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> { // random bytes at random places
                for (int k = 1 + rnd.nextInt(8); k > 0; k--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            case 2 -> { // truncate
                b = Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 3 -> { // delete a span
                int at = rnd.nextInt(b.length), n = Math.min(b.length - at, 1 + rnd.nextInt(16));
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                b = out;
            }
            case 4 -> { // insert random bytes
                int at = rnd.nextInt(b.length + 1), n = 1 + rnd.nextInt(16);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, at);
                for (int k = 0; k < n; k++) out[at + k] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, out, at + n, b.length - at);
                b = out;
            }
            default -> { // extreme length-like values: 0xff or 0x7f runs
                int at = rnd.nextInt(b.length);
                byte v = rnd.nextBoolean() ? (byte) 0xff : (byte) 0x7f;
                for (int k = 0; k < 4 && at + k < b.length; k++) b[at + k] = v;
            }
        }
        return b;
    }
}
