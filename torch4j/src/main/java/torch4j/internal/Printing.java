package torch4j.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import torch4j.DType;
import torch4j.Device;
import torch4j.PrintOptions;
import torch4j.Tensor;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;

/**
 * Formats tensors exactly as PyTorch 1.13's {@code repr} ({@code torch/_tensor_str.py}): one format for all
 * elements chosen from the (summarised) values (integer-valued floats print as {@code 2.}, scientific notation
 * when the magnitudes span more than 1000x, exceed 1e8 or go below 1e-4), right-aligned to a common width,
 * rows wrapped at the line width, {@code ...} past the threshold, then the dtype/device/autograd suffixes.
 */
public final class Printing {
    private static volatile PrintOptions options = PrintOptions.DEFAULT;

    private Printing() {}

    /** The options {@code toString()} uses ({@code torch.set_printoptions}). */
    public static void setOptions(PrintOptions opts) {
        if (opts == null) throw new NullPointerException("print options");
        options = opts;
    }

    public static PrintOptions options() { return options; }

    /** {@code repr(t)} with the current options. */
    public static String repr(Tensor t) { return repr(t, options); }

    public static String repr(Tensor t, PrintOptions opts) {
        Tensor host = t;
        if (!t.device().isCpu()) {
            try (var _ = GradMode.scope(false)) {
                host = t.detach().cpu();
            }
        }
        String gradFn = t.gradFn() == null ? null : t.gradFn().name();
        return repr(host, t.device(), gradFn, t.requiresGrad(), opts);
    }

    /**
     * The repr of a CPU tensor's values as if it lived on {@code device} and had the given autograd state
     * (gradFn null for none). For backends, which print host copies of device tensors.
     */
    public static String repr(Tensor cpuValues, Device device, String gradFn, boolean requiresGrad, PrintOptions opts) {
        if (!cpuValues.device().isCpu()) throw new IllegalArgumentException("values must be on the CPU");
        String prefix = "tensor(";
        int indent = prefix.length();
        java.util.List<String> suffixes = new java.util.ArrayList<>();
        if (!device.isCpu()) suffixes.add("device='" + device + "'");
        DType dt = cpuValues.dtype();
        String body;
        if (cpuValues.numel() == 0) {
            // numpy shows the shape of empty arrays unless it is (0,), and the dtype cannot be inferred from no data
            if (cpuValues.dim() != 1) suffixes.add("size=" + pyTuple(cpuValues.shapeArray()));
            if (dt != DType.defaultFloat()) suffixes.add("dtype=" + dt);
            body = "[]";
        } else {
            if (dt != DType.defaultFloat() && dt != DType.INT64 && dt != DType.BOOL) suffixes.add("dtype=" + dt);
            body = new Body(cpuValues, opts).render(indent);
        }
        if (gradFn != null) suffixes.add("grad_fn=<" + gradFn + ">");
        else if (requiresGrad) suffixes.add("requires_grad=True");
        return addSuffixes(prefix + body, suffixes, indent, opts.linewidth());
    }

    private static String addSuffixes(String s, java.util.List<String> suffixes, int indent, int linewidth) {
        StringBuilder sb = new StringBuilder(s);
        // PyTorch measures with rfind, which gives -1 without a newline: the count is two more than the length
        int lastLineLen = s.length() - s.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > linewidth) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                sb.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    private static String pyTuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /**
     * The bracketed values. Only the elements that will be shown are read (the edge items of every summarised
     * dim), so printing a huge tensor costs little; they are kept in a dense grid, row-major.
     */
    private static final class Body {
        private final PrintOptions opts;
        private final int ndim;
        /** Per dim, the indices shown; {@code cut[d]} when an ellipsis follows the first edgeitems of them. */
        private final int[][] sel;
        private final boolean[] cut;
        private final int[] gridStrides;
        private final DType.Kind kind;
        private final double[] dv;
        private final long[] lv;
        private final Format fmt;

        Body(Tensor t, PrintOptions opts) {
            this.opts = opts;
            int[] shape = t.shapeArray(), strides = t.strideArray();
            ndim = shape.length;
            boolean summarize = t.numel() > opts.threshold();
            int edge = opts.edgeitems();
            sel = new int[ndim][];
            cut = new boolean[ndim];
            for (int d = 0; d < ndim; d++) {
                int n = shape[d];
                if (summarize && n > 2L * edge) {
                    cut[d] = true;
                    sel[d] = new int[2 * edge];
                    for (int i = 0; i < edge; i++) {
                        sel[d][i] = i;
                        sel[d][edge + i] = n - edge + i;
                    }
                } else {
                    sel[d] = new int[n];
                    for (int i = 0; i < n; i++) sel[d][i] = i;
                }
            }
            gridStrides = new int[ndim];
            int count = 1;
            for (int d = ndim - 1; d >= 0; d--) {
                gridStrides[d] = count;
                count *= sel[d].length;
            }
            CpuStorage s = (CpuStorage) t.storage();
            kind = t.dtype().kind();
            // float16/bfloat16 read as float, as PyTorch upcasts them before formatting
            dv = kind == DType.Kind.FLOAT ? new double[count] : null;
            lv = kind == DType.Kind.FLOAT ? null : new long[count];
            int[] idx = new int[ndim];
            for (int k = 0; k < count; k++) {
                int off = t.storageOffset();
                for (int d = 0; d < ndim; d++) off += sel[d][idx[d]] * strides[d];
                if (dv != null) dv[k] = s.getDouble(off);
                else lv[k] = s.getLong(off);
                for (int d = ndim - 1; d >= 0; d--) {
                    if (++idx[d] < sel[d].length) break;
                    idx[d] = 0;
                }
            }
            fmt = dv != null ? Format.ofFloats(dv, opts) : Format.ofIntegers(lv, kind == DType.Kind.BOOL);
        }

