package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static torch4j.testing.Json.doubles;
import static torch4j.testing.Json.ints;
import static torch4j.testing.Json.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.Parameter;
import torch4j.optim.Optimizer.ParamGroup;
import torch4j.testing.Json;

/** Reads refs/optim.json (tools/gen_refs_optim.py, layout documented there) and builds the optimizers it names. */
final class OptimRefs {
    private OptimRefs() {}

    static Map<String, Object> root() { return Json.cachedObject("/refs/optim.json"); }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(String key) { return (List<Map<String, Object>>) root().get(key); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    /** A fresh tensor from an encoded one, cast to dtype. */
    static Tensor tensor(Object enc, DType dtype) {
        Map<String, Object> m = map(enc);
        double[] v = doubles(m.get("data"));
        return Torch.fromArray(v, v.length).reshape(ints(m.get("shape"))).to(dtype).clone();
    }

    static void assertClose(Object expectedEnc, Tensor actual, double tol, String what) {
        Tensor e = tensor(expectedEnc, DType.FLOAT64);
        assertEquals(e.shape(), actual.shape(), what + ": shape");
        double[] ev = e.toDoubleArray(), av = actual.toDoubleArray();
        for (int i = 0; i < ev.length; i++)
            if (!(Math.abs(ev[i] - av[i]) <= tol * (1 + Math.abs(ev[i]))))
                fail(what + "[" + i + "]: expected " + ev[i] + " but was " + av[i]);
    }

    // ------------------------------------------------------------------ the fixed problem

    /** W and b of the reference problem as fresh parameters of the given dtype. */
    static Parameter[] params(DType dtype) {
        Map<String, Object> p = map(root().get("problem"));
        return new Parameter[]{new Parameter(tensor(p.get("W"), dtype)), new Parameter(tensor(p.get("b"), dtype))};
    }

    /** ((X @ W.T + b − Y)²).mean(). */
    static Tensor loss(Tensor w, Tensor b) {
        Map<String, Object> p = map(root().get("problem"));
        Tensor x = tensor(p.get("X"), w.dtype()), y = tensor(p.get("Y"), w.dtype());
        return x.matmul(w.t()).add(b).sub(y).pow(2.0).mean();
    }

    static void trainStep(Optimizer opt, Parameter w, Parameter b) {
        opt.zeroGrad();
        loss(w, b).backward();
        opt.step();
    }

    // ------------------------------------------------------------------ building optimizers from PyTorch kwargs

    /** The Options of the named optimizer holding the given keyword arguments (all others left unset). */
    static Optimizer.Options options(String opt, Map<String, Object> kw) {
        return switch (opt) {
            case "SGD" -> {
                SGD.Options o = SGD.Options.group();
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "lr" -> o.lr(num(v));
                        case "momentum" -> o.momentum(num(v));
                        case "dampening" -> o.dampening(num(v));
                        case "weight_decay" -> o.weightDecay(num(v));
                        case "nesterov" -> o.nesterov((Boolean) v);
                        case "maximize" -> o.maximize((Boolean) v);
                        default -> fail("SGD kwarg " + k);
                    }
                });
                yield o;
            }
            case "Adam", "AdamW" -> {
                boolean w = opt.equals("AdamW");
                Adam.Options a = new Adam.Options();
                AdamW.Options aw = new AdamW.Options();
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "lr" -> { a.lr(num(v)); aw.lr(num(v)); }
                        case "betas" -> { double[] bt = doubles(v); a.betas(bt[0], bt[1]); aw.betas(bt[0], bt[1]); }
                        case "eps" -> { a.eps(num(v)); aw.eps(num(v)); }
                        case "weight_decay" -> { a.weightDecay(num(v)); aw.weightDecay(num(v)); }
                        case "amsgrad" -> { a.amsgrad((Boolean) v); aw.amsgrad((Boolean) v); }
                        case "maximize" -> { a.maximize((Boolean) v); aw.maximize((Boolean) v); }
                        default -> fail(opt + " kwarg " + k);
                    }
                });
                yield w ? aw : a;
            }
            case "RMSprop" -> {
                RMSprop.Options o = RMSprop.Options.group();
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "lr" -> o.lr(num(v));
                        case "alpha" -> o.alpha(num(v));
                        case "eps" -> o.eps(num(v));
                        case "weight_decay" -> o.weightDecay(num(v));
                        case "momentum" -> o.momentum(num(v));
                        case "centered" -> o.centered((Boolean) v);
                        case "maximize" -> o.maximize((Boolean) v);
                        default -> fail("RMSprop kwarg " + k);
                    }
                });
                yield o;
            }
            case "Adagrad" -> {
                Adagrad.Options o = Adagrad.Options.group();
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "lr" -> o.lr(num(v));
                        case "lr_decay" -> o.lrDecay(num(v));
                        case "weight_decay" -> o.weightDecay(num(v));
                        case "initial_accumulator_value" -> o.initialAccumulatorValue(num(v));
                        case "eps" -> o.eps(num(v));
                        case "maximize" -> o.maximize((Boolean) v);
                        default -> fail("Adagrad kwarg " + k);
                    }
                });
                yield o;
            }
            case "Adadelta" -> {
                Adadelta.Options o = Adadelta.Options.group();
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "lr" -> o.lr(num(v));
                        case "rho" -> o.rho(num(v));
                        case "eps" -> o.eps(num(v));
                        case "weight_decay" -> o.weightDecay(num(v));
                        case "maximize" -> o.maximize((Boolean) v);
                        default -> fail("Adadelta kwarg " + k);
                    }
                });
                yield o;
            }
            default -> throw new IllegalArgumentException(opt);
        };
    }

    /** The optimizer as PyTorch's {@code cls(params or groups, **kwargs)}; groups null means one group. */
    static Optimizer build(String opt, Map<String, Object> kw, List<?> groups, List<? extends Parameter> params) {
        Optimizer.Options d = options(opt, kw);
        if (groups == null) {
            return switch (opt) {
                case "SGD" -> new SGD(params, (SGD.Options) d);
                case "Adam" -> new Adam(params, (Adam.Options) d);
                case "AdamW" -> new AdamW(params, (AdamW.Options) d);
                case "RMSprop" -> new RMSprop(params, (RMSprop.Options) d);
                case "Adagrad" -> new Adagrad(params, (Adagrad.Options) d);
                case "Adadelta" -> new Adadelta(params, (Adadelta.Options) d);
                default -> throw new IllegalArgumentException(opt);
            };
        }
        List<ParamGroup> gs = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++)
            gs.add(new ParamGroup(List.of(params.get(i)), options(opt, map(groups.get(i)))));
        return switch (opt) {
            case "SGD" -> SGD.withGroups(gs, (SGD.Options) d);
            case "Adam" -> Adam.withGroups(gs, (Adam.Options) d);
            case "AdamW" -> AdamW.withGroups(gs, (AdamW.Options) d);
            case "RMSprop" -> RMSprop.withGroups(gs, (RMSprop.Options) d);
            case "Adagrad" -> Adagrad.withGroups(gs, (Adagrad.Options) d);
            case "Adadelta" -> Adadelta.withGroups(gs, (Adadelta.Options) d);
            default -> throw new IllegalArgumentException(opt);
        };
    }
}
