package torch4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader and writer for safetensors headers and checkpoint metadata (torch4j has no JSON
 * dependency). Objects read as {@link LinkedHashMap} in file order, arrays as {@link ArrayList}, integers as
 * {@link Long}, other numbers as {@link Double}. Errors are {@link IllegalArgumentException}s with a position that
 * callers wrap into a TorchException naming the file.
 */
public final class Json {
    /** Bounds recursion, so that a hostile "[[[[…" header fails cleanly instead of overflowing the stack. */
    static final int MAX_DEPTH = 512;

    private final String s;
    private int pos;

    private Json(String s) { this.s = s; }

    /** Parses one JSON value; only whitespace may follow it. */
    public static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) throw p.error("unexpected '" + text.charAt(p.pos) + "' after the JSON value");
        return v;
    }

    private IllegalArgumentException error(String msg) { return new IllegalArgumentException(msg + " at character " + pos); }

    private void ws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            pos++;
        }
    }

    private char peek() {
        ws();
        if (pos >= s.length()) throw error("unexpected end of JSON");
        return s.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "' but found '" + s.charAt(pos) + "'");
        pos++;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        char c = peek();
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                if (peek() == '}') {
                    pos++;
                    return m;
                }
                while (true) {
                    if (peek() != '"') throw error("expected a string key");
                    int at = pos;
                    String k = string();
                    expect(':');
                    Object v = value(depth + 1);
                    // duplicates are ambiguous (readers disagree on which wins), so they are refused
                    if (m.containsKey(k)) {
                        pos = at;
                        throw error("duplicate key " + quote(k));
                    }
                    m.put(k, v);
                    char d = peek();
                    pos++;
                    if (d == '}') return m;
                    if (d != ',') {
                        pos--;
                        throw error("expected ',' or '}'");
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> l = new ArrayList<>();
                if (peek() == ']') {
                    pos++;
                    return l;
                }
                while (true) {
                    l.add(value(depth + 1));
                    char d = peek();
                    pos++;
                    if (d == ']') return l;
                    if (d != ',') {
                        pos--;
                        throw error("expected ',' or ']'");
                    }
                }
            }
            case '"' -> { return string(); }
            case 't' -> { return literal("true", Boolean.TRUE); }
            case 'f' -> { return literal("false", Boolean.FALSE); }
            case 'n' -> { return literal("null", null); }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected '" + c + "'");
            }
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) throw error("unexpected '" + s.charAt(pos) + "'");
        pos += word.length();
        return v;
    }

    private Object number() {
        int start = pos;
        if (s.charAt(pos) == '-') pos++;
        if (pos < s.length() && s.charAt(pos) == '0') pos++;
        else if (!digits()) throw error("invalid number");
        boolean integral = true;
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            integral = false;
            if (!digits()) throw error("invalid number: digits expected after '.'");
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            integral = false;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) pos++;
            if (!digits()) throw error("invalid number: digits expected in the exponent");
        }
        String text = s.substring(start, pos);
        if (!integral) return Double.parseDouble(text);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("integer " + text + " does not fit in 64 bits");
        }
    }

    private boolean digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
        return pos > start;
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) throw error("unterminated string");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) throw error("unterminated string");
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) throw error("truncated \\u escape");
                    int cp = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0) throw error("invalid \\u escape");
                        cp = cp * 16 + d;
                    }
                    pos += 4;
                    sb.append((char) cp);
                }
                default -> {
                    pos--;
                    throw error("invalid escape '\\" + e + "'");
                }
            }
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Compact JSON of a tree of String-keyed maps, lists, strings, booleans, null, integral numbers and finite
     * doubles (written with Double.toString, so they always read back as Double, bit for bit).
     */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        // never write what parse() would refuse to read back
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("structure nested deeper than " + MAX_DEPTH + " levels");
        switch (v) {
            case null -> sb.append("null");
            case String str -> quote(sb, str);
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case Short i -> sb.append(i);
            case Byte i -> sb.append(i);
            case Double d -> {
                if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON has no " + d);
                sb.append(d);
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k)) throw new IllegalArgumentException("JSON keys must be strings, got " + e.getKey());
                    if (!first) sb.append(',');
                    first = false;
                    quote(sb, k);
                    sb.append(':');
                    write(sb, e.getValue(), depth + 1);
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(',');
                    write(sb, l.get(i), depth + 1);
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    static String quote(String str) {
        StringBuilder sb = new StringBuilder();
        quote(sb, str);
        return sb.toString();
    }

    private static void quote(StringBuilder sb, String str) {
        sb.append('"');
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else if (Character.isSurrogate(c)) {
                        // a lone surrogate has no UTF-8 form; the escape keeps the string intact for Java readers
                        boolean pair = Character.isHighSurrogate(c) && i + 1 < str.length() && Character.isLowSurrogate(str.charAt(i + 1));
                        if (pair) sb.append(c).append(str.charAt(++i));
                        else sb.append(String.format("\\u%04x", (int) c));
                    } else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
