package torch4j.internal.random;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Comparator;
import torch4j.DType;
import torch4j.Device;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.backend.CpuStorage;
import torch4j.internal.Shapes;
import torch4j.internal.ops.Views;

/**
 * Random ops: argument checks with PyTorch's messages, output allocation, the draw under the generator's lock,
 * and the autograd record (random ops pass a zero gradient, under PyTorch's node names). Samples are always
 * drawn on the CPU; tensors on other devices are filled by copy.
 */
public final class RandomOps {
    private RandomOps() {}

    /** Runs a kernel on t (or on a CPU stand-in copied into t) with the generator locked. */
    private interface Fill {
        void run(Tensor cpu, Engine e);
    }

    private static void fill(Tensor t, Generator g, Fill k) {
        Engine e = Generator.engineOf(g);
        if (t.device().isCpu()) {
            synchronized (e) {
                k.run(t, e);
            }
            return;
        }
        Tensor tmp = Tensor.empty(t.shapeArray(), t.dtype(), Device.CPU);
        synchronized (e) {
            k.run(tmp, e);
        }
        try (var _ = GradMode.scope(false)) {
            t.copy_(tmp);
        }
    }

    /** Runs an in-place sampler on t: checks, draws, bumps the version, records a zero-gradient node. */
    private static Tensor inPlace(Tensor t, String node, Generator g, Fill k) {
        t.checkInplace();
        Node n = Node.needed(t) ? Node.of(node, t).grad(0, Tensor::zerosLike) : null;
        fill(t, g, k);
        t.bumpVersion();
        if (n != null) n.attach(t);
        return t;
    }

    private static void requireFloat(Tensor t, String kernel) {
        if (!t.dtype().isFloatingPoint())
            throw new TorchException("\"" + kernel + "\" not implemented for '" + t.dtype().scalarName() + "'");
    }

