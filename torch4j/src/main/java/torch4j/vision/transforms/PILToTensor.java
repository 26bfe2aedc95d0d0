package torch4j.vision.transforms;

/** {@code torchvision.transforms.PILToTensor}: a BufferedImage or an HWC/HW uint8 tensor becomes a uint8 CHW tensor (no scaling). */
public final class PILToTensor implements Transform {
    @Override public Object apply(Object input) { return TF.pilToTensor(input); }

    @Override public String toString() { return "PILToTensor()"; }
}
