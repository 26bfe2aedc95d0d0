package torch4j.vision;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.testing.Json;
import torch4j.utils.data.DataLoader;
import torch4j.utils.data.Sample;
import torch4j.vision.datasets.FashionMNIST;
import torch4j.vision.datasets.Idx;
import torch4j.vision.datasets.MNIST;
import torch4j.vision.transforms.Compose;
import torch4j.vision.transforms.Normalize;
import torch4j.vision.transforms.ToTensor;

/** The IDX reader and MNIST datasets on the embedded data/mnist-10k subset, checked against numpy (refs/data.json). */
class MnistTest {
    static final Path DATA = Files.isDirectory(Path.of("../data/mnist-10k")) ? Path.of("../data/mnist-10k") : Path.of("data/mnist-10k");

    @SuppressWarnings("unchecked")
    static final Map<String, Object> REF = load();

    @SuppressWarnings("unchecked")
    static Map<String, Object> load() {
        return (Map<String, Object>) Json.cachedObject("/refs/data.json").get("mnist");
    }

    static List<Long> first10(Tensor t) {
        List<Long> r = new ArrayList<>();
        for (int i = 0; i < 10; i++) r.add(t.toLongArray()[i]);
        return r;
    }

    @Test void embeddedSubset() {
        MNIST train = new MNIST(DATA, true), test = new MNIST(DATA, false);
        assertEquals(((Long) REF.get("n_train")).intValue(), train.size());
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        assertEquals(REF.get("train_first"), first10(train.targets()));
        assertEquals(List.of(6L, 0L, 2L, 7L, 7L, 4L, 8L, 0L, 8L, 3L), first10(train.targets()));
        assertEquals(REF.get("test_first"), first10(test.targets()));
        assertEquals(DType.UINT8, train.data().dtype());
        assertEquals(DType.INT64, train.targets().dtype());
        assertArrayEquals(new int[]{8000, 28, 28}, train.data().shapeArray());
        double mean = train.data().to(DType.FLOAT64).mean().item();
        assertEquals((Double) REF.get("train_mean"), mean, 1e-9);
        assertEquals(33.52, mean, 0.005);
        assertEquals((Double) REF.get("test_mean"), test.data().to(DType.FLOAT64).mean().item(), 1e-9);
        assertEquals(((Long) REF.get("train_sum")).longValue(), (long) train.data().to(DType.INT64).sum().item());
        assertEquals(((Long) REF.get("train_label_sum")).longValue(), (long) train.targets().sum().item());
        List<Long> row = new ArrayList<>();
        for (long v : train.get(0).input().select(0, 14).toLongArray()) row.add(v);
        assertEquals(REF.get("train_0_row_14"), row);
        assertEquals(6L, train.get(0).target().toLongArray()[0]);
        assertEquals(0, train.get(0).target().dim());
    }

    @Test void transformsAndLoader() {
        var t = new Compose(new ToTensor(), new Normalize(0.1307, 0.3081));
        MNIST train = new MNIST(DATA, true, t);
        Sample s = train.get(0);
        assertArrayEquals(new int[]{1, 28, 28}, s.input().shapeArray());
        assertEquals(DType.FLOAT32, s.input().dtype());
        double expected = (((Double) REF.get("train_mean")) / 255 - 0.1307) / 0.3081;
        var dl = new DataLoader<>(train, new DataLoader.Options(1000));
        assertEquals(8, dl.size());
        double sum = 0;
        for (Sample b : dl) {
            assertArrayEquals(new int[]{1000, 1, 28, 28}, b.input().shapeArray());
            assertArrayEquals(new int[]{1000}, b.target().shapeArray());
            sum += b.input().to(DType.FLOAT64).mean().item();
        }
        assertEquals(expected, sum / 8, 1e-5);
        assertEquals("Compose(\n    ToTensor()\n    Normalize(mean=[0.1307], std=[0.3081])\n)", t.toString());
    }

    /** Copies the gz files as raw (ungzipped) files into root/MNIST/raw, torchvision's layout. */
    @Test void rawFilesInTorchvisionLayout(@TempDir Path tmp) throws IOException {
        Path raw = tmp.resolve("MNIST").resolve("raw");
        Files.createDirectories(raw);
        for (String n : new String[]{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"})
            try (InputStream in = new GZIPInputStream(Files.newInputStream(DATA.resolve(n + ".gz")))) {
                Files.write(raw.resolve(n), in.readAllBytes());
            }
        MNIST m = new MNIST(tmp, true);
        assertEquals(8000, m.size());
        assertEquals(REF.get("train_first"), first10(m.targets()));
        // FashionMNIST looks under FashionMNIST/raw and names the files it needs
        TorchException e = assertThrows(TorchException.class, () -> new FashionMNIST(tmp, true));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("FashionMNIST").resolve("raw").toString()), e.getMessage());
        Path fraw = tmp.resolve("FashionMNIST").resolve("raw");
        Files.createDirectories(fraw);
        Files.copy(raw.resolve("train-images-idx3-ubyte"), fraw.resolve("train-images-idx3-ubyte"));
        Files.copy(raw.resolve("train-labels-idx1-ubyte"), fraw.resolve("train-labels-idx1-ubyte"));
        assertEquals(8000, new FashionMNIST(tmp, true).size());
        assertEquals("Ankle boot", FashionMNIST.CLASSES.get(9));
    }

