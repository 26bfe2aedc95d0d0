package torch4j.vision.transforms;

import torch4j.TorchException;
import torch4j.nn.PyRepr;

/** {@code torchvision.transforms.Pad(padding, fill, padding_mode)}: padding is {all}, {left/right, top/bottom} or {left, top, right, bottom}. */
public final class Pad implements Transform {
    private final int[] padding;
    private final double fill;
    private final PaddingMode paddingMode;

    public Pad(int... padding) { this(padding, 0, PaddingMode.CONSTANT); }

    public Pad(int[] padding, double fill, PaddingMode paddingMode) {
        if (padding.length != 1 && padding.length != 2 && padding.length != 4)
            throw new TorchException("Padding must be an int or a 1, 2, or 4 element tuple, not a " + padding.length + " element tuple");
        this.padding = padding.clone();
        this.fill = fill;
        this.paddingMode = paddingMode;
    }

    @Override public Object apply(Object input) { return TF.onImage(input, t -> TF.pad(t, padding, fill, paddingMode)); }

    @Override public String toString() {
        return "Pad(padding=" + Repr.ints(padding) + ", fill=" + PyRepr.num(fill) + ", padding_mode=" + paddingMode.value() + ")";
    }
}
