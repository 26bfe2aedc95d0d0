package torch4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;
import torch4j.internal.Shapes;
import torch4j.internal.ops.Views;

/**
 * NumPy's {@code .npy} and {@code .npz} files, as {@code np.load}, {@code np.save}, {@code np.savez} and
 * {@code np.savez_compressed}, with tensors in place of arrays ({@code torch.from_numpy(np.load(f))}).
 * Reads format versions 1.0, 2.0 and 3.0, either byte order, C or Fortran order, and the dtypes torch4j has:
 * {@code b1 u1 i1 i2 i4 i8 f2 f4 f8}. Writes little-endian C-order files byte-identical to numpy's.
 * Unlike numpy, paths are used as given ({@code .npy}/{@code .npz} is not appended). I/O failures throw
 * {@link UncheckedIOException}; malformed or unsupported files throw {@link TorchException} naming the file.
 * <pre>{@code
 * Numpy.save(Path.of("w.npy"), weight);
 * Tensor w = Numpy.load(Path.of("w.npy"));
 * Numpy.savez(Path.of("state.npz"), Map.of("w", w, "b", b));
 * Map<String, Tensor> state = Numpy.loadNpz(Path.of("state.npz"));
 * }</pre>
 */
public final class Numpy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the data to 64 bytes so that it can be memory-mapped. */
    private static final int ALIGN = 64;
    /** numpy leaves room in the header for the growing axis to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Far above any real header; stops a corrupt length from allocating gigabytes. */
    private static final int MAX_HEADER = 1 << 24;
    private static final int CHUNK = 1 << 16;

    private Numpy() {}

    // ------------------------------------------------------------------ .npy

    /** Same as np.load for a .npy file: the array as a new CPU tensor of the matching dtype. */
    public static Tensor load(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), CHUNK)) {
            return read(in, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads one .npy array from a stream (left positioned after the array's data); name is used in errors. */
    public static Tensor load(InputStream in, String name) {
        try {
            return read(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Same as np.save: writes the tensor's values (detached, on the CPU) as a .npy file. */
    public static void save(Path path, Tensor t) {
        byte[] header = header(t);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), CHUNK)) {
            write(out, header, t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes one .npy array to a stream (not closed). */
    public static void save(OutputStream out, Tensor t) {
        byte[] header = header(t);
        try {
            write(out, header, t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write .npy data: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ .npz

    /**
     * Same as np.load for a .npz archive: every {@code name.npy} entry (stored or deflated) under its name
     * without the {@code .npy}, in archive order. Entries that are not .npy files are skipped.
     */
    public static Map<String, Tensor> loadNpz(Path path) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                String key = e.getName().substring(0, e.getName().length() - 4);
                String name = path + "[" + e.getName() + "]";
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), CHUNK)) {
                    out.put(key, read(in, name));
                } catch (ZipException | EOFException z) {
                    throw new TorchException(name + ": corrupt archive entry: " + z.getMessage(), z);
                }
            }
        } catch (ZipException | EOFException e) { // a damaged central directory ends early: EOFException
            throw new TorchException(path + ": not a valid .npz (zip) archive: " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Same as np.savez(file, **arrays): an uncompressed archive with one {@code key.npy} per entry. */
    public static void savez(Path path, Map<String, Tensor> arrays) { writeNpz(path, arrays, false); }

    /** Same as np.savez(file, *arrays): entries named {@code arr_0}, {@code arr_1}, … */
    public static void savez(Path path, Tensor... arrays) { writeNpz(path, positional(arrays), false); }

    /** Same as np.savez_compressed(file, **arrays): deflated entries. */
    public static void savezCompressed(Path path, Map<String, Tensor> arrays) { writeNpz(path, arrays, true); }

    /** Same as np.savez_compressed(file, *arrays). */
    public static void savezCompressed(Path path, Tensor... arrays) { writeNpz(path, positional(arrays), true); }

    private static Map<String, Tensor> positional(Tensor[] arrays) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < arrays.length; i++) m.put("arr_" + i, arrays[i]);
        return m;
    }

    private static void writeNpz(Path path, Map<String, Tensor> arrays, boolean compress) {
        // headers first, so that an unsupported dtype fails before the file is touched
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (var e : arrays.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) throw new TorchException("savez: null name or tensor");
            headers.put(e.getKey(), header(e.getValue()));
        }
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(path), CHUNK))) {
            for (var e : arrays.entrySet()) {
                byte[] header = headers.get(e.getKey());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (compress) entry.setMethod(ZipEntry.DEFLATED);
                else {
                    // a stored entry needs its size and CRC up front: serialise once into a checksum
                    CRC32 crc = new CRC32();
                    long[] size = {0};
                    try (var counter = new CheckedOutputStream(new OutputStream() {
                        @Override public void write(int b) { size[0]++; }

                        @Override public void write(byte[] b, int off, int len) { size[0] += len; }
                    }, crc)) {
                        write(counter, header, e.getValue());
                    }
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(size[0]);
                    entry.setCompressedSize(size[0]);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                write(zip, header, e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ reading

    private static Tensor read(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4)
            throw new TorchException(name + ": is a .npz (zip) archive, not a .npy file; use Numpy.loadNpz");
        for (int i = 0; i < MAGIC.length; i++)
            if (i >= magic.length || magic[i] != MAGIC[i])
                throw new TorchException(name + ": not a .npy file (the magic string \\x93NUMPY is missing)");
        if (magic.length < 8) throw new TorchException(name + ": truncated .npy header");
        int major = magic[6] & 0xFF, minor = magic[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3)
            throw new TorchException(name + ": unsupported .npy format version " + major + "." + minor
                    + " (torch4j reads 1.0, 2.0 and 3.0)");
        byte[] lenBytes = in.readNBytes(major == 1 ? 2 : 4);
        if (lenBytes.length < (major == 1 ? 2 : 4)) throw new TorchException(name + ": truncated .npy header");
        long hlen = major == 1 ? (lenBytes[0] & 0xFF) | (lenBytes[1] & 0xFF) << 8
                : ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (hlen > MAX_HEADER) throw new TorchException(name + ": .npy header length " + hlen + " is implausibly large");
        byte[] hb = in.readNBytes((int) hlen);
        if (hb.length < hlen)
            throw new TorchException(name + ": truncated .npy header (" + hb.length + " of " + hlen + " bytes)");
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = Header.parse(text, name);

        int[] shape = h.shape;
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8)
                throw new TorchException(name + ": array of shape " + Shapes.str(shape) + " is too large (at most 2^31 elements)");
        }
        int[] layout = shape.clone();
        if (h.fortran) for (int i = 0; i < shape.length; i++) layout[i] = shape[shape.length - 1 - i];
        Tensor t = Tensor.empty(layout, h.dtype, Device.CPU);
        readData(in, (CpuStorage) t.storage(), (int) n, h.order, name);
        if (!h.fortran || shape.length < 2) return t;
        // Fortran order is C order of the reversed shape: reverse the dims back and lay them out in C order
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) perm[i] = perm.length - 1 - i;
        try (var _ = GradMode.scope(false)) {
            return Views.contiguous(t.permute(perm));
        }
    }

    private static void readData(InputStream in, CpuStorage s, int n, ByteOrder order, String name) throws IOException {
        DType dt = s.dtype();
        int item = dt.itemSize();
        long total = (long) n * item;
        byte[] buf = new byte[(int) Math.min(total, CHUNK)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        int done = 0; // elements
        while (done < n) {
            int count = Math.min(n - done, buf.length / item);
            int want = count * item;
            int got = in.readNBytes(buf, 0, want);
            if (got < want)
                throw new TorchException(name + ": truncated .npy data: the header promises " + total + " bytes ("
                        + n + " elements of " + item + " bytes), the file holds " + ((long) done * item + got));
            bb.clear();
            switch (dt) {
                case FLOAT32 -> bb.asFloatBuffer().get(s.f32(), done, count);
                case FLOAT64 -> bb.asDoubleBuffer().get(s.f64(), done, count);
                case INT64 -> bb.asLongBuffer().get(s.i64(), done, count);
                case INT32 -> bb.asIntBuffer().get(s.i32(), done, count);
                case INT16, FLOAT16 -> bb.asShortBuffer().get(s.i16(), done, count);
                case INT8, UINT8 -> System.arraycopy(buf, 0, s.i8(), done, count);
                case BOOL -> {
                    byte[] a = s.i8();
                    for (int i = 0; i < count; i++) a[done + i] = (byte) (buf[i] != 0 ? 1 : 0);
                }
                case BFLOAT16 -> throw new AssertionError("numpy has no bfloat16");
            }
            done += count;
        }
    }

    /** The parsed header dictionary: {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. */
    private record Header(DType dtype, ByteOrder order, boolean fortran, int[] shape) {
        static Header parse(String text, String name) {
            Object v;
            try {
                PyLiteral p = new PyLiteral(text);
                v = p.value();
                p.end();
            } catch (IllegalArgumentException e) {
                throw new TorchException(name + ": cannot parse the .npy header " + quote(text) + ": " + e.getMessage());
            }
            if (!(v instanceof Map<?, ?> m))
                throw new TorchException(name + ": the .npy header is not a dictionary: " + quote(text));
            for (String k : List.of("descr", "fortran_order", "shape"))
                if (!m.containsKey(k)) throw new TorchException(name + ": the .npy header has no '" + k + "' key: " + quote(text));
            Object descr = m.get("descr");
            if (!(descr instanceof String d))
                throw new TorchException(name + ": unsupported numpy dtype " + PyLiteral.repr(descr)
                        + " (structured arrays are not supported; torch4j reads b1, u1, i1, i2, i4, i8, f2, f4, f8)");
            if (!(m.get("fortran_order") instanceof Boolean fortran))
                throw new TorchException(name + ": 'fortran_order' must be True or False, got " + PyLiteral.repr(m.get("fortran_order")));
            Object shapeValue = m.get("shape") instanceof Tuple(List<Object> items) ? items : m.get("shape");
            if (!(shapeValue instanceof List<?> dims))
                throw new TorchException(name + ": 'shape' must be a tuple of ints, got " + PyLiteral.repr(m.get("shape")));
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(dims.get(i) instanceof Long x) || x < 0 || x > Integer.MAX_VALUE)
                    throw new TorchException(name + ": 'shape' must be a tuple of non-negative ints, got " + PyLiteral.repr(m.get("shape")));
                shape[i] = (int) (long) x;
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            String code = d;
            if (!code.isEmpty() && "<>|=".indexOf(code.charAt(0)) >= 0) {
                if (code.charAt(0) == '>') order = ByteOrder.BIG_ENDIAN;
                code = code.substring(1);
            }
            DType dt = switch (code) {
                case "b1", "?" -> DType.BOOL;
                case "u1", "B" -> DType.UINT8;
                case "i1", "b" -> DType.INT8;
                case "i2", "h" -> DType.INT16;
                case "i4", "i" -> DType.INT32;
                case "i8", "q", "l" -> DType.INT64;
                case "f2", "e" -> DType.FLOAT16;
                case "f4", "f" -> DType.FLOAT32;
                case "f8", "d" -> DType.FLOAT64;
                default -> throw new TorchException(name + ": unsupported numpy dtype '" + d + "'" + hint(code)
                        + "; torch4j reads b1, u1, i1, i2, i4, i8, f2, f4, f8");
            };
            return new Header(dt, order, fortran, shape);
        }

        private static String hint(String code) {
            if (code.isEmpty()) return "";
            return switch (code.charAt(0)) {
                case 'c' -> " (complex)";
                case 'O' -> " (Python objects)";
                case 'U', 'S', 'a' -> " (strings)";
                case 'M', 'm' -> " (datetime)";
                case 'V' -> " (raw bytes)";
                case 'u' -> " (unsigned integers wider than 8 bits, which PyTorch 1.13 lacks)";
                default -> "";
            };
        }

        private static String quote(String s) {
            String t = s.strip();
            return "\"" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"";
        }
    }

    /** A Python tuple, told apart from a list only so that errors quote the header faithfully. */
    private record Tuple(List<Object> items) {}

    /** A reader for the Python literals a .npy header holds: dict, tuple, list, str, int, True/False/None. */
    private static final class PyLiteral {
        private final String s;
        private int pos;

        PyLiteral(String s) { this.s = s; }

        void end() {
            ws();
            if (pos != s.length()) throw new IllegalArgumentException("unexpected '" + s.charAt(pos) + "' at " + pos);
        }

        private void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private char peek() {
            ws();
            if (pos >= s.length()) throw new IllegalArgumentException("unexpected end");
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected '" + c + "' at " + pos);
            pos++;
        }

        Object value() {
            char c = peek();
            if (c == '{') {
                pos++;
                Map<Object, Object> m = new LinkedHashMap<>();
                while (peek() != '}') {
                    Object k = value();
                    expect(':');
                    m.put(k, value());
                    if (peek() == ',') pos++;
                    else if (peek() != '}') throw new IllegalArgumentException("expected ',' or '}' at " + pos);
                }
                pos++;
                return m;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> l = new ArrayList<>();
                while (peek() != close) {
                    l.add(value());
                    if (peek() == ',') pos++;
                    else if (peek() != close) throw new IllegalArgumentException("expected ',' or '" + close + "' at " + pos);
                }
                pos++;
                return c == '(' ? new Tuple(l) : l;
            }
            if (c == '\'' || c == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) throw new IllegalArgumentException("unterminated string");
                    char x = s.charAt(pos++);
                    if (x == c) return sb.toString();
                    if (x == '\\' && pos < s.length()) x = s.charAt(pos++);
                    sb.append(x);
                }
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                int start = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
                String digits = s.substring(start, pos);
                if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++; // Python 2 long
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad integer '" + digits + "'");
                }
            }
            for (String word : List.of("True", "False", "None")) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("None") ? null : word.equals("True");
                }
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at " + pos);
        }

        static String repr(Object v) {
            if (v == null) return "None";
            if (v instanceof Boolean b) return b ? "True" : "False";
            if (v instanceof String str) return "'" + str + "'";
            if (v instanceof Tuple(List<Object> l)) {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < l.size(); i++) sb.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
                return sb.append(l.size() == 1 ? ",)" : ")").toString();
            }
            if (v instanceof List<?> l) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) sb.append(i == 0 ? "" : ", ").append(repr(l.get(i)));
                return sb.append("]").toString();
            }
            return String.valueOf(v);
        }
    }

    // ------------------------------------------------------------------ writing

    /** The magic, version, length and dictionary, padded with spaces to 64 bytes as numpy pads them. */
    private static byte[] header(Tensor t) {
        if (t.dtype() == DType.BFLOAT16)
            throw new TorchException("cannot save a bfloat16 tensor as .npy: numpy has no bfloat16 (convert it with .float() first)");
        int[] shape = t.shapeArray();
        StringBuilder sb = new StringBuilder("{'descr': '").append(t.dtype().numpyDescr())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        sb.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) sb.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length())));
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = dict.length + 1; // with the final newline
        // version 1.0 stores the header length in 16 bits; numpy moves to 2.0 only when that overflows
        int major = 1, prefix = MAGIC.length + 2 + 2;
        // numpy pads by ALIGN - (...) % ALIGN, a full ALIGN rather than none when already aligned
        int pad = ALIGN - (prefix + hlen) % ALIGN;
        if (hlen + pad > 0xFFFF) {
            major = 2;
            prefix = MAGIC.length + 2 + 4;
            pad = ALIGN - (prefix + hlen) % ALIGN;
        }
        int total = hlen + pad;
        ByteBuffer b = ByteBuffer.allocate(prefix + total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) total);
        else b.putInt(total);
        b.put(dict);
        for (int i = 0; i < pad; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    private static void write(OutputStream out, byte[] header, Tensor t) throws IOException {
        out.write(header);
        if (t.numel() == 0) return;
        DType dt = t.dtype();
        int n = (int) t.numel(), item = dt.itemSize(), base = 0;
        CpuStorage s;
        if (t.device().isCpu() && t.isContiguous()) {
            // written straight from the live storage: no copy of a large tensor just to save it
            s = (CpuStorage) t.storage();
            base = t.storageOffset();
        } else s = Views.contiguousCpu(t, dt);
        if (item == 1) {
            out.write(s.i8(), base, n);
            return;
        }
        byte[] buf = new byte[(int) Math.min((long) n * item, CHUNK)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int count = Math.min(n - done, buf.length / item);
            bb.clear();
            switch (dt) {
                case FLOAT32 -> bb.asFloatBuffer().put(s.f32(), base + done, count);
                case FLOAT64 -> bb.asDoubleBuffer().put(s.f64(), base + done, count);
                case INT64 -> bb.asLongBuffer().put(s.i64(), base + done, count);
                case INT32 -> bb.asIntBuffer().put(s.i32(), base + done, count);
                case INT16, FLOAT16 -> bb.asShortBuffer().put(s.i16(), base + done, count);
                default -> throw new AssertionError(dt);
            }
            out.write(buf, 0, count * item);
            done += count;
        }
    }
}
