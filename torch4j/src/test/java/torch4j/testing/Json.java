package torch4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test reference files read with the library's own JSON reader ({@link torch4j.io.Json}): objects become
 * {@link java.util.LinkedHashMap}s in file order, arrays {@link java.util.ArrayList}s, integers {@link Long}, other
 * numbers {@link Double} (correctly rounded, so Python's {@code repr} of a double round-trips exactly).
 */
public final class Json {
    private Json() {}

    /** Parses one JSON value; trailing non-whitespace is an error. */
    public static Object parse(String text) { return torch4j.io.Json.parse(text); }

    /** Parses a JSON classpath resource (e.g. "/refs/optim.json"); fails clearly when it is missing. */
    public static Object resource(String path) {
        try (InputStream in = Json.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing test resource " + path);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, Object> OBJECTS = new ConcurrentHashMap<>();

    /** The JSON object of a classpath resource, parsed once per JVM (for readers that consult it case by case). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cachedObject(String path) {
        return (Map<String, Object>) OBJECTS.computeIfAbsent(path, Json::resource);
    }

    /** A reference number: a JSON number, or one of the strings "nan", "inf", "-inf". */
    public static double num(Object o) {
        if (o instanceof Number n) return n.doubleValue();
        return switch ((String) o) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException(o.toString());
        };
    }

    /** A JSON list of integers. */
    public static int[] ints(Object o) { return ((List<?>) o).stream().mapToInt(v -> ((Number) v).intValue()).toArray(); }

    /** A JSON list of reference numbers (see {@link #num}); null for a JSON null. */
    public static double[] doubles(Object o) {
        return o == null ? null : ((List<?>) o).stream().mapToDouble(Json::num).toArray();
    }
}
