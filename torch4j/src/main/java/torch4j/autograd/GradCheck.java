package torch4j.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;

/**
 * {@code torch.autograd.gradcheck}: compares the analytical Jacobian (from backward) with central finite
 * differences, for every input that requires grad. Inputs should be float64, as PyTorch recommends.
 * <pre>{@code
 * Tensor x = Torch.randn(new int[]{3}, DType.FLOAT64).requiresGrad_(true);
 * GradCheck.gradcheck(in -> in[0].tanh(), x);   // true, or a TorchException naming the mismatch
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** With PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return gradcheck(fn, inputs, 1e-6, 1e-5, 1e-3);
    }

    /** Raises a TorchException describing the first mismatch (as PyTorch's GradcheckError); true otherwise. */
    public static boolean gradcheck(Function<Tensor[], Tensor> fn, Tensor[] inputs, double eps, double atol, double rtol) {
        for (Tensor t : inputs)
            if (t.requiresGrad() && t.dtype() != DType.FLOAT64)
                throw new TorchException("gradcheck expects float64 inputs that require grad, got " + t.dtype());
        Tensor out = fn.apply(inputs);
        int nOut = (int) out.numel();
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (!x.requiresGrad()) continue;
            int[] offs = offsets(x);
            double[][] numeric = new double[offs.length][nOut];
            CpuStorage s = (CpuStorage) x.storage();
            try (var _ = GradMode.scope(false)) {
                for (int e = 0; e < offs.length; e++) {
                    double orig = s.getDouble(offs[e]);
                    s.setDouble(offs[e], orig + eps);
                    double[] plus = fn.apply(inputs).to(DType.FLOAT64).toDoubleArray();
                    s.setDouble(offs[e], orig - eps);
                    double[] minus = fn.apply(inputs).to(DType.FLOAT64).toDoubleArray();
                    s.setDouble(offs[e], orig);
                    for (int o = 0; o < nOut; o++) numeric[e][o] = (plus[o] - minus[o]) / (2 * eps);
                }
            }
            // analytical: one backward per output element
            for (int o = 0; o < nOut; o++) {
                Tensor y = fn.apply(inputs);
                double[] ga;
                if (!y.requiresGrad()) {
                    // no graph: the output does not depend on the inputs (e.g. the derivative of a linear op), so the
                    // analytical Jacobian is zero and the numerical one must be too
                    ga = new double[offs.length];
                } else {
                    Tensor seed = Tensor.zerosLike(y);
                    ((CpuStorage) seed.storage()).setDouble(o, 1);
                    Tensor[] g = Autograd.grad(new Tensor[]{y}, new Tensor[]{x}, new Tensor[]{seed}, false, false, true);
                    ga = g[0] == null ? new double[offs.length] : g[0].to(DType.FLOAT64).toDoubleArray();
                }
                for (int e = 0; e < offs.length; e++) {
                    double a = ga[e], n = numeric[e][o];
                    if (Math.abs(a - n) > atol + rtol * Math.abs(n))
                        throw new TorchException("Jacobian mismatch for output 0 with respect to input " + i + ",\n"
                                + "numerical:" + n + "\nanalytical:" + a + "\n(at input element " + e + ", output element " + o + ")");
                }
            }
        }
        return true;
    }

    /** Storage offsets of a tensor's elements in row-major order. */
    private static int[] offsets(Tensor x) {
        int[] shape = x.shapeArray(), st = x.strideArray();
        List<Integer> out = new ArrayList<>();
        int n = (int) x.numel();
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            int off = x.storageOffset();
            for (int d = 0; d < shape.length; d++) off += idx[d] * st[d];
            out.add(off);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code torch.autograd.gradgradcheck}: gradcheck of the first derivative (with a fixed upstream gradient). */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        List<Tensor> diff = new ArrayList<>();
        for (Tensor t : inputs) if (t.requiresGrad()) diff.add(t);
        Tensor[] dInputs = diff.toArray(new Tensor[0]);
        Function<Tensor[], Tensor> first = in -> {
          try (var _ = GradMode.scope(true)) { // gradcheck evaluates the numeric side under no_grad
            Tensor y = fn.apply(in);
            Tensor w = torch4j.Torch.arange(1.0, y.numel() + 1.0, 1.0, DType.FLOAT64).reshape(y.shapeArray()).mul(0.37);
            Tensor[] g = Autograd.grad(new Tensor[]{y}, dInputs, new Tensor[]{w}, true, true, true);
            Tensor acc = null;
            for (Tensor gi : g) {
                if (gi == null) continue;
                // a fixed, non-uniform weighting so the check sees every entry of the first derivative
                Tensor wi = torch4j.Torch.arange(1.0, gi.numel() + 1.0, 1.0, DType.FLOAT64).reshape(gi.shapeArray()).sin();
                Tensor term = gi.mul(wi).sum();
                acc = acc == null ? term : acc.add(term);
            }
            return acc == null ? y.sum() : acc;
          }
        };
        return gradcheck(first, inputs);
    }
}
