package torch4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.nn.Parameter;

/**
 * L-BFGS, as {@code torch.optim.LBFGS} (PyTorch 1.13, itself a port of Lua torch's optim.lbfgs): each
 * {@link #step(Supplier)} runs up to maxIter quasi-Newton iterations over all parameters flattened into one
 * vector, with a fixed step lr or a strong-Wolfe line search. One parameter group only; the closure must zero the
 * gradients, compute the loss, call backward and return the loss.
 * <pre>{@code
 * var opt = new LBFGS(List.of(x), new LBFGS.Options().lineSearchFn(LBFGS.LineSearch.STRONG_WOLFE));
 * opt.step(() -> { opt.zeroGrad(); Tensor loss = f(x); loss.backward(); return loss; });
 * }</pre>
 * The algorithm's global state is kept, as in PyTorch, as the state of the first parameter ({@code func_evals},
 * {@code n_iter}, {@code d}, {@code t}, {@code old_dirs}, {@code old_stps}, {@code ro}, {@code H_diag},
 * {@code prev_flat_grad}, {@code prev_loss}, {@code al}); scalars that PyTorch keeps as 0-dim tensors are doubles here.
 */
public final class LBFGS extends Optimizer {
    /** The line searches PyTorch offers ({@code line_search_fn='strong_wolfe'}). */
    public enum LineSearch {
        STRONG_WOLFE("strong_wolfe");

        private final String pyName;

        LineSearch(String pyName) { this.pyName = pyName; }

        /** PyTorch's name of the line search. */
        public String pyName() { return pyName; }
    }

    /** LBFGS's keyword arguments, with PyTorch's defaults (lr 1, max_iter 20, max_eval max_iter·5/4, history 100). */
    public static class Options extends Optimizer.Options {
        /** All defaults. */
        public Options() {}

        public Options(double lr) { set("lr", lr); }

        public Options lr(double v) { set("lr", v); return this; }

        public Options maxIter(int v) { set("max_iter", v); return this; }

        public Options maxEval(int v) { set("max_eval", v); return this; }

        public Options toleranceGrad(double v) { set("tolerance_grad", v); return this; }

        public Options toleranceChange(double v) { set("tolerance_change", v); return this; }

        public Options historySize(int v) { set("history_size", v); return this; }

        /** {@code line_search_fn}: null (fixed step) or {@link LineSearch#STRONG_WOLFE}. */
        public Options lineSearchFn(LineSearch v) { set("line_search_fn", v == null ? null : v.pyName()); return this; }

        Optimizer.Options withDefaults() {
            int maxIter = values.get("max_iter") instanceof Number n ? n.intValue() : 20;
            return over(new Optimizer.Options().set("lr", 1.0).set("max_iter", maxIter).set("max_eval", maxIter * 5 / 4)
                    .set("tolerance_grad", 1e-7).set("tolerance_change", 1e-9).set("history_size", 100).set("line_search_fn", null));
        }
    }

    private final List<Parameter> params;

    /** LBFGS with PyTorch's defaults. */
    public LBFGS(List<? extends Parameter> params) { this(params, new Options()); }

    public LBFGS(List<? extends Parameter> params, Options options) {
        super(single(params), options.withDefaults());
        this.params = groups.get(0).params;
    }

    @Override public void addParamGroup(ParamGroup g) {
        if (!groups.isEmpty()) throw new TorchException("LBFGS doesn't support per-parameter options (parameter groups)");
        super.addParamGroup(g);
    }

    @Override protected void validate(ParamGroup g) {
        super.validate(g);
        Object ls = g.get("line_search_fn");
        if (ls != null && !LineSearch.STRONG_WOLFE.pyName().equals(ls)) throw new TorchException("only 'strong_wolfe' is supported");
    }

    /** Always an error: LBFGS needs a closure that re-evaluates the loss. */
    @Override public void step() {
        throw new TorchException("step() missing 1 required positional argument: 'closure'");
    }

