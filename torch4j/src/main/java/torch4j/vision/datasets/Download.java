package torch4j.vision.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import torch4j.TorchException;

/**
 * The {@code download=True} of torchvision's datasets: files already in place are used as they are; missing ones
 * are fetched from the mirrors (each tried in turn with a short timeout) and, when none answers (an offline
 * machine), the error says exactly which files to place where. No checksum is verified (torchvision checks MD5).
 * <pre>{@code
 * Download.mnist(root, "FashionMNIST", Download.FASHION_MNIST_MIRRORS, Download.DEFAULT_TIMEOUT);
 * var train = new FashionMNIST(root, true);
 * }</pre>
 */
public final class Download {
    private Download() {}

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final List<String> MNIST_MIRRORS = List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
            "http://yann.lecun.com/exdb/mnist/");
    public static final List<String> FASHION_MNIST_MIRRORS = List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    public static final List<String> KMNIST_MIRRORS = List.of("http://codh.rois.ac.jp/kmnist/dataset/kmnist/");
    /** Where {@code cifar-10-binary.tar.gz} and {@code cifar-100-binary.tar.gz} live. */
    public static final List<String> CIFAR_MIRRORS = List.of("https://www.cs.toronto.edu/~kriz/");

    static final List<String> MNIST_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** The default mirrors for a MNIST-format folder name (MNIST, FashionMNIST, KMNIST). */
    public static List<String> mirrorsFor(String folder) {
        return switch (folder) {
            case "FashionMNIST" -> FASHION_MNIST_MIRRORS;
            case "KMNIST" -> KMNIST_MIRRORS;
            default -> MNIST_MIRRORS;
        };
    }

    /**
     * Makes sure the four IDX files of a MNIST-format dataset are where {@link MNIST} looks (root, root/folder/raw
     * or root/raw, gzipped or not), downloading the missing ones as .gz into root/folder/raw. Returns root.
     */
    public static Path mnist(Path root, String folder, List<String> mirrors, Duration timeout) {
        Path raw = root.resolve(folder).resolve("raw");
        List<String> missing = new ArrayList<>();
        for (String f : MNIST_FILES) if (!present(root, folder, f)) missing.add(f + ".gz");
        if (missing.isEmpty()) return root;
        List<String> failures = new ArrayList<>();
        for (String f : missing) {
            if (!fetch(mirrors, f, raw.resolve(f), timeout, failures))
                throw new TorchException("Dataset not found and the download failed (is this machine offline?). Place the files "
                        + String.join(", ", missing) + " (gzipped or not) in " + raw + " (or directly in " + root + "). Tried: "
                        + String.join("; ", failures));
        }
        return root;
    }

    private static boolean present(Path root, String folder, String name) {
        for (Path dir : new Path[]{root, root.resolve(folder).resolve("raw"), root.resolve("raw")})
            if (Files.isRegularFile(dir.resolve(name)) || Files.isRegularFile(dir.resolve(name + ".gz"))) return true;
        return false;
    }

    /**
     * Makes sure a CIFAR binary folder (dir under root, holding files) exists, else downloads archive from the
     * mirrors and unpacks it into root. Returns root.
     */
    public static Path cifar(Path root, String dir, List<String> files, String archive, List<String> mirrors, Duration timeout) {
        List<String> missing = new ArrayList<>();
        for (String f : files)
            if (!Files.isRegularFile(root.resolve(dir).resolve(f)) && !Files.isRegularFile(root.resolve(f))) missing.add(f);
        if (missing.isEmpty()) return root;
        List<String> failures = new ArrayList<>();
        Path tgz = root.resolve(archive);
        if (!Files.isRegularFile(tgz) && !fetch(mirrors, archive, tgz, timeout, failures))
            throw new TorchException("Dataset not found and the download failed (is this machine offline?). Place the binary batch files "
                    + String.join(", ", missing) + " in " + root.resolve(dir) + " (the contents of " + archive + "), or "
                    + archive + " itself in " + root + ". Tried: " + String.join("; ", failures));
        untarGz(tgz, root);
        return root;
    }

    private static boolean fetch(List<String> mirrors, String name, Path target, Duration timeout, List<String> failures) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String mirror : mirrors) {
            String url = mirror.endsWith("/") ? mirror + name : mirror + "/" + name;
            try {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), name, ".part");
                try {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
                    HttpResponse<Path> resp = client.send(req, HttpResponse.BodyHandlers.ofFile(tmp));
                    if (resp.statusCode() != 200) {
                        failures.add(url + " (HTTP " + resp.statusCode() + ")");
                        continue;
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return true;
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException | IllegalArgumentException e) {
                failures.add(url + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(url + " (interrupted)");
                return false;
            }
        }
        return false;
    }

    /** Unpacks the regular files of a .tar.gz (ustar) under dest, refusing entries that would leave it. */
    static void untarGz(Path tgz, Path dest) {
        Path base = dest.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) break;
                String name = cstr(header, 0, 100);
                String prefix = cstr(header, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
                long size = Long.parseLong(cstr(header, 124, 12).trim().isEmpty() ? "0" : cstr(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                Path out = base.resolve(name).normalize();
                if (!out.startsWith(base)) throw new TorchException("Refusing to unpack " + name + " from " + tgz + ": it leaves " + base);
                if (type == '0' || type == 0) {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copy(in, os, size, tgz);
                    }
                } else {
                    if (type == '5') Files.createDirectories(out);
                    copy(in, OutputStream.nullOutputStream(), size, tgz);
                }
                long rest = (512 - size % 512) % 512;
                if (rest > 0) in.skipNBytes(rest);
            }
        } catch (IOException e) {
            throw new TorchException("Cannot unpack " + tgz + ": " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, OutputStream out, long size, Path tgz) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (size > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, size));
            if (n < 0) throw new TorchException("Truncated archive " + tgz);
            out.write(buf, 0, n);
            size -= n;
        }
    }

    private static String cstr(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
