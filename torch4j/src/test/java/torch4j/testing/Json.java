package torch4j.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, dependency-free JSON parser for the test reference files.
 *
 * <p>Objects become {@link LinkedHashMap}{@code <String, Object>} (key order kept), arrays {@link ArrayList},
 * strings {@link String}, {@code true/false} {@link Boolean}, {@code null} {@code null}. A number written without
 * fraction or exponent that fits in a {@code long} becomes a {@link Long}; any other number a {@link Double}
 * (parsed with {@link Double#parseDouble}, which is correctly rounded, so Python's {@code repr} of a double
 * round-trips exactly).
 */
public final class Json {
    private final String s;
    private int pos;

    private Json(String s) { this.s = s; }

    /** Parses one JSON value; trailing non-whitespace is an error. */
    /** Parses a JSON classpath resource (e.g. "/refs/optim.json"); fails clearly when it is missing. */
    public static Object resource(String path) {
        try (java.io.InputStream in = Json.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing test resource " + path);
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWs();
        Object v = p.value();
        p.skipWs();
        if (p.pos != p.s.length()) throw p.error("trailing characters");
        return v;
    }

    private IllegalArgumentException error(String msg) {
        int lo = Math.max(0, pos - 30), hi = Math.min(s.length(), pos + 30);
        return new IllegalArgumentException("JSON: " + msg + " at offset " + pos + " near '" + s.substring(lo, hi) + "'");
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') pos++;
            else break;
        }
    }

    private Object value() {
        if (pos >= s.length()) throw error("unexpected end");
        char c = s.charAt(pos);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected character '" + c + "'");
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) throw error("expected " + word);
        pos += word.length();
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++; // {
        skipWs();
        if (peek() == '}') { pos++; return m; }
        while (true) {
            skipWs();
            if (peek() != '"') throw error("expected a key");
            String key = string();
            skipWs();
            if (peek() != ':') throw error("expected ':'");
            pos++;
            skipWs();
            m.put(key, value());
            skipWs();
            char c = peek();
            pos++;
            if (c == '}') return m;
            if (c != ',') { pos--; throw error("expected ',' or '}'"); }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++; // [
        skipWs();
        if (peek() == ']') { pos++; return list; }
        while (true) {
            skipWs();
            list.add(value());
            skipWs();
            char c = peek();
            pos++;
            if (c == ']') return list;
            if (c != ',') { pos--; throw error("expected ',' or ']'"); }
        }
    }

    private char peek() {
        if (pos >= s.length()) throw error("unexpected end");
        return s.charAt(pos);
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos >= s.length()) throw error("unterminated string");
            char c = s.charAt(pos);
            if (c == '"') {
                String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                pos++;
                return out;
            }
            if (c == '\\') {
                if (sb == null) sb = new StringBuilder();
                sb.append(s, start, pos);
                pos++;
                char e = peek();
                pos++;
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("bad \\u escape");
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> { pos--; throw error("bad escape '\\" + e + "'"); }
                }
                start = pos;
                continue;
            }
            if (c < 0x20) throw error("control character in string");
            pos++;
        }
    }

    private Object number() {
        int start = pos;
        boolean integral = true;
        if (s.charAt(pos) == '-') pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9') pos++;
            else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') { integral = false; pos++; }
            else break;
        }
        String t = s.substring(start, pos);
        if (t.equals("-")) throw error("bad number");
        try {
            if (integral) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException tooBig) {
                    return Double.parseDouble(t);
                }
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("bad number '" + t + "'");
        }
    }
}
