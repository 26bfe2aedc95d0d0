package torch4j.vision;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.testing.Json;
import torch4j.vision.transforms.Normalize;
import torch4j.vision.transforms.ToTensor;

/** ToTensor and Normalize against torchvision's to_tensor / normalize (refs/data.json, tools/gen_refs_data.py). */
class TransformsTest {
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(String section) {
        return (List<Map<String, Object>>) Json.cachedObject("/refs/data.json").get(section);
    }

    @SuppressWarnings("unchecked")
    static int[] shape(Map<String, Object> t) {
        return ((List<Long>) t.get("shape")).stream().mapToInt(Long::intValue).toArray();
    }

    @SuppressWarnings("unchecked")
    static double[] data(Map<String, Object> t) {
        return ((List<Number>) t.get("data")).stream().mapToDouble(Number::doubleValue).toArray();
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Object o) {
        Map<String, Object> t = (Map<String, Object>) o;
        DType dt = switch ((String) t.get("dtype")) {
            case "uint8" -> DType.UINT8;
            case "float32" -> DType.FLOAT32;
            default -> throw new IllegalArgumentException();
        };
        return Torch.fromArray(data(t), shape(t)).to(dt);
    }

    @SuppressWarnings("unchecked")
    static void assertExact(Object expected, Tensor actual) {
        Map<String, Object> e = (Map<String, Object>) expected;
        assertArrayEquals(shape(e), actual.shapeArray());
        assertEquals(DType.FLOAT32, actual.dtype());
        float[] a = actual.toFloatArray();
        double[] d = data(e);
        for (int i = 0; i < d.length; i++) assertEquals((float) d[i], a[i], 0f, "element " + i);
    }

    @Test void toTensorOnUint8Tensors() {
        for (var c : cases("to_tensor")) {
            Tensor pic = tensor(c.get("pic"));
            assertExact(c.get("out"), (Tensor) new ToTensor().apply(pic));
            // non-contiguous input (a transposed view of the same image)
            if (pic.dim() == 2) assertExact(c.get("out"), (Tensor) new ToTensor().apply(pic.t().contiguous().t()));
        }
    }

    @Test void toTensorOnBufferedImages() {
        for (var c : cases("to_tensor")) {
            Tensor pic = tensor(c.get("pic"));
            int h = pic.size(0), w = pic.size(1);
            long[] px = pic.toLongArray();
            if (pic.dim() == 2) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, (int) px[y * w + x]);
                assertExact(c.get("out"), (Tensor) new ToTensor().apply(img));
            } else if (pic.size(2) == 3) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        int o = (y * w + x) * 3;
                        img.setRGB(x, y, (int) (px[o] << 16 | px[o + 1] << 8 | px[o + 2]));
                    }
                assertExact(c.get("out"), (Tensor) new ToTensor().apply(img));
            }
        }
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF0000);
        Tensor t = (Tensor) new ToTensor().apply(argb);
        assertArrayEquals(new int[]{4, 1, 1}, t.shapeArray());
        assertArrayEquals(new float[]{1f, 0f, 0f, 128 / 255f}, t.toFloatArray());
    }

    @Test void toTensorKeepsOtherDtypes() {
        Tensor f = Torch.rand(3, 4, 2).to(DType.FLOAT64);
        Tensor t = (Tensor) new ToTensor().apply(f);
        assertEquals(DType.FLOAT64, t.dtype());
        assertTrue(t.equal(f.permute(2, 0, 1)));
        assertTrue(t.isContiguous());
        assertEquals("pic should be 2/3 dimensional. Got 1 dimensions.",
                assertThrows(TorchException.class, () -> new ToTensor().apply(Torch.ones(3))).getMessage());
    }

    @Test void normalizeAsTorchvision() {
        for (var c : cases("normalize")) {
            @SuppressWarnings("unchecked") double[] mean = ((List<Number>) c.get("mean")).stream().mapToDouble(Number::doubleValue).toArray();
            @SuppressWarnings("unchecked") double[] std = ((List<Number>) c.get("std")).stream().mapToDouble(Number::doubleValue).toArray();
            Tensor in = tensor(c.get("input"));
            Tensor out = (Tensor) new Normalize(mean, std).apply(in);
            @SuppressWarnings("unchecked") Map<String, Object> e = (Map<String, Object>) c.get("out");
            float[] a = out.toFloatArray();
            double[] d = data(e);
            for (int i = 0; i < d.length; i++) assertEquals((float) d[i], a[i], 1e-6f, "element " + i);
            assertTrue(in.equal(tensor(c.get("input"))), "input must not be modified");
        }
        assertThrows(TorchException.class, () -> new Normalize(0.5, 0.0));
        assertThrows(TorchException.class, () -> new Normalize(0.5, 0.5).apply(Torch.ones(3, 3)));
    }
}
