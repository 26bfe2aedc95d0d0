package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;
import torch4j.nn.functional.F;
import torch4j.nn.functional.PadMode;

/** F.pad (constant, reflect, replicate, circular) and pixel (un)shuffle against PyTorch 1.13, and gradchecks. */
class PadRefsTest extends PoolRefCases {
    @Override
    boolean covers(String op) { return op.equals("pad") || op.startsWith("pixel"); }

    @Test
    void gradcheckFloat64() {
        Tensor x = PoolRefs.randn(7, 2, 3, 4).requiresGrad_(true);
        for (PadMode m : PadMode.values())
            assertTrue(GradCheck.gradcheck(in -> F.pad(in[0], new int[]{2, 1, 1, 2}, m), x), m.toString());
        assertTrue(GradCheck.gradcheck(in -> F.pad(in[0], new int[]{-1, 2, 0, 1, 1, 0}, 0.5), x));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.pad(t, new int[]{1, 2}, PadMode.REFLECT), x));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.pad(t, new int[]{1, -1, 2, 0}, 3.0), x));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.pixelShuffle(t, 2), PoolRefs.randn(9, 1, 4, 2, 3).requiresGrad_(true)));
        Tensor y = PoolRefs.randn(8, 1, 8, 2, 3).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> F.pixelShuffle(in[0], 2), y));
        assertTrue(GradCheck.gradcheck(in -> F.pixelUnshuffle(F.pixelShuffle(in[0], 2), 2), y));
    }

    @Test
    void constantPadKeepsIntegerDtypes() {
        Tensor x = Torch.fromArray(new long[]{1, 2, 3}, 1, 3);
        assertArrayEquals(new long[]{7, 1, 2, 3, 7, 7}, F.pad(x, new int[]{1, 2}, 7).toLongArray());
    }

    @Test
    void anyNumberOfTrailingDims() {
        Tensor x = Torch.ones(2, 3, 4, 5);
        assertArrayEquals(new int[]{4, 5, 6, 7}, F.pad(x, new int[]{1, 1, 1, 1, 1, 1, 1, 1}).shapeArray());
        assertTrue(F.pad(x, new int[]{}).equal(x));
    }
}
