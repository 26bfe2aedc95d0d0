package torch4j.nn;

/** How pooling and padding modules print an int-or-tuple argument: as the int or the tuple it was given as. */
final class PoolRepr {
    private PoolRepr() {}

    static String v(int[] a) { return a.length == 1 ? Integer.toString(a[0]) : PyRepr.tuple(a); }

    /** A padding argument expanded to 2·dims entries (left, right, top, bottom…), as PyTorch's _pair/_quadruple. */
    static int[] expand(int[] a, int n) {
        if (a.length == n) return a.clone();
        if (a.length != 1) throw new torch4j.TorchException("padding must be an int or a tuple of " + n + " ints");
        int[] r = new int[n];
        java.util.Arrays.fill(r, a[0]);
        return r;
    }
}
