package torch4j.cuda.internal;

import torch4j.TorchException;

/** A failed CUDA, cuBLAS or NVRTC call, named with its status as PyTorch's "CUDA error: …" messages are. */
public final class CudaException extends TorchException {
    private final int status;

    public CudaException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The library's status code. */
    public int status() { return status; }
}
