package torch4j.nn.utils;

import static org.junit.jupiter.api.Assertions.*;
import static torch4j.testing.Json.num;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Linear;
import torch4j.nn.Parameter;
import torch4j.testing.Json;

/** clip_grad_norm_ / clip_grad_value_ against PyTorch 1.13 (refs/data.json "clip", tools/gen_refs_data.py). */
class ClipGradTest {
    static Map<String, Object> all() { return Json.cachedObject("/refs/data.json"); }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Object o) {
        Map<String, Object> t = (Map<String, Object>) o;
        int[] shape = ((List<Long>) t.get("shape")).stream().mapToInt(Long::intValue).toArray();
        double[] d = ((List<Number>) t.get("data")).stream().mapToDouble(Number::doubleValue).toArray();
        return Torch.fromArray(d, shape).to(DType.FLOAT32);
    }

    @SuppressWarnings("unchecked")
    static List<Parameter> withGrads(List<Object> grads) {
        List<Parameter> ps = new ArrayList<>();
        for (Object g : grads) {
            Tensor gt = tensor(g);
            Parameter p = new Parameter(Torch.onesLike(gt));
            p.setGrad(gt);
            ps.add(p);
        }
        return ps;
    }

    @SuppressWarnings("unchecked")
    @Test void clipGradNormMatchesPyTorch() {
        for (Map<String, Object> c : (List<Map<String, Object>>) all().get("clip")) {
            List<Parameter> ps = withGrads((List<Object>) c.get("grads"));
            Tensor total = ClipGrad.clipGradNorm_(ps, num(c.get("max_norm")), num(c.get("norm_type")), false);
            assertEquals(0, total.dim());
            assertEquals(DType.FLOAT32, total.dtype());
            assertEquals((Double) c.get("total"), total.item(), 1e-6 * (Double) c.get("total"), (String) c.get("id"));
            List<Object> clipped = (List<Object>) c.get("clipped");
            for (int i = 0; i < ps.size(); i++)
                assertTrue(ps.get(i).grad().allclose(tensor(clipped.get(i)), 1e-6, 1e-7), c.get("id") + " grad " + i);
        }
    }

    @SuppressWarnings("unchecked")
    @Test void clipGradValueMatchesPyTorch() {
        Map<String, Object> c = (Map<String, Object>) all().get("clip_value");
        List<Parameter> ps = withGrads((List<Object>) c.get("grads"));
        ClipGrad.clipGradValue_(ps, num(c.get("clip")));
        List<Object> clipped = (List<Object>) c.get("clipped");
        for (int i = 0; i < ps.size(); i++) assertTrue(ps.get(i).grad().equal(tensor(clipped.get(i))));
    }

    @Test void edgeCases() {
        Linear l = new Linear(3, 2);
        // no gradients yet: PyTorch returns tensor(0.) and touches nothing
        Tensor t = ClipGrad.clipGradNorm_(l.parameters(), 1.0);
        assertEquals(0.0, t.item());
        l.call(Torch.ones(4, 3)).sum().backward();
        Tensor w = l.weight.grad().clone();
        Tensor total = ClipGrad.clipGradNorm_(l.parameters(), 1e6);
        assertTrue(l.weight.grad().allclose(w)); // coefficient clamped to 1
        Tensor expected = Torch.stack(List.of(w.norm(), l.bias.grad().norm()), 0).norm();
        assertEquals(expected.item(), total.item(), 1e-6);
        // the gradient tensors are scaled in place, not replaced
        Tensor gradObj = l.weight.grad();
        ClipGrad.clipGradNorm_(l.parameters(), 0.5);
        assertSame(gradObj, l.weight.grad());
        Tensor after = Torch.stack(List.of(l.weight.grad().norm(), l.bias.grad().norm()), 0).norm();
        assertEquals(0.5, after.item(), 1e-5);

        l.weight.grad().fill_(Double.NaN);
        TorchException e = assertThrows(TorchException.class, () -> ClipGrad.clipGradNorm_(l.parameters(), 1.0, 2.0, true));
        assertEquals("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. "
                + "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`", e.getMessage());
        assertTrue(Double.isNaN(ClipGrad.clipGradNorm_(l.parameters(), 1.0).item()));
    }
}
