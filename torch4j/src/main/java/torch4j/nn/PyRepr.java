package torch4j.nn;

import java.math.BigDecimal;

/** Python's repr of the values that modules print in {@code extra_repr}, so module trees print as PyTorch's. */
public final class PyRepr {
    private PyRepr() {}

    /** Python's repr of a float: {@code 1e-05}, {@code 0.1}, {@code 1.0}, {@code inf}. */
    public static String f(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (a >= 1e-4 && a < 1e16) {
            String s = bd.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return (v < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }

    /** A number PyTorch's signature gives as an int default (Softplus's beta): printed as an int when integral. */
    public static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : f(v);
    }

    /** True / False. */
    public static String b(boolean v) { return v ? "True" : "False"; }

    /** A Python tuple of ints: {@code (5,)}, {@code (2, 3)}. */
    public static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
