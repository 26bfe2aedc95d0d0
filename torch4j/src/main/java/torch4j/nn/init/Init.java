package torch4j.nn.init;

import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/**
 * Parameter initialisation, as {@code torch.nn.init}. Every function fills its tensor in place without recording
 * autograd history (so it works on parameters that require grad) and returns it; the random ones draw from the
 * given generator, or from the default one (seeded by {@link Torch#manualSeed}) when it is null or omitted, in
 * PyTorch's order, so a seeded PyTorch and torch4j initialise a layer identically.
 * <pre>{@code
 * Init.kaimingUniform_(linear.weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU);
 * Init.zeros_(linear.bias);
 * }</pre>
 */
public final class Init {
    private Init() {}

    /** The nonlinearity argument of {@link #calculateGain} and the kaiming initialisers. */
    public enum Nonlinearity {
        LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU,
        LEAKY_RELU, SELU
    }

    /** Whether kaiming initialisers keep the variance of the forward (FAN_IN) or of the backward pass (FAN_OUT). */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Same as torch.nn.init.calculate_gain(nonlinearity) (leaky_relu with slope 0.01). */
    public static double calculateGain(Nonlinearity nonlinearity) { return calculateGain(nonlinearity, null); }

    /** Same as torch.nn.init.calculate_gain(nonlinearity, param): param is leaky_relu's negative slope. */
    public static double calculateGain(Nonlinearity nonlinearity, Double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> {
                double slope = param == null ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case SELU -> 3.0 / 4;
        };
    }

    /** A pair of fan values. */
    public record Fans(int fanIn, int fanOut) {}

    /** Same as torch.nn.init._calculate_fan_in_and_fan_out: size(1)·receptive field and size(0)·receptive field. */
    public static Fans calculateFanInAndFanOut(Tensor tensor) {
        if (tensor.dim() < 2)
            throw new TorchException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
        int receptive = 1;
        for (int d = 2; d < tensor.dim(); d++) receptive *= tensor.size(d);
        return new Fans(tensor.size(1) * receptive, tensor.size(0) * receptive);
    }

    private static int fan(Tensor tensor, FanMode mode) {
        Fans f = calculateFanInAndFanOut(tensor);
        return mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
    }

    // ------------------------------------------------------------------ plain fills

    /** Same as torch.nn.init.uniform_(tensor, a, b). */
    public static Tensor uniform_(Tensor tensor, double a, double b) { return uniform_(tensor, a, b, null); }

    /** Same as torch.nn.init.uniform_(tensor, a, b, generator). */
    public static Tensor uniform_(Tensor tensor, double a, double b, Generator generator) {
        try (var _ = Torch.noGrad()) {
            return tensor.uniform_(a, b, generator);
        }
    }

    /** Same as torch.nn.init.uniform_(tensor): U(0, 1). */
    public static Tensor uniform_(Tensor tensor) { return uniform_(tensor, 0, 1, null); }

    /** Same as torch.nn.init.normal_(tensor, mean, std). */
    public static Tensor normal_(Tensor tensor, double mean, double std) { return normal_(tensor, mean, std, null); }

    /** Same as torch.nn.init.normal_(tensor, mean, std, generator). */
    public static Tensor normal_(Tensor tensor, double mean, double std, Generator generator) {
        try (var _ = Torch.noGrad()) {
            return tensor.normal_(mean, std, generator);
        }
    }

    /** Same as torch.nn.init.normal_(tensor): N(0, 1). */
    public static Tensor normal_(Tensor tensor) { return normal_(tensor, 0, 1, null); }

    /** Same as torch.nn.init.constant_. */
    public static Tensor constant_(Tensor tensor, double val) {
        try (var _ = Torch.noGrad()) {
            return tensor.fill_(val);
        }
    }

    /** Same as torch.nn.init.zeros_. */
    public static Tensor zeros_(Tensor tensor) { return constant_(tensor, 0); }

    /** Same as torch.nn.init.ones_. */
    public static Tensor ones_(Tensor tensor) { return constant_(tensor, 1); }

