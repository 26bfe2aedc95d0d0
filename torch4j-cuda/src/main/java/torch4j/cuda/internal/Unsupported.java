package torch4j.cuda.internal;

import java.lang.reflect.Proxy;

/** A kernel family, or single kernels, that the CUDA backend does not have yet: each call says which. */
final class Unsupported {
    private Unsupported() {}

    static UnsupportedOperationException op(String name) {
        return new UnsupportedOperationException(name + " is not yet implemented on CUDA");
    }

    /** Every method of the family throws {@link #op} with its name. */
    static <T> T of(Class<T> family) {
        return family.cast(Proxy.newProxyInstance(family.getClassLoader(), new Class<?>[]{family}, (self, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> "unsupported " + family.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    default -> self == args[0];
                };
            }
            throw op(family.getSimpleName() + "." + m.getName());
        }));
    }
}
