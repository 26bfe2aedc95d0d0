package torch4j;

/** The unchecked error torch4j raises where PyTorch raises {@code RuntimeError}; messages follow PyTorch's wording. */
public class TorchException extends RuntimeException {
    public TorchException(String message) { super(message); }

    public TorchException(String message, Throwable cause) { super(message, cause); }
}
