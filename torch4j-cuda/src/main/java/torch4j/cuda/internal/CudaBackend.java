package torch4j.cuda.internal;

import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.Backend;
import torch4j.backend.ConvKernels;
import torch4j.backend.ElementwiseKernels;
import torch4j.backend.IndexKernels;
import torch4j.backend.LinalgKernels;
import torch4j.backend.NormKernels;
import torch4j.backend.OptimKernels;
import torch4j.backend.PoolKernels;
import torch4j.backend.ReduceKernels;

/** The CUDA backend: device memory through the caching allocator, NVRTC-compiled kernels, cuBLAS for products. */
public final class CudaBackend implements Backend {
    private final Driver driver;
    private final DeviceContext[] devices;
    private final CudaElementwise elementwise = new CudaElementwise(this);
    private final CudaReduce reduce = new CudaReduce(this);
    private final CudaIndex index = new CudaIndex(this);
    private final CudaLinalg linalg = new CudaLinalg(this);
    private final CudaConv conv = new CudaConv(this);
    private final CudaPool pool = new CudaPool(this);
    private final CudaNorm norm = new CudaNorm(this);
    private final CudaOptim optim = new CudaOptim(this);

    CudaBackend(Driver driver, int count) {
        this.driver = driver;
        this.devices = new DeviceContext[count];
    }

    /** A backend over given (test) contexts. */
    CudaBackend(DeviceContext... devices) {
        this.driver = null;
        this.devices = devices.clone();
    }

    public int deviceCount() { return devices.length; }

    /** The device's context, created at first use. */
    public synchronized DeviceContext device(int index) {
        if (index < 0 || index >= devices.length)
            throw new TorchException("CUDA error: invalid device ordinal (device " + index + " of " + devices.length + ")");
        if (devices[index] == null) {
            devices[index] = new DeviceContext(driver, index);
            devices[index].setTf32(tf32);
        }
        return devices[index];
    }

    /** Contexts created so far (null entries for devices never used). */
    public synchronized DeviceContext[] startedDevices() { return devices.clone(); }

    private volatile boolean tf32;

    /** TF32 for float32 products, on every started device and those started later. */
    public synchronized void setAllowTf32(boolean allow) {
        tf32 = allow;
        for (DeviceContext d : devices) if (d != null) d.setTf32(allow);
    }

    public boolean allowTf32() { return tf32; }

    public String deviceName(int index) { return driver == null ? "test device " + index : driver.deviceName(driver.device(index)); }

    DeviceContext of(Tensor t) { return device(t.device().index()); }

    static CudaStorage storage(Tensor t) { return (CudaStorage) t.storage(); }

    static String sfx(DType t) { return DeviceContext.suffix(t); }

    @Override public Device.Type deviceType() { return Device.Type.CUDA; }

    @Override public CudaStorage allocate(DType dtype, int numel, Device device) {
        return device(Math.max(0, device.index())).allocate(dtype, numel, device);
    }

    @Override public ElementwiseKernels elementwise() { return elementwise; }

    @Override public ReduceKernels reduce() { return reduce; }

    @Override public IndexKernels index() { return index; }

    @Override public LinalgKernels linalg() { return linalg; }

    @Override public ConvKernels conv() { return conv; }

    @Override public NormKernels norm() { return norm; }

    @Override public PoolKernels pool() { return pool; }

    @Override public OptimKernels optim() { return optim; }
}
