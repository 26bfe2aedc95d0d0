package torch4j.internal.ops;

/** Scalar math Java lacks: erf, and helpers shared by the scalar references of pointwise ops. */
public final class MathFns {
    private MathFns() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /** erf(x) to about 1e-15 relative: Maclaurin series near 0, Lentz's continued fraction for erfc in the tails. */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 2.5) {
            double x2 = x * x, term = x, sum = x;
            for (int n = 1; n < 80; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return sum * TWO_OVER_SQRT_PI;
        }
        double r = 1.0 - erfcTail(ax);
        return x < 0 ? -r : r;
    }

    /** erfc(x) for x >= 2.5 through the continued fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + 1/2/(x + 1/(x + ...))). */
    private static double erfcTail(double x) {
        if (x > 27) return 0;
        // K = 1/(x+ (1/2)/(x+ 1/(x+ (3/2)/(x+ ...)))) evaluated with modified Lentz.
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 200; n++) {
            double a = n * 0.5;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / (f * 1.7724538509055159);
    }

    /** PyTorch's round: half to even. */
    public static double roundHalfEven(double x) { return Math.rint(x); }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    public static double gelu(double x) { return 0.5 * x * (1 + erf(x * 0.7071067811865476)); }

    public static double geluTanh(double x) {
        double k = 0.7978845608028654; // sqrt(2/pi)
        return 0.5 * x * (1 + Math.tanh(k * (x + 0.044715 * x * x * x)));
    }

    /** Python's % on floats: the result has the divisor's sign. */
    public static double remainder(double a, double b) {
        double r = a % b;
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }

    public static long remainder(long a, long b) {
        if (b == 0) throw new ArithmeticException("ZeroDivisionError");
        long r = a % b;
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }

    public static long floorDiv(long a, long b) {
        if (b == 0) throw new ArithmeticException("ZeroDivisionError");
        return Math.floorDiv(a, b);
    }

    public static long ipow(long base, long exp) {
        if (exp < 0) {
            if (base == 1) return 1;
            if (base == -1) return (exp & 1) == 0 ? 1 : -1;
            throw new torch4j.TorchException("Integers to negative integer powers are not allowed.");
        }
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) != 0) r *= base;
            base *= base;
            exp >>= 1;
        }
        return r;
    }
}