    /** Same as torch.nn.init.eye_: the identity on a 2-D tensor. */
    public static Tensor eye_(Tensor tensor) {
        if (tensor.dim() != 2) throw new TorchException("Only tensors with 2 dimensions are supported");
        try (var _ = Torch.noGrad()) {
            return tensor.copy_(Torch.eye(tensor.size(0), tensor.size(1), tensor.dtype()));
        }
    }

    // ------------------------------------------------------------------ xavier (Glorot)

    /** Same as torch.nn.init.xavier_uniform_(tensor, gain=1). */
    public static Tensor xavierUniform_(Tensor tensor) { return xavierUniform_(tensor, 1, null); }

    /** Same as torch.nn.init.xavier_uniform_(tensor, gain). */
    public static Tensor xavierUniform_(Tensor tensor, double gain) { return xavierUniform_(tensor, gain, null); }

    /** Same as torch.nn.init.xavier_uniform_: U(-a, a) with a = gain·sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor tensor, double gain, Generator generator) {
        Fans f = calculateFanInAndFanOut(tensor);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        double a = Math.sqrt(3.0) * std;
        return uniform_(tensor, -a, a, generator);
    }

    /** Same as torch.nn.init.xavier_normal_(tensor, gain=1). */
    public static Tensor xavierNormal_(Tensor tensor) { return xavierNormal_(tensor, 1, null); }

    /** Same as torch.nn.init.xavier_normal_(tensor, gain). */
    public static Tensor xavierNormal_(Tensor tensor, double gain) { return xavierNormal_(tensor, gain, null); }

    /** Same as torch.nn.init.xavier_normal_: N(0, std²) with std = gain·sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor tensor, double gain, Generator generator) {
        Fans f = calculateFanInAndFanOut(tensor);
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        return normal_(tensor, 0, std, generator);
    }

    // ------------------------------------------------------------------ kaiming (He)

    /** Same as torch.nn.init.kaiming_uniform_(tensor) (a=0, fan_in, leaky_relu). */
    public static Tensor kaimingUniform_(Tensor tensor) {
        return kaimingUniform_(tensor, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, null);
    }

    /** Same as torch.nn.init.kaiming_uniform_(tensor, a) (fan_in, leaky_relu). */
    public static Tensor kaimingUniform_(Tensor tensor, double a) {
        return kaimingUniform_(tensor, a, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, null);
    }

