package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradCheck;
import torch4j.nn.functional.F;
import torch4j.testing.Json;

/** Gradient checks (float64) of the convolution family, error messages, and the modules' init, repr and forward. */
class ConvModulesTest {
    private static Tensor rnd(long seed, int... shape) {
        return Torch.randn(shape, DType.FLOAT64, new Generator(seed)).requiresGrad_(true);
    }

    private static final int[] I1 = {1}, I0 = {0};

    @Test
    void conv2dGradcheck() {
        Tensor x = rnd(1, 2, 4, 5, 4), w = rnd(2, 6, 2, 3, 2), b = rnd(3, 6);
        assertTrue(GradCheck.gradcheck(in -> F.conv2d(in[0], in[1], in[2], new int[]{2, 1}, new int[]{1, 0},
                new int[]{1, 2}, 2), x, w, b));
        // depthwise, "same" with an even kernel (asymmetric padding), unbatched input
        Tensor xd = rnd(4, 3, 5, 4), wd = rnd(5, 3, 1, 2, 2);
        assertTrue(GradCheck.gradcheck(in -> F.conv2d(in[0], in[1], null, I1, F.Padding.SAME, I1, 3), xd, wd));
        assertTrue(GradCheck.gradgradcheck(in -> F.conv2d(in[0], in[1], in[2], new int[]{2}, new int[]{1}, I1, 1),
                rnd(6, 1, 2, 4, 4), rnd(7, 3, 2, 2, 2), rnd(8, 3)));
        assertEquals("ConvolutionBackward0", F.conv2d(x, w, b, I1, I0, I1, 2).gradFn().name());
    }

    /**
     * Taps that only ever read padding are cropped away inside, first and second order must not notice. The batches
     * are large enough for the crop to pay (N·positions·dead/live ≥ 64, Convolution.LiveTaps).
     */
    @Test
    void deadTapsGradcheck() {
        // 3×3 pad 1 on a 1×1 map (one live tap), stride 2 on 2×2 (four), dilation with padding past the input
        assertTrue(GradCheck.gradgradcheck(in -> F.conv2d(in[0], in[1], in[2], I1, I1, I1, 1),
                rnd(1, 8, 2, 1, 1), rnd(2, 3, 2, 3, 3), rnd(3, 3)));
        assertTrue(GradCheck.gradcheck(in -> F.conv2d(in[0], in[1], null, new int[]{2}, I1, I1, 1),
                rnd(4, 64, 1, 2, 2), rnd(5, 2, 1, 3, 3)));
        assertTrue(GradCheck.gradcheck(in -> F.conv2d(in[0], in[1], in[2], I1, new int[]{4, 3}, new int[]{2, 3}, 1),
                rnd(6, 4, 1, 3, 2), rnd(7, 2, 1, 3, 3), rnd(8, 2)));
        assertTrue(GradCheck.gradgradcheck(in -> F.convTranspose2d(in[0], in[1], in[2], I1, I1, I0, 1, I1),
                rnd(9, 16, 2, 1, 2), rnd(10, 2, 3, 3, 3), rnd(11, 3)));
    }

    @Test
    void conv1d3dGradcheck() {
        assertTrue(GradCheck.gradcheck(in -> F.conv1d(in[0], in[1], in[2], new int[]{2}, new int[]{1}, new int[]{2}, 1),
                rnd(1, 2, 2, 9), rnd(2, 3, 2, 3), rnd(3, 3)));
        assertTrue(GradCheck.gradcheck(in -> F.conv1d(in[0], in[1], null, I1, F.Padding.SAME, new int[]{3}, 1),
                rnd(4, 1, 2, 7), rnd(5, 2, 2, 4)));
        assertTrue(GradCheck.gradcheck(in -> F.conv3d(in[0], in[1], in[2], new int[]{1, 2, 1}, new int[]{1, 0, 1}, I1, 1),
                rnd(6, 1, 2, 3, 4, 3), rnd(7, 2, 2, 2, 2, 2), rnd(8, 2)));
    }

