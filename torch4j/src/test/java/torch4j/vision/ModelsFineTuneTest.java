package torch4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import torch4j.vision.datasets.ImageFolder;
import torch4j.vision.transforms.ToTensor;
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

    @Test
    void resnet18WithANewHeadLearnsATinyImageFolder(@TempDir Path root) throws IOException {
        writeImageFolder(root, 4, 0);
        var ds = new ImageFolder(root, new ToTensor());
        assertEquals(List.of(CLASSES), ds.classes());
        assertEquals(12, ds.size());
        Torch.manualSeed(0);
        ResNet model = Models.resnet18();
        model.fc = new Linear(512, 3);
        var loader = new DataLoader<>(ds, new DataLoader.Options(4).shuffle(true));
        var crit = new CrossEntropyLoss();
        var opt = new SGD(model.parameters(), new SGD.Options(0.001).momentum(0.9));
        List<Double> epochLoss = new ArrayList<>();
        model.train();
        for (int epoch = 0; epoch < 5; epoch++) {
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
        // (lr 0.01 is too much for batch norm over 4 images, in PyTorch as well: the loss jumps before it falls)
        assertTrue(epochLoss.get(4) < epochLoss.get(0) * 0.6, "loss should decrease: " + epochLoss);
    }
}
