package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.nn.Parameter;
import torch4j.testing.TestTensors;

/**
 * Every optimizer's parameters after each of 4 steps on the reference problem equal PyTorch 1.13's (float64 through
 * the generic path; float32 through the fused paths of SGD, Adam and AdamW), and its state and group keys are
 * PyTorch's.
 */
class OptimizerRefsTest {
    /** Options PyTorch keeps in a group that only steer its implementation choice (not modelled here). */
    private static final Set<String> IMPL_KEYS = Set.of("foreach", "differentiable", "capturable", "fused");

    static Stream<Arguments> cases() {
        return OptimRefs.list("optimizers").stream().map(c -> Arguments.of(c.get("id"), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String id, Map<String, Object> c) {
        DType dt = TestTensors.dtype((String) c.get("dtype"));
        Parameter[] wb = OptimRefs.params(dt);
        Optimizer opt = OptimRefs.build((String) c.get("opt"), OptimRefs.map(c.get("kwargs")), (List<?>) c.get("groups"), List.of(wb));
        double tol = dt == DType.FLOAT64 ? 1e-10 : 2e-6;
        List<List<Object>> steps = (List<List<Object>>) c.get("steps");
        for (int s = 0; s < steps.size(); s++) {
            OptimRefs.trainStep(opt, wb[0], wb[1]);
            OptimRefs.assertClose(steps.get(s).get(0), wb[0], tol, id + " step " + (s + 1) + " W");
            OptimRefs.assertClose(steps.get(s).get(1), wb[1], tol, id + " step " + (s + 1) + " b");
            assertEquals(dt, wb[0].dtype());
        }
        List<List<String>> stateKeys = (List<List<String>>) c.get("state_keys");
        for (int i = 0; i < 2; i++) assertEquals(stateKeys.get(i), new ArrayList<>(opt.state(wb[i]).keySet()), id + " state keys of param " + i);
        Set<String> expectedGroupKeys = new LinkedHashSet<>((List<String>) c.get("group_keys"));
        expectedGroupKeys.removeAll(IMPL_KEYS);
        assertEquals(expectedGroupKeys, opt.paramGroups().get(0).options().keySet(), id + " group keys");
        assertFalse(wb[0].grad() == null);
    }
}