    private Tensor flatGrad() {
        List<Tensor> views = new ArrayList<>(params.size());
        for (Parameter p : params) {
            Tensor g = p.grad();
            views.add(g == null ? Tensor.zerosLike(p).reshape(-1) : g.reshape(-1));
        }
        return Torch.cat(views, 0);
    }

    private void addGrad(double stepSize, Tensor update) {
        int offset = 0;
        for (Parameter p : params) {
            int n = (int) p.numel();
            p.detach().add_(update.narrow(0, offset, n).view(p.shape().toArray()), stepSize);
            offset += n;
        }
    }

    private List<Tensor> cloneParams() {
        List<Tensor> l = new ArrayList<>(params.size());
        for (Parameter p : params) l.add(p.detach().clone());
        return l;
    }

    private void setParams(List<Tensor> data) {
        for (int i = 0; i < params.size(); i++) params.get(i).detach().copy_(data.get(i));
    }

    private static double evaluate(Supplier<Tensor> closure) {
        try (var _ = GradMode.scope(true)) {
            return closure.get().item();
        }
    }

    private static double dot(Tensor a, Tensor b) { return a.dot(b).item(); }

    private static double absMax(Tensor t) { return t.abs().max().item(); }

    /** Loss and flat gradient at x + t·d, leaving the parameters at x. */
    private record Eval(double loss, Tensor grad) {}

    private Eval directionalEvaluate(Supplier<Tensor> closure, List<Tensor> x, double t, Tensor d) {
        addGrad(t, d);
        double loss = evaluate(closure);
        Tensor g = flatGrad();
        setParams(x);
        return new Eval(loss, g);
    }

