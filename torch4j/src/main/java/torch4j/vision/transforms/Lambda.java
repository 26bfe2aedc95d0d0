package torch4j.vision.transforms;

import java.util.Objects;
import java.util.function.Function;

/** {@code torchvision.transforms.Lambda}: a user function as a transform. */
public final class Lambda implements Transform {
    private final Function<Object, Object> lambd;

    public Lambda(Function<Object, Object> lambd) { this.lambd = Objects.requireNonNull(lambd, "Argument lambd should be callable, got 'NoneType'"); }

    @Override public Object apply(Object input) { return lambd.apply(input); }

    @Override public String toString() { return "Lambda()"; }
}
