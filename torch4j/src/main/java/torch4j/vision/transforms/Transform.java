package torch4j.vision.transforms;

/**
 * An image or target transform, as torchvision's callables: takes an image (a uint8 tensor, HW or HWC, or a
 * {@code java.awt.image.BufferedImage}) or a tensor, and returns the transformed value.
 */
@FunctionalInterface
public interface Transform {
    Object apply(Object input);
}