    /** A double as C++ streams print it (6 significant digits, %g style): 3, 2.5, -1e-07, 3e+38. */
    static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        BigDecimal b = new BigDecimal(v).round(new MathContext(6));
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= 6) {
            String m = b.movePointLeft(exp).stripTrailingZeros().toPlainString();
            int a = Math.abs(exp);
            return m + "e" + (exp < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a;
        }
        return b.stripTrailingZeros().toPlainString();
    }

    /** empty_like: an uninitialised tensor with t's layout when t is dense (a permuted contiguous tensor). */
    public static Tensor emptyLike(Tensor t, DType dtype) {
        int[] shape = t.shapeArray(), st = t.strideArray();
        int nd = shape.length;
        Integer[] order = new Integer[nd];
        for (int d = 0; d < nd; d++) order[d] = d;
        Arrays.sort(order, Comparator.comparingInt((Integer d) -> st[d]).reversed());
        int[] strides = new int[nd];
        int expect = 1;
        boolean dense = true;
        for (int k = nd - 1; k >= 0; k--) {
            int d = order[k];
            if (shape[d] != 1 && st[d] != expect) dense = false;
            strides[d] = expect;
            expect *= Math.max(shape[d], 1);
        }
        if (!dense || t.isContiguous()) return Tensor.empty(shape, dtype, t.device());
        Tensor flat = Tensor.empty(new int[]{(int) t.numel()}, dtype, t.device());
        return Tensor.wrap(flat.storage(), shape.clone(), strides, 0);
    }

    // ------------------------------------------------------------------ in-place samplers

    /** {@code uniform_(from, to)}. */
    public static Tensor uniform_(Tensor t, double from, double to, Generator g) {
        requireFloat(t, "check_uniform_bounds");
        if (from > to)
            throw new TorchException("uniform_ expects to return a [from, to) range, but found from=" + num(from)
                    + " > to=" + num(to));
        double max = switch (t.dtype()) {
            case FLOAT64 -> Double.MAX_VALUE;
            case FLOAT16 -> 65504.0;
            default -> Float.MAX_VALUE;
        };
        if (to - from > max)
            throw new TorchException("uniform_ expects to-from <= std::numeric_limits<" + t.dtype().scalarName()
                    .replace("Float", "float").replace("Double", "double") + ">::max(), but found to=" + num(to)
                    + " and from=" + num(from) + " which result in to-from to exceed the limit");
        return inPlace(t, "UniformBackward0", g, (c, e) -> CpuRandom.uniform(c, from, to, e));
    }

    private static void checkStd(double std) {
        if (!(std >= 0.0)) throw new TorchException("normal expects std >= 0.0, but found std " + num(std));
    }

    /** {@code normal_(mean, std)}. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
        checkStd(std);
        requireFloat(t, "normal_kernel_cpu");
        return inPlace(t, "NormalBackward0", g, (c, e) -> CpuRandom.normal(c, mean, std, e));
    }

    /** Checks [from, to) against the dtype as PyTorch's {@code check_from_to} does. */
    private static void checkFromTo(DType d, long from, long to) {
        if (from >= to)
            throw new TorchException("random_ expects 'from' to be less than 'to', but got from=" + from + " >= to=" + to);
        String name;
        long lo, hi;
        switch (d) {
            case BOOL -> { name = "bool"; lo = 0; hi = 1; }
            case UINT8 -> { name = "unsigned char"; lo = 0; hi = 255; }
            case INT8 -> { name = "signed char"; lo = Byte.MIN_VALUE; hi = Byte.MAX_VALUE; }
            case INT16 -> { name = "short int"; lo = Short.MIN_VALUE; hi = Short.MAX_VALUE; }
            case INT32 -> { name = "int"; lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; }
            default -> { return; } // int64 always fits; floating dtypes only warn in PyTorch
        }
        if (from < lo || from > hi) throw new TorchException("from is out of bounds for " + name);
        if (to - 1 < lo || to - 1 > hi) throw new TorchException("to - 1 is out of bounds for " + name);
    }

    /** {@code random_(from, to)}: integers in [from, to). */
    public static Tensor random_(Tensor t, long from, long to, Generator g) {
        checkFromTo(t.dtype(), from, to);
        return inPlace(t, "RandomBackward0", g, (c, e) -> CpuRandom.randomFromTo(c, to - from, from, e));
    }

    /** {@code random_(to)}: integers in [0, to). */
    public static Tensor random_(Tensor t, long to, Generator g) {
        checkFromTo(t.dtype(), 0, to);
        return inPlace(t, "RandomBackward1", g, (c, e) -> CpuRandom.randomFromTo(c, to, 0, e));
    }

    /** {@code random_()}: integers in [0, 2^mantissa] (floating) or [0, max] (integral). */
    public static Tensor random_(Tensor t, Generator g) {
        return inPlace(t, "RandomBackward2", g, CpuRandom::random);
    }

    /** {@code bernoulli_(p)} with a scalar probability. */
    public static Tensor bernoulli_(Tensor t, double p, Generator g) {
        if (!(p >= 0 && p <= 1)) throw new TorchException("bernoulli_ expects p to be in [0, 1], but got p=" + num(p));
        return inPlace(t, "BernoulliBackward2", g, (c, e) -> CpuRandom.bernoulli(c, p, e));
    }

    /** {@code bernoulli_(p)} with a tensor of probabilities broadcast to t. */
    public static Tensor bernoulli_(Tensor t, Tensor p, Generator g) {
        requireFloat(p, "bernoulli_tensor_cpu_p_");
        Tensor pc;
        try (var _ = GradMode.scope(false)) {
            pc = Views.expand(p.device().isCpu() ? p : p.to(Device.CPU), t.shapeArray());
        }
        for (double v : pc.toDoubleArray())
            if (!(v >= 0 && v <= 1))
                throw new TorchException("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error "
                        + "message be improved?  If so, please report an enhancement request to PyTorch.)");
        return inPlace(t, "BernoulliBackward1", g, (c, e) -> CpuRandom.bernoulli(c, pc, e));
    }

    /** {@code exponential_(lambd)}. */
    public static Tensor exponential_(Tensor t, double lambda, Generator g) {
        if (!(lambda >= 0.0))
            throw new TorchException("exponential_ expects lambda >= 0.0, but found lambda=" + num(lambda));
        requireFloat(t, "exponential_cpu");
        return inPlace(t, "ExponentialBackward0", g, (c, e) -> CpuRandom.exponential(c, lambda, e));
    }

    // ------------------------------------------------------------------ factories

    /** {@code torch.rand(size, dtype=dtype, generator=g)}. */
    public static Tensor rand(int[] shape, DType dtype, Generator g) {
        Tensor t = Tensor.empty(shape, dtype, Device.CPU);
        return uniform_(t, 0, 1, g);
    }

    /** {@code torch.randn}. */
    public static Tensor randn(int[] shape, DType dtype, Generator g) {
        return normal_(Tensor.empty(shape, dtype, Device.CPU), 0, 1, g);
    }

    /** {@code torch.normal(mean, std, size)}. */
    public static Tensor normal(double mean, double std, int[] shape, DType dtype, Generator g) {
        checkStd(std);
        return normal_(Tensor.empty(shape, dtype, Device.CPU), mean, std, g);
    }

    /** {@code torch.randint(low, high, size, dtype=dtype)}. */
    public static Tensor randint(long low, long high, int[] shape, DType dtype, Generator g) {
        return random_(Tensor.empty(shape, dtype, Device.CPU), low, high, g);
    }

    /** {@code torch.rand_like}: t's shape, layout and device. */
    public static Tensor randLike(Tensor t, DType dtype, Generator g) {
        return uniform_(emptyLike(t, dtype), 0, 1, g);
    }

    /** {@code torch.randn_like}. */
    public static Tensor randnLike(Tensor t, DType dtype, Generator g) {
        return normal_(emptyLike(t, dtype), 0, 1, g);
    }

    /** {@code torch.randint_like(t, low, high)}. */
    public static Tensor randintLike(Tensor t, long low, long high, DType dtype, Generator g) {
        return random_(emptyLike(t, dtype), low, high, g);
    }

    /** {@code torch.randperm(n, dtype=dtype)}. */
    public static Tensor randperm(int n, DType dtype, Generator g) {
        if (n < 0) throw new TorchException("Trying to create tensor with negative dimension " + n + ": [" + n + "]");
        switch (dtype) {
            case BOOL -> throw new TorchException("\"randperm\" not implemented for 'Bool'");
            case FLOAT32 -> { if (n > (1 << 24) + 1) throw new TorchException("n cannot be greater than 2^24+1 for Float type."); }
            case UINT8 -> { if (n - 1 > 255) throw new TorchException("value cannot be converted to type uint8_t without overflow"); }
            case INT8 -> { if (n - 1 > 127) throw new TorchException("value cannot be converted to type int8_t without overflow"); }
            case INT16 -> { if (n - 1 > Short.MAX_VALUE) throw new TorchException("value cannot be converted to type int16_t without overflow"); }
            default -> { }
        }
        Tensor t = Tensor.empty(new int[]{n}, dtype, Device.CPU);
        fill(t, g, (c, e) -> CpuRandom.randperm(c, n, e));
        return t;
    }

    /** {@code torch.normal(mean, std)} with tensors: NormalBackward3, zero gradients. */
    public static Tensor normal(Tensor mean, Tensor std, Generator g) {
        checkStdTensor(std);
        requireFloat(mean, "normal_kernel_cpu");
        int[] shape = Shapes.broadcast(mean.shapeArray(), std.shapeArray());
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = normal_(Tensor.empty(shape, mean.dtype(), mean.device()), 0, 1, g);
            out = out.mul(std).to(mean.dtype()).add(mean).to(mean.dtype());
        }
        if (Node.needed(mean, std))
            Node.of("NormalBackward3", mean, std).grad(0, Tensor::zerosLike).grad(1, Tensor::zerosLike).attach(out);
        return out;
    }

    /** {@code torch.normal(mean, std)} with a tensor mean: NormalBackward1. */
    public static Tensor normal(Tensor mean, double std, Generator g) {
        checkStd(std);
        requireFloat(mean, "normal_kernel_cpu");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = normal_(Tensor.empty(mean.shapeArray(), mean.dtype(), mean.device()), 0, std, g).add(mean);
        }
        if (Node.needed(mean)) Node.of("NormalBackward1", mean).grad(0, Tensor::zerosLike).attach(out);
        return out;
    }

    /** {@code torch.normal(mean, std)} with a tensor std: NormalBackward2. */
    public static Tensor normal(double mean, Tensor std, Generator g) {
        checkStdTensor(std);
        requireFloat(std, "normal_kernel_cpu");
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            out = normal_(Tensor.empty(std.shapeArray(), std.dtype(), std.device()), 0, 1, g).mul(std).add(mean);
        }
        if (Node.needed(std)) Node.of("NormalBackward2", std).grad(0, Tensor::zerosLike).attach(out);
        return out;
    }

    private static void checkStdTensor(Tensor std) {
        boolean ok;
        try (var _ = GradMode.scope(false)) {
            ok = std.numel() == 0 || std.ge(0.0).all().itemBool();
        }
        if (!ok) throw new TorchException("normal expects all elements of std >= 0.0");
    }

    /** {@code torch.bernoulli(p)}: BernoulliBackward0, zero gradient. */
    public static Tensor bernoulli(Tensor p, Generator g) {
        requireFloat(p, "bernoulli_tensor_cpu_p_");
        Tensor out = emptyLike(p, p.dtype());
        try (var _ = GradMode.scope(false)) {
            bernoulli_(out, p.detach(), g);
        }
        if (Node.needed(p)) Node.of("BernoulliBackward0", p).grad(0, Tensor::zerosLike).attach(out);
        return out;
    }

    /** {@code torch.bernoulli(input, p)}: input's shape and dtype, each element 1 with probability p. */
    public static Tensor bernoulli(Tensor input, double p, Generator g) {
        Tensor out = emptyLike(input, input.dtype());
        try (var _ = GradMode.scope(false)) {
            return bernoulli_(out, p, g);
        }
    }

    /**
     * {@code torch.multinomial(probs, n, replacement)}: without replacement PyTorch's
     * exponential-race (argmax / top-n of p / q with q ~ Exp(1)); with replacement a binary search of the
     * normalised cumulative sum for each uniform double.
     */
    public static Tensor multinomial(Tensor probs, int n, boolean replacement, Generator g) {
        if (!probs.dtype().isFloatingPoint())
            throw new TorchException("multinomial only supports floating-point dtypes for input, got: "
                    + probs.dtype().scalarName());
        if (probs.dim() != 1 && probs.dim() != 2) throw new TorchException("prob_dist must be 1 or 2 dim");
        int cats = probs.size(-1);
        int rows = probs.dim() == 2 ? probs.size(0) : 1;
        if (cats > (1 << 24)) throw new TorchException("number of categories cannot exceed 2^24");
        if (n <= 0) throw new TorchException("cannot sample n_sample <= 0 samples");
        if (!replacement && n > cats)
            throw new TorchException("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
        int[] outShape = probs.dim() == 2 ? new int[]{rows, n} : new int[]{n};
        Tensor p = probs.detach();
        if (!p.device().isCpu()) p = p.to(Device.CPU);
        Tensor out = Tensor.empty(outShape, DType.INT64, Device.CPU);
        long[] res = ((CpuStorage) out.storage()).i64();
        if (!replacement) raceSample(p, rows, cats, n, g, res);
        else cumulativeSample(p, rows, cats, n, g, res);
        return probs.device().isCpu() ? out : out.to(probs.device());
    }

    private static void raceSample(Tensor p, int rows, int cats, int n, Generator g, long[] res) {
        double[] pv = p.toDoubleArray();
        for (double v : pv)
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY))
                throw new TorchException("probability tensor contains either `inf`, `nan` or element < 0");
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cats; c++) s += pv[r * cats + c];
            if (s == 0) throw new TorchException("invalid multinomial distribution (sum of probabilities <= 0)");
        }
        Tensor q = emptyLike(p, p.dtype());
        exponential_(q, 1.0, g);
        double[] qv = q.toDoubleArray();
        boolean f64 = p.dtype() == DType.FLOAT64;
        for (int r = 0; r < rows; r++) {
            double[] key = new double[cats];
            for (int c = 0; c < cats; c++) {
                int i = r * cats + c;
                key[c] = f64 ? pv[i] / qv[i] : (float) pv[i] / (float) qv[i];
            }
            Integer[] idx = new Integer[cats];
            for (int c = 0; c < cats; c++) idx[c] = c;
            // descending keys, NaN first as torch.argmax/topk rank it; the stable sort breaks ties by index
            Arrays.sort(idx, (a, b) -> Double.compare(nanHigh(key[b]), nanHigh(key[a])));
            for (int j = 0; j < n; j++) res[r * n + j] = idx[j];
        }
    }

    private static double nanHigh(double v) { return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v; }

    private static void cumulativeSample(Tensor p, int rows, int cats, int n, Generator g, long[] res) {
        double[] pv = p.toDoubleArray();
        boolean f64 = p.dtype() == DType.FLOAT64;
        double[] cum = new double[cats];
        Engine e = Generator.engineOf(g);
        synchronized (e) {
            for (int r = 0; r < rows; r++) {
                // accumulated and normalised in the input's precision (float for float32), as PyTorch's kernel
                double sum = 0;
                for (int c = 0; c < cats; c++) {
                    double v = pv[r * cats + c];
                    if (!(v >= 0))
                        throw new TorchException("invalid multinomial distribution (encountering probability entry < 0)");
                    if (!Double.isFinite(v))
                        throw new TorchException("invalid multinomial distribution (encountering probability entry = infinity or NaN)");
                    sum = f64 ? sum + v : (float) sum + (float) v;
                    cum[c] = sum;
                }
                if (!(sum > 0)) throw new TorchException("invalid multinomial distribution (sum of probabilities <= 0)");
                for (int c = 0; c < cats; c++) cum[c] = f64 ? cum[c] / sum : (float) cum[c] / (float) sum;
                cum[cats - 1] = 1;
                for (int j = 0; j < n; j++) {
                    double u = e.uniformDouble();
                    int lo = 0, hi = cats;
                    while (hi - lo > 0) {
                        int mid = lo + (hi - lo) / 2;
                        if (cum[mid] < u) lo = mid + 1;
                        else hi = mid;
                    }
                    res[r * n + j] = lo;
                }
            }
        }
    }
}
