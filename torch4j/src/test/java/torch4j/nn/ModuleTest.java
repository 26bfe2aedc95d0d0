package torch4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.optim.SGD;
import torch4j.testing.Json;

/** torch.nn.Module behaviour against PyTorch 1.13 (refs/data.json "module", from tools/gen_refs_data.py). */
class ModuleTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> refs(String section) {
        return (Map<String, Object>) Json.cachedObject("/refs/data.json").get(section);
    }

    static final Map<String, Object> REF = refs("module");

    static class Block extends Module {
        final Linear linear1 = new Linear(4, 8);
        final BatchNorm1d norm = new BatchNorm1d(8);
        final Dropout drop = new Dropout(0.25);
    }

    /** The same tree as the Python Net in tools/gen_refs_data.py. */
    static class Net extends Module {
        final Linear fc = new Linear(3, 4, false);
        final Sequential layers = new Sequential(new Block(), new ReLU(), new Linear(8, 2));
        final ModuleList heads = new ModuleList(new Identity(), new Tanh());
        final ModuleDict dict = new ModuleDict().put("a", new Sigmoid());
        final Sequential empty = new Sequential();
    }

    static class Stats extends Module {
        Parameter weight = new Parameter(Torch.ones(2));
        final Linear inner = new Linear(2, 2);

        Stats() {
            registerBuffer("running_mean", Torch.zeros(2));
            registerBuffer("scratch", Torch.zeros(3), false);
        }

        @Override public Tensor forward(Tensor x) { return inner.call(x).mul(weight); }
    }

    @Test void printsAsPyTorch() {
        assertEquals(REF.get("repr"), new Net().toString());
    }

    @Test void stateDictKeysAsPyTorch() {
        assertEquals(REF.get("keys"), new ArrayList<>(new Net().stateDict().keySet()));
    }

    @Test void parameterPrintsAsPyTorch() {
        Parameter p = new Parameter(Torch.ones(2));
        assertEquals("Parameter containing:\ntensor([1., 1.], requires_grad=True)", p.toString());
        assertTrue(p.isLeaf() && p.requiresGrad());
        assertFalse(new Parameter(Torch.ones(1), false).requiresGrad());
    }

    @Test void snakeCaseFieldNames() {
        assertEquals("running_mean", Module.snake("runningMean"));
        assertEquals("weight_ih_l0", Module.snake("weight_ih_l0"));
        assertEquals("fc1", Module.snake("fc1"));
        class M extends Module {
            final Linear firstLayer = new Linear(2, 3);
            Parameter inProjWeight = new Parameter(Torch.zeros(1));
        }
        assertEquals(List.of("in_proj_weight", "first_layer.weight", "first_layer.bias"),
                new ArrayList<>(new M().stateDict().keySet()));
    }

    @Test void registrationOrderFieldsThenRegistered() {
        Stats s = new Stats();
        s.registerParameter("extra", new Parameter(Torch.zeros(1)));
        assertEquals(List.of("weight", "extra", "inner.weight", "inner.bias"), new ArrayList<>(s.namedParameters().keySet()));
        assertEquals(List.of("weight", "extra", "running_mean", "inner.weight", "inner.bias"), new ArrayList<>(s.stateDict().keySet()));
        // non-persistent buffers are buffers but not state
        assertEquals(List.of("running_mean", "scratch"), new ArrayList<>(s.namedBuffers().keySet()));
        assertFalse(s.stateDict().containsKey("scratch"));
        assertEquals(2, s.children().size() + 1);
        assertEquals(List.of("", "inner"), new ArrayList<>(s.namedModules().keySet()));
    }

    @Test void sharedParametersAndModules() {
        class Lin extends Module {
            Parameter weight = new Parameter(Torch.zeros(2, 2)), bias = new Parameter(Torch.zeros(2));
        }
        class Shared extends Module {
            final Lin a = new Lin();
            Lin b;
            final Lin c = new Lin();
        }
        Shared s = new Shared();
        s.b = s.a;
        s.c.weight = s.a.weight;
        assertEquals(REF.get("shared_keys"), new ArrayList<>(s.stateDict().keySet()));
        assertEquals(REF.get("shared_params"), new ArrayList<>(s.namedParameters().keySet()));
        assertEquals(3, s.parameters().size());
        assertEquals(List.of("", "a", "c"), new ArrayList<>(s.namedModules().keySet()));
    }

    @Test void registerNameErrors() {
        Stats s = new Stats();
        assertEquals("module name can't contain \".\", got: a.b",
                assertThrows(TorchException.class, () -> s.registerModule("a.b", new ReLU())).getMessage());
        assertEquals("module name can't be empty string \"\"",
                assertThrows(TorchException.class, () -> s.registerModule("", new ReLU())).getMessage());
        assertEquals("parameter name can't contain \".\"",
                assertThrows(TorchException.class, () -> s.registerParameter("a.b", null)).getMessage());
        assertEquals("buffer name can't be empty string \"\"",
                assertThrows(TorchException.class, () -> s.registerBuffer("", null)).getMessage());
        s.registerModule("gone", null); // a None slot is skipped, as in PyTorch
        assertEquals(List.of("inner"), new ArrayList<>(s.namedChildren().keySet()));
        assertTrue(s.toString().startsWith("Stats(\n  (inner): Linear"));
    }

    @Test void trainEvalPropagate() {
        List<Boolean> seen = new ArrayList<>();
        class Spy extends Module {
            @Override public Module train(boolean mode) {
                seen.add(mode);
                return super.train(mode);
            }
        }
        Net n = new Net();
        n.layers.append(new Spy());
        n.eval();
        for (Module m : n.modules()) assertFalse(m.isTraining(), m.getClass().getSimpleName());
        n.train();
        for (Module m : n.modules()) assertTrue(m.isTraining());
        assertEquals(List.of(false, true), seen); // the override sees the propagated call
    }

    @Test void zeroGradBothModes() {
        Stats s = new Stats();
        s.call(Torch.ones(1, 2)).sum().backward();
        assertNotNull(s.weight.grad());
        s.zeroGrad(false);
        assertEquals(0.0, s.weight.grad().abs().sum().item());
        assertEquals(0.0, s.inner.weight.grad().abs().sum().item());
        s.zeroGrad();
        for (Parameter p : s.parameters()) assertNull(p.grad());
    }

    @Test void applyVisitsChildrenFirst() {
        Net n = new Net();
        List<String> names = new ArrayList<>();
        n.apply(m -> names.add(m.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "Linear", "BatchNorm1d", "Dropout", "Block", "ReLU", "Linear", "Sequential",
                "Identity", "Tanh", "ModuleList", "Sigmoid", "ModuleDict", "Sequential", "Net"), names);
        // the init idiom: apply(fn) filling every Linear's weight
        n.apply(m -> {
            if (m instanceof Linear l) try (var _ = Torch.noGrad()) { l.weight.fill_(0.5); }
        });
        assertEquals(0.5, n.fc.weight.mean().item());
        assertEquals(0.5, ((Linear) n.layers.get(2)).weight.mean().item());
    }

    @Test void toFloat64KeepsParameterObjects() {
        Stats s = new Stats();
        List<Parameter> before = s.parameters();
        SGD opt = new SGD(before, new SGD.Options(0.1));
        s.call(Torch.ones(1, 2)).sum().backward();
        s.to(DType.FLOAT64);
        List<Parameter> after = s.parameters();
        for (int i = 0; i < before.size(); i++) {
            assertSame(before.get(i), after.get(i));
            assertEquals(DType.FLOAT64, after.get(i).dtype());
            assertEquals(DType.FLOAT64, after.get(i).grad().dtype());
            assertTrue(after.get(i).requiresGrad());
        }
        assertEquals(DType.FLOAT64, s.buffer("running_mean").dtype());
        assertEquals(DType.FLOAT64, s.buffer("scratch").dtype());
        // the optimizer still holds the same objects and steps them in float64
        double w0 = s.weight.toDoubleArray()[0];
        opt.step();
        assertNotEquals(w0, s.weight.toDoubleArray()[0]);
        opt.zeroGrad();
        Tensor y = s.call(Torch.ones(new int[]{1, 2}, DType.FLOAT64));
        assertEquals(DType.FLOAT64, y.dtype());
        assertEquals("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64",
                assertThrows(TorchException.class, () -> s.to(DType.INT64)).getMessage());
    }

    @Test void forwardHooksAndPreHooks() {
        Linear l = new Linear(2, 2);
        List<String> log = new ArrayList<>();
        var pre = l.registerForwardPreHook((m, in) -> {
            log.add("pre");
            return in.mul(2);
        });
        var post = l.registerForwardHook((m, in, out) -> {
            log.add("post");
            assertSame(l, m);
            return out.add(1);
        });
        Tensor x = Torch.ones(1, 2);
        Tensor expected = l.forward(x.mul(2)).add(1);
        assertTrue(l.call(x).allclose(expected));
        assertEquals(List.of("pre", "post"), log);
        pre.remove();
        post.remove();
        assertTrue(l.call(x).allclose(l.forward(x)));
        assertEquals(2, log.size());
        // a hook that removes itself while running
        Module.RemovableHandle[] h = new Module.RemovableHandle[1];
        h[0] = l.registerForwardHook((m, in, out) -> {
            h[0].remove();
            log.add("once");
            return null;
        });
        l.call(x);
        l.call(x);
        assertEquals(3, log.size());
    }

    @Test void loadStateDictRoundTrip() {
        Net a = new Net(), b = new Net();
        var r = b.loadStateDict(a.stateDict());
        assertTrue(r.missingKeys().isEmpty() && r.unexpectedKeys().isEmpty());
        for (var e : a.stateDict().entrySet()) assertTrue(e.getValue().equal(b.stateDict().get(e.getKey())), e.getKey());
        // state tensors share storage with the model: a copy, not an alias, is what was loaded
        assertNotSame(a.fc.weight.storage(), b.fc.weight.storage());
    }

    @Test void loadStateDictStrictErrorsAsPyTorch() {
        Net n = new Net();
        Map<String, Tensor> before = snapshot(n);
        Map<String, Tensor> sd = new LinkedHashMap<>(n.stateDict());
        sd.remove("fc.weight");
        sd.put("extra", Torch.zeros(1));
        sd.put("layers.2.bias", Torch.zeros(3));
        sd.put("layers.0.zzz", Torch.zeros(1));
        for (var e : sd.entrySet()) if (e.getKey().startsWith("layers.0.linear1")) e.setValue(e.getValue().add(7));
        assertEquals(REF.get("err_all"), assertThrows(TorchException.class, () -> n.loadStateDict(sd)).getMessage());
        assertUnchanged(before, n);

        Map<String, Tensor> sd2 = new LinkedHashMap<>(n.stateDict());
        sd2.put("layers.2.bias", Torch.zeros(3));
        sd2.put("fc.weight", Torch.ones(4, 3));
        assertEquals(REF.get("err_size"), assertThrows(TorchException.class, () -> n.loadStateDict(sd2)).getMessage());
        assertEquals(REF.get("err_size_nonstrict"), assertThrows(TorchException.class, () -> n.loadStateDict(sd2, false)).getMessage());
        assertUnchanged(before, n);
    }

    @Test void loadStateDictNonStrict() {
        Net n = new Net();
        Map<String, Tensor> sd = new LinkedHashMap<>(n.stateDict());
        sd.remove("fc.weight");
        sd.remove("layers.0.norm.num_batches_tracked");
        sd.put("x", Torch.zeros(1));
        sd.put("heads.0.w", Torch.zeros(1));
        sd.put("layers.2.bias", Torch.full(new int[]{2}, 3.0, DType.FLOAT32, torch4j.Device.CPU));
        var r = n.loadStateDict(sd, false);
        assertEquals(REF.get("nonstrict"), List.of(r.missingKeys(), r.unexpectedKeys()));
        assertEquals(3.0, ((Linear) n.layers.get(2)).bias.mean().item());
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> s.put(k, v.clone()));
        return s;
    }

    private static void assertUnchanged(Map<String, Tensor> before, Module m) {
        m.stateDict().forEach((k, v) -> assertTrue(before.get(k).equal(v), k + " changed by a failed load"));
    }

    @Test void sequentialAndContainers() {
        Sequential s = new Sequential(new Linear(2, 3), new ReLU());
        s.append(new Linear(3, 1));
        assertEquals(3, s.size());
        assertInstanceOf(Linear.class, s.get(-1));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(s.stateDict().keySet()));
        Tensor x = Torch.ones(4, 2);
        Tensor expected = s.get(2).call(s.get(1).call(s.get(0).call(x)));
        assertTrue(s.call(x).equal(expected));
        ModuleList l = new ModuleList(new Tanh());
        l.append(new Linear(1, 1));
        assertEquals(List.of("1.weight", "1.bias"), new ArrayList<>(l.stateDict().keySet()));
        int c = 0;
        for (Module m : l) c++;
        assertEquals(2, c);
        ModuleDict d = new ModuleDict().put("enc", new Linear(1, 2)).put("act", new ReLU());
        assertEquals(List.of("enc", "act"), new ArrayList<>(d.keys()));
        assertEquals(List.of("enc.weight", "enc.bias"), new ArrayList<>(d.stateDict().keySet()));
    }
}
