package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.vision.transforms.ColorJitter;
import torch4j.vision.transforms.Compose;
import torch4j.vision.transforms.PaddingMode;
import torch4j.vision.transforms.RandomCrop;
import torch4j.vision.transforms.RandomErasing;
import torch4j.vision.transforms.RandomHorizontalFlip;
import torch4j.vision.transforms.RandomResizedCrop;
import torch4j.vision.transforms.RandomRotation;
import torch4j.vision.transforms.TF;
import torch4j.vision.transforms.ToTensor;
import torch4j.vision.transforms.Transform;

/** Random transforms: seeded reproducibility, distributions and shapes; BufferedImage inputs; argument errors. */
class TransformsRandomTest {
    private static Tensor image() { return Torch.rand(new int[]{3, 20, 24}, new Generator(7)); }

    @Test
    void sameSeedSameResultThroughDefaultAndExplicitGenerators() {
        Transform t = new Compose(new RandomResizedCrop(12), new RandomHorizontalFlip(), new ColorJitter(0.4, 0.4, 0.4, 0.1),
                new RandomRotation(20), new RandomErasing());
        Tensor img = image();
        Torch.manualSeed(3);
        Tensor a = (Tensor) t.apply(img);
        Torch.manualSeed(3);
        Tensor b = (Tensor) t.apply(img);
        assertTrue(a.equal(b));
        assertArrayEquals(new int[]{3, 12, 12}, a.shapeArray());
        Generator g1 = new Generator(5), g2 = new Generator(5);
        Tensor c = (Tensor) new RandomCrop(new RandomCrop.Options(8).padding(2).generator(g1)).apply(img);
        Tensor d = (Tensor) new RandomCrop(new RandomCrop.Options(8).padding(2).generator(g2)).apply(img);
        assertTrue(c.equal(d));
    }

    @Test
    void flipProbabilityAndCropPositionsAreUniform() {
        Generator g = new Generator(11);
        Tensor img = Torch.arange(0, 6).reshape(1, 1, 6).to(DType.FLOAT32);
        RandomHorizontalFlip flip = new RandomHorizontalFlip(0.3, g);
        int flipped = 0;
        for (int i = 0; i < 2000; i++) if (((Tensor) flip.apply(img)).toDoubleArray()[0] == 5) flipped++;
        assertEquals(0.3, flipped / 2000.0, 0.04);
        RandomCrop crop = new RandomCrop(new RandomCrop.Options(1, 2).generator(g));
        int[] left = new int[5];
        for (int i = 0; i < 2500; i++) left[(int) ((Tensor) crop.apply(img)).toDoubleArray()[0]]++;
        for (int n : left) assertEquals(500, n, 90);
    }

    @Test
    void randomResizedCropAreaAndRatioStayInRange() {
        Generator g = new Generator(2);
        Tensor img = Torch.zeros(3, 100, 80);
        for (int i = 0; i < 300; i++) {
            int[] p = RandomResizedCrop.getParams(img, new double[]{0.08, 1.0}, new double[]{3 / 4.0, 4 / 3.0}, g);
            assertTrue(p[0] >= 0 && p[1] >= 0 && p[0] + p[2] <= 100 && p[1] + p[3] <= 80);
            double area = (double) p[2] * p[3] / 8000, ratio = (double) p[3] / p[2];
            assertTrue(area > 0.06 && area < 1.05, "area " + area);
            assertTrue(ratio > 0.7 && ratio < 1.45, "ratio " + ratio);
        }
    }

    @Test
    void colorJitterFactorsAndErasingValues() {
        Generator g = new Generator(4);
        Tensor gray = Torch.full(new int[]{3, 4, 4}, 0.5);
        for (int i = 0; i < 50; i++) {
            double v = ((Tensor) new ColorJitter(new ColorJitter.Options().brightness(0.5).generator(g)).apply(gray)).mean().item();
            assertTrue(v >= 0.25 - 1e-6 && v <= 0.75 + 1e-6, "brightness " + v);
        }
        Tensor ones = Torch.ones(3, 30, 30);
        Tensor e = (Tensor) new RandomErasing(new RandomErasing.Options().p(1).value(0).generator(g)).apply(ones);
        double erased = 900 - e.select(0, 0).sum().item();
        assertTrue(erased >= 0.02 * 900 - 30 && erased <= 0.33 * 900 + 30, "erased " + erased);
        assertEquals(1.0, ones.min().item(), 0);   // not in place by default
    }

    @Test
    void bufferedImagesGoThroughAsImages() {
        BufferedImage img = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x102030);
        Object out = new RandomCrop(new RandomCrop.Options(4, 5).generator(new Generator(1))).apply(img);
        BufferedImage b = assertInstanceOf(BufferedImage.class, out);
        assertEquals(5, b.getWidth());
        assertEquals(4, b.getHeight());
        Object flipped = new RandomHorizontalFlip(1.0).apply(img);
        assertEquals(0x102030, ((BufferedImage) flipped).getRGB(9, 0) & 0xFFFFFF);
        Tensor t = (Tensor) new ToTensor().apply(flipped);
        assertArrayEquals(new int[]{3, 6, 10}, t.shapeArray());
        assertEquals(0x10 / 255.0, t.select(0, 0).select(0, 0).select(0, 9).item(), 1e-6);
        Tensor chw = TF.pilToTensor(img);
        assertTrue(TF.pilToTensor(TF.toBufferedImage(chw)).equal(chw));
    }

    @Test
    void errorsFollowTorchvision() {
        Tensor img = image();
        assertEquals("Required crop size (30, 30) is larger than input image size (20, 24)",
                assertThrows(TorchException.class, () -> new RandomCrop(30).apply(img)).getMessage());
        assertEquals("hue_factor (0.7) is not in [-0.5, 0.5].", assertThrows(TorchException.class, () -> TF.adjustHue(img, 0.7)).getMessage());
        assertEquals("Input image tensor permitted channel values are [1, 3], but found 2",
                assertThrows(TorchException.class, () -> TF.adjustBrightness(Torch.rand(2, 3, 3), 1.1)).getMessage());
        assertEquals("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (24, 24) at dimension 3 of input [1, 3, 20, 24]",
                assertThrows(TorchException.class, () -> TF.pad(img, new int[]{24}, 0, PaddingMode.REFLECT)).getMessage());
        assertEquals("Antialias option is supported for bilinear and bicubic interpolation modes only",
                assertThrows(TorchException.class, () -> TF.resize(img, new int[]{5}, torch4j.vision.transforms.InterpolationMode.NEAREST, null, true)).getMessage());
        assertEquals("hue values should be between (-0.5, 0.5)",
                assertThrows(TorchException.class, () -> new ColorJitter.Options().hue(-0.6, 0.1)).getMessage());
        assertFalse(TF.resize(img, 20) != img);   // same size: the input itself, as torchvision
    }
}
