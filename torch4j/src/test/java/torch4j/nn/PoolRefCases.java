package torch4j.nn;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The refs/pool.json cases and error cases of the ops a subclass covers, each run through {@link PoolRefs}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PoolRefCases {
    /** Whether this test class covers the torch.nn.functional op of a case. */
    abstract boolean covers(String op);

    Stream<Arguments> cases() { return PoolRefs.cases("cases", this::covers); }

    Stream<Arguments> errors() { return PoolRefs.cases("errors", this::covers); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(String id, Map<String, Object> c) { PoolRefs.check(c); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorMessages(String id, Map<String, Object> e) { PoolRefs.checkError(e); }
}
