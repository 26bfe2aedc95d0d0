package torch4j.vision.transforms;

import java.util.List;

/** Transforms applied in order, as {@code torchvision.transforms.Compose}. */
public record Compose(List<Transform> transforms) implements Transform {
    public Compose(Transform... transforms) { this(List.of(transforms)); }

    @Override public Object apply(Object input) {
        for (Transform t : transforms) input = t.apply(input);
        return input;
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Compose(");
        for (Transform t : transforms) sb.append("\n    ").append(t);
        return sb.append("\n)").toString();
    }
}
