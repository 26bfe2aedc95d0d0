package torch4j.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Conv2d;
import torch4j.nn.Flatten;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.functional.F;
import torch4j.optim.SGD;

/**
 * Device routing through a second backend without a GPU: {@link FakeCudaBackend} stands for CUDA, so these tests
 * check that ops, autograd, nn and optim reach only the backend interface for non-CPU tensors, and PyTorch's
 * device errors.
 */
class DeviceRoutingTest {
    private static final Device CUDA0 = Device.cuda(0);

    private static String message(Runnable r) { return assertThrows(TorchException.class, r::run).getMessage(); }

    @Test
    void deviceStringsParseAsTorchDevice() {
        assertEquals(CUDA0, Device.of("cuda:0"));
        assertEquals(CUDA0, Device.of("cuda"));
        assertEquals(Device.cuda(1), Device.of("cuda:1"));
        assertEquals(Device.CPU, Device.of("cpu"));
        assertEquals("cuda:1", Device.cuda(1).toString());
        assertEquals("Expected one of cpu, cuda device type at start of device string: gpu", message(() -> Device.of("gpu")));
    }

    @Test
    void mixedDevicesFailWithPyTorchsMessageWhicheverOperandIsOnTheGpu() {
        Tensor g = Torch.ones(2).to(CUDA0), c = Torch.ones(2);
        String expected = "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!";
        assertEquals(expected, message(() -> g.add(c)));
        assertEquals(expected, message(() -> c.add(g)));
        assertEquals(expected, message(() -> c.mul(g)));
        assertEquals(expected, message(() -> Torch.ones(2, 2).to(CUDA0).mm(Torch.ones(2, 2))));
        assertEquals(expected, message(() -> Torch.ones(2, 2).mm(Torch.ones(2, 2).to(CUDA0))));
        assertEquals(expected, message(() -> g.indexSelect(0, Torch.tensor(new long[]{0}))));
        assertEquals(expected, message(() -> F.crossEntropy(Torch.ones(3, 4).to(CUDA0), Torch.tensor(new long[]{0, 1, 2}))));
        Tensor x = Torch.ones(1, 1, 4, 4);
        Conv2d conv = new Conv2d(1, 2, 3);
        conv.to(CUDA0);
        assertEquals(expected, message(() -> conv.forward(x)));
        assertEquals("Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cuda:1!",
                message(() -> g.add(Torch.ones(2).to(Device.cuda(1)))));
    }

    @Test
    void productsOnCudaTakeFloatingDtypesOnly() {
        Tensor l = Torch.ones(new int[]{2, 2}, DType.INT64, CUDA0);
        assertEquals("\"addmm_cuda\" not implemented for 'Long'", message(() -> l.mm(l)));
        Tensor b = Torch.ones(new int[]{2, 2}, DType.BOOL, CUDA0);
        assertEquals("\"addmm_cuda\" not implemented for 'Bool'", message(() -> b.matmul(b)));
        Tensor h = Torch.ones(new int[]{2, 2}, DType.BFLOAT16);
        assertEquals("\"addmm_impl_cpu_\" not implemented for 'BFloat16'", message(() -> h.mm(h)));
    }

    @Test
    void wrappedNumbersGoWithAnyDevice() {
        Tensor g = Torch.tensor(new double[]{1, 2}).to(CUDA0);
        Tensor r = g.mul(3.0).add(1);
        assertEquals(CUDA0, r.device());
        assertArrayEquals(new float[]{4, 7}, r.toFloatArray());
    }

    @Test
    void toDeviceMovesDataThroughTheBackendAndBack() {
        Tensor c = Torch.arange(6).reshape(2, 3).to(DType.FLOAT32);
        Tensor g = c.to(CUDA0);
        assertEquals(CUDA0, g.device());
        assertFalse(g.storage() instanceof CpuStorage);
        assertEquals("torch.cuda.FloatTensor", g.typeName());
        assertEquals("tensor([[0., 1., 2.],\n        [3., 4., 5.]], device='cuda:0')", g.toString());
        Tensor back = g.t().cpu();
        assertInstanceOf(CpuStorage.class, back.storage());
        assertArrayEquals(c.t().toFloatArray(), back.toFloatArray());
        assertEquals(15.0, g.sum().item());
        assertEquals(c.to(CUDA0, DType.BFLOAT16).cpu().toString(), c.to(DType.BFLOAT16).toString());
    }

    @Test
    void gradientsFlowBackAcrossDevices() {
        Tensor c = Torch.tensor(new double[]{1, 2, 3}).requiresGrad_(true);
        Tensor y = c.to(CUDA0).pow(2).sum();
        y.backward();
        assertEquals(Device.CPU, c.grad().device());
        assertArrayEquals(new double[]{2, 4, 6}, c.grad().toDoubleArray());
    }

    @Test
    void aTrainingStepOnTheOtherDeviceMatchesTheCpu() {
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            Device dev = run == 0 ? Device.CPU : CUDA0;
            Torch.manualSeed(7);
            Module model = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Flatten(), new Linear(8, 3));
            model.to(dev);
            Tensor x = Torch.randn(4, 1, 4, 4).to(dev);
            Tensor t = Torch.tensor(new long[]{0, 1, 2, 1}).to(dev);
            SGD opt = new SGD(model.parameters(), new SGD.Options(0.1).momentum(0.9));
            for (int step = 0; step < 3; step++) {
                opt.zeroGrad();
                F.crossEntropy(model.forward(x), t).backward();
                opt.step();
            }
            assertEquals(dev, model.parameters().get(0).device());
            weights[run] = Torch.cat(model.parameters().stream().map(p -> p.detach().cpu().flatten()).toList(), 0).toFloatArray();
        }
        assertArrayEquals(weights[0], weights[1], 1e-6f);
    }

    @Test
    void noCudaBackendReadsAsTorchNotCompiledWithCuda() {
        assertEquals("Torch not compiled with CUDA enabled: torch4j found no CUDA backend on the classpath "
                + "(add the torch4j-cuda module)", Backends.noCudaMessage(List.of()));
        assertEquals("CUDA is not available: no CUDA driver found (looked for libcuda.so.1 in /a, /b)",
                Backends.noCudaMessage(List.of("no CUDA driver found (looked for libcuda.so.1 in /a, /b)")));
    }
}