    /** Same as torch.optim.LBFGS.step(closure): returns the loss of the closure's first evaluation. */
    @Override
    @SuppressWarnings("unchecked")
    public Tensor step(Supplier<Tensor> closure) {
        if (closure == null) throw new TorchException("step() missing 1 required positional argument: 'closure'");
        try (var _ = GradMode.scope(false)) {
            ParamGroup group = groups.get(0);
            double lr = group.lr(), tolGrad = group.getDouble("tolerance_grad"), tolChange = group.getDouble("tolerance_change");
            int maxIter = (int) group.getDouble("max_iter"), maxEval = (int) group.getDouble("max_eval");
            int historySize = (int) group.getDouble("history_size");
            Object lineSearch = group.get("line_search_fn");

            Map<String, Object> state = state(params.get(0));
            state.putIfAbsent("func_evals", 0L);
            state.putIfAbsent("n_iter", 0L);

            Tensor origLoss;
            try (var _ = GradMode.scope(true)) {
                origLoss = closure.get();
            }
            double loss = origLoss.item();
            int currentEvals = 1;
            state.put("func_evals", num(state.get("func_evals")) + 1);

            Tensor flatGrad = flatGrad();
            boolean optCond = absMax(flatGrad) <= tolGrad;
            if (optCond) return origLoss;

            Tensor d = (Tensor) state.get("d");
            double t = state.get("t") instanceof Number n ? n.doubleValue() : 0;
            List<Tensor> oldDirs = (List<Tensor>) state.get("old_dirs"), oldStps = (List<Tensor>) state.get("old_stps");
            List<Double> ro = (List<Double>) state.get("ro");
            double hDiag = state.get("H_diag") instanceof Number n ? n.doubleValue() : 1;
            Tensor prevFlatGrad = (Tensor) state.get("prev_flat_grad");
            double prevLoss = state.get("prev_loss") instanceof Number n ? n.doubleValue() : 0;

            int nIter = 0;
            while (nIter < maxIter) {
                nIter++;
                long globalIter = num(state.get("n_iter")) + 1;
                state.put("n_iter", globalIter);

                // descent direction
                if (globalIter == 1) {
                    d = flatGrad.neg();
                    oldDirs = new ArrayList<>();
                    oldStps = new ArrayList<>();
                    ro = new ArrayList<>();
                    hDiag = 1;
                } else {
                    Tensor y = flatGrad.sub(prevFlatGrad);
                    Tensor s = d.mul(t);
                    double ys = dot(y, s);
                    if (ys > 1e-10) {
                        if (oldDirs.size() == historySize) {
                            oldDirs.remove(0);
                            oldStps.remove(0);
                            ro.remove(0);
                        }
                        oldDirs.add(y);
                        oldStps.add(s);
                        ro.add(1.0 / ys);
                        hDiag = ys / dot(y, y);
                    }
                    int numOld = oldDirs.size();
                    List<Double> al = (List<Double>) state.get("al");
                    if (al == null || al.size() < historySize) {
                        List<Double> fresh = new ArrayList<>();
                        for (int i = 0; i < historySize; i++) fresh.add(al != null && i < al.size() ? al.get(i) : null);
                        al = fresh;
                        state.put("al", al);
                    }
                    // two-loop recursion with a single buffer
                    Tensor q = flatGrad.neg();
                    for (int i = numOld - 1; i >= 0; i--) {
                        double a = dot(oldStps.get(i), q) * ro.get(i);
                        al.set(i, a);
                        q.add_(oldDirs.get(i), -a);
                    }
                    Tensor r = q.mul(hDiag);
                    for (int i = 0; i < numOld; i++) {
                        double be = dot(oldDirs.get(i), r) * ro.get(i);
                        r.add_(oldStps.get(i), al.get(i) - be);
                    }
                    d = r;
                }
                if (prevFlatGrad == null) prevFlatGrad = flatGrad.clone();
                else prevFlatGrad.copy_(flatGrad);
                prevLoss = loss;

                // step length
                if (globalIter == 1) t = Math.min(1.0, 1.0 / flatGrad.abs().sum().item()) * lr;
                else t = lr;

                double gtd = dot(flatGrad, d);
                if (gtd > -tolChange) break;

                int lsFuncEvals = 0;
                if (lineSearch != null) {
                    List<Tensor> xInit = cloneParams();
                    final Tensor dir = d;
                    StrongWolfe.Result res = StrongWolfe.search((x, step) -> {
                        Eval e = directionalEvaluate(closure, x, step, dir);
                        return new StrongWolfe.Point(e.loss, e.grad);
                    }, xInit, t, d, loss, flatGrad, gtd, tolChange);
                    loss = res.loss();
                    flatGrad = res.grad();
                    t = res.t();
                    lsFuncEvals = res.evals();
                    addGrad(t, d);
                    optCond = absMax(flatGrad) <= tolGrad;
                } else {
                    addGrad(t, d);
                    if (nIter != maxIter) {
                        // re-evaluated only when another iteration follows: in a stochastic setting the last
                        // evaluation would be wasted
                        loss = evaluate(closure);
                        flatGrad = flatGrad();
                        optCond = absMax(flatGrad) <= tolGrad;
                        lsFuncEvals = 1;
                    }
                }
                currentEvals += lsFuncEvals;
                state.put("func_evals", num(state.get("func_evals")) + lsFuncEvals);

                if (nIter == maxIter) break;
                if (currentEvals >= maxEval) break;
                if (optCond) break;
                if (absMax(d.mul(t)) <= tolChange) break;
                if (Math.abs(loss - prevLoss) < tolChange) break;
            }

            state.put("d", d);
            state.put("t", t);
            state.put("old_dirs", oldDirs);
            state.put("old_stps", oldStps);
            state.put("ro", ro);
            state.put("H_diag", hDiag);
            state.put("prev_flat_grad", prevFlatGrad);
            state.put("prev_loss", prevLoss);
            return origLoss;
        }
    }

    private static long num(Object o) { return ((Number) o).longValue(); }
}
