package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.autograd.GradCheck;
import torch4j.nn.functional.F;
import torch4j.nn.functional.InterpolationMode;

/** F.interpolate (nearest, nearest-exact, linear, bilinear, bicubic, area) against PyTorch 1.13 and gradchecks. */
class InterpolateRefsTest extends PoolRefCases {
    @Override
    boolean covers(String op) { return op.equals("interpolate"); }

    @Test
    void gradcheckFloat64() {
        Tensor x = PoolRefs.randn(5, 1, 2, 4, 5).requiresGrad_(true);
        double[] s = {1.7, 0.6};
        for (InterpolationMode m : new InterpolationMode[]{InterpolationMode.NEAREST, InterpolationMode.NEAREST_EXACT,
                InterpolationMode.BILINEAR, InterpolationMode.BICUBIC})
            for (Boolean ac : m == InterpolationMode.BILINEAR || m == InterpolationMode.BICUBIC
                    ? new Boolean[]{false, true} : new Boolean[]{null})
                assertTrue(GradCheck.gradcheck(in -> F.interpolate(in[0], null, s, m, ac, null), x), m + " " + ac);
        Tensor x1 = PoolRefs.randn(6, 2, 2, 5).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> F.interpolate(in[0], new int[]{8}, null, InterpolationMode.LINEAR, true, null), x1));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.interpolate(t, 2.5, InterpolationMode.LINEAR), x1));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.interpolate(t, null, s, InterpolationMode.BICUBIC, false, null), x));
    }

    @Test
    void nearestOnIntegers() {
        Tensor x = torch4j.Torch.fromArray(new long[]{1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = F.interpolate(x, 2.0, InterpolationMode.NEAREST);
        assertArrayEquals(new long[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.toLongArray());
        assertTrue(F.interpolate(x.to(DType.FLOAT32), 2.0, InterpolationMode.BILINEAR).dtype() == DType.FLOAT32);
    }
}
