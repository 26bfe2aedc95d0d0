package torch4j;

/**
 * Where a tensor lives, as {@code torch.device}: {@link #CPU} or {@code cuda(i)}. Printed as PyTorch does
 * ({@code cpu}, {@code cuda:0}).
 */
public record Device(Type type, int index) {
    /** Device kinds. Backends are looked up by kind. */
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, -1);

    public Device {
        if (type == Type.CPU && index > 0) throw new TorchException("CPU device index must be -1 or zero, got " + index);
    }

    /** {@code torch.device("cuda", index)}. */
    public static Device cuda(int index) {
        if (index < 0) throw new TorchException("Device index must not be negative, got " + index);
        return new Device(Type.CUDA, index);
    }

    /** {@code torch.device("cuda:0")}: same as {@link #parse}. */
    public static Device of(String s) { return parse(s); }

    /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:1"}. */
    public static Device parse(String s) {
        String t = s.trim();
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                throw new TorchException("Invalid device string: '" + s + "'");
            }
        }
        throw new TorchException("Expected one of cpu, cuda device type at start of device string: " + s);
    }

    public boolean isCpu() { return type == Type.CPU; }

    @Override public String toString() {
        String n = type.name().toLowerCase(java.util.Locale.ROOT);
        return index < 0 ? n : n + ":" + index;
    }
}
