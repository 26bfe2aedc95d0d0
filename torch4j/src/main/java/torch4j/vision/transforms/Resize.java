package torch4j.vision.transforms;

import torch4j.TorchException;

/**
 * {@code torchvision.transforms.Resize}: size {n} resizes the smaller edge to n keeping the aspect ratio (capped by
 * maxSize), size {h, w} resizes to exactly that. Tensors follow torchvision 0.14: antialias null means False;
 * pass true to get PIL-like triangle filtering when downsampling. BufferedImages (torchvision's PIL images, which
 * PIL always antialiases) are resized with antialias unless it is set to false.
 * <pre>{@code
 * new Resize(256)                                           // smaller edge to 256
 * new Resize(new Resize.Options(224, 224).interpolation(InterpolationMode.NEAREST))
 * }</pre>
 */
public final class Resize implements Transform {
    /** Keyword arguments of {@code Resize}. */
    public static final class Options {
        final int[] size;
        InterpolationMode interpolation = InterpolationMode.BILINEAR;
        Integer maxSize;
        Boolean antialias;

        public Options(int... size) {
            if (size.length != 1 && size.length != 2) throw new TorchException("If size is a sequence, it should have 1 or 2 values");
            this.size = size.clone();
        }

        public Options interpolation(InterpolationMode v) { interpolation = v; return this; }

        public Options maxSize(Integer v) { maxSize = v; return this; }

        public Options antialias(Boolean v) { antialias = v; return this; }
    }

    private final Options o;

    public Resize(int... size) { this(new Options(size)); }

    public Resize(Options options) { this.o = options; }

    @Override public Object apply(Object input) {
        Boolean aa = o.antialias;
        if (input instanceof java.awt.image.BufferedImage && aa == null && o.interpolation == InterpolationMode.BILINEAR) aa = true;
        Boolean antialias = aa;
        return TF.onImage(input, t -> TF.resize(t, o.size, o.interpolation, o.maxSize, antialias));
    }

    @Override public String toString() {
        String size = o.size.length == 1 ? Integer.toString(o.size[0]) : "[" + o.size[0] + ", " + o.size[1] + "]";
        return "Resize(size=" + size + ", interpolation=" + o.interpolation.value() + ", max_size="
                + (o.maxSize == null ? "None" : o.maxSize) + ", antialias=" + bool(o.antialias) + ")";
    }

    static String bool(Boolean b) { return b == null ? "None" : b ? "True" : "False"; }
}
