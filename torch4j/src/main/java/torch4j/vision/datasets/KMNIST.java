package torch4j.vision.datasets;

import java.nio.file.Path;
import java.util.List;
import torch4j.vision.transforms.Transform;

/** {@code torchvision.datasets.KMNIST}: Kuzushiji-MNIST, the MNIST format with 10 cursive hiragana classes (folder {@code KMNIST}). */
public class KMNIST extends MNIST {
    public static final List<String> CLASSES = List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");

    public KMNIST(Path root, boolean train) { super(root, train); }

    public KMNIST(Path root, boolean train, Transform transform) { super(root, train, transform); }

    public KMNIST(Path root, boolean train, Transform transform, Transform targetTransform) {
        super(root, train, transform, targetTransform);
    }

    /** With {@code download=True}: files in place are used, missing ones fetched from {@link Download#KMNIST_MIRRORS}. */
    public KMNIST(Path root, boolean train, Transform transform, Transform targetTransform, boolean download) {
        super(download ? Download.mnist(root, "KMNIST", Download.KMNIST_MIRRORS, Download.DEFAULT_TIMEOUT) : root,
                train, transform, targetTransform);
    }

    @Override protected String folder() { return "KMNIST"; }
}
