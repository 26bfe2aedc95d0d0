package torch4j.vision.transforms;

import torch4j.nn.PyRepr;

/** Python spellings of the argument values torchvision's transforms print. */
final class Repr {
    private Repr() {}

    /** An int when one value was given (as the Python int), else a Python tuple. */
    static String ints(int[] v) { return v.length == 1 ? Integer.toString(v[0]) : PyRepr.tuple(v); }

    /** A Python list of floats: {@code [0.6, 1.4]}. */
    static String floatList(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(PyRepr.f(v[i]));
        return sb.append("]").toString();
    }

    /** A Python tuple of floats: {@code (0.02, 0.33)}. */
    static String floatTuple(double[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(PyRepr.f(v[i]));
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** Python's round(x, 4) as printed: {@code 1.3333}. */
    static String round4(double x) { return PyRepr.f(new java.math.BigDecimal(x).setScale(4, java.math.RoundingMode.HALF_EVEN).doubleValue()); }
}
