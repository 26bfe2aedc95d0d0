package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Conv2d;
import torch4j.nn.Flatten;
import torch4j.nn.Linear;
import torch4j.nn.MaxPool2d;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.functional.F;
import torch4j.optim.SGD;

/**
 * The CUDA backend against the CPU backend on the same inputs: every result (and gradient) of the GPU must match the
 * CPU's within float tolerance. Runs only where a GPU is usable (the lent H100, through tools/cuda_device_run.sh).
 */
class CudaOpsTest {
    private static final Device GPU = Device.cuda(0);

    @BeforeAll
    static void needsAGpu() {
        assumeTrue(Cuda.isAvailable(), () -> "no usable CUDA device: " + Cuda.unavailableReason());
    }

    /** f on CPU inputs and on their GPU copies; the GPU result comes back to the CPU for the comparison. */
    private static void same(String what, double tol, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor cpu = f.apply(inputs);
        Tensor[] g = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) g[i] = inputs[i].to(GPU);
        Tensor gpu = f.apply(g);
        assertEquals(GPU, gpu.device(), what + " runs on the GPU");
        assertEquals(cpu.dtype(), gpu.dtype(), what + " dtype");
        assertEquals(cpu.shape(), gpu.shape(), what + " shape");
        Tensor back = gpu.cpu();
        if (cpu.dtype().isFloatingPoint()) {
            assertTrue(back.to(DType.FLOAT64).allclose(cpu.to(DType.FLOAT64), tol, tol),
                    what + ": max |gpu - cpu| = " + back.to(DType.FLOAT64).sub(cpu.to(DType.FLOAT64)).abs().max().item());
        } else {
            assertArrayEquals(cpu.toDoubleArray(), back.toDoubleArray(), what);
        }
    }

    /** Like {@link #same}, then the gradients of sum(f · w) with respect to every floating input. */
    private static void sameWithGrad(String what, double tol, Function<Tensor[], Tensor> f, Tensor... inputs) {
        same(what, tol, f, inputs);
        Tensor[][] grads = new Tensor[2][];
        for (int run = 0; run < 2; run++) {
            Tensor[] in = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                in[i] = (run == 0 ? inputs[i].clone() : inputs[i].to(GPU)).detach();
                if (in[i].isFloatingPoint()) in[i].requiresGrad_(true);
            }
            Tensor y = f.apply(in);
            Torch.manualSeed(11);
            Tensor w = Torch.randn(y.shapeArray()).to(y.device(), y.dtype());
            y.mul(w).sum().backward();
            grads[run] = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) grads[run][i] = in[i].grad() == null ? null : in[i].grad().cpu();
        }
        for (int i = 0; i < inputs.length; i++) {
            if (grads[0][i] == null) continue;
            Tensor d = grads[1][i].to(DType.FLOAT64).sub(grads[0][i].to(DType.FLOAT64)).abs();
            assertTrue(grads[1][i].to(DType.FLOAT64).allclose(grads[0][i].to(DType.FLOAT64), tol, tol),
                    what + ": gradient of input " + i + " differs by " + d.max().item());
        }
    }

    private static Tensor randn(int... shape) { return Torch.randn(shape); }

    @Test
    void transfersRoundTripEveryDtype() {
        Torch.manualSeed(0);
        Tensor x = randn(3, 5).mul(10);
        for (DType t : DType.values()) {
            Tensor c = x.to(t);
            assertEquals(c.toString(), c.to(GPU).cpu().toString(), t.toString());
            assertEquals(c.t().toString(), c.to(GPU).t().cpu().toString(), t + " transposed");
        }
        assertEquals("tensor([1., 2.], device='cuda:0')", Torch.tensor(new double[]{1, 2}).float_().to(GPU).toString());
        assertEquals(3.5, Torch.tensor(3.5).to(GPU).item());
    }

    @Test
    void castsOnTheDeviceMatchTheCpu() {
        Torch.manualSeed(1);
        Tensor x = randn(4, 7).mul(100);
        for (DType from : DType.values())
            for (DType to : DType.values())
                same("cast " + from + " -> " + to, 0, a -> a[0].to(to), x.to(from));
    }

    @Test
    void unaryOpsMatchTheCpu() {
        Torch.manualSeed(2);
        Tensor x = randn(64, 33);
        Tensor pos = x.abs().add(0.1);
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            double tol = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            sameWithGrad("exp " + t, tol, a -> a[0].exp(), x.to(t));
            sameWithGrad("log " + t, tol, a -> a[0].log(), pos.to(t));
            sameWithGrad("tanh " + t, tol, a -> a[0].tanh(), x.to(t));
            sameWithGrad("sigmoid " + t, tol, a -> a[0].sigmoid(), x.to(t));
            sameWithGrad("relu " + t, tol, a -> a[0].relu(), x.to(t));
            sameWithGrad("gelu " + t, tol, a -> a[0].gelu(), x.to(t));
            sameWithGrad("sqrt " + t, tol, a -> a[0].sqrt(), pos.to(t));
            sameWithGrad("sin " + t, tol, a -> a[0].sin(), x.to(t));
            same("floor/round " + t, 0, a -> a[0].mul(3).floor().add(a[0].mul(3).round()), x.to(t));
            same("isnan " + t, 0, a -> a[0].log().isnan(), x.to(t));
            same("neg/abs " + t, 0, a -> a[0].neg().abs(), x.to(t));
        }
        same("bf16 exp", 1e-2, a -> a[0].exp(), x.to(DType.BFLOAT16));
        same("f16 tanh", 1e-3, a -> a[0].tanh(), x.to(DType.FLOAT16));
        same("int64 neg/abs", 0, a -> a[0].neg().abs(), x.mul(100).to(DType.INT64));
        same("non-contiguous exp", 1e-5, a -> a[0].t().slice(0, 1, 30, 3).exp(), x);
    }

    @Test
    void binaryOpsBroadcastAndMatchTheCpu() {
        Torch.manualSeed(3);
        Tensor a = randn(3, 1, 5), b = randn(4, 5);
        sameWithGrad("add", 1e-6, t -> t[0].add(t[1]), a, b);
        sameWithGrad("sub", 1e-6, t -> t[0].sub(t[1]), a, b);
        sameWithGrad("mul", 1e-6, t -> t[0].mul(t[1]), a, b);
        sameWithGrad("div", 1e-5, t -> t[0].div(t[1]), a, b);
        sameWithGrad("pow", 1e-5, t -> t[0].abs().pow(t[1]), a, b);
        sameWithGrad("maximum", 0, t -> t[0].maximum(t[1]), a, b);
        same("remainder", 1e-5, t -> t[0].remainder(t[1]), a, b);
        same("scalar ops", 1e-6, t -> t[0].mul(2.5).add(1).pow(2.0), a);
        Tensor ia = Torch.randint(-50, 50, new int[]{6, 7}), ib = Torch.randint(1, 9, new int[]{7});
        same("int64 add/mul", 0, t -> t[0].add(t[1]).mul(t[1]), ia, ib);
        same("int64 remainder", 0, t -> t[0].remainder(t[1]), ia, ib);
        same("int64 floor_divide", 0, t -> t[0].floorDivide(t[1]), ia, ib);
        same("int32 + float", 1e-6, t -> t[0].to(DType.INT32).add(t[1]), ia, randn(7));
        same("lt / eq", 0, t -> t[0].lt(t[1]).logicalOr(t[0].eq(t[1])), a, b);
        same("where", 0, t -> Torch.where(t[0].gt(0.0), t[0], t[1]), a, b);
        same("masked_fill", 0, t -> t[0].maskedFill(t[0].lt(0.0), -1.0), b);
    }

    @Test
    void reductionsMatchTheCpu() {
        Torch.manualSeed(4);
        Tensor x = randn(17, 33, 9);
        for (int d = 0; d < 3; d++) {
            int dim = d;
            sameWithGrad("sum dim " + d, 1e-4, t -> t[0].sum(dim), x);
            sameWithGrad("mean dim " + d, 1e-5, t -> t[0].mean(dim), x);
            same("amax dim " + d, 0, t -> t[0].amax(dim), x);
            same("argmax dim " + d, 0, t -> t[0].argmax(dim), x);
            same("prod dim " + d, 1e-4, t -> t[0].div(2).add(1).prod(dim), x);
        }
        same("sum of two dims", 1e-4, t -> t[0].sum(new int[]{0, 2}, true), x);
        same("sum over a transposed view", 1e-4, t -> t[0].transpose(0, 2).sum(1), x);
        same("full sum of 2^22", 1e-1, t -> t[0].sum(), randn(1 << 22));
        same("max / min", 0, t -> t[0].max().add(t[0].min()), x);
        same("all / any", 0, t -> t[0].gt(-3.0).all(1).logicalAnd(t[0].gt(2.0).any(1)), x);
        same("argmax with NaN", 0, t -> t[0].log().argmax(1), x);
        same("int64 sum", 0, t -> t[0].sum(1), Torch.randint(-9, 9, new int[]{5, 300}));
        sameWithGrad("softmax dim 1", 1e-6, t -> t[0].softmax(1), x);
        sameWithGrad("softmax dim 0", 1e-6, t -> t[0].softmax(0), x);
        sameWithGrad("log_softmax last", 1e-5, t -> t[0].logSoftmax(-1), x);
        sameWithGrad("softmax of a long row", 1e-6, t -> t[0].softmax(1), randn(3, 5000));
    }

    @Test
    void matrixProductsMatchTheCpu() {
        Torch.manualSeed(5);
        Tensor a = randn(37, 61), b = randn(61, 29);
        sameWithGrad("mm", 1e-4, t -> t[0].mm(t[1]), a, b);
        sameWithGrad("mm transposed operands", 1e-4, t -> t[0].t().mm(t[1].t()), b, a);
        same("mm float64", 1e-10, t -> t[0].mm(t[1]), a.double_(), b.double_());
        sameWithGrad("bmm", 1e-4, t -> t[0].bmm(t[1]), randn(4, 9, 13), randn(4, 13, 7));
        same("matmul broadcast", 1e-4, t -> t[0].matmul(t[1]), randn(2, 3, 9, 13), randn(13, 5));
        same("mv", 1e-4, t -> t[0].matmul(t[1]), a, randn(61));
        sameWithGrad("linear", 1e-4, t -> F.linear(t[0], t[1], t[2]), randn(8, 61), randn(16, 61), randn(16));
        // the CPU has no 16-bit products (as PyTorch 1.13): compare with float32 products of the rounded operands
        for (DType t : List.of(DType.BFLOAT16, DType.FLOAT16)) {
            Tensor a16 = a.to(t), b16 = b.to(t);
            Tensor ref = a16.float_().mm(b16.float_());
            Tensor got = a16.to(GPU).mm(b16.to(GPU));
            assertEquals(t, got.dtype());
            double err = got.cpu().float_().sub(ref).norm().item() / ref.norm().item();
            assertTrue(err < (t == DType.BFLOAT16 ? 1e-2 : 2e-3), t + " mm relative error " + err);
        }
        // TF32 off by default: a 1024-deep product stays at float32 accuracy
        Tensor x = randn(64, 1024), y = randn(1024, 64);
        Tensor exact = x.double_().mm(y.double_());
        double err = x.to(GPU).mm(y.to(GPU)).cpu().double_().sub(exact).norm().item() / exact.norm().item();
        assertTrue(err < 1e-5, "float32 GEMM relative error " + err + " (TF32 would be ~1e-3)");
        var e = assertThrows(TorchException.class, () -> Torch.ones(2, 2).to(DType.INT64).to(GPU).mm(Torch.ones(2, 2).to(DType.INT64).to(GPU)));
        assertEquals("\"addmm_cuda\" not implemented for 'Long'", e.getMessage());
    }

    @Test
    void indexingMatchesTheCpu() {
        Torch.manualSeed(6);
        Tensor x = randn(6, 8);
        Tensor idx = Torch.tensor(new long[]{5, 0, 3, 3});
        sameWithGrad("index_select", 1e-6, t -> t[0].indexSelect(0, t[1]), x, idx);
        sameWithGrad("gather", 1e-6, t -> t[0].gather(1, t[1]), x, Torch.randint(0, 8, new int[]{6, 3}));
        same("scatter", 0, t -> t[0].scatter(1, t[1], t[2]), x, Torch.tensor(new long[][]{{1, 2}, {0, 7}}), randn(2, 2));
        same("scatter_add", 1e-6, t -> t[0].scatterAdd(0, t[1], t[2]), x, Torch.randint(0, 6, new int[]{4, 8}), randn(4, 8));
        same("masked_select", 0, t -> t[0].maskedSelect(t[0].gt(0.0)), x);
        same("nonzero", 0, t -> t[0].gt(0.0).nonzero(), x);
        same("advanced index", 0, t -> t[0].index(t[1]), x, idx);
    }

    @Test
    void convolutionAndPoolingMatchTheCpu() {
        Torch.manualSeed(7);
        Tensor x = randn(2, 4, 11, 10), w = randn(6, 4, 3, 3), bias = randn(6), wg = randn(6, 2, 3, 3);
        sameWithGrad("conv2d", 1e-4, t -> F.conv2d(t[0], t[1], t[2]), x, w, bias);
        sameWithGrad("conv2d stride 2 padding 1 dilation 2", 1e-4,
                t -> F.conv2d(t[0], t[1], t[2], new int[]{2, 2}, new int[]{1, 1}, new int[]{2, 2}, 1), x, w, bias);
        sameWithGrad("conv2d groups 2", 1e-4,
                t -> F.conv2d(t[0], t[1], null, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 2), x, wg);
        sameWithGrad("max_pool2d", 0, t -> F.maxPool2d(t[0], 2), x);
        sameWithGrad("max_pool2d 3/2 padded", 1e-6,
                t -> F.maxPool2d(t[0], new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, false), x);
    }

    @Test
    void normalisationMatchesTheCpu() {
        Torch.manualSeed(10);
        Tensor x = randn(4, 6, 5, 7), w = randn(6), bias = randn(6);
        sameWithGrad("batch_norm training", 1e-4, t -> F.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5), x, w, bias);
        same("batch_norm eval", 1e-5, t -> F.batchNorm(t[0], t[3], t[4], t[1], t[2], false, 0.1, 1e-5), x, w, bias,
                randn(6), randn(6).abs().add(0.5));
        sameWithGrad("layer_norm", 1e-4, t -> F.layerNorm(t[0], new int[]{5, 7}, t[1], t[2], 1e-5), x, randn(5, 7), randn(5, 7));
        sameWithGrad("group_norm", 1e-4, t -> F.groupNorm(t[0], 3, t[1], t[2], 1e-5), x, w, bias);
    }

    @Test
    void resamplingAndPaddingMatchTheCpu() {
        Torch.manualSeed(12);
        Tensor x = randn(2, 3, 9, 11);
        sameWithGrad("avg_pool2d", 1e-5, t -> F.avgPool2d(t[0], 2), x);
        sameWithGrad("adaptive_avg_pool2d", 1e-5, t -> F.adaptiveAvgPool2d(t[0], 1), x);
        sameWithGrad("adaptive_avg_pool2d 4x3", 1e-5, t -> F.adaptiveAvgPool2d(t[0], 4, 3), x);
        sameWithGrad("adaptive_max_pool2d", 1e-6, t -> F.adaptiveMaxPool2d(t[0], 4, 3), x);
        sameWithGrad("bilinear", 1e-5, t -> F.interpolate(t[0], 2.0, torch4j.nn.functional.InterpolationMode.BILINEAR), x);
        sameWithGrad("nearest", 1e-6, t -> F.interpolate(t[0], new int[]{5, 20}, torch4j.nn.functional.InterpolationMode.NEAREST), x);
        sameWithGrad("constant pad", 1e-6, t -> F.pad(t[0], new int[]{1, 2, 3, 0}, 0.5), x);
        sameWithGrad("reflect pad", 1e-6, t -> F.pad(t[0], new int[]{2, 2, 1, 1}, torch4j.nn.functional.PadMode.REFLECT), x);
    }

    @Test
    void scansAndSortsMatchTheCpu() {
        Torch.manualSeed(13);
        Tensor x = randn(7, 300);
        sameWithGrad("cumsum", 1e-4, t -> t[0].cumsum(1), x);
        same("cumprod", 1e-5, t -> t[0].div(10).add(1).cumprod(0), x);
        same("int64 cumsum", 0, t -> t[0].cumsum(1), Torch.randint(-5, 5, new int[]{4, 100}));
        same("sort values", 0, t -> t[0].sort(1, true).values(), x);
        same("sort indices", 0, t -> t[0].sort(0).indices(), x);
    }

    /**
     * From the same seed, on the CPU and on the GPU: builds the model, draws a batch of the given input shape with
     * targets in [0, classes) and takes five SGD steps; the weights must agree.
     */
    private static void trainsAsOnTheCpu(long seed, Supplier<Module> make, int[] xShape, int classes) {
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            Device dev = run == 0 ? Device.CPU : GPU;
            Torch.manualSeed(seed);
            Module model = make.get();
            model.to(dev);
            Tensor x = Torch.randn(xShape).to(dev);
            Tensor y = Torch.randint(0, classes, new int[]{xShape[0]}).to(dev);
            SGD opt = new SGD(model.parameters(), new SGD.Options(0.05).momentum(0.9));
            for (int step = 0; step < 5; step++) {
                opt.zeroGrad();
                F.crossEntropy(model.forward(x), y).backward();
                opt.step();
            }
            weights[run] = Torch.cat(model.parameters().stream().map(p -> p.detach().cpu().flatten()).toList(), 0).toFloatArray();
        }
        assertArrayEquals(weights[0], weights[1], 1e-4f);
    }

    @Test
    void aResNetStyleBlockTrainsAsOnTheCpu() {
        trainsAsOnTheCpu(14, () -> new Sequential(new Conv2d(3, 8, 3), new torch4j.nn.BatchNorm2d(8), new ReLU(),
                new torch4j.nn.AdaptiveAvgPool2d(1), new Flatten(), new Linear(8, 5)), new int[]{16, 3, 12, 12}, 5);
    }

    @Test
    void crossEntropyMatchesTheCpu() {
        Torch.manualSeed(8);
        sameWithGrad("cross_entropy", 1e-5, t -> F.crossEntropy(t[0], t[1]), randn(16, 10), Torch.randint(0, 10, new int[]{16}));
    }

    @Test
    void aSmallConvNetTrainsAsOnTheCpu() {
        trainsAsOnTheCpu(9, () -> new Sequential(new Conv2d(1, 4, 3), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(36, 10)), new int[]{32, 1, 14, 14}, 10);
    }

    @Test
    void fusedOptimizerStepsMatchTheCpu() {
        List<Function<List<torch4j.nn.Parameter>, torch4j.optim.Optimizer>> optimizers = List.of(
                ps -> new SGD(ps, new SGD.Options(0.1).momentum(0.9).nesterov(true).weightDecay(1e-2)),
                ps -> new SGD(ps, new SGD.Options(0.1)),
                ps -> new torch4j.optim.Adam(ps, new torch4j.optim.Adam.Options(1e-2).weightDecay(1e-2)),
                ps -> new torch4j.optim.AdamW(ps, new torch4j.optim.AdamW.Options(1e-2).amsgrad(true)));
        for (int o = 0; o < optimizers.size(); o++) {
            float[][] weights = new float[2][];
            for (int run = 0; run < 2; run++) {
                Device dev = run == 0 ? Device.CPU : GPU;
                Torch.manualSeed(15);
                Module model = new Sequential(new Linear(20, 16), new ReLU(), new Linear(16, 4)).to(dev);
                Tensor x = Torch.randn(32, 20).to(dev);
                Tensor y = Torch.randint(0, 4, new int[]{32}).to(dev);
                torch4j.optim.Optimizer opt = optimizers.get(o).apply(model.parameters());
                for (int step = 0; step < 4; step++) {
                    opt.zeroGrad();
                    F.crossEntropy(model.forward(x), y).backward();
                    opt.step();
                }
                weights[run] = Torch.cat(model.parameters().stream().map(p -> p.detach().cpu().flatten()).toList(), 0).toFloatArray();
            }
            assertArrayEquals(weights[0], weights[1], 1e-4f, "optimizer " + o);
        }
    }

    @Test
    void mixedDevicesFailLikePyTorch() {
        var e = assertThrows(TorchException.class, () -> Torch.ones(2).to(GPU).add(Torch.ones(2)));
        assertEquals("Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!", e.getMessage());
        var bad = assertThrows(TorchException.class, () -> Torch.ones(2).to(Device.cuda(Cuda.deviceCount())));
        assertTrue(bad.getMessage().startsWith("CUDA error: invalid device ordinal"), bad.getMessage());
    }

    /** Collects garbage until the allocator's figure stops moving (earlier tests leave unreachable tensors). */
    private static long settle() throws InterruptedException {
        long last = -1, now = Cuda.memoryAllocated();
        for (int i = 0; i < 50 && now != last; i++) {
            System.gc();
            Thread.sleep(20);
            last = now;
            now = Cuda.memoryAllocated();
        }
        return now;
    }

    @Test
    void memoryIsCachedAndReleased() throws InterruptedException {
        Cuda.synchronize();
        long before = settle();
        Tensor t = Torch.zeros(new int[]{1 << 20}, DType.FLOAT32, GPU);
        assertEquals(before + (4 << 20), Cuda.memoryAllocated());
        assertTrue(Cuda.maxMemoryAllocated() >= before + (4 << 20));
        long reserved = Cuda.memoryReserved();
        assertEquals(4 << 20, t.numel() * 4);
        t = null;
        assertEquals(before, settle(), "an unreachable tensor's block returns to the cache");
        assertEquals(reserved, Cuda.memoryReserved(), "and stays reserved until emptyCache");
        Tensor again = Torch.zeros(new int[]{1 << 20}, DType.FLOAT32, GPU);
        assertEquals(reserved, Cuda.memoryReserved(), "the cached block is reused");
        assertEquals(0.0, again.sum().item());
        again = null;
        settle();
        Cuda.emptyCache();
        assertTrue(Cuda.memoryReserved() < reserved, "emptyCache gives cached blocks back");
    }
}
