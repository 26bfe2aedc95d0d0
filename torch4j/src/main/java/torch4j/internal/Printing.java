package torch4j.internal;

import torch4j.Tensor;

/** Formats tensors as PyTorch's repr (being written). */
public final class Printing {
    private Printing() {}

    public static String repr(Tensor t) {
        return "tensor(" + java.util.Arrays.toString(t.toDoubleArray()) + ")";
    }
}
