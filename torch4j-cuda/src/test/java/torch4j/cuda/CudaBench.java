package torch4j.cuda;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.nn.Linear;
import torch4j.nn.Module;
import torch4j.nn.ReLU;
import torch4j.nn.Sequential;
import torch4j.nn.functional.F;
import torch4j.optim.SGD;

/**
 * GPU figures as key=value lines, the counterpart of tools/bench_torch_cuda.py: GEMM TFLOP/s (float32 with TF32 off,
 * bfloat16), elementwise add bandwidth, and an MNIST-MLP training step. Times are medians of repeats after warm-up,
 * each bracketed by a stream synchronisation. Options: -Dsizes=8192 -Drepeats=10.
 */
public final class CudaBench {
    private static final Device GPU = Device.cuda(0);

    private CudaBench() {}

    interface Work { void run(); }

    static double medianSeconds(int warmup, int repeats, Work w) {
        for (int i = 0; i < warmup; i++) w.run();
        Cuda.synchronize();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            w.run();
            Cuda.synchronize();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }

    public static void main(String[] args) {
        if (!Cuda.isAvailable()) {
            System.out.println("cuda_available=false reason=" + Cuda.unavailableReason());
            System.exit(1);
        }
        System.out.println("device=" + Cuda.getDeviceName(0).replace(' ', '_'));
        int repeats = Integer.getInteger("repeats", 10);
        for (String sz : System.getProperty("sizes", "4096,8192").split(",")) {
            int n = Integer.parseInt(sz.trim());
            for (DType t : new DType[]{DType.FLOAT32, DType.BFLOAT16}) {
                Torch.manualSeed(0);
                Tensor a = Torch.randn(n, n).to(GPU, t), b = Torch.randn(n, n).to(GPU, t);
                double s = medianSeconds(2, repeats, () -> a.mm(b));
                System.out.printf("gemm_%s_%d_tflops=%.1f%n", t.scalarName().toLowerCase(), n, 2.0 * n * n * n / s / 1e12);
            }
        }
        int m = 1 << 26;
        Tensor x = Torch.randn(m).to(GPU), y = Torch.randn(m).to(GPU);
        double s = medianSeconds(3, repeats, () -> x.add(y));
        System.out.printf("add_64m_gbps=%.0f%n", 3.0 * 4 * m / s / 1e9);
        Torch.manualSeed(0);
        Module mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)).to(GPU);
        SGD opt = new SGD(mlp.parameters(), new SGD.Options(0.01).momentum(0.9));
        Tensor in = Torch.randn(64, 784).to(GPU);
        Tensor target = Torch.randint(0, 10, new int[]{64}).to(GPU);
        s = medianSeconds(20, 200, () -> {
            opt.zeroGrad();
            F.crossEntropy(mlp.forward(in), target).backward();
            opt.step();
        });
        System.out.printf("mlp_step_batch64_us=%.1f%n", s * 1e6);
        System.out.println("memory_allocated_mib=" + Cuda.memoryAllocated() / (1 << 20)
                + " max_memory_allocated_mib=" + Cuda.maxMemoryAllocated() / (1 << 20));
    }
}
