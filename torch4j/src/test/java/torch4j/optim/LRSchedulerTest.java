package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Parameter;
import torch4j.optim.Optimizer.ParamGroup;
import torch4j.optim.lr_scheduler.CosineAnnealingLR;
import torch4j.optim.lr_scheduler.ExponentialLR;
import torch4j.optim.lr_scheduler.LRScheduler;
import torch4j.optim.lr_scheduler.LinearLR;
import torch4j.optim.lr_scheduler.MultiStepLR;
import torch4j.optim.lr_scheduler.OneCycleLR;
import torch4j.optim.lr_scheduler.ReduceLROnPlateau;
import torch4j.optim.lr_scheduler.StepLR;
import torch4j.testing.Json;

/** Every scheduler's learning-rate (and momentum) sequence over ~30 steps equals PyTorch 1.13's. */
class LRSchedulerTest {
    /** SGD(momentum 0.9) or Adam over two groups with lr 0.1 and 0.05, as the generator builds them. */
    static Optimizer optimizer(String kind) {
        Parameter p1 = new Parameter(Torch.zeros(2)), p2 = new Parameter(Torch.zeros(2));
        if (kind.equals("SGD"))
            return SGD.withGroups(List.of(new ParamGroup(List.of(p1)), new ParamGroup(List.of(p2), SGD.Options.group().lr(0.05))),
                    new SGD.Options(0.1).momentum(0.9));
        return Adam.withGroups(List.of(new ParamGroup(List.of(p1)), new ParamGroup(List.of(p2), Adam.Options.group().lr(0.05))),
                new Adam.Options(0.1));
    }

    static int integer(Object o) { return ((Number) o).intValue(); }

