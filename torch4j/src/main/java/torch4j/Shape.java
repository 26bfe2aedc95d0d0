package torch4j;

import java.util.Arrays;
import torch4j.internal.Shapes;

/** An immutable tensor shape, as {@code torch.Size}; prints {@code torch.Size([2, 3])}. */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) { this.dims = dims; }

    public static Shape of(int... dims) { return new Shape(dims.clone()); }

    static Shape wrap(int[] dims) { return new Shape(dims); }

    public int size(int dim) { return dims[Shapes.wrapDim(dim, dims.length)]; }

    public int dim() { return dims.length; }

    public long numel() { return Shapes.numel(dims); }

    public int[] toArray() { return dims.clone(); }

    @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < dims.length; i++) sb.append(i == 0 ? "" : ", ").append(dims[i]);
        return sb.append("])").toString();
    }
}
