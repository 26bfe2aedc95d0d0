package torch4j.internal.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.functional.F;

/**
 * The batch-sliced convolution paths (one slice of the batch per torch4j thread, one-thread OpenBLAS products) give
 * what the whole-batch paths give, forward and both gradients; those are checked against PyTorch elsewhere. Every
 * shape has more than 32 output channels per group, so that the batch-wide paths (not the per-sample ones) run.
 */
class ConvSplitTest {
    private final int threads0 = Parallel.getNumThreads();
    private final boolean split0 = CpuConv.SPLIT;

    @AfterEach
    void restore() {
        Parallel.setNumThreads(threads0);
        CpuConv.SPLIT = split0;
    }

    private record Run(Tensor out, Tensor gx, Tensor gw, Tensor gb) {}

    private static Run run(boolean split, Tensor x0, Tensor w0, Tensor b0, Tensor up, int[] stride, int[] pad, int[] dil,
                           int groups) {
        CpuConv.SPLIT = split;
        Tensor x = x0.detach().requiresGrad_(), w = w0.detach().requiresGrad_(), b = b0.detach().requiresGrad_();
        Tensor out = F.conv2d(x, w, b, stride, pad, dil, groups);
        out.mul(up).sum().backward();
        return new Run(out.detach(), x.grad(), w.grad(), b.grad());
    }

    private static void check(int threads, DType dt, int[] xs, int[] ws, int[] stride, int[] pad, int[] dil, int groups,
                              int outPositions) {
        Parallel.setNumThreads(threads);
        if (OpenBlas.isAvailable()) {
            assertTrue(CpuConv.parts(xs[0], outPositions) > 1, "the shape must take the sliced path");
        }
        Generator g = new Generator(11);
        Tensor x = Torch.randn(xs, dt, g), w = Torch.randn(ws, dt, g), b = Torch.randn(new int[] {ws[0]}, dt, g);
        Tensor probe = F.conv2d(x, w, b, stride, pad, dil, groups);
        assertEquals(outPositions, probe.size(2) * probe.size(3));
        Tensor up = Torch.randn(probe.shape().toArray(), dt, g);
        Run a = run(false, x, w, b, up, stride, pad, dil, groups), s = run(true, x, w, b, up, stride, pad, dil, groups);
        double rtol = dt == DType.FLOAT64 ? 1e-12 : 1e-5, atol = dt == DType.FLOAT64 ? 1e-12 : 1e-4;
        assertTrue(s.out().allclose(a.out(), rtol, atol), "forward");
        assertTrue(s.gx().allclose(a.gx(), rtol, atol), "input gradient");
        assertTrue(s.gw().allclose(a.gw(), rtol, atol), "weight gradient");
        assertTrue(s.gb().allclose(a.gb(), rtol, atol), "bias gradient");
    }

    @Test
    void float32SamePaddingTwoSlices() {
        check(2, DType.FLOAT32, new int[] {4, 3, 24, 24}, new int[] {40, 3, 3, 3}, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, 1, 576);
    }

    @Test
    void float64GroupsStrideDilationTwoSlices() {
        check(2, DType.FLOAT64, new int[] {6, 4, 40, 40}, new int[] {72, 2, 3, 3}, new int[] {2, 2}, new int[] {2, 2},
                new int[] {2, 2}, 2, 400);
    }

    @Test
    void unevenBatchThreeSlices() {
        check(3, DType.FLOAT32, new int[] {5, 6, 16, 16}, new int[] {48, 6, 3, 3}, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, 1, 256);
    }
}
