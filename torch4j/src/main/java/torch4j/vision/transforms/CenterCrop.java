package torch4j.vision.transforms;

/** {@code torchvision.transforms.CenterCrop(size)}: size is {n} (square) or {height, width}; pads with zeros when larger than the image. */
public final class CenterCrop implements Transform {
    private final int[] size;
    private final boolean asList;

    public CenterCrop(int... size) {
        this.size = TF.size2(size, "size");
        this.asList = size.length == 2;
    }

    @Override public Object apply(Object input) { return TF.onImage(input, t -> TF.centerCrop(t, size)); }

    // torchvision keeps a given [h, w] list as is and prints an int n as the tuple (n, n)
    @Override public String toString() {
        return "CenterCrop(size=" + (asList ? "[" : "(") + size[0] + ", " + size[1] + (asList ? "])" : "))");
    }
}