    @Test void missingFilesNameWhatToPlaceWhere(@TempDir Path tmp) {
        TorchException e = assertThrows(TorchException.class, () -> new MNIST(tmp, false));
        String m = e.getMessage();
        assertTrue(m.startsWith("Dataset not found: t10k-images-idx3-ubyte(.gz) is missing."), m);
        assertTrue(m.contains(tmp.toString()) && m.contains(tmp.resolve("MNIST").resolve("raw").toString()), m);
    }

    static byte[] idx(int typeCode, int[] shape, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.putInt((typeCode << 8) | shape.length);
        for (int s : shape) b.putInt(s);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) {
            o.write(raw);
        }
        return bo.toByteArray();
    }

    @Test void idxTypesAndErrors(@TempDir Path tmp) throws IOException {
        Path u8 = tmp.resolve("a-idx2-ubyte.gz");
        Files.write(u8, gzip(idx(0x08, new int[]{2, 3}, new byte[]{0, 1, 2, (byte) 200, (byte) 255, 7})));
        Tensor t = Idx.read(u8);
        assertEquals(DType.UINT8, t.dtype());
        assertArrayEquals(new int[]{2, 3}, t.shapeArray());
        assertArrayEquals(new long[]{0, 1, 2, 200, 255, 7}, t.toLongArray());

        ByteBuffer f = ByteBuffer.allocate(8);
        f.putFloat(1.5f).putFloat(-2.25f);
        Path f32 = tmp.resolve("f");
        Files.write(f32, idx(0x0D, new int[]{2}, f.array()));
        assertArrayEquals(new float[]{1.5f, -2.25f}, Idx.read(f32).toFloatArray());
        ByteBuffer s = ByteBuffer.allocate(4);
        s.putShort((short) -3).putShort((short) 300);
        Path i16 = tmp.resolve("s");
        Files.write(i16, idx(0x0B, new int[]{2}, s.array()));
        assertEquals(DType.INT16, Idx.read(i16).dtype());
        assertArrayEquals(new long[]{-3, 300}, Idx.read(i16).toLongArray());
        ByteBuffer in = ByteBuffer.allocate(4);
        in.putInt(-70000);
        Path i32 = tmp.resolve("i");
        Files.write(i32, idx(0x0C, new int[]{1}, in.array()));
        assertArrayEquals(new long[]{-70000}, Idx.read(i32).toLongArray());

        Path bad = tmp.resolve("bad");
        Files.write(bad, new byte[]{0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5});
        assertTrue(assertThrows(TorchException.class, () -> Idx.read(bad)).getMessage()
                .startsWith("Invalid IDX file " + bad + ": bad magic number 0x12340801"));
        Path badType = tmp.resolve("badType");
        Files.write(badType, idx(0x0A, new int[]{1}, new byte[]{1}));
        assertTrue(assertThrows(TorchException.class, () -> Idx.read(badType)).getMessage().contains("unknown data type code 0xa"));
        Path shortData = tmp.resolve("short-idx3-ubyte");
        byte[] full = idx(0x08, new int[]{2, 2, 2}, new byte[8]);
        Files.write(shortData, java.util.Arrays.copyOf(full, full.length - 3));
        assertEquals("Truncated IDX file " + shortData + ": expected 8 data bytes for shape [2, 2, 2]",
                assertThrows(TorchException.class, () -> Idx.read(shortData)).getMessage());
        Path shortHeader = tmp.resolve("header.gz");
        Files.write(shortHeader, gzip(new byte[]{0, 0, 8, 3, 0, 0}));
        assertEquals("Truncated IDX file " + shortHeader + ": the header ends early",
                assertThrows(TorchException.class, () -> Idx.read(shortHeader)).getMessage());
        Path notGz = tmp.resolve("x-idx1-ubyte.gz");
        Files.write(notGz, idx(0x08, new int[]{1}, new byte[]{1}));
        assertTrue(assertThrows(TorchException.class, () -> Idx.read(notGz)).getMessage().startsWith("Cannot read IDX file " + notGz));
    }

    @Test void mismatchedFiles(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("train-images-idx3-ubyte"), idx(0x08, new int[]{3, 2, 2}, new byte[12]));
        Files.write(tmp.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[]{2}, new byte[]{1, 2}));
        TorchException e = assertThrows(TorchException.class, () -> new MNIST(tmp, true));
        assertTrue(e.getMessage().startsWith("MNIST files disagree: 3 images in"), e.getMessage());
        Files.write(tmp.resolve("train-images-idx3-ubyte"), idx(0x08, new int[]{2, 2}, new byte[4]));
        e = assertThrows(TorchException.class, () -> new MNIST(tmp, true));
        assertTrue(e.getMessage().contains("expected 3 dimensions"), e.getMessage());
    }
}
