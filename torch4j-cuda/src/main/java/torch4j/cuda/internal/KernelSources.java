package torch4j.cuda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The backend's CUDA C++ kernel sources (resources under {@code torch4j/cuda/kernels}), compiled to PTX with NVRTC
 * at first use and cached on disk under {@code ~/.cache/torch4j/cuda} (or {@code -Dtorch4j.cuda.cache}), keyed by
 * the SHA-256 of the source, the target architecture and the NVRTC version, so an edited kernel or another GPU
 * never reuses a stale file. Writes are atomic (temp file, then rename).
 */
public final class KernelSources {
    /** The kernel families, one source file (and one CUDA module) each. */
    public static final List<String> FAMILIES = List.of("elementwise", "copy", "reduce", "index", "conv", "pool", "norm", "optim");

    private KernelSources() {}

    /** common.cuh followed by the family's .cu text: the translation unit handed to NVRTC. */
    public static String source(String family) {
        return resource("common.cuh") + "\n#line 1 \"" + family + ".cu\"\n" + resource(family + ".cu");
    }

    private static String resource(String name) {
        try (InputStream in = KernelSources.class.getResourceAsStream("/torch4j/cuda/kernels/" + name)) {
            if (in == null) throw new IllegalStateException("missing kernel source " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PTX of a family for compute_arch, from the disk cache or freshly compiled. */
    public static String ptx(Nvrtc nvrtc, String family, int arch) {
        String src = source(family);
        int[] v = nvrtc.version();
        String key = sha256(src + "\0" + arch + "\0" + v[0] + "." + v[1]);
        Path dir = cacheDir();
        Path file = dir.resolve(family + "-sm" + arch + "-" + key.substring(0, 24) + ".ptx");
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // unreadable cache entry: compile again
        }
        String ptx = nvrtc.compileToPtx(src, family + ".cu", arch, List.of());
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, family, ".tmp");
            Files.writeString(tmp, ptx, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a read-only home still works, only without the cache
        }
        return ptx;
    }

    static Path cacheDir() {
        String p = System.getProperty("torch4j.cuda.cache");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".cache", "torch4j", "cuda");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
