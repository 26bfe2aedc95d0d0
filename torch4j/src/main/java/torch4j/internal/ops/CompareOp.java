package torch4j.internal.ops;

/** Comparisons and logical ops: bool output, no gradient. */
public enum CompareOp {
    EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR;

    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case LOGICAL_AND -> a != 0 && b != 0;
            case LOGICAL_OR -> a != 0 || b != 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0);
        };
    }

    public boolean test(long a, long b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case LOGICAL_AND -> a != 0 && b != 0;
            case LOGICAL_OR -> a != 0 || b != 0;
            case LOGICAL_XOR -> (a != 0) != (b != 0);
        };
    }
}