    /** Same as torch.nn.init.kaiming_uniform_(tensor, a, mode, nonlinearity). */
    public static Tensor kaimingUniform_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingUniform_(tensor, a, mode, nonlinearity, null);
    }

    /** Same as torch.nn.init.kaiming_uniform_: U(-bound, bound) with bound = gain·sqrt(3 / fan). */
    public static Tensor kaimingUniform_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity,
                                         Generator generator) {
        if (tensor.numel() == 0) return tensor; // PyTorch warns "Initializing zero-element tensors is a no-op"
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(tensor, -bound, bound, generator);
    }

    /** Same as torch.nn.init.kaiming_normal_(tensor) (a=0, fan_in, leaky_relu). */
    public static Tensor kaimingNormal_(Tensor tensor) {
        return kaimingNormal_(tensor, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, null);
    }

    /** Same as torch.nn.init.kaiming_normal_(tensor, a, mode, nonlinearity). */
    public static Tensor kaimingNormal_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingNormal_(tensor, a, mode, nonlinearity, null);
    }

    /** Same as torch.nn.init.kaiming_normal_: N(0, std²) with std = gain / sqrt(fan). */
    public static Tensor kaimingNormal_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity,
                                        Generator generator) {
        if (tensor.numel() == 0) return tensor;
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(tensor, mode));
        return normal_(tensor, 0, std, generator);
    }

    // ------------------------------------------------------------------ orthogonal

    /** Same as torch.nn.init.orthogonal_(tensor, gain=1). */
    public static Tensor orthogonal_(Tensor tensor) { return orthogonal_(tensor, 1, null); }

    /** Same as torch.nn.init.orthogonal_(tensor, gain). */
    public static Tensor orthogonal_(Tensor tensor, double gain) { return orthogonal_(tensor, gain, null); }

    /**
     * Same as torch.nn.init.orthogonal_: the tensor, flattened to [rows, cols], gets the Q factor (with R's
     * diagonal made positive, so the result is unique) of a standard normal matrix drawn as PyTorch draws it,
     * times gain; the QR runs in double precision (Householder).
     */
    public static Tensor orthogonal_(Tensor tensor, double gain, Generator generator) {
        if (tensor.dim() < 2) throw new TorchException("Only tensors with 2 or more dimensions are supported");
        if (tensor.numel() == 0) return tensor;
        int rows = tensor.size(0), cols = (int) (tensor.numel() / rows);
        try (var _ = Torch.noGrad()) {
            Tensor flat = Tensor.empty(new int[]{rows, cols}, tensor.dtype(), tensor.device()).normal_(0, 1, generator);
            boolean wide = rows < cols;
            Tensor m = wide ? flat.t() : flat;
            int n = m.size(0), k = m.size(1); // n >= k
            double[] a = m.contiguous().toDoubleArray();
            double[] q = householderQ(a, n, k);
            Tensor qt = Torch.fromArray(q, n, k).to(tensor.dtype());
            if (wide) qt = qt.t();
            tensor.copy_(qt.mul(gain).reshape(tensor.shapeArray()));
        }
        return tensor;
    }

    /**
     * The thin Q [n, k] (n >= k) of A = QR with diag(R) >= 0, by Householder reflections in double. The sign
     * convention matches LAPACK's geqrf followed by multiplying Q's columns by sign(diag(R)), as PyTorch does.
     */
    static double[] householderQ(double[] a, int n, int k) {
        double[][] v = new double[k][];
        double[] rdiag = new double[k];
        double[] r = a.clone();
        for (int j = 0; j < k; j++) {
            double norm = 0;
            for (int i = j; i < n; i++) norm += r[i * k + j] * r[i * k + j];
            norm = Math.sqrt(norm);
            double x0 = r[j * k + j];
            double alpha = x0 >= 0 ? -norm : norm; // reflect x to alpha·e1, away from x to avoid cancellation
            double[] vj = new double[n];
            for (int i = j; i < n; i++) vj[i] = r[i * k + j];
            vj[j] -= alpha;
            double vnorm2 = 0;
            for (int i = j; i < n; i++) vnorm2 += vj[i] * vj[i];
            if (vnorm2 > 0) {
                for (int c = j; c < k; c++) {
                    double dot = 0;
                    for (int i = j; i < n; i++) dot += vj[i] * r[i * k + c];
                    double f = 2 * dot / vnorm2;
                    for (int i = j; i < n; i++) r[i * k + c] -= f * vj[i];
                }
            } else alpha = x0;
            v[j] = vnorm2 > 0 ? vj : null;
            rdiag[j] = vnorm2 > 0 ? alpha : x0;
            if (v[j] != null) {
                double s = Math.sqrt(vnorm2);
                for (int i = j; i < n; i++) v[j][i] /= s;
            }
        }
        // Q = H0·H1·…·H(k-1) applied to the first k columns of the identity
        double[] q = new double[n * k];
        for (int c = 0; c < k; c++) q[c * k + c] = 1;
        for (int j = k - 1; j >= 0; j--) {
            double[] vj = v[j];
            if (vj == null) continue;
            for (int c = 0; c < k; c++) {
                double dot = 0;
                for (int i = j; i < n; i++) dot += vj[i] * q[i * k + c];
                for (int i = j; i < n; i++) q[i * k + c] -= 2 * dot * vj[i];
            }
        }
        for (int c = 0; c < k; c++) {
            if (rdiag[c] < 0) for (int i = 0; i < n; i++) q[i * k + c] = -q[i * k + c];
        }
        return q;
    }
}
