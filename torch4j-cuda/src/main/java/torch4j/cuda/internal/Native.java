package torch4j.cuda.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** Small FFM helpers shared by the driver, cuBLAS and NVRTC bindings: every C entry point returns a status int. */
final class Native {
    private Native() {}

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final ValueLayout PTR = ValueLayout.ADDRESS;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;

    /** A downcall to name returning int, or an error naming the missing symbol. */
    static MethodHandle fn(SymbolLookup lib, String library, String name, MemoryLayout... args) {
        var sym = lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(library + " has no symbol " + name));
        return Linker.nativeLinker().downcallHandle(sym, FunctionDescriptor.of(INT, args));
    }

    /** Rethrows what a downcall threw (it only throws on a binding bug), unchecked. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
