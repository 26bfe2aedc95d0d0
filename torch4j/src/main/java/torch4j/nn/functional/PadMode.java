package torch4j.nn.functional;

/** The {@code mode} of torch.nn.functional.pad. */
public enum PadMode {
    /** Pads with a constant value (any number of trailing dims). */
    CONSTANT("constant"),
    /** Mirrors the input without repeating the edge (1 to 3 trailing dims). */
    REFLECT("reflect"),
    /** Repeats the edge value (1 to 3 trailing dims). */
    REPLICATE("replicate"),
    /** Wraps around (1 to 3 trailing dims). */
    CIRCULAR("circular");

    private final String pyName;

    PadMode(String pyName) { this.pyName = pyName; }

    /** The mode string PyTorch uses. */
    public String pyName() { return pyName; }
}
