package torch4j;

/**
 * The (values, indices) pair that max/min over a dim, sort, topk and median return, as PyTorch's
 * {@code torch.return_types}. Only {@code values} carries autograd history; {@code indices} is int64.
 * <pre>{@code
 * var r = x.max(1);
 * r.values();    // the maxima
 * r.indices();   // where they are
 * }</pre>
 */
public record ValuesIndices(Tensor values, Tensor indices) {
    @Override public String toString() {
        return "ValuesIndices(\nvalues=" + values + ",\nindices=" + indices + ")";
    }
}
