package torch4j.cuda.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import torch4j.Tensor;

/**
 * The kernels' {@code TI} struct: storage offset, then the iteration shape's sizes and this operand's strides (up to
 * 8 dims; nd = -1 marks a contiguous operand, whose element i is at offset + i). Layout (112 bytes, 8-aligned):
 * i64 off @0, i32 nd @8, i32 sz[8] @12, i64 st[8] @48.
 */
public record TensorArg(long offset, int nd, int[] sizes, long[] strides) {
    public static final int MAXD = 8, BYTES = 112;

    /** A tensor iterated over its own shape. */
    public static TensorArg of(Tensor t) {
        if (t.isContiguous()) return new TensorArg(t.storageOffset(), -1, new int[0], new long[0]);
        return of(t.shapeArray(), t.strideArray(), t.storageOffset());
    }

    /** An operand addressed with its strides over the given iteration shape. */
    public static TensorArg of(int[] shape, int[] strides, long offset) {
        // drop size-1 dims: they never move the offset, and fewer dims mean fewer divisions per element
        int n = 0;
        for (int s : shape) if (s != 1) n++;
        if (n > MAXD)
            throw new UnsupportedOperationException("tensors of more than " + MAXD + " non-unit dims are not yet implemented on CUDA");
        int[] sz = new int[n];
        long[] st = new long[n];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            sz[k] = shape[d];
            st[k++] = strides[d];
        }
        return new TensorArg(offset, n, sz, st);
    }

    /** A contiguous run starting at offset. */
    public static TensorArg contiguous(long offset) { return new TensorArg(offset, -1, new int[0], new long[0]); }

    MemorySegment write(Arena a) {
        MemorySegment m = a.allocate(BYTES, 8);
        m.set(ValueLayout.JAVA_LONG, 0, offset);
        m.set(ValueLayout.JAVA_INT, 8, nd);
        for (int d = 0; d < sizes.length; d++) {
            m.set(ValueLayout.JAVA_INT, 12 + 4L * d, sizes[d]);
            m.set(ValueLayout.JAVA_LONG, 48 + 8L * d, strides[d]);
        }
        return m;
    }
}
