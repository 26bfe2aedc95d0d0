package torch4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Parameter;
import torch4j.optim.Optimizer.ParamGroup;
import torch4j.testing.Json;

/** LBFGS on the Rosenbrock function, with a fixed step and with the strong-Wolfe line search, against PyTorch 1.13. */
class LBFGSTest {
    static Tensor rosenbrock(Tensor x) {
        Tensor x0 = x.select(0, 0), x1 = x.select(0, 1);
        return x0.neg().add(1).pow(2.0).add(x1.sub(x0.pow(2.0)).pow(2.0).mul(100));
    }

    static Stream<Arguments> cases() {
        return OptimRefs.list("lbfgs").stream().map(c -> Arguments.of(c.get("id"), c));
    }

    static LBFGS.Options options(Map<String, Object> kw) {
        LBFGS.Options o = new LBFGS.Options();
        kw.forEach((k, v) -> {
            switch (k) {
                case "lr" -> o.lr(Json.num(v));
                case "max_iter" -> o.maxIter(((Number) v).intValue());
                case "max_eval" -> o.maxEval(((Number) v).intValue());
                case "history_size" -> o.historySize(((Number) v).intValue());
                case "tolerance_grad" -> o.toleranceGrad(Json.num(v));
                case "tolerance_change" -> o.toleranceChange(Json.num(v));
                case "line_search_fn" -> o.lineSearchFn(LBFGS.LineSearch.STRONG_WOLFE);
                default -> throw new IllegalArgumentException(k);
            }
        });
        return o;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void matchesPyTorch(String id, Map<String, Object> c) {
        Parameter x = new Parameter(OptimRefs.tensor(c.get("x0"), DType.FLOAT64));
        LBFGS opt = new LBFGS(List.of(x), options(OptimRefs.map(c.get("kwargs"))));
        int s = 0;
        for (Object o : (List<Object>) c.get("steps")) {
            Map<String, Object> step = OptimRefs.map(o);
            s++;
            Tensor loss = opt.step(() -> {
                opt.zeroGrad();
                Tensor l = rosenbrock(x);
                l.backward();
                return l;
            });
            assertEquals(Json.num(step.get("loss")), loss.item(), 1e-9 * (1 + Math.abs(loss.item())), id + " loss at step " + s);
            OptimRefs.assertClose(step.get("x"), x, 1e-8, id + " x after step " + s);
            Map<String, Object> st = opt.state(x);
            assertEquals(((Number) step.get("func_evals")).longValue(), ((Number) st.get("func_evals")).longValue(), id + " func_evals");
            assertEquals(((Number) step.get("n_iter")).longValue(), ((Number) st.get("n_iter")).longValue(), id + " n_iter");
        }
    }

    @Test
    void strongWolfeReachesTheMinimumOverTwoParameters() {
        // the flat vector spans several parameters: a and b together form the Rosenbrock point
        Parameter a = new Parameter(Torch.tensor(new double[]{-1.2}, DType.FLOAT64));
        Parameter b = new Parameter(Torch.tensor(new double[][]{{1.0}}, DType.FLOAT64));
        LBFGS opt = new LBFGS(List.of(a, b), new LBFGS.Options().lineSearchFn(LBFGS.LineSearch.STRONG_WOLFE).maxIter(100));
        opt.step(() -> {
            opt.zeroGrad();
            Tensor l = rosenbrock(Torch.cat(List.of(a, b.reshape(-1)), 0));
            l.backward();
            return l;
        });
        assertEquals(1.0, a.item(), 1e-4);
        assertEquals(1.0, b.item(), 1e-4);
    }

    @Test
    void stepNeedsAClosureAndOneGroup() {
        Parameter x = new Parameter(Torch.zeros(new int[]{2}, DType.FLOAT64));
        LBFGS opt = new LBFGS(List.of(x));
        TorchException e = assertThrows(TorchException.class, opt::step);
        assertTrue(e.getMessage().contains("closure"), e.getMessage());
        Parameter y = new Parameter(Torch.zeros(new int[]{2}, DType.FLOAT64));
        e = assertThrows(TorchException.class, () -> opt.addParamGroup(new ParamGroup(List.of(y))));
        assertEquals("LBFGS doesn't support per-parameter options (parameter groups)", e.getMessage());
        assertEquals(25, ((Number) opt.paramGroups().get(0).get("max_eval")).intValue());
        assertEquals(12, ((Number) new LBFGS(List.of(y), new LBFGS.Options().maxIter(10)).paramGroups().get(0).get("max_eval")).intValue());
    }
}
