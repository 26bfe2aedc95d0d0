package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import torch4j.Device;
import torch4j.Shape;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;

/** Without a driver (the build machine) the module stays inert and says why; skipped where a GPU is usable. */
class CudaAvailabilityTest {
    @Test
    void withoutADriverNothingThrowsAndCudaTensorsSayWhereTheDriverWasLookedFor() {
        assumeFalse(Cuda.isAvailable(), "a CUDA device is usable here");
        assertFalse(Cuda.isAvailable());
        assertEquals(0, Cuda.deviceCount());
        assertEquals(0, Cuda.memoryAllocated());
        assertEquals(0, Cuda.maxMemoryAllocated());
        Cuda.emptyCache();
        Cuda.setAllowTf32(true);
        assertFalse(Cuda.allowTf32());
        String reason = Cuda.unavailableReason();
        assertTrue(reason.startsWith("no CUDA driver found (looked for libcuda.so.1 in ")
                || reason.startsWith("the CUDA driver"), reason);
        if (reason.startsWith("no CUDA driver found"))
            assertTrue(reason.endsWith("the dynamic loader's search path)"), reason);
        var e = assertThrows(TorchException.class, () -> Torch.ones(2).to(Device.cuda(0)));
        assertEquals("CUDA is not available: " + reason, e.getMessage());
        var e2 = assertThrows(TorchException.class, () -> Cuda.synchronize());
        assertEquals("CUDA is not available: " + reason, e2.getMessage());
    }

    /** The README's snippet: runs on the GPU where there is one, on the CPU otherwise. */
    @Test
    void readmeSnippetRunsEitherWay() {
        Device device = Cuda.isAvailable() ? Device.cuda(0) : Device.CPU;
        Module model = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)).to(device);
        Tensor x = Torch.randn(64, 784).to(device);
        Tensor y = model.forward(x);
        assertEquals(Shape.of(64, 10), y.shape());
        assertEquals(device, y.device());
        assertTrue(Cuda.memoryAllocated() >= (Cuda.isAvailable() ? 64 * 10 * 4 : 0));
    }
}
