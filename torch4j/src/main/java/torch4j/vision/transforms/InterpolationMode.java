package torch4j.vision.transforms;

/** {@code torchvision.transforms.InterpolationMode}, the modes torchvision supports for tensor images. */
public enum InterpolationMode {
    NEAREST("nearest"),
    BILINEAR("bilinear");

    private final String value;

    InterpolationMode(String value) { this.value = value; }

    /** The mode's name as torchvision's {@code InterpolationMode.value}. */
    public String value() { return value; }
}
