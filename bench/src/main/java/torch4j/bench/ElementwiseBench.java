package torch4j.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import torch4j.Tensor;
import torch4j.Torch;

/**
 * Out-of-place float32 elementwise ops and a full sum on 1M and 16M elements, torch4j and PyTorch in the same run,
 * same thread count (-Dthreads, default torch4j's default). Per op and size: {@code <op>_<size>_ns_per_elem},
 * {@code <op>_<size>_gbs} (bytes that must move: 12 per element for add/mul, 8 for unary ops, 4 for sum), the
 * PyTorch twins prefixed {@code torch_}, and {@code <op>_<size>_ratio_vs_torch} = PyTorch time / torch4j time
 * (above 1: torch4j faster).
 */
public final class ElementwiseBench {
    public static void main(String[] args) {
        int threads = Integer.getInteger("threads", Torch.getNumThreads());
        Torch.setNumThreads(threads);
        Bench.out("elementwise_threads", threads);
        Bench.load("start");
        String[] sizes = System.getProperty("sizes", "1m,16m").split(",");
        String[] ops = {"add", "mul", "exp", "relu", "sigmoid", "sum"};
        Torch.manualSeed(0);
        for (String label : sizes) {
            int n = Integer.parseInt(label.substring(0, label.length() - 1)) << 20;
            Tensor a = Torch.randn(n), b = Torch.randn(n);
            for (String op : ops) {
                Supplier<Tensor> f = switch (op) {
                    case "add" -> () -> a.add(b);
                    case "mul" -> () -> a.mul(b);
                    case "exp" -> a::exp;
                    case "relu" -> a::relu;
                    case "sigmoid" -> a::sigmoid;
                    default -> a::sum;
                };
                Tensor[] sink = new Tensor[1];
                double s = Bench.medianSecondsPerCall(() -> sink[0] = f.get());
                Bench.out(op + "_" + label + "_ns_per_elem", s / n * 1e9);
                Bench.out(op + "_" + label + "_gbs", bytesPerElem(op) * (double) n / s / 1e9);
            }
        }
        Bench.load("end");
        if (Bench.runTorch("bench_torch_elementwise.py", List.of("--sizes", String.join(",", sizes),
                "--threads", Integer.toString(threads)), Map.of("OMP_NUM_THREADS", Integer.toString(threads)))) {
            for (String label : sizes)
                for (String op : ops) {
                    String k = op + "_" + label;
                    Double t = Bench.RESULTS.get("torch_" + k + "_ns_per_elem");
                    if (t != null) Bench.out("torch_" + k + "_gbs", bytesPerElem(op) / t);
                    Bench.ratio(k + "_ratio_vs_torch", "torch_" + k + "_ns_per_elem", k + "_ns_per_elem");
                }
        }
    }

    private static int bytesPerElem(String op) {
        return switch (op) {
            case "add", "mul" -> 12;
            case "sum" -> 4;
            default -> 8;
        };
    }
}
