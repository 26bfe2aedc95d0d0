package torch4j.vision.transforms;

/** The {@code padding_mode} values of {@code torchvision.transforms.functional.pad}. */
public enum PaddingMode {
    /** Pads with a constant value ({@code fill}). */
    CONSTANT("constant"),
    /** Repeats the last value on the edge. */
    EDGE("edge"),
    /** Mirrors without repeating the edge value: [1, 2, 3, 4] padded by 2 gives [3, 2, 1, 2, 3, 4, 3, 2]. */
    REFLECT("reflect"),
    /** Mirrors repeating the edge value: [1, 2, 3, 4] padded by 2 gives [2, 1, 1, 2, 3, 4, 4, 3]. */
    SYMMETRIC("symmetric");

    private final String value;

    PaddingMode(String value) { this.value = value; }

    /** The mode's name as torchvision spells it. */
    public String value() { return value; }
}
