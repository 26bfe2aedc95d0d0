package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Parameter;
import torch4j.optim.Optimizer.ParamGroup;

/** State-dict round trips, fused versus generic float32 paths, argument errors and the optimizer base's contract. */
class OptimizerTest {
    @TempDir Path tmp;

    static Stream<Arguments> f64Cases() {
        return OptimRefs.list("optimizers").stream().filter(c -> c.get("dtype").equals("float64"))
                .map(c -> Arguments.of(c.get("id"), c));
    }

    static Optimizer build(Map<String, Object> c, Parameter[] wb) {
        return OptimRefs.build((String) c.get("opt"), OptimRefs.map(c.get("kwargs")), (List<?>) c.get("groups"), List.of(wb));
    }

    static Parameter[] copyOf(Parameter[] wb) {
        return new Parameter[]{new Parameter(wb[0].detach().clone()), new Parameter(wb[1].detach().clone())};
    }

    static void assertBitwise(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0.0, what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("f64Cases")
    void stateDictRoundTripContinuesIdentically(String id, Map<String, Object> c) {
        Parameter[] a = OptimRefs.params(DType.FLOAT64);
        Optimizer optA = build(c, a);
        OptimRefs.trainStep(optA, a[0], a[1]);
        OptimRefs.trainStep(optA, a[0], a[1]);
        Map<String, Object> saved = optA.stateDict();

        Parameter[] b = copyOf(a);
        Optimizer optB = build(c, b);
        for (ParamGroup g : optB.paramGroups()) g.setLr(123.0); // must be replaced by the loaded options
        optB.loadStateDict(saved);
        for (int s = 0; s < 3; s++) {
            OptimRefs.trainStep(optA, a[0], a[1]);
            OptimRefs.trainStep(optB, b[0], b[1]);
        }
        assertBitwise(a[0], b[0], id + " W");
        assertBitwise(a[1], b[1], id + " b");
    }

    @Test
    void stateDictSurvivesSaveAndLoad() {
        for (Function<List<Parameter>, Optimizer> make : List.<Function<List<Parameter>, Optimizer>>of(
                ps -> new Adam(ps, new Adam.Options(0.05).amsgrad(true)),
                ps -> new RMSprop(ps, new RMSprop.Options(0.01).centered(true).momentum(0.5)),
                ps -> new Adagrad(ps, new Adagrad.Options(0.1)),
                ps -> new Adadelta(ps),
                ps -> new SGD(ps, new SGD.Options(0.1)))) {
            Parameter[] a = OptimRefs.params(DType.FLOAT64);
            Optimizer optA = make.apply(List.of(a));
            OptimRefs.trainStep(optA, a[0], a[1]);
            Path p = tmp.resolve("opt.pt");
            Torch.save(optA.stateDict(), p);
            @SuppressWarnings("unchecked")
            Map<String, Object> back = (Map<String, Object>) Torch.load(p);
            Parameter[] b = copyOf(a);
            Optimizer optB = make.apply(List.of(b));
            optB.loadStateDict(back);
            OptimRefs.trainStep(optA, a[0], a[1]);
            OptimRefs.trainStep(optB, b[0], b[1]);
            assertBitwise(a[0], b[0], optA.getClass().getSimpleName());
        }
    }

    @Test
    void stateLayoutAsPyTorch() {
        Parameter[] a = OptimRefs.params(DType.FLOAT32);
        Adam adam = new Adam(List.of(a), new Adam.Options().betas(0.8, 0.9));
        OptimRefs.trainStep(adam, a[0], a[1]);
        OptimRefs.trainStep(adam, a[0], a[1]);
        Map<String, Object> sd = adam.stateDict();
        @SuppressWarnings("unchecked")
        Map<String, Object> s0 = (Map<String, Object>) ((Map<String, Object>) sd.get("state")).get("0");
        Tensor step = (Tensor) s0.get("step");
        assertEquals(DType.FLOAT32, step.dtype());
        assertEquals(0, step.dim());
        assertEquals(2.0, step.item());
        assertEquals(List.of(0.8, 0.9), adam.paramGroups().get(0).get("betas"));
        @SuppressWarnings("unchecked")
        Map<String, Object> g0 = (Map<String, Object>) ((List<Object>) sd.get("param_groups")).get(0);
        assertEquals(List.of(0, 1), g0.get("params"));
        assertEquals(1e-3, g0.get("lr"));

        // a float64 state dict loaded into float32 parameters is cast, except "step"
        Parameter[] d = OptimRefs.params(DType.FLOAT64);
        Adam a64 = new Adam(List.of(d));
        OptimRefs.trainStep(a64, d[0], d[1]);
        adam.loadStateDict(a64.stateDict());
        assertEquals(DType.FLOAT32, ((Tensor) adam.state(a[1]).get("exp_avg")).dtype());
        assertEquals(DType.FLOAT32, ((Tensor) adam.state(a[1]).get("step")).dtype());

        RMSprop rms = new RMSprop(List.of(d));
        OptimRefs.trainStep(rms, d[0], d[1]);
        assertEquals(1L, rms.state(d[0]).get("step"));
        Adagrad ada = new Adagrad(List.of(d), new Adagrad.Options().initialAccumulatorValue(0.25));
        // Adagrad's state exists before the first step, as in PyTorch
        assertEquals(0.0, ((Tensor) ada.state(d[0]).get("step")).item());
        assertEquals(0.25, ((Tensor) ada.state(d[1]).get("sum")).max().item());
        SGD sgd = new SGD(List.of(d), new SGD.Options(0.1));
        OptimRefs.trainStep(sgd, d[0], d[1]);
        assertTrue(sgd.state(d[0]).containsKey("momentum_buffer"));
        assertNull(sgd.state(d[0]).get("momentum_buffer"));
    }

    // ------------------------------------------------------------------ fused float32 paths

    /** The same gradient in a strided (non-contiguous) tensor, which sends the update down the generic path. */
    static Tensor strided(Tensor g) {
        int[] shape = g.shapeArray().clone();
        shape[shape.length - 1] *= 2;
        Tensor big = Torch.zeros(shape, g.dtype());
        Tensor view = big.slice(shape.length - 1, 0, shape[shape.length - 1], 2);
        view.copy_(g);
        return view;
    }

    static Stream<Arguments> fusedCases() {
        return Stream.of(
                Arguments.of("SGD momentum nesterov", (Function<List<Parameter>, Optimizer>) ps ->
                        new SGD(ps, new SGD.Options(0.05).momentum(0.9).nesterov(true).weightDecay(0.01))),
                Arguments.of("SGD dampening maximize", (Function<List<Parameter>, Optimizer>) ps ->
                        new SGD(ps, new SGD.Options(0.05).momentum(0.5).dampening(0.2).maximize(true))),
                Arguments.of("Adam", (Function<List<Parameter>, Optimizer>) ps ->
                        new Adam(ps, new Adam.Options(0.05).weightDecay(0.1))),
                Arguments.of("Adam amsgrad maximize", (Function<List<Parameter>, Optimizer>) ps ->
                        new Adam(ps, new Adam.Options(0.05).amsgrad(true).maximize(true).betas(0.7, 0.8))),
                Arguments.of("AdamW amsgrad", (Function<List<Parameter>, Optimizer>) ps ->
                        new AdamW(ps, new AdamW.Options(0.05).amsgrad(true).weightDecay(0.3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedCases")
    void fusedFloat32PathAgreesWithGenericPath(String name, Function<List<Parameter>, Optimizer> make) {
        Parameter[] a = OptimRefs.params(DType.FLOAT32), b = copyOf(a);
        Optimizer fused = make.apply(List.of(a)), generic = make.apply(List.of(b));
        for (int s = 0; s < 5; s++) {
            OptimRefs.trainStep(fused, a[0], a[1]);
            generic.zeroGrad();
            OptimRefs.loss(b[0], b[1]).backward();
            for (Parameter p : b) p.setGrad(strided(p.grad()));
            generic.step();
            for (int i = 0; i < 2; i++) {
                float[] x = a[i].toFloatArray(), y = b[i].toFloatArray();
                for (int k = 0; k < x.length; k++)
                    if (!(Math.abs(x[k] - y[k]) <= 1e-6f * (1 + Math.abs(x[k]))))
                        fail(name + " step " + (s + 1) + " param " + i + "[" + k + "]: fused " + x[k] + " generic " + y[k]);
            }
        }
    }

    @Test
    void fusedPathHandlesLargeParametersInParallel() {
        int n = 100_003;
        Parameter p = new Parameter(Torch.arange(n).to(DType.FLOAT32).div(n));
        Parameter q = new Parameter(p.detach().clone());
        Adam fused = new Adam(List.of(p), new Adam.Options(0.01));
        Adam generic = new Adam(List.of(q), new Adam.Options(0.01));
        for (int s = 0; s < 3; s++) {
            fused.zeroGrad();
            p.pow(2.0).sum().backward();
            fused.step();
            generic.zeroGrad();
            q.pow(2.0).sum().backward();
            q.setGrad(strided(q.grad()));
            generic.step();
        }
        float[] x = p.toFloatArray(), y = q.toFloatArray();
        for (int k = 0; k < n; k++) if (Math.abs(x[k] - y[k]) > 1e-6f) fail("element " + k + ": " + x[k] + " vs " + y[k]);
    }

    // ------------------------------------------------------------------ errors and contract

    static void assertMessage(String expected, Runnable r) {
        assertEquals(expected, assertThrows(TorchException.class, r::run).getMessage());
    }

    @Test
    void argumentErrorsAsPyTorch() {
        List<Parameter> ps = List.of(OptimRefs.params(DType.FLOAT64));
        assertMessage("Invalid learning rate: -1.0", () -> new SGD(ps, new SGD.Options(-1)));
        assertMessage("Invalid momentum value: -0.5", () -> new SGD(ps, new SGD.Options(0.1).momentum(-0.5)));
        assertMessage("Invalid weight_decay value: -1e-05", () -> new SGD(ps, new SGD.Options(0.1).weightDecay(-1e-5)));
        assertMessage("Nesterov momentum requires a momentum and zero dampening", () -> new SGD(ps, new SGD.Options(0.1).nesterov(true)));
        assertMessage("Invalid learning rate: -0.001", () -> new Adam(ps, new Adam.Options(-1e-3)));
        assertMessage("Invalid beta parameter at index 0: 1.5", () -> new Adam(ps, new Adam.Options().betas(1.5, 0.9)));
        assertMessage("Invalid beta parameter at index 1: 1.0", () -> new AdamW(ps, new AdamW.Options().betas(0.9, 1.0)));
        assertMessage("Invalid epsilon value: -1e-08", () -> new Adam(ps, new Adam.Options().eps(-1e-8)));
        assertMessage("Invalid weight_decay value: -0.1", () -> new AdamW(ps, new AdamW.Options().weightDecay(-0.1)));
        assertMessage("Invalid alpha value: -0.5", () -> new RMSprop(ps, new RMSprop.Options().alpha(-0.5)));
        assertMessage("Invalid momentum value: -1.0", () -> new RMSprop(ps, new RMSprop.Options().momentum(-1)));
        assertMessage("Invalid lr_decay value: -0.1", () -> new Adagrad(ps, new Adagrad.Options().lrDecay(-0.1)));
        assertMessage("Invalid initial_accumulator_value value: -1.0", () -> new Adagrad(ps, new Adagrad.Options().initialAccumulatorValue(-1)));
        assertMessage("Invalid rho value: 1.5", () -> new Adadelta(ps, new Adadelta.Options().rho(1.5)));
        assertMessage("Invalid learning rate: -1.0", () -> new LBFGS(ps, new LBFGS.Options(-1)));
        // as in PyTorch, the arguments are checked before the parameter list
        assertMessage("Invalid learning rate: -1.0", () -> new Adam(List.of(), new Adam.Options(-1)));
        assertMessage("optimizer got an empty parameter list", () -> new Adam(List.of()));
        // a group's own options are checked too
        assertMessage("Invalid beta parameter at index 0: -0.1", () -> Adam.withGroups(
                List.of(new ParamGroup(List.of(ps.get(0)), Adam.Options.group().betas(-0.1, 0.9))), new Adam.Options()));
        assertMessage("some parameters appear in more than one parameter group", () -> SGD.withGroups(
                List.of(new ParamGroup(ps), new ParamGroup(List.of(ps.get(1)))), new SGD.Options(0.1)));
    }

    @Test
    void defaultsAndGroupOverrides() {
        Parameter[] wb = OptimRefs.params(DType.FLOAT64);
        Adam adam = Adam.withGroups(List.of(new ParamGroup(List.of(wb[0])), new ParamGroup(List.of(wb[1]), Adam.Options.group().lr(0.5))),
                new Adam.Options().eps(1e-6));
        assertEquals(1e-3, adam.paramGroups().get(0).lr());
        assertEquals(0.5, adam.paramGroups().get(1).lr());
        assertEquals(1e-6, adam.paramGroups().get(1).getDouble("eps"));
        assertEquals(List.of(0.9, 0.999), adam.defaults().get("betas"));
        assertEquals(1e-2, new AdamW(List.of(wb)).defaults().get("weight_decay"));
        assertEquals(0.0, new Adam(List.of(wb)).defaults().get("weight_decay"));
        assertEquals(1.0, new Adadelta(List.of(wb)).defaults().get("lr"));
        assertEquals(1e-10, new Adagrad(List.of(wb)).defaults().get("eps"));
        assertEquals(0.99, new RMSprop(List.of(wb)).defaults().get("alpha"));
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Parameter[] wb = OptimRefs.params(DType.FLOAT64);
        Tensor before = wb[1].detach().clone();
        for (Optimizer opt : List.of(new Adam(List.of(wb)), new AdamW(List.of(wb)), new RMSprop(List.of(wb)), new Adadelta(List.of(wb)),
                new Adagrad(List.of(wb)), new SGD(List.of(wb), new SGD.Options(0.1)))) {
            opt.zeroGrad();
            OptimRefs.loss(wb[0], before).backward(); // b is not part of this loss: no gradient
            opt.step();
            assertNull(wb[1].grad());
            assertBitwise(before, wb[1], opt.getClass().getSimpleName());
            assertTrue(opt.getClass() == Adagrad.class || opt.state(wb[1]).isEmpty(), opt.getClass().getSimpleName());
        }
    }

    @Test
    void stepWithClosureReturnsItsLoss() {
        Parameter[] wb = OptimRefs.params(DType.FLOAT64);
        Adam adam = new Adam(List.of(wb));
        Tensor[] seen = new Tensor[1];
        Tensor loss = adam.step(() -> {
            adam.zeroGrad();
            Tensor l = OptimRefs.loss(wb[0], wb[1]);
            l.backward();
            seen[0] = l;
            return l;
        });
        assertSame(seen[0], loss);
        assertEquals(1.0, ((Tensor) adam.state(wb[0]).get("step")).item());
    }

    @Test
    void fusedMomentumStepOfALargeParameterEqualsTheFormula() {
        // above the fused step's parallel grain (2^18 elements): the split must not change any element
        Torch.manualSeed(3);
        Parameter p = new Parameter(Torch.randn(700_001));
        Tensor w0 = p.detach().clone();
        var opt = new SGD(List.of(p), new SGD.Options(0.1).momentum(0.9));
        Tensor g1 = Torch.randn(700_001), g2 = Torch.randn(700_001);
        p.setGrad(g1.clone());
        opt.step();
        p.setGrad(g2.clone());
        opt.step();
        Tensor b = g1.mul(0.9).add(g2); // the first step's buffer is the gradient itself
        Tensor expect = w0.sub(g1.mul(0.1)).sub(b.mul(0.1));
        assertArrayEquals(expect.toFloatArray(), p.detach().toFloatArray());
    }
}
