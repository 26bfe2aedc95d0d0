package torch4j.internal.cpu;

import torch4j.Tensor;

/**
 * Iteration over tensors of one shape with their own strides (PyTorch's TensorIterator, reduced to what the
 * CPU kernels need): dims are coalesced where every operand is dense across them, the last dim becomes the
 * inner row (the longest one when the last is shorter than 16), and rows are split over threads above the grain
 * size. A body gets the row length, each operand's
 * offset at the row start and each operand's inner stride.
 */
public final class Loop {
    /** A kernel's inner loop over one row. */
    @FunctionalInterface
    public interface Body {
        void row(int n, int[] off, int[] st);
    }

    private final int[] shape;      // coalesced, at least one dim
    private final int[][] strides;  // [operand][dim]
    private final int[] offsets;

    private Loop(int[] shape, int[][] strides, int[] offsets) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
    }

    /** Operands must all have the shape of the first. */
    public static Loop of(Tensor... ts) {
        int k = ts.length;
        int[] shape = ts[0].shapeArray();
        int n = shape.length;
        int[] sh = new int[Math.max(n, 1)];
        int[][] st = new int[k][Math.max(n, 1)];
        int m = 0;
        for (int d = 0; d < n; d++) {
            if (shape[d] == 1) continue;
            if (m > 0) {
                boolean merge = true;
                for (int t = 0; t < k && merge; t++)
                    merge = st[t][m - 1] == ts[t].strideArray()[d] * shape[d];
                if (merge) {
                    sh[m - 1] *= shape[d];
                    for (int t = 0; t < k; t++) st[t][m - 1] = ts[t].strideArray()[d];
                    continue;
                }
            }
            sh[m] = shape[d];
            for (int t = 0; t < k; t++) st[t][m] = ts[t].strideArray()[d];
            m++;
        }
        if (m == 0) { // a single element
            sh[0] = 1;
            for (int t = 0; t < k; t++) st[t][0] = 1;
            m = 1;
        }
        int[] fsh = java.util.Arrays.copyOf(sh, m);
        int[][] fst = new int[k][];
        int[] off = new int[k];
        for (int t = 0; t < k; t++) {
            fst[t] = java.util.Arrays.copyOf(st[t], m);
            off[t] = ts[t].storageOffset();
        }
        return new Loop(fsh, fst, off).longRows();
    }

    public long numel() {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /**
     * The same iteration with its longest dim as the inner row, when the row would otherwise be short (a cropped conv
     * kernel's 2 or 3 taps: a [512,256,2,2] crop copied in 3.5–10 ms through rows of 2, 0.45 ms through rows of 512):
     * per-row overhead then dominates. Every body here is an elementwise map, which does not care about order.
     */
    private Loop longRows() {
        int nd = shape.length, last = nd - 1, big = last;
        for (int d = 0; d < nd; d++) if (shape[d] > shape[big]) big = d;
        if (shape[last] >= 16 || big == last) return this;
        int[] sh = shape.clone();
        int[][] st = new int[strides.length][];
        sh[big] = shape[last];
        sh[last] = shape[big];
        for (int t = 0; t < strides.length; t++) {
            st[t] = strides[t].clone();
            st[t][big] = strides[t][last];
            st[t][last] = strides[t][big];
        }
        return new Loop(sh, st, offsets);
    }

    /** Runs body over every row, in parallel above {@link Parallel#GRAIN} elements. */
    public void run(Body body) {
        int nd = shape.length, k = offsets.length;
        int inner = shape[nd - 1];
        if (inner == 0) return;
        int[] innerSt = new int[k];
        for (int t = 0; t < k; t++) innerSt[t] = strides[t][nd - 1];
        if (nd == 1) {
            if (inner < Parallel.GRAIN) {
                body.row(inner, offsets.clone(), innerSt);
                return;
            }
            Parallel.forRange(inner, Parallel.GRAIN, (a, b) -> {
                int[] off = new int[k];
                for (int t = 0; t < k; t++) off[t] = offsets[t] + a * innerSt[t];
                body.row(b - a, off, innerSt);
            });
            return;
        }
        int rows = 1;
        for (int d = 0; d < nd - 1; d++) rows *= shape[d];
        if (rows == 0) return;
        Parallel.forRange(rows, Math.max(1, Parallel.GRAIN / inner), (r0, r1) -> {
            int[] off = new int[k];
            int[] idx = new int[nd - 1];
            // position of row r0
            int rem = r0;
            for (int d = nd - 2; d >= 0; d--) {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            for (int t = 0; t < k; t++) {
                int o = offsets[t];
                for (int d = 0; d < nd - 1; d++) o += idx[d] * strides[t][d];
                off[t] = o;
            }
            for (int r = r0; r < r1; r++) {
                body.row(inner, off, innerSt);
                // advance the odometer
                for (int d = nd - 2; d >= 0; d--) {
                    idx[d]++;
                    for (int t = 0; t < k; t++) off[t] += strides[t][d];
                    if (idx[d] < shape[d]) break;
                    for (int t = 0; t < k; t++) off[t] -= strides[t][d] * shape[d];
                    idx[d] = 0;
                }
            }
        });
    }
}
