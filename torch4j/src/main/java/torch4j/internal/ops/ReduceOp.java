package torch4j.internal.ops;

/** The reductions a backend computes; mean, var, norms and the rest are composed from these. */
public enum ReduceOp {
    SUM, PROD, MAX, MIN
}
