package torch4j.vision.transforms;

/** {@code torchvision.transforms.CenterCrop(size)}: size is {n} (square) or {height, width}; pads with zeros when larger than the image. */
public final class CenterCrop implements Transform {
    private final int[] size;

    public CenterCrop(int... size) { this.size = TF.size2(size, "size"); }

    @Override public Object apply(Object input) { return TF.onImage(input, t -> TF.centerCrop(t, size)); }

    @Override public String toString() { return "CenterCrop(size=(" + size[0] + ", " + size[1] + "))"; }
}