        String render(int indent) {
            StringBuilder sb = new StringBuilder();
            if (ndim == 0) sb.append(element(0));
            else tensor(sb, 0, 0, indent);
            return sb.toString();
        }

        private String element(int k) {
            return dv != null ? fmt.format(dv[k]) : fmt.format(lv[k]);
        }

        private void tensor(StringBuilder sb, int d, int base, int indent) {
            if (d == ndim - 1) {
                vector(sb, d, base, indent);
                return;
            }
            int remaining = ndim - d;
            String sep = "," + "\n".repeat(remaining - 1) + " ".repeat(indent + 1);
            sb.append('[');
            int n = sel[d].length, edge = opts.edgeitems();
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(sep);
                if (cut[d] && i == edge) sb.append("...").append(sep);
                tensor(sb, d + 1, base + i * gridStrides[d], indent + 1);
            }
            sb.append(']');
        }

        private void vector(StringBuilder sb, int d, int base, int indent) {
            int n = sel[d].length, edge = opts.edgeitems();
            String[] items = new String[n + (cut[d] ? 1 : 0)];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (cut[d] && i == edge) items[j++] = " ...";
                items[j++] = element(base + i);
            }
            int elementLength = fmt.maxWidth + 2;
            int perLine = Math.max(1, (opts.linewidth() - indent) / elementLength);
            sb.append('[');
            for (int i = 0; i < items.length; i++) {
                if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                sb.append(items[i]);
            }
            sb.append(']');
        }
    }

    /** PyTorch's {@code _Formatter}: one width and notation for every element of a tensor. */
    static final class Format {
        final boolean floating;
        final boolean bool;
        boolean intMode = true;
        boolean sciMode = false;
        int maxWidth = 1;
        final int precision;

        private Format(boolean floating, boolean bool, int precision) {
            this.floating = floating;
            this.bool = bool;
            this.precision = precision;
        }

        static Format ofIntegers(long[] values, boolean bool) {
            Format f = new Format(false, bool, 0);
            for (long v : values) f.maxWidth = Math.max(f.maxWidth, f.format(v).length());
            return f;
        }

        static Format ofFloats(double[] values, PrintOptions opts) {
            Format f = new Format(true, false, opts.precision());
            int p = opts.precision();
            double min = Double.POSITIVE_INFINITY, max = 0;
            boolean any = false;
            for (double v : values) {
                if (v == 0 || !Double.isFinite(v)) continue;
                any = true;
                double a = Math.abs(v);
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (v != Math.ceil(v)) f.intMode = false;
            }
            if (any) {
                boolean wide = max / min > 1000.0 || max > 1.0e8;
                if (f.intMode) {
                    if (wide) {
                        f.sciMode = true;
                        for (double v : values) if (v != 0 && Double.isFinite(v)) f.widen(sci(v, p));
                    } else {
                        // room for the '.' that marks integer-valued floats
                        for (double v : values) if (v != 0 && Double.isFinite(v)) f.maxWidth = Math.max(f.maxWidth, fixed(v, 0).length() + 1);
                    }
                } else if (wide || min < 1.0e-4) {
                    f.sciMode = true;
                    for (double v : values) if (v != 0 && Double.isFinite(v)) f.widen(sci(v, p));
                } else {
                    for (double v : values) if (v != 0 && Double.isFinite(v)) f.widen(fixed(v, p));
                }
            }
            if (opts.sciMode() != null) f.sciMode = opts.sciMode();
            return f;
        }

        private void widen(String s) { maxWidth = Math.max(maxWidth, s.length()); }

        String format(long v) {
            String s = bool ? (v != 0 ? "True" : "False") : Long.toString(v);
            return pad(s);
        }

        String format(double v) {
            String s;
            if (sciMode) s = sci(v, precision);
            else if (intMode) {
                s = fixed(v, 0);
                if (Double.isFinite(v)) s += ".";
            } else s = fixed(v, precision);
            return pad(s);
        }

        private String pad(String s) {
            return s.length() >= maxWidth ? s : " ".repeat(maxWidth - s.length()) + s;
        }
    }

    /** Python's {@code "{:.Nf}".format(v)}: the exact binary value rounded half-even, sign kept on zeros. */
    public static String fixed(double v, int precision) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String body = new BigDecimal(Math.abs(v)).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return Double.doubleToRawLongBits(v) < 0 ? "-" + body : body;
    }

    /** Python's {@code "{:.Ne}".format(v)}: {@code 1.2346e+04}, exponent of at least two digits. */
    public static String sci(double v, int precision) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        String digits;
        int exp;
        if (a == 0) {
            digits = "0";
            exp = 0;
        } else {
            BigDecimal bd = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            digits = bd.unscaledValue().toString();
            exp = digits.length() - 1 - bd.scale();
        }
        StringBuilder sb = new StringBuilder(precision + 8);
        if (Double.doubleToRawLongBits(v) < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (precision > 0) {
            sb.append('.');
            for (int i = 1; i <= precision; i++) sb.append(i < digits.length() ? digits.charAt(i) : '0');
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) sb.append('0');
        return sb.append(e).toString();
    }
}
