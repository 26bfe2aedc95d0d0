package torch4j.nn;

/** The {@code reduction} keyword argument (default MEAN) that every loss's Options has. */
@SuppressWarnings("unchecked")
abstract class LossOptions<O extends LossOptions<O>> {
    private Reduction reduction = Reduction.MEAN;

    public O reduction(Reduction r) {
        reduction = r;
        return (O) this;
    }

    public Reduction reduction() { return reduction; }
}
