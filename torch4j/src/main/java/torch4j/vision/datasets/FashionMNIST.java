package torch4j.vision.datasets;

import java.nio.file.Path;
import java.util.List;
import torch4j.vision.transforms.Transform;

/** {@code torchvision.datasets.FashionMNIST}: the MNIST format with Zalando's 10 clothing classes. */
public class FashionMNIST extends MNIST {
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    public FashionMNIST(Path root, boolean train) { super(root, train); }

    public FashionMNIST(Path root, boolean train, Transform transform) { super(root, train, transform); }

    public FashionMNIST(Path root, boolean train, Transform transform, Transform targetTransform) {
        super(root, train, transform, targetTransform);
    }

    @Override protected String folder() { return "FashionMNIST"; }
}
