package torch4j.utils.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/** {@code torch.utils.data.default_collate}: stacks tensors, and recurses into samples, arrays, maps and lists. */
public final class Collate {
    private Collate() {}

    /**
     * Same as torch.utils.data.default_collate: the result's type depends on the items (tensors and numbers give
     * a Tensor, samples a Sample, Tensor[] a Tensor[], maps a Map, lists a List), so the caller names it.
     */
    @SuppressWarnings("unchecked")
    public static <R> R defaultCollate(List<?> batch) {
        if (batch.isEmpty()) throw new TorchException("default_collate: empty batch");
        Object first = batch.getFirst();
        Object r = switch (first) {
            case Tensor t -> Torch.stack((List<Tensor>) (List<?>) batch, 0);
            case Sample s -> {
                List<Tensor> xs = new ArrayList<>(batch.size()), ys = new ArrayList<>(batch.size());
                for (Object o : batch) {
                    xs.add(((Sample) o).input());
                    ys.add(((Sample) o).target());
                }
                yield new Sample(Torch.stack(xs, 0), Torch.stack(ys, 0));
            }
            case Tensor[] arr -> {
                Tensor[] out = new Tensor[arr.length];
                for (int i = 0; i < arr.length; i++) {
                    List<Tensor> col = new ArrayList<>(batch.size());
                    for (Object o : batch) col.add(((Tensor[]) o)[i]);
                    out[i] = Torch.stack(col, 0);
                }
                yield out;
            }
            case Integer i -> numbers(batch, DType.INT64);
            case Long l -> numbers(batch, DType.INT64);
            case Short s -> numbers(batch, DType.INT64);
            case Byte s -> numbers(batch, DType.INT64);
            case Double d -> numbers(batch, DType.FLOAT64); // Python floats collate to float64, as PyTorch does
            case Float f -> numbers(batch, DType.FLOAT64);
            case Boolean b -> numbers(batch, DType.BOOL);
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Object k : m.keySet()) {
                    List<Object> col = new ArrayList<>(batch.size());
                    for (Object o : batch) col.add(((Map<?, ?>) o).get(k));
                    out.put(k, defaultCollate(col));
                }
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    List<Object> col = new ArrayList<>(batch.size());
                    for (Object o : batch) col.add(((List<?>) o).get(i));
                    out.add(defaultCollate(col));
                }
                yield out;
            }
            case String s -> batch;
            default -> throw new TorchException("default_collate: batch must contain tensors, numbers, samples, maps or "
                    + "lists; found " + first.getClass().getName());
        };
        return (R) r;
    }

    private static Tensor numbers(List<?> batch, DType dtype) {
        double[] v = new double[batch.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = batch.get(i);
            v[i] = o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).doubleValue();
        }
        if (dtype == DType.INT64) {
            long[] l = new long[v.length];
            for (int i = 0; i < v.length; i++) l[i] = ((Number) batch.get(i)).longValue();
            return Torch.tensor(l);
        }
        return Torch.tensor(v, dtype);
    }
}
