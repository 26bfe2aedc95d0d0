package torch4j;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * About 3,000 damaged .npy files (flipped, overwritten, inserted, deleted and truncated bytes, most of them in the
 * header where the parser lives) and 300 damaged .npz archives: each loads or throws TorchException; no other
 * exception, no hang, no runaway allocation.
 */
class NumpyFuzzTest {
    private static final List<String> NPY = List.of("f4.npy", "f8_be_fortran.npy", "i8_fortran_3d.npy", "b1.npy",
            "f4_v2.npy", "i2_v3.npy", "f8_scalar.npy", "f4_empty_0x3.npy", "c8.npy", "U3.npy");

    @TempDir
    Path tmp;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NumpyFuzzTest.class.getResourceAsStream("/npy/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void damagedNpyFilesLoadOrThrowTorchException() throws IOException {
        Random rnd = new Random(31337);
        byte[][] bases = new byte[NPY.size()][];
        for (int i = 0; i < bases.length; i++) bases[i] = fixture(NPY.get(i));
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3000; i++) {
                int f = rnd.nextInt(bases.length);
                // two thirds of the damage lands in the magic/version/header, where the parsing is
                byte[] file = mutate(bases[f], rnd, i % 3 == 0 ? bases[f].length : Math.min(bases[f].length, 128));
                try {
                    Numpy.load(new ByteArrayInputStream(file), NPY.get(f));
                    outcomes[0]++;
                } catch (TorchException ok) {
                    assertNotNull(ok.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("case " + i + " (" + NPY.get(f) + "): " + t, t);
                }
            }
        });
        assertTrue(outcomes[0] > 30 && outcomes[1] > 1000, Arrays.toString(outcomes));
    }

    @Test
    void damagedNpzArchivesLoadOrThrowTorchException() throws IOException {
        Random rnd = new Random(4242);
        byte[] base = fixture("mixed.npz");
        Path p = tmp.resolve("fuzz.npz");
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 300; i++) {
                Files.write(p, mutate(base, rnd, base.length));
                try {
                    Numpy.loadNpz(p);
                    outcomes[0]++;
                } catch (TorchException ok) {
                    assertNotNull(ok.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("npz case " + i + ": " + t, t);
                }
            }
        });
        assertTrue(outcomes[1] > 30, Arrays.toString(outcomes));
    }

    /** One random kind of damage within the first {@code span} bytes. */
    static byte[] mutate(byte[] src, Random rnd, int span) {
        byte[] b = src.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> { // flip a few bits
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) b[rnd.nextInt(span)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> { // random bytes (digits too, so shapes and lengths change)
                for (int k = 1 + rnd.nextInt(6); k > 0; k--)
                    b[rnd.nextInt(span)] = (byte) (rnd.nextBoolean() ? '0' + rnd.nextInt(10) : rnd.nextInt(256));
            }
            case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncate
            case 3 -> { // delete a run
                int at = rnd.nextInt(span), len = 1 + rnd.nextInt(Math.min(16, b.length - at));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + len, c, at, b.length - at - len);
                b = c;
            }
            default -> { // insert a run
                int at = rnd.nextInt(span), len = 1 + rnd.nextInt(16);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at);
                for (int k = 0; k < len; k++) c[at + k] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, c, at + len, b.length - at);
                b = c;
            }
        }
        return b;
    }
}