    @Test
    void convTransposeGradcheck() {
        Tensor x = rnd(1, 2, 4, 3, 3), w = rnd(2, 4, 1, 2, 3), b = rnd(3, 2);
        assertTrue(GradCheck.gradcheck(in -> F.convTranspose2d(in[0], in[1], in[2], new int[]{2, 1}, new int[]{1, 0},
                new int[]{1, 0}, 2, new int[]{1, 2}), x, w, b));
        assertTrue(GradCheck.gradcheck(in -> F.convTranspose1d(in[0], in[1], in[2], new int[]{3}, new int[]{1},
                new int[]{2}, 1, I1), rnd(4, 1, 2, 4), rnd(5, 2, 2, 3), rnd(6, 2)));
        assertTrue(GradCheck.gradgradcheck(in -> F.convTranspose2d(in[0], in[1], in[2], new int[]{2}, I0, I0, 1, I1),
                rnd(7, 1, 2, 3, 2), rnd(8, 2, 2, 2, 2), rnd(9, 2)));
        assertEquals("ConvolutionBackward0", F.convTranspose2d(x, w, b, I1, I0, I0, 2, I1).gradFn().name());
    }

    @Test
    void unfoldFoldGradcheck() {
        Tensor x = rnd(1, 2, 2, 5, 4);
        assertTrue(GradCheck.gradcheck(in -> F.unfold(in[0], new int[]{2, 3}, new int[]{2, 1}, new int[]{1},
                new int[]{1, 2}), x));
        Tensor c = rnd(2, 1, 8, 12);
        assertTrue(GradCheck.gradcheck(in -> F.fold(in[0], new int[]{6, 7}, new int[]{2}, new int[]{2, 1}, new int[]{1},
                new int[]{2}), c));
        assertEquals("Im2ColBackward0", F.unfold(x, new int[]{2}).gradFn().name());
        assertEquals("Col2ImBackward0", F.fold(rnd(3, 1, 12, 6), new int[]{4, 4}, new int[]{2, 3}).gradFn().name());
        // unbatched
        assertArrayEquals(new int[]{16, 49}, F.unfold(Torch.randn(4, 8, 8), new int[]{2}).shapeArray());
        assertArrayEquals(new int[]{2, 4, 4}, F.fold(Torch.randn(12, 6), new int[]{4, 4}, new int[]{2, 3}).shapeArray());
    }

    private static void err(String msg, Executable e) {
        assertEquals(msg, assertThrows(TorchException.class, e).getMessage());
    }

