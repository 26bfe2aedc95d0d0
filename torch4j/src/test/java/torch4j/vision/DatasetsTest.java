package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.testing.Json;
import torch4j.utils.data.Sample;
import torch4j.vision.datasets.CIFAR10;
import torch4j.vision.datasets.CIFAR100;
import torch4j.vision.datasets.Download;
import torch4j.vision.datasets.FakeData;
import torch4j.vision.datasets.FashionMNIST;
import torch4j.vision.datasets.ImageFolder;
import torch4j.vision.datasets.KMNIST;
import torch4j.vision.transforms.Compose;
import torch4j.vision.transforms.PILToTensor;
import torch4j.vision.transforms.Resize;
import torch4j.vision.transforms.ToTensor;

/** Datasets on small files the tests write, plus the real Fashion-MNIST from ../shared when present. */
class DatasetsTest {
    /** An unreachable local port: the download tests must never leave this machine. */
    private static final List<String> NOWHERE = List.of("http://127.0.0.1:9/");
    private static final Duration SHORT = Duration.ofSeconds(2);

    // ---------------------------------------------------------------- CIFAR

    /** A record: label bytes, then 3072 bytes where pixel (c, y, x) holds (seed + 7c + 3y + x) mod 256. */
    private static byte[] record(int[] labels, int seed) {
        byte[] r = new byte[labels.length + 3072];
        for (int i = 0; i < labels.length; i++) r[i] = (byte) labels[i];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++) r[labels.length + c * 1024 + y * 32 + x] = (byte) (seed + 7 * c + 3 * y + x);
        return r;
    }

    private static void writeBatch(Path file, int labelBytes, int... seeds) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream o = Files.newOutputStream(file)) {
            for (int s : seeds) o.write(record(labelBytes == 1 ? new int[]{s % 10} : new int[]{s % 20, s % 100}, s));
        }
    }

    private static Path cifar10(Path root) throws IOException {
        Path dir = root.resolve("cifar-10-batches-bin");
        for (int b = 1; b <= 5; b++) writeBatch(dir.resolve("data_batch_" + b + ".bin"), 1, 10 * b, 10 * b + 1);
        writeBatch(dir.resolve("test_batch.bin"), 1, 3, 4, 5);
        return root;
    }

    @Test
    void cifar10ReadsBinaryBatchesAsHwcImages(@TempDir Path root) throws IOException {
        cifar10(root);
        CIFAR10 train = new CIFAR10(root, true), test = new CIFAR10(root, false);
        assertEquals(10, train.size());
        assertEquals(3, test.size());
        assertArrayEquals(new int[]{10, 32, 32, 3}, train.data().shapeArray());
        assertEquals(DType.UINT8, train.data().dtype());
        assertArrayEquals(new long[]{0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, train.targets().toLongArray());
        assertArrayEquals(new long[]{3, 4, 5}, test.targets().toLongArray());
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"), train.classes());
        Sample s = test.get(1);
        assertArrayEquals(new int[]{32, 32, 3}, s.input().shapeArray());
        assertEquals(DType.INT64, s.target().dtype());
        assertEquals(4, s.target().itemLong());
        // pixel (y=5, x=6) channel 2 of seed 4
        assertEquals((4 + 14 + 15 + 6) & 0xFF, s.input().select(0, 5).select(0, 6).select(0, 2).itemLong());
        Tensor chw = new CIFAR10(root, false, new ToTensor()).get(2).input();
        assertArrayEquals(new int[]{3, 32, 32}, chw.shapeArray());
        assertEquals(((5 + 7 + 3 * 2 + 9) & 0xFF) / 255.0, chw.select(0, 1).select(0, 2).select(0, 9).item(), 1e-6);
        assertTrue(train.toString().startsWith("Dataset CIFAR10\n    Number of datapoints: 10\n"));
    }

    @Test
    void cifar100HasFineAndCoarseLabels(@TempDir Path root) throws IOException {
        writeBatch(root.resolve("cifar-100-binary").resolve("train.bin"), 2, 7, 55, 99);
        writeBatch(root.resolve("cifar-100-binary").resolve("test.bin"), 2, 42);
        CIFAR100 train = new CIFAR100(root, true);
        assertEquals(3, train.size());
        assertArrayEquals(new long[]{7, 55, 99}, train.targets().toLongArray());
        assertArrayEquals(new long[]{7, 15, 19}, train.coarseTargets().toLongArray());
        assertEquals(100, train.classes().size());
        assertEquals("worm", train.classes().get(99));
        assertEquals(20, CIFAR100.COARSE_CLASSES.size());
        assertEquals((99 + 3 * 31 + 31 + 14) & 0xFF, train.get(2).input().select(0, 31).select(0, 31).select(0, 2).itemLong());
        assertEquals(1, new CIFAR100(root, false).size());
    }

    @Test
    void cifarBadFilesGiveErrorsNamingTheFile(@TempDir Path root) throws IOException {
        cifar10(root);
        Path bad = root.resolve("cifar-10-batches-bin").resolve("test_batch.bin");
        Files.write(bad, new byte[3073 * 2 + 100]);
        TorchException e = assertThrows(TorchException.class, () -> new CIFAR10(root, false));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("3073-byte record"), e.getMessage());
        byte[] rec = record(new int[]{12}, 0);
        Files.write(bad, rec);
        e = assertThrows(TorchException.class, () -> new CIFAR10(root, false));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("label 12"), e.getMessage());
        Files.delete(bad);
        e = assertThrows(TorchException.class, () -> new CIFAR10(root, false));
        assertTrue(e.getMessage().startsWith("Dataset not found: test_batch.bin is missing"), e.getMessage());
    }

    @Test
    void cifarDownloadUsesPresentFilesAndExplainsWhenOffline(@TempDir Path root) throws IOException {
        cifar10(root);
        // files in place: no request is made (the mirror is unreachable anyway)
        assertEquals(3, new CIFAR10(root, new CIFAR10.Options().train(false).download(true).mirrors(NOWHERE).timeout(SHORT)).size());
        Path empty = root.resolve("empty");
        TorchException e = assertThrows(TorchException.class,
                () -> new CIFAR10(empty, new CIFAR10.Options().download(true).mirrors(NOWHERE).timeout(SHORT)));
        String m = e.getMessage();
        assertTrue(m.startsWith("Dataset not found and the download failed (is this machine offline?). Place the binary batch files "
                + "data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in "
                + empty.resolve("cifar-10-batches-bin") + " (the contents of cifar-10-binary.tar.gz), or cifar-10-binary.tar.gz itself in "
                + empty + ". Tried: http://127.0.0.1:9/cifar-10-binary.tar.gz ("), m);
    }

    @Test
    void cifarDownloadUnpacksAnArchiveAlreadyInPlace(@TempDir Path root) throws IOException {
        Path src = cifar10(root.resolve("src"));
        Path dest = Files.createDirectories(root.resolve("dest"));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dest.resolve("cifar-10-binary.tar.gz")))) {
            for (String f : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin", "test_batch.bin"))
                tarEntry(o, "cifar-10-batches-bin/" + f, Files.readAllBytes(src.resolve("cifar-10-batches-bin").resolve(f)));
            o.write(new byte[1024]);
        }
        CIFAR10 ds = new CIFAR10(dest, new CIFAR10.Options().download(true).mirrors(NOWHERE).timeout(SHORT));
        assertEquals(10, ds.size());
        assertTrue(ds.data().equal(new CIFAR10(src, true).data()));
    }

    private static void tarEntry(OutputStream o, String name, byte[] data) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
        o.write(h);
        o.write(data);
        o.write(new byte[(512 - data.length % 512) % 512]);
    }

    // ---------------------------------------------------------------- MNIST family

    private static void writeIdx(Path file, int magicType, int[] shape, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bo)) {
            d.writeInt((magicType << 8) | shape.length);
            for (int s : shape) d.writeInt(s);
            d.write(data);
        }
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(bo.toByteArray());
        }
    }

    @Test
    void kmnistReadsItsFolderAndDownloadExplainsWhenOffline(@TempDir Path root) throws IOException {
        Path raw = root.resolve("KMNIST").resolve("raw");
        TorchException e = assertThrows(TorchException.class, () -> Download.mnist(root, "KMNIST", NOWHERE, SHORT));
        assertTrue(e.getMessage().startsWith("Dataset not found and the download failed (is this machine offline?). Place the files "
                + "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz "
                + "(gzipped or not) in " + raw + " (or directly in " + root + "). Tried: http://127.0.0.1:9/train-images-idx3-ubyte.gz ("),
                e.getMessage());
        byte[] img = new byte[3 * 28 * 28];
        for (int i = 0; i < img.length; i++) img[i] = (byte) i;
        for (String p : List.of("train", "t10k")) {
            writeIdx(raw.resolve(p + "-images-idx3-ubyte.gz"), 0x08, new int[]{3, 28, 28}, img);
            writeIdx(raw.resolve(p + "-labels-idx1-ubyte.gz"), 0x08, new int[]{3}, new byte[]{9, 0, 4});
        }
        assertEquals(root, Download.mnist(root, "KMNIST", NOWHERE, SHORT));
        KMNIST k = new KMNIST(root, true, null, null, true);
        assertEquals(3, k.size());
        assertArrayEquals(new long[]{9, 0, 4}, k.targets().toLongArray());
        assertEquals("wo", KMNIST.CLASSES.get(9));
        assertEquals((28 * 28 + 5) & 0xFF, k.get(1).input().select(0, 0).select(0, 5).itemLong());
    }

    private static Path fashionMnist() {
        for (Path p : List.of(Path.of("..", "shared", "data", "fashion-mnist"), Path.of("..", "..", "shared", "data", "fashion-mnist")))
            if (Files.isRegularFile(p.resolve("train-images-idx3-ubyte.gz"))) return p;
        return null;
    }

    @Test
    void realFashionMnist() {
        Path root = fashionMnist();
        assumeTrue(root != null, "the real Fashion-MNIST is not in ../shared/data/fashion-mnist beside the clone: skipped");
        assertEquals(root, Download.mnist(root, "FashionMNIST", NOWHERE, SHORT));   // present: nothing fetched
        FashionMNIST test = new FashionMNIST(root, false, new Compose(new ToTensor(), new Resize(14)));
        assertEquals(10000, test.size());
        long[] counts = new long[10];
        for (long t : test.targets().toLongArray()) counts[(int) t]++;
        for (long c : counts) assertEquals(1000, c);
        Sample s = test.get(0);
        assertEquals(9, s.target().itemLong());   // an ankle boot, as torchvision's FashionMNIST(train=False)[0]
        assertArrayEquals(new int[]{1, 14, 14}, s.input().shapeArray());
        assertTrue(s.input().max().item() <= 1.0 && s.input().min().item() >= 0.0);
    }

    // ---------------------------------------------------------------- ImageFolder

    private static BufferedImage rgb(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, ((seed + x) & 0xFF) << 16 | ((seed + y) & 0xFF) << 8 | ((seed * 3 + x + y) & 0xFF));
        return img;
    }

    private static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("dog").resolve("sub"));
        Files.createDirectories(root.resolve("cat"));
        ImageIO.write(rgb(5, 4, 10), "png", root.resolve("dog").resolve("b.png").toFile());
        ImageIO.write(rgb(6, 3, 20), "bmp", root.resolve("dog").resolve("sub").resolve("a.BMP").toFile());
        ImageIO.write(rgb(8, 8, 30), "jpeg", root.resolve("dog").resolve("c.jpg").toFile());
        Files.writeString(root.resolve("dog").resolve("notes.txt"), "not an image");
        BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 6; i++) gray.getRaster().setSample(i % 3, i / 3, 0, 40 * i);
        ImageIO.write(gray, "png", root.resolve("cat").resolve("z.png").toFile());
        ImageIO.write(rgb(2, 2, 1), "gif", root.resolve("cat").resolve("y.gif").toFile());
        return root;
    }

    @Test
    void imageFolderFindsClassesAndDecodesImages(@TempDir Path root) throws IOException {
        tree(root);
        ImageFolder ds = new ImageFolder(root);
        assertEquals(List.of("cat", "dog"), ds.classes());
        assertEquals(Map.of("cat", 0, "dog", 1), ds.classToIdx());
        // as torchvision: files of each folder sorted, folders in path order; .txt and .gif are not image extensions
        assertEquals(List.of(root.resolve("cat/z.png"), root.resolve("dog/b.png"), root.resolve("dog/c.jpg"), root.resolve("dog/sub/a.BMP")),
                ds.samples().stream().map(ImageFolder.Entry::path).toList());
        assertEquals(List.of(0, 1, 1, 1), ds.targets());
        Sample png = ds.get(1);
        assertArrayEquals(new int[]{4, 5, 3}, png.input().shapeArray());
        assertEquals(DType.UINT8, png.input().dtype());
        assertEquals(1, png.target().itemLong());
        assertEquals(10 + 3, png.input().select(0, 2).select(0, 3).select(0, 0).itemLong());
        assertEquals(10 + 2, png.input().select(0, 2).select(0, 3).select(0, 1).itemLong());
        assertEquals(30 + 5, png.input().select(0, 2).select(0, 3).select(0, 2).itemLong());
        Tensor bmp = ds.get(3).input();
        assertTrue(bmp.equal(ImageFolder.defaultLoader(root.resolve("dog/sub/a.BMP"))));
        assertEquals(20 + 5, bmp.select(0, 1).select(0, 5).select(0, 0).itemLong());
        Tensor jpg = ds.get(2).input();
        assertArrayEquals(new int[]{8, 8, 3}, jpg.shapeArray());
        // lossy: close to the source colours
        assertTrue(Math.abs(jpg.select(0, 4).select(0, 4).select(0, 0).itemLong() - 34) < 12);
        Tensor gray = ds.get(0).input();
        assertArrayEquals(new int[]{2, 3, 3}, gray.shapeArray());
        assertArrayEquals(new long[]{160, 160, 160}, gray.select(0, 1).select(0, 1).toLongArray());
    }

    @Test
    void imageFolderOptionsLoaderAndErrors(@TempDir Path root) throws IOException {
        tree(root);
        ImageFolder gifs = new ImageFolder(root.resolve("."), new ImageFolder.Options().extensions(".gif", ".png"));
        assertEquals(3, gifs.size());   // cat/y.gif, cat/z.png, dog/b.png
        assertArrayEquals(new int[]{2, 2, 3}, gifs.get(0).input().shapeArray());
        ImageFolder withLoader = new ImageFolder(root, new ImageFolder.Options()
                .loader(p -> { try { return ImageIO.read(p.toFile()); } catch (IOException e) { throw new RuntimeException(e); } })
                .transform(new Compose(new Resize(6), new PILToTensor())));
        // the loader's grey BufferedImage stays one channel (a PIL "L" image), its smaller edge resized to 6
        assertArrayEquals(new int[]{1, 6, 9}, withLoader.get(0).input().shapeArray());
        Files.createDirectories(root.resolve("bird"));
        TorchException e = assertThrows(TorchException.class, () -> new ImageFolder(root));
        assertEquals("Found no valid file for the classes bird. Supported extensions are: "
                + ".jpg, .jpeg, .png, .ppm, .bmp, .pgm, .tif, .tiff, .webp", e.getMessage());
        Files.delete(root.resolve("bird"));
        Path corrupt = root.resolve("cat").resolve("broken.png");
        Files.write(corrupt, new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        ImageFolder ds = new ImageFolder(root);
        int idx = ds.samples().stream().map(ImageFolder.Entry::path).toList().indexOf(corrupt);
        e = assertThrows(TorchException.class, () -> ds.get(idx));
        assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
        Path none = Files.createDirectories(root.resolve("none"));
        e = assertThrows(TorchException.class, () -> new ImageFolder(none));
        assertEquals("Couldn't find any class folder in " + none + ".", e.getMessage());
    }

    // ---------------------------------------------------------------- FakeData

    @Test
    void fakeDataMatchesTorchvision() {
        for (Map<String, Object> c : VisionRefs.list("fakedata")) {
            int[] size = Json.ints(c.get("image_size"));
            FakeData ds = new FakeData(new FakeData.Options().size(3).imageSize(size).numClasses(7).randomOffset(5));
            Sample s = ds.get(((Number) c.get("index")).intValue());
            // randn of 16+ floats is vectorised in PyTorch (a few ulp apart), so a truncation may rarely differ by one
            VisionRefs.assertClose(c.get("image"), s.input(), 0, 0, 1, (String) c.get("id"));
            assertEquals(((Number) c.get("target")).longValue(), s.target().itemLong(), (String) c.get("id"));
        }
        FakeData ds = new FakeData();
        assertEquals(1000, ds.size());
        assertArrayEquals(new int[]{224, 224, 3}, ds.get(0).input().shapeArray());
        assertTrue(ds.get(3).input().equal(ds.get(3).input()));
        assertNotEquals(ds.get(3).target().itemLong() * 1000 + ds.get(3).input().select(0, 0).select(0, 0).select(0, 0).itemLong(), -1);
        assertEquals("FakeData index out of range", assertThrows(TorchException.class, () -> ds.get(1000)).getMessage());
    }
}
