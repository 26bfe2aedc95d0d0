package torch4j.backend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.internal.cpu.CpuBackend;

/**
 * A test-only backend for {@code cuda} devices that keeps its data in CPU arrays and runs the CPU kernels: it lets
 * the core's tests route ops to a second device kind and check device errors without a GPU, and it fails loudly
 * (ClassCastException) wherever an op reaches into a non-CPU storage as if it were a CPU one.
 */
public final class FakeCudaBackend implements Backend {
    static final FakeCudaBackend INSTANCE = new FakeCudaBackend();

    /** A CPU array labelled with a CUDA device. */
    static final class FakeStorage extends Storage {
        final CpuStorage inner;
        final Device device;

        FakeStorage(CpuStorage inner, Device device) {
            this.inner = inner;
            this.device = device;
        }

        @Override public DType dtype() { return inner.dtype(); }

        @Override public Device device() { return device; }

        @Override public int numel() { return inner.numel(); }
    }

    /** Registered through META-INF/services in the core's test resources. */
    public static final class Provider implements BackendProvider {
        @Override public Backend create() { return INSTANCE; }
    }

    private final Backend cpu = CpuBackend.INSTANCE;
    private final ElementwiseKernels elementwise = proxy(ElementwiseKernels.class, cpu.elementwise());
    private final ReduceKernels reduce = proxy(ReduceKernels.class, cpu.reduce());
    private final IndexKernels index = proxy(IndexKernels.class, cpu.index());
    private final LinalgKernels linalg = proxy(LinalgKernels.class, cpu.linalg());
    private final ConvKernels conv = proxy(ConvKernels.class, cpu.conv());
    private final NormKernels norm = proxy(NormKernels.class, cpu.norm());
    private final PoolKernels pool = proxy(PoolKernels.class, cpu.pool());

    @Override public Device.Type deviceType() { return Device.Type.CUDA; }

    @Override public Storage allocate(DType dtype, int numel, Device device) {
        return new FakeStorage(CpuStorage.allocate(dtype, numel), device);
    }

    @Override public ElementwiseKernels elementwise() { return elementwise; }

    @Override public ReduceKernels reduce() { return reduce; }

    @Override public IndexKernels index() { return index; }

    @Override public LinalgKernels linalg() { return linalg; }

    @Override public ConvKernels conv() { return conv; }

    @Override public NormKernels norm() { return norm; }

    @Override public PoolKernels pool() { return pool; }

    private static Tensor unwrap(Tensor t) {
        if (t != null && t.storage() instanceof FakeStorage f)
            return Tensor.wrap(f.inner, t.shapeArray(), t.strideArray(), t.storageOffset());
        return t;
    }

    /** Every Tensor argument becomes a CPU view of the same array; a returned tensor goes back to the first device. */
    private static <T> T proxy(Class<T> family, T cpuKernels) {
        Object p = Proxy.newProxyInstance(family.getClassLoader(), new Class<?>[]{family}, (self, m, args) -> {
            Device dev = null;
            for (int i = 0; args != null && i < args.length; i++) {
                if (args[i] instanceof Tensor t) {
                    if (dev == null && t.storage() instanceof FakeStorage f) dev = f.device;
                    args[i] = unwrap(t);
                }
            }
            Object r;
            try {
                r = m.invoke(cpuKernels, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (r instanceof Tensor t && dev != null && t.storage() instanceof CpuStorage c)
                return Tensor.wrap(new FakeStorage(c, dev), t.shapeArray(), t.strideArray(), t.storageOffset());
            return r;
        });
        return family.cast(p);
    }
}