    @Test
    void errorMessagesAsPyTorch() {
        err("Given groups=1, weight of size [6, 3, 5, 5], expected input[1, 1, 28, 28] to have 3 channels, but got 1 "
                + "channels instead", () -> F.conv2d(Torch.randn(1, 1, 28, 28), Torch.randn(6, 3, 5, 5)));
        err("Calculated padded input size per channel: (2 x 2). Kernel size: (5 x 5). Kernel size can't be greater "
                + "than actual input size", () -> F.conv2d(Torch.randn(1, 3, 2, 2), Torch.randn(6, 3, 5, 5)));
        err("Calculated padded input size per channel: (4 x 4). Kernel size: (7 x 7). Kernel size can't be greater "
                + "than actual input size", () -> F.conv2d(Torch.randn(1, 4, 2, 2), Torch.randn(7, 4, 3, 3), null,
                new int[]{2}, new int[]{1}, new int[]{3}, 1));
        err("Calculated padded input size per channel: (2). Kernel size: (3). Kernel size can't be greater than actual "
                + "input size", () -> F.conv1d(Torch.randn(1, 4, 2), Torch.randn(6, 4, 3), null));
        err("Given groups=3, weight of size [6, 2, 3, 3], expected input[1, 4, 8, 8] to have 6 channels, but got 4 "
                + "channels instead", () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 2, 3, 3), null, I1, I0, I1, 3));
        err("Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size "
                + "[[7, 2, 3, 3]] instead", () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(7, 2, 3, 3), null, I1, I0, I1, 2));
        err("non-positive stride is not supported",
                () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 4, 3, 3), null, I0, I0, I1, 1));
        err("negative padding is not supported",
                () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 4, 3, 3), null, I1, new int[]{-1}, I1, 1));
        err("dilation should be greater than zero, but got [1, 0]",
                () -> F.conv1d(Torch.randn(1, 4, 8), Torch.randn(6, 4, 3), null, I1, I0, I0, 1));
        err("non-positive groups is not supported",
                () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 4, 3, 3), null, I1, I0, I1, 0));
        err("padding='same' is not supported for strided convolutions",
                () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 4, 3, 3), null, new int[]{2}, F.Padding.SAME, I1, 1));
        err("Given weight of size [6, 4, 3, 3], expected bias to be 1-dimensional with 6 elements, but got bias of "
                + "size [5] instead", () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 4, 3, 3), Torch.randn(5)));
        err("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [4, 8, 8, 2, 2]",
                () -> F.conv2d(Torch.randn(4, 8, 8, 2, 2), Torch.randn(6, 4, 3, 3)));
        err("Expected 4-dimensional input for 4-dimensional weight [6, 4, 3, 3], but got 3-dimensional input of size "
                + "[1, 4, 8] instead", () -> F.conv1d(Torch.randn(1, 4, 8), Torch.randn(6, 4, 3, 3), null));
        err("expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, "
                + "but got stride=[1, 2, 3]", () -> F.conv2d(Torch.randn(1, 4, 8, 8), Torch.randn(6, 4, 3, 3), null,
                new int[]{1, 2, 3}, I0, I1, 1));
        err("expected scalar type Double but found Float",
                () -> F.conv2d(Torch.randn(new int[]{1, 4, 8, 8}, DType.FLOAT64), Torch.randn(6, 4, 3, 3)));
        err("output padding must be smaller than either stride or dilation, but got output_padding_height: 2 "
                + "output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1",
                () -> F.convTranspose2d(Torch.randn(1, 4, 8, 8), Torch.randn(4, 2, 3, 3), null, new int[]{2}, I0,
                        new int[]{2}, 1, I1));
        err("output padding must be smaller than either stride or dilation, but got output_padding_height: 0 "
                + "output_padding_width: 2 stride_height: 1 stride_width: 2 dilation_height: 1 dilation_width: 1",
                () -> F.convTranspose1d(Torch.randn(1, 4, 8), Torch.randn(4, 2, 3), null, new int[]{2}, I0,
                        new int[]{2}, 1, I1));
        err("Given transposed=1, weight of size [4, 2, 3, 3], expected input[1, 3, 8, 8] to have 4 channels, but got 3 "
                + "channels instead", () -> F.convTranspose2d(Torch.randn(1, 3, 8, 8), Torch.randn(4, 2, 3, 3), null));
        err("Given input size per channel: (8 x 8). Calculated output size per channel: (-8 x -8). Output size is too "
                + "small", () -> F.convTranspose2d(Torch.randn(1, 4, 8, 8), Torch.randn(4, 2, 3, 3), null, I1,
                new int[]{9}, I0, 1, I1));
        err("stride should be greater than zero, but got stride_height: 0 stride_width: 0",
                () -> F.unfold(Torch.randn(1, 4, 8, 8), new int[]{3}, I1, I0, I0));
        err("Given input with spatial size (2, 2), kernel_size=(3, 3), dilation=(1, 1), padding=(0, 0), calculated "
                + "shape of the array of sliding blocks as (0, 0), but its components must be at least one.",
                () -> F.unfold(Torch.randn(1, 4, 2, 2), new int[]{3}));
        err("Given output_size=(4, 4), kernel_size=(2, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected "
                + "size of input's dimension 2 to match the calculated number of sliding blocks 3 * 2 = 6, but got "
                + "input.size(2)=5.", () -> F.fold(Torch.randn(1, 12, 5), new int[]{4, 4}, new int[]{2, 3}));
        err("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got "
                + "input.size(1)=13 and kernel_size=(2, 3).", () -> F.fold(Torch.randn(1, 13, 6), new int[]{4, 4},
                new int[]{2, 3}));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> inits() {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.resource("/refs/conv.json")).get("inits");
    }

    private static void exact(Object enc, Tensor actual, String what) {
        Tensor e = ConvRefsTest.tensor(enc, DType.FLOAT32);
        assertArrayEquals(e.shapeArray(), actual.shapeArray(), what);
        float[] ev = e.toFloatArray(), av = actual.toFloatArray();
        for (int i = 0; i < ev.length; i++) assertEquals(ev[i], av[i], 1e-6, what + " element " + i);
    }

    @Test
    void defaultInitAndReprAsPyTorch() {
        List<Map<String, Object>> refs = inits();
        ConvNd[] made = new ConvNd[4];
        for (int i = 0; i < 4; i++) {
            Torch.manualSeed(((Number) refs.get(i).get("seed")).longValue());
            made[i] = switch (i) {
                case 0 -> new Conv2d(1, 6, 5);
                case 1 -> new Conv1d(new Conv1d.Options(4, 6, 3).groups(2));
                case 2 -> new ConvTranspose2d(new ConvTranspose2d.Options(4, 6, 2, 3).groups(2));
                default -> new Conv3d(new Conv3d.Options(2, 3, 2).bias(false));
            };
            Map<String, Object> r = refs.get(i);
            assertEquals(r.get("repr"), made[i].toString());
            exact(r.get("weight"), made[i].weight, r.get("name") + " weight");
            if (r.get("bias") != null) exact(r.get("bias"), made[i].bias, r.get("name") + " bias");
        }
        assertEquals(List.of("weight", "bias"), List.copyOf(made[0].stateDict().keySet()));
        assertEquals(List.of("weight"), List.copyOf(made[3].stateDict().keySet()));
        assertEquals("Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)",
                new Conv2d(new Conv2d.Options(3, 64, 7).stride(2).padding(3).bias(false)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(2, 3), stride=(1, 1), padding=same, dilation=(2, 2), groups=2)",
                new Conv2d(new Conv2d.Options(4, 8, 2, 3).padding(F.Padding.SAME).dilation(2).groups(2)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), padding=valid)",
                new Conv2d(new Conv2d.Options(4, 8, 3).padding(F.Padding.VALID)).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 0))",
                new Conv2d(new Conv2d.Options(4, 8, 3).padding(1, 0)).toString());
        assertEquals("ConvTranspose2d(4, 8, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))",
                new ConvTranspose2d(new ConvTranspose2d.Options(4, 8, 3).stride(2).outputPadding(1)).toString());
        assertEquals("ConvTranspose1d(4, 8, kernel_size=(3,), stride=(1,))", new ConvTranspose1d(4, 8, 3).toString());
        assertEquals("Conv1d(4, 8, kernel_size=(3,), stride=(1,))", new Conv1d(4, 8, 3).toString());
        assertEquals("Conv3d(4, 8, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=(1, 1, 1))",
                new Conv3d(new Conv3d.Options(4, 8, 3).padding(1)).toString());
        assertEquals("Unfold(kernel_size=(2, 3), dilation=1, padding=0, stride=1)", new Unfold(2, 3).toString());
        assertEquals("Unfold(kernel_size=3, dilation=2, padding=1, stride=2)",
                new Unfold(new Unfold.Options(3).dilation(2).padding(1).stride(2)).toString());
        assertEquals("Fold(output_size=(4, 5), kernel_size=(2, 3), dilation=1, padding=0, stride=2)",
                new Fold(new Fold.Options(new int[]{4, 5}, 2, 3).stride(2)).toString());
        assertEquals("in_channels must be divisible by groups",
                assertThrows(TorchException.class, () -> new Conv2d(new Conv2d.Options(3, 6, 3).groups(2))).getMessage());
    }

    @Test
    void moduleForwardMatchesFunctional() {
        Torch.manualSeed(0);
        Tensor x = Torch.randn(2, 3, 9, 8);
        Conv2d c = new Conv2d(new Conv2d.Options(3, 4, 3, 2).stride(2, 1).padding(1).dilation(1, 2));
        Tensor y = c.call(x);
        assertArrayEquals(new int[]{2, 4, 5, 8}, y.shapeArray());
        assertArrayEquals(F.conv2d(x, c.weight, c.bias, new int[]{2, 1}, new int[]{1}, new int[]{1, 2}, 1).toFloatArray(),
                y.toFloatArray());
        Conv2d same = new Conv2d(new Conv2d.Options(3, 2, 4).padding(F.Padding.SAME));
        assertArrayEquals(new int[]{2, 2, 9, 8}, same.call(x).shapeArray());
        ConvTranspose2d t = new ConvTranspose2d(new ConvTranspose2d.Options(3, 2, 3).stride(2).padding(1).outputPadding(1));
        assertArrayEquals(new int[]{2, 2, 18, 16}, t.call(x).shapeArray());
        Tensor cols = new Unfold(new Unfold.Options(3).padding(1)).call(x);
        assertArrayEquals(new int[]{2, 27, 72}, cols.shapeArray());
        // fold∘unfold with non-overlapping blocks is the identity
        Tensor back = new Fold(new int[]{9, 8}, 1).call(new Unfold(1).call(x));
        assertArrayEquals(x.toFloatArray(), back.toFloatArray());
        // training one step reaches the parameters
        y.sum().backward();
        assertArrayEquals(c.weight.shapeArray(), c.weight.grad().shapeArray());
        assertArrayEquals(new int[]{4}, c.bias.grad().shapeArray());
    }

    @Test
    void smallConvKernelsAgreeWithTheFloat64Path() {
        // float32 small convs take the direct/windowed kernels (odd channel counts, K not a multiple of 4); float64
        // takes im2col + GEMM, which the reference tests check against PyTorch
        Generator g = new Generator(7);
        for (int[] c : new int[][]{{2, 3, 12}, {1, 6, 28}, {6, 16, 12}, {3, 5, 13}}) {
            Tensor x = Torch.randn(new int[]{4, c[0], c[2], c[2]}, g).requiresGrad_(true);
            Tensor w = Torch.randn(new int[]{c[1], c[0], 5, 5}, g).requiresGrad_(true);
            Tensor gy = Torch.randn(new int[]{4, c[1], c[2] - 4, c[2] - 4}, g);
            F.conv2d(x, w, null).backward(gy);
            Tensor xd = x.detach().to(DType.FLOAT64).requiresGrad_(true), wd = w.detach().to(DType.FLOAT64).requiresGrad_(true);
            Tensor yd = F.conv2d(xd, wd, null);
            yd.backward(gy.to(DType.FLOAT64));
            assertTrue(F.conv2d(x, w, null).to(DType.FLOAT64).allclose(yd, 1e-4, 1e-4), "forward " + java.util.Arrays.toString(c));
            assertTrue(w.grad().to(DType.FLOAT64).allclose(wd.grad(), 1e-3, 1e-3), "weight grad " + java.util.Arrays.toString(c));
            assertTrue(x.grad().to(DType.FLOAT64).allclose(xd.grad(), 1e-4, 1e-4), "input grad " + java.util.Arrays.toString(c));
        }
    }
}
