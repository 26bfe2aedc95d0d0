package torch4j.nn;

/** Same as {@code torch.nn.ReLU6}: min(max(0, x), 6), a Hardtanh(0, 6). */
public class ReLU6 extends Hardtanh {
    /** Same as torch.nn.ReLU6(). */
    public ReLU6() { super(0.0, 6.0); }

    @Override public String extraRepr() { return ""; }
}
