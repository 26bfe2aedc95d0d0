package torch4j.optim;

import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;
import torch4j.internal.cpu.Parallel;
import torch4j.nn.Parameter;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD}:
 * buf = momentum·buf + (1 − dampening)·g (buf = g at the first step), then p −= lr·(nesterov ? g + momentum·buf : buf),
 * with g = grad + weightDecay·p (negated when maximize). Contiguous float32 parameters are updated in one fused pass.
 * <pre>{@code
 * var opt = new SGD(model.parameters(), new SGD.Options(0.01).momentum(0.9));
 * }</pre>
 */
public class SGD extends Optimizer {
    /** SGD's keyword arguments, with PyTorch's defaults. */
    public static class Options extends Optimizer.Options {
        public Options(double lr) {
            set("lr", lr);
        }

        /** Options for a parameter group that sets only what is given here. */
        public static Options group() { return new Options(); }

        private Options() {}

        public Options lr(double v) { set("lr", v); return this; }

        public Options momentum(double v) { set("momentum", v); return this; }

        public Options dampening(double v) { set("dampening", v); return this; }

        public Options weightDecay(double v) { set("weight_decay", v); return this; }

        public Options nesterov(boolean v) { set("nesterov", v); return this; }

        public Options maximize(boolean v) { set("maximize", v); return this; }

        Optimizer.Options withDefaults() {
            return over(new Optimizer.Options().set("momentum", 0.0).set("dampening", 0.0).set("weight_decay", 0.0)
                    .set("nesterov", false).set("maximize", false));
        }
    }

    public SGD(List<? extends Parameter> params, Options options) { super(single(params), options.withDefaults()); }

    private SGD(Options options, List<ParamGroup> groups) { super(groups, options.withDefaults()); }

    /** Parameter groups with their own options: {@code SGD.withGroups(List.of(new ParamGroup(a), new ParamGroup(b, SGD.Options.group().lr(1e-3))), defaults)}. */
    public static SGD withGroups(List<ParamGroup> groups, Options defaults) { return new SGD(defaults, groups); }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        if (g.getDouble("momentum") < 0) throw new TorchException("Invalid momentum value: " + repr(g.getDouble("momentum")));
        if (g.getDouble("weight_decay") < 0) throw new TorchException("Invalid weight_decay value: " + repr(g.getDouble("weight_decay")));
        if (g.getBool("nesterov") && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0))
            throw new TorchException("Nesterov momentum requires a momentum and zero dampening");
    }

    @Override public void step() {
        try (var _ = GradMode.scope(false)) {
            for (ParamGroup g : groups) {
                double lr = g.lr(), momentum = g.getDouble("momentum"), dampening = g.getDouble("dampening");
                double wd = g.getDouble("weight_decay");
                boolean nesterov = g.getBool("nesterov"), maximize = g.getBool("maximize");
                for (Parameter p : g.params) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Map<String, Object> st = state(p);
                    Tensor buf = (Tensor) st.get("momentum_buffer");
                    // PyTorch records the (absent) buffer of momentum-free SGD as None
                    if (momentum == 0 && !st.containsKey("momentum_buffer")) st.put("momentum_buffer", null);
                    if (fused(p, grad, buf, lr, momentum, dampening, wd, nesterov, maximize)) continue;
                    Tensor d = maximize ? grad.neg() : grad;
                    if (wd != 0) d = d.add(p.detach(), wd);
                    if (momentum != 0) {
                        if (buf == null) {
                            buf = d.clone();
                            st.put("momentum_buffer", buf);
                        } else {
                            buf.mul_(momentum).add_(d, 1 - dampening);
                        }
                        d = nesterov ? d.add(buf, momentum) : buf;
                    }
                    p.detach().add_(d, -lr);
                }
            }
        }
    }

    /** The backend's fused step, when it has one and the tensors are dense and of one dtype. */
    private static boolean fusedOnDevice(Parameter p, Tensor grad, Tensor buf, double lr, double momentum,
                                         double dampening, double wd, boolean nesterov, boolean maximize) {
        torch4j.backend.OptimKernels k = p.backend().optim();
        if (k == null || (momentum != 0 && buf == null) || !p.isContiguous() || !grad.isContiguous()
                || grad.dtype() != p.dtype() || !grad.device().equals(p.device())
                || (buf != null && (!buf.isContiguous() || buf.dtype() != p.dtype()))) return false;
        k.sgd(p, grad, momentum == 0 ? null : buf, lr, momentum, dampening, wd, nesterov, maximize);
        p.bumpVersion();
        if (buf != null) buf.bumpVersion();
        return true;
    }

    private static final int MOMENTUM_GRAIN = 1 << 18;

    private static void momentumRange(float[] w, int ow, float[] gr, int og, float[] b, int ob, int from, int to,
                                      float flr, float fm, float fd) {
        var S = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            var bv = jdk.incubator.vector.FloatVector.fromArray(S, b, ob + i).mul(fm)
                    .add(jdk.incubator.vector.FloatVector.fromArray(S, gr, og + i).mul(fd));
            bv.intoArray(b, ob + i);
            jdk.incubator.vector.FloatVector.fromArray(S, w, ow + i).sub(bv.mul(flr)).intoArray(w, ow + i);
        }
        for (; i < to; i++) {
            float bi = fm * b[ob + i] + fd * gr[og + i];
            b[ob + i] = bi;
            w[ow + i] -= flr * bi;
        }
    }

    /** The common case in one pass over float arrays: contiguous float32 param, grad and buffer. */
    private static boolean fused(Parameter p, Tensor grad, Tensor buf, double lr, double momentum, double dampening,
                                 double wd, boolean nesterov, boolean maximize) {
        if (!p.device().isCpu()) return fusedOnDevice(p, grad, buf, lr, momentum, dampening, wd, nesterov, maximize);
        if (p.dtype() != DType.FLOAT32 || grad.dtype() != DType.FLOAT32
                || !p.isContiguous() || !grad.isContiguous() || (buf != null && !buf.isContiguous())) return false;
        if (momentum != 0 && buf == null) return false; // first step: the buffer is the gradient itself (generic path is fine)
        float[] w = ((CpuStorage) p.storage()).f32(), gr = ((CpuStorage) grad.storage()).f32();
        float[] b = buf == null ? null : ((CpuStorage) buf.storage()).f32();
        int ow = p.storageOffset(), og = grad.storageOffset(), ob = buf == null ? 0 : buf.storageOffset();
        int n = (int) p.numel();
        float flr = (float) lr, fm = (float) momentum, fd = (float) (1 - dampening), fwd = (float) wd;
        if (b != null && !maximize && wd == 0 && !nesterov) {
            // the usual case (plain momentum), vectorised (C2 would not, as the arrays might alias); large
            // parameters (ResNet's 2.4M-weight convs) in parallel, each element's update being independent
            Parallel.forRange(n, MOMENTUM_GRAIN, (from, to) -> momentumRange(w, ow, gr, og, b, ob, from, to, flr, fm, fd));
        } else {
            for (int i = 0; i < n; i++) {
                float d = maximize ? -gr[og + i] : gr[og + i];
                if (wd != 0) d += fwd * w[ow + i];
                if (b != null) {
                    float bi = fm * b[ob + i] + fd * d;
                    b[ob + i] = bi;
                    d = nesterov ? d + fm * bi : bi;
                }
                w[ow + i] -= flr * d;
            }
        }
        p.bumpVersion();
        if (buf != null) buf.bumpVersion();
        return true;
    }
}