    /** The scheduler PyTorch's {@code cls(optimizer, **kwargs)} builds. */
    static Object scheduler(String name, Map<String, Object> kw, Optimizer opt) {
        Function<String, Double> d = k -> Json.num(kw.get(k));
        return switch (name) {
            case "StepLR" -> kw.containsKey("gamma") ? new StepLR(opt, integer(kw.get("step_size")), d.apply("gamma"))
                    : new StepLR(opt, integer(kw.get("step_size")));
            case "MultiStepLR" -> {
                List<Integer> ms = new ArrayList<>();
                for (int m : Json.ints(kw.get("milestones"))) ms.add(m);
                yield new MultiStepLR(opt, ms, d.apply("gamma"));
            }
            case "ExponentialLR" -> new ExponentialLR(opt, d.apply("gamma"));
            case "CosineAnnealingLR" -> kw.containsKey("eta_min") ? new CosineAnnealingLR(opt, integer(kw.get("T_max")), d.apply("eta_min"))
                    : new CosineAnnealingLR(opt, integer(kw.get("T_max")));
            case "LinearLR" -> kw.isEmpty() ? new LinearLR(opt)
                    : new LinearLR(opt, d.apply("start_factor"), d.apply("end_factor"), integer(kw.get("total_iters")));
            case "OneCycleLR" -> {
                Object m = kw.get("max_lr");
                OneCycleLR.Options o = new OneCycleLR.Options(m instanceof List<?> ? Json.doubles(m) : new double[]{Json.num(m)});
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "max_lr" -> {}
                        case "total_steps" -> o.totalSteps(integer(v));
                        case "epochs" -> o.epochs(integer(v));
                        case "steps_per_epoch" -> o.stepsPerEpoch(integer(v));
                        case "pct_start" -> o.pctStart(Json.num(v));
                        case "anneal_strategy" -> o.annealStrategy(v.equals("cos") ? OneCycleLR.AnnealStrategy.COS : OneCycleLR.AnnealStrategy.LINEAR);
                        case "cycle_momentum" -> o.cycleMomentum((Boolean) v);
                        case "base_momentum" -> o.baseMomentum(Json.num(v));
                        case "max_momentum" -> o.maxMomentum(Json.num(v));
                        case "div_factor" -> o.divFactor(Json.num(v));
                        case "final_div_factor" -> o.finalDivFactor(Json.num(v));
                        case "three_phase" -> o.threePhase((Boolean) v);
                        default -> fail("OneCycleLR kwarg " + k);
                    }
                });
                yield new OneCycleLR(opt, o);
            }
            case "ReduceLROnPlateau" -> {
                ReduceLROnPlateau.Options o = new ReduceLROnPlateau.Options();
                kw.forEach((k, v) -> {
                    switch (k) {
                        case "mode" -> o.mode(v.equals("min") ? ReduceLROnPlateau.Mode.MIN : ReduceLROnPlateau.Mode.MAX);
                        case "factor" -> o.factor(Json.num(v));
                        case "patience" -> o.patience(integer(v));
                        case "threshold" -> o.threshold(Json.num(v));
                        case "threshold_mode" -> o.thresholdMode(v.equals("rel") ? ReduceLROnPlateau.ThresholdMode.REL : ReduceLROnPlateau.ThresholdMode.ABS);
                        case "cooldown" -> o.cooldown(integer(v));
                        case "min_lr" -> o.minLr(v instanceof List<?> ? Json.doubles(v) : new double[]{Json.num(v)});
                        case "eps" -> o.eps(Json.num(v));
                        default -> fail("ReduceLROnPlateau kwarg " + k);
                    }
                });
                yield new ReduceLROnPlateau(opt, o);
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    static double[] momenta(Optimizer opt) {
        List<ParamGroup> gs = opt.paramGroups();
        double[] r = new double[gs.size()];
        for (int i = 0; i < r.length; i++) {
            Object m = gs.get(i).get("momentum");
            r[i] = m != null ? ((Number) m).doubleValue() : ((Number) ((List<?>) gs.get(i).get("betas")).get(0)).doubleValue();
        }
        return r;
    }

    static double[] lrs(Optimizer opt) {
        return opt.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    static void assertSeq(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++)
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-12 * (1 + Math.abs(expected[i]))))
                fail(what + " group " + i + ": expected " + expected[i] + " but was " + actual[i]);
    }

    static Stream<Arguments> cases() {
        return OptimRefs.list("schedulers").stream().map(c -> Arguments.of(c.get("id"), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String id, Map<String, Object> c) {
        Optimizer opt = optimizer((String) c.get("opt"));
        Object s = scheduler((String) c.get("sched"), OptimRefs.map(c.get("kwargs")), opt);
        List<Object> lrs = (List<Object>) c.get("lrs"), mom = (List<Object>) c.get("momenta");
        double[] metrics = c.containsKey("metrics") ? Json.doubles(c.get("metrics")) : null;
        for (int i = 0; i < lrs.size(); i++) {
            if (i > 0) {
                opt.step();
                if (s instanceof ReduceLROnPlateau r) r.step(metrics[i - 1]);
                else ((LRScheduler) s).step();
            }
            assertSeq(Json.doubles(lrs.get(i)), lrs(opt), id + " lr at step " + i);
            assertSeq(Json.doubles(mom.get(i)), momenta(opt), id + " momentum at step " + i);
            List<Double> last = s instanceof ReduceLROnPlateau r ? r.getLastLr() : ((LRScheduler) s).getLastLr();
            if (i > 0 || !(s instanceof ReduceLROnPlateau))
                assertSeq(Json.doubles(lrs.get(i)), last.stream().mapToDouble(Double::doubleValue).toArray(), id + " getLastLr at " + i);
        }
        Map<String, Object> sd = s instanceof ReduceLROnPlateau r ? r.stateDict() : ((LRScheduler) s).stateDict();
        assertEquals(c.get("state_keys"), new ArrayList<>(sd.keySet()), id + " state dict keys");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void stateDictRoundTripContinuesIdentically(String id, Map<String, Object> c) {
        String kind = (String) c.get("opt"), name = (String) c.get("sched");
        Map<String, Object> kw = OptimRefs.map(c.get("kwargs"));
        double[] metrics = c.containsKey("metrics") ? Json.doubles(c.get("metrics")) : null;
        int n = ((List<Object>) c.get("lrs")).size() - 1, half = n / 2;
        Optimizer a = optimizer(kind);
        Object sa = scheduler(name, kw, a);
        for (int i = 0; i < half; i++) step(sa, metrics, i);
        Optimizer b = optimizer(kind);
        Object sb = scheduler(name, kw, b);
        b.loadStateDict(a.stateDict());
        if (sa instanceof ReduceLROnPlateau r) ((ReduceLROnPlateau) sb).loadStateDict(r.stateDict());
        else ((LRScheduler) sb).loadStateDict(((LRScheduler) sa).stateDict());
        for (int i = half; i < n; i++) {
            step(sa, metrics, i);
            step(sb, metrics, i);
            assertSeq(lrs(a), lrs(b), id + " lr at step " + (i + 1));
            assertSeq(momenta(a), momenta(b), id + " momentum at step " + (i + 1));
        }
    }

    private static void step(Object s, double[] metrics, int i) {
        if (s instanceof ReduceLROnPlateau r) r.step(metrics[i]);
        else ((LRScheduler) s).step();
    }

    @Test
    void errorsAsPyTorch() {
        Optimizer opt = optimizer("SGD");
        assertEquals("Starting multiplicative factor expected to be between 0 and 1.",
                assertThrows(TorchException.class, () -> new LinearLR(opt, 1.5, 1.0, 5)).getMessage());
        assertEquals("Factor should be < 1.0.",
                assertThrows(TorchException.class, () -> new ReduceLROnPlateau(opt, new ReduceLROnPlateau.Options().factor(1.0))).getMessage());
        assertEquals("expected 2 min_lrs, got 3",
                assertThrows(TorchException.class, () -> new ReduceLROnPlateau(opt, new ReduceLROnPlateau.Options().minLr(1, 2, 3))).getMessage());
        assertEquals("You must define either total_steps OR (epochs AND steps_per_epoch)",
                assertThrows(TorchException.class, () -> new OneCycleLR(opt, new OneCycleLR.Options(0.1))).getMessage());
        assertEquals("Expected float between 0 and 1 pct_start, but got 1.5",
                assertThrows(TorchException.class, () -> new OneCycleLR(opt, new OneCycleLR.Options(0.1).totalSteps(10).pctStart(1.5))).getMessage());
        assertEquals("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer",
                assertThrows(TorchException.class, () -> new StepLR(optimizer("SGD"), 3, 0.1, 5)).getMessage());
        Optimizer rms = new Adagrad(List.of(new Parameter(Torch.zeros(1))));
        assertEquals("optimizer must support momentum with `cycle_momentum` option enabled",
                assertThrows(TorchException.class, () -> new OneCycleLR(rms, 0.1, 10)).getMessage());
        OneCycleLR one = new OneCycleLR(optimizer("SGD"), 0.1, 3);
        one.step();
        one.step();
        one.step();
        assertEquals("Tried to step 5 times. The specified number of total steps is 3",
                assertThrows(TorchException.class, one::step).getMessage());
    }

    @Test
    void writesInitialLrAndResumes() {
        Optimizer opt = optimizer("SGD");
        StepLR s = new StepLR(opt, 2, 0.5);
        assertEquals(0.1, opt.paramGroups().get(0).getDouble("initial_lr"));
        assertEquals(0.05, opt.paramGroups().get(1).getDouble("initial_lr"));
        for (int i = 0; i < 5; i++) s.step();
        assertEquals(5, s.lastEpoch());
        assertEquals(List.of(0.025, 0.0125), s.getLastLr());
        // resuming at epoch 5 keeps the initial rates as base_lrs
        StepLR resumed = new StepLR(opt, 2, 0.5, 5);
        assertEquals(List.of(0.1, 0.05), resumed.baseLrs());
        assertEquals(6, resumed.lastEpoch());
        assertEquals(List.of(0.0125, 0.00625), resumed.getLastLr());
    }
}
