package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.CrossEntropyLoss;
import torch4j.nn.Linear;
import torch4j.optim.SGD;
import torch4j.utils.data.DataLoader;
import torch4j.utils.data.Sample;
import torch4j.utils.data.TensorDataset;
import torch4j.vision.models.Models;
import torch4j.vision.models.ResNet;

/**
 * The fine-tuning recipe: a ResNet-18 whose {@code fc} is replaced by Linear(512, 3), trained a few SGD steps on a
 * tiny image folder (random 32×32 PNGs in three class folders, each class with its own mean colour) — the loss
 * goes down.
 */
class ModelsFineTuneTest {
    static final String[] CLASSES = {"cat", "dog", "frog"};

    /** root/class/i.png: noise around a per-class colour, so the classes are learnable. */
    static void writeImageFolder(Path root, int perClass, long seed) throws IOException {
        Random r = new Random(seed);
        int[][] base = {{200, 40, 40}, {40, 200, 40}, {40, 40, 200}};
        for (int c = 0; c < CLASSES.length; c++) {
            Path dir = Files.createDirectories(root.resolve(CLASSES[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++) {
                        int[] rgb = new int[3];
                        for (int k = 0; k < 3; k++) rgb[k] = Math.clamp(base[c][k] + (int) (r.nextGaussian() * 50), 0, 255);
                        img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                    }
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
    }

    /** The folder as a TensorDataset: images as ToTensor would give them ([3, 32, 32] in [0, 1]), class indices. */
    static TensorDataset load(Path root) throws IOException {
        List<float[]> images = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int c = 0; c < CLASSES.length; c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(root.resolve(CLASSES[c]))) {
                files = s.sorted().toList();
            }
            for (Path f : files) {
                BufferedImage img = ImageIO.read(f.toFile());
                float[] px = new float[3 * 32 * 32];
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++) {
                        int v = img.getRGB(x, y);
                        for (int k = 0; k < 3; k++) px[k * 1024 + y * 32 + x] = ((v >> (16 - 8 * k)) & 0xff) / 255f;
                    }
                images.add(px);
                labels.add((long) c);
            }
        }
        float[] all = new float[images.size() * 3 * 1024];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, all, i * 3 * 1024, 3 * 1024);
        Tensor x = Torch.fromArray(all, images.size(), 3, 32, 32);
        Tensor y = Torch.fromArray(labels.stream().mapToLong(Long::longValue).toArray(), labels.size());
        return TensorDataset.of(x, y);
    }

    @Test
    void resnet18WithANewHeadLearnsATinyImageFolder(@TempDir Path root) throws IOException {
        writeImageFolder(root, 4, 0);
        TensorDataset ds = load(root);
        Torch.manualSeed(0);
        ResNet model = Models.resnet18();
        model.fc = new Linear(512, 3);
        var loader = new DataLoader<>(ds, new DataLoader.Options(4).shuffle(true));
        var crit = new CrossEntropyLoss();
        var opt = new SGD(model.parameters(), new SGD.Options(0.01).momentum(0.9));
        List<Double> epochLoss = new ArrayList<>();
        model.train();
        for (int epoch = 0; epoch < 4; epoch++) {
            double tot = 0;
            int n = 0;
            for (Sample s : loader) {
                opt.zeroGrad();
                Tensor out = model.call(s.input());
                assertArrayEquals(new int[]{s.target().size(0), 3}, out.shapeArray());
                Tensor loss = crit.forward(out, s.target());
                loss.backward();
                opt.step();
                tot += loss.item() * s.target().size(0);
                n += s.target().size(0);
            }
            epochLoss.add(tot / n);
        }
        assertTrue(epochLoss.get(3) < epochLoss.get(0) * 0.7, "loss should decrease: " + epochLoss);
    }
}
