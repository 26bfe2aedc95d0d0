package torch4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import torch4j.Device;
import torch4j.Torch;
import torch4j.TorchException;

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
}
