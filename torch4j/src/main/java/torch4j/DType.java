package torch4j;

/**
 * Element types, as {@code torch.dtype}. {@code toString()} prints PyTorch's name ({@code torch.float32}).
 * Type promotion follows {@code torch.result_type}: bool &lt; integers &lt; floating point, wider wins inside a
 * category, and {@code uint8} with a signed integer type promotes to the next wider signed type.
 */
public enum DType {
    BOOL(1, "torch.bool", Kind.BOOL, 0),
    UINT8(1, "torch.uint8", Kind.INT, 1),
    INT8(1, "torch.int8", Kind.INT, 1),
    INT16(2, "torch.int16", Kind.INT, 2),
    INT32(4, "torch.int32", Kind.INT, 3),
    INT64(8, "torch.int64", Kind.INT, 4),
    FLOAT16(2, "torch.float16", Kind.FLOAT, 5),
    BFLOAT16(2, "torch.bfloat16", Kind.FLOAT, 5),
    FLOAT32(4, "torch.float32", Kind.FLOAT, 6),
    FLOAT64(8, "torch.float64", Kind.FLOAT, 7);

    /** The category used by type promotion. */
    public enum Kind { BOOL, INT, FLOAT }

    private final int itemSize;
    private final String torchName;
    private final Kind kind;
    private final int rank;

    DType(int itemSize, String torchName, Kind kind, int rank) {
        this.itemSize = itemSize;
        this.torchName = torchName;
        this.kind = kind;
        this.rank = rank;
    }

    /** Bytes per element. */
    public int itemSize() { return itemSize; }

    public Kind kind() { return kind; }

    public boolean isFloatingPoint() { return kind == Kind.FLOAT; }

    /** True for bool and the integer types. */
    public boolean isIntegral(boolean includeBool) { return kind == Kind.INT || (includeBool && kind == Kind.BOOL); }

    /** The default floating dtype (float32), as {@code torch.get_default_dtype()}. */
    public static DType defaultFloat() { return FLOAT32; }

    /** {@code torch.promote_types(a, b)}. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.kind != b.kind) return a.kind.ordinal() > b.kind.ordinal() ? a : b;
        if (a.kind == Kind.FLOAT) {
            if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) return FLOAT32;
            return a.rank >= b.rank ? a : b;
        }
        // integers: uint8 with int8 -> int16; otherwise the wider one
        if ((a == UINT8 && b == INT8) || (a == INT8 && b == UINT8)) return INT16;
        return a.rank >= b.rank ? a : b;
    }

    /** PyTorch's C++ scalar type name, as error messages print it ("expected scalar type Float but found Double"). */
    public String scalarName() {
        return switch (this) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case INT16 -> "Short";
            case INT8 -> "Char";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
        };
    }

    /** The numpy type string, as used by .npy headers ({@code <f4}). */
    public String numpyDescr() {
        return switch (this) {
            case BOOL -> "|b1";
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case INT64 -> "<i8";
            case FLOAT16 -> "<f2";
            case BFLOAT16 -> throw new TorchException("numpy has no bfloat16");
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
        };
    }

    @Override public String toString() { return torchName; }
}
