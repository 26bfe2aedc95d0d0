package torch4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;

/**
 * The safetensors format, as the {@code safetensors.torch} Python module: an 8-byte little-endian header length,
 * a JSON header {@code {name: {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__":
 * {str: str}}} and the little-endian tensor bytes. Files written here are read by Python's safetensors and
 * vice versa, for every dtype torch4j has ({@code BOOL U8 I8 I16 I32 I64 F16 BF16 F32 F64}).
 * <p>
 * Reading validates the whole header before any data is touched: header length, UTF-8 JSON, dtypes, shapes
 * against byte sizes, and offsets that must cover the data buffer exactly, without gaps or overlap, as the
 * specification requires. Problems throw {@link TorchException} naming the file; I/O failures throw
 * {@link UncheckedIOException}. Large tensors are read through a memory map of just their bytes, copied into the
 * Java array that backs a CPU tensor.
 * <p>
 * Writing stores tensors contiguous (a view is saved as its own values); two entries sharing storage are saved
 * twice, since the format has no aliasing. Files are written atomically: to a temporary file in the same
 * directory, forced to disk, then renamed over the target, so a failure midway leaves any previous file intact.
 * <pre>{@code
 * Safetensors.saveFile(model.stateDict(), Path.of("model.safetensors"));
 * model.loadStateDict(Safetensors.loadFile(Path.of("model.safetensors")));
 * try (SafetensorsFile f = Safetensors.safeOpen(Path.of("big.safetensors"))) {
 *     Tensor w = f.getTensor("encoder.weight");   // reads only this tensor
 * }
 * }</pre>
 */
public final class Safetensors {
    /** Same limit as the reference implementation: stops a corrupt length from allocating gigabytes. */
    static final long MAX_HEADER = 100_000_000L;
    private static final int CHUNK = 1 << 20;

    private Safetensors() {}

    // ------------------------------------------------------------------ public API

    /** Same as safetensors.torch.save_file(tensors, filename). */
    public static void saveFile(Map<String, Tensor> tensors, Path path) { saveFile(tensors, path, null); }

    /** Same as safetensors.torch.save_file(tensors, filename, metadata): metadata goes into {@code __metadata__}. */
    public static void saveFile(Map<String, Tensor> tensors, Path path, Map<String, String> metadata) {
        Plan plan = plan(tensors, metadata);
        writeAtomically(path, out -> plan.write(out));
    }

    /** Same as safetensors.torch.save(tensors, metadata): the file's bytes. */
    public static byte[] save(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Plan plan = plan(tensors, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            plan.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Same as safetensors.torch.save(tensors). */
    public static byte[] save(Map<String, Tensor> tensors) { return save(tensors, null); }

    /** Same as safetensors.torch.load_file(filename): every tensor, on the CPU, in header order. */
    public static Map<String, Tensor> loadFile(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            return f.getAll();
        }
    }

    /** Same as safetensors.torch.load(data): every tensor of an in-memory file. */
    public static Map<String, Tensor> load(byte[] data) {
        try (SafetensorsFile f = SafetensorsFile.of(data, "<bytes>")) {
            return f.getAll();
        }
    }

    /**
     * Same as safetensors.safe_open(filename, framework="pt"): validates the header and keeps the file open;
     * tensors are read one at a time by {@link SafetensorsFile#getTensor}. Close it (try-with-resources).
     */
    public static SafetensorsFile safeOpen(Path path) { return SafetensorsFile.open(path); }

    /** The {@code __metadata__} of a file (empty when it has none), reading only its header. */
    public static Map<String, String> metadata(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            return f.metadata();
        }
    }

    // ------------------------------------------------------------------ dtypes

    static String code(DType dt) {
        return switch (dt) {
            case BOOL -> "BOOL";
            case UINT8 -> "U8";
            case INT8 -> "I8";
            case INT16 -> "I16";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
        };
    }

    static DType dtype(String code, String file, String tensor) {
        return switch (code) {
            case "BOOL" -> DType.BOOL;
            case "U8" -> DType.UINT8;
            case "I8" -> DType.INT8;
            case "I16" -> DType.INT16;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64" ->
                    throw new TorchException(file + ": tensor " + Json.quote(tensor) + " has dtype " + code
                            + ", which torch4j does not support (it has BOOL, U8, I8, I16, I32, I64, F16, BF16, F32, F64)");
            default -> throw new TorchException(file + ": tensor " + Json.quote(tensor) + " has unknown dtype "
                    + Json.quote(code));
        };
    }

    /** Little-endian, unaligned layouts: copies go between heap arrays and byte buffers of any alignment. */
    static ValueLayout layout(DType dt) {
        return switch (dt) {
            case FLOAT32 -> ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case FLOAT64 -> ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case INT64 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case INT32 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case INT16, FLOAT16, BFLOAT16 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case INT8, UINT8, BOOL -> ValueLayout.JAVA_BYTE;
        };
    }

    // ------------------------------------------------------------------ header

    /** One header entry; offsets are relative to the start of the data buffer. */
    record Info(String name, DType dtype, int[] shape, long begin, long end) {}

    record Header(Map<String, Info> tensors, Map<String, String> metadata) {}

    /** Parses and validates a header against the size of the data buffer that follows it. */
    static Header parseHeader(byte[] bytes, long dataSize, String file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TorchException(file + ": the safetensors header is not valid UTF-8");
        }
        // as strict as the reference reader, so that every file accepted here also opens in Python
        if (text.isEmpty() || text.charAt(0) != '{')
            throw new TorchException(file + ": not a safetensors file (the header does not start with '{')");
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TorchException(file + ": the safetensors header is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) throw new TorchException(file + ": the safetensors header is not a JSON object");
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Info> tensors = new LinkedHashMap<>();
        for (var e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> md))
                    throw new TorchException(file + ": __metadata__ must be an object of strings");
                for (var me : md.entrySet()) {
                    if (!(me.getValue() instanceof String v))
                        throw new TorchException(file + ": __metadata__ value of " + Json.quote((String) me.getKey())
                                + " is not a string");
                    metadata.put((String) me.getKey(), v);
                }
                continue;
            }
            tensors.put(name, info(name, e.getValue(), file));
        }
        checkCoverage(tensors, dataSize, file);
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static Info info(String name, Object v, String file) {
        String what = file + ": tensor " + Json.quote(name);
        if (!(v instanceof Map<?, ?> m)) throw new TorchException(what + ": header entry is not an object");
        if (!(m.get("dtype") instanceof String code)) throw new TorchException(what + ": missing or non-string \"dtype\"");
        DType dt = dtype(code, file, name);
        if (!(m.get("shape") instanceof List<?> dims)) throw new TorchException(what + ": missing or invalid \"shape\"");
        int[] shape = new int[dims.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE)
                throw new TorchException(what + ": \"shape\" must hold non-negative integers, got " + dims);
            shape[i] = (int) (long) d;
            // saturate: any product past the int range is rejected below anyway
            numel = d == 0 ? 0 : numel > (1L << 40) / d ? 1L << 40 : numel * d;
        }
        if (!(m.get("data_offsets") instanceof List<?> off) || off.size() != 2
                || !(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end) || begin < 0 || end < begin)
            throw new TorchException(what + ": \"data_offsets\" must be [begin, end] with 0 <= begin <= end, got "
                    + m.get("data_offsets"));
        if (numel > Integer.MAX_VALUE - 8)
            throw new TorchException(what + ": shape " + Arrays.toString(shape) + " has too many elements for one CPU tensor (at most 2^31)");
        long bytes = numel * dt.itemSize();
        if (end - begin != bytes)
            throw new TorchException(what + ": shape " + Arrays.toString(shape) + " of " + code + " needs " + bytes
                    + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        return new Info(name, dt, shape, begin, end);
    }

    /** The spec asks that the tensors tile the data buffer exactly: sorted by offset, each begins where the last ended. */
    private static void checkCoverage(Map<String, Info> tensors, long dataSize, String file) {
        List<Info> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long at = 0;
        for (Info t : sorted) {
            if (t.end() > dataSize)
                throw new TorchException(file + ": tensor " + Json.quote(t.name()) + " has data_offsets [" + t.begin() + ", "
                        + t.end() + "] past the end of the data (" + dataSize + " bytes; is the file truncated?)");
            if (t.begin() < at)
                throw new TorchException(file + ": tensor " + Json.quote(t.name()) + " overlaps another tensor (data_offsets ["
                        + t.begin() + ", " + t.end() + "] begin before byte " + at + ")");
            if (t.begin() > at)
                throw new TorchException(file + ": tensor data is not contiguous: bytes [" + at + ", " + t.begin()
                        + ") belong to no tensor (next is " + Json.quote(t.name()) + ")");
            at = t.end();
        }
        if (at != dataSize)
            throw new TorchException(file + ": the header describes " + at + " bytes of tensor data but the file holds "
                    + dataSize);
    }

    // ------------------------------------------------------------------ writing

    /** The header and the order the data is written in; everything is validated before a byte is written. */
    static final class Plan {
        final byte[] header;
        final List<Tensor> order;

        Plan(byte[] header, List<Tensor> order) {
            this.header = header;
            this.order = order;
        }

        void write(OutputStream out) throws IOException {
            byte[] len = new byte[8];
            MemorySegment.ofArray(len).set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, header.length);
            out.write(len);
            out.write(header);
            byte[] chunk = new byte[CHUNK];
            for (Tensor t : order) writeTensor(out, t, chunk);
        }
    }

    static Plan plan(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null) throw new TorchException("safetensors: tensors must not be null");
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.entrySet());
        for (var e : entries) {
            if (e.getKey() == null) throw new TorchException("safetensors: a tensor name is null");
            if (e.getKey().equals("__metadata__")) throw new TorchException("safetensors: \"__metadata__\" is reserved and cannot name a tensor");
            if (e.getValue() == null) throw new TorchException("safetensors: tensor " + Json.quote(e.getKey()) + " is null");
            if (e.getValue().numel() > Integer.MAX_VALUE) throw new TorchException("safetensors: tensor " + Json.quote(e.getKey()) + " is too large");
        }
        // widest dtypes first (stable otherwise), as the reference writer does, so every tensor is aligned to its
        // element size in the file and a memory map can read it in place; the header keeps the caller's order
        List<Map.Entry<String, Tensor>> byData = new ArrayList<>(entries);
        byData.sort(Comparator.comparingInt((Map.Entry<String, Tensor> e) -> -e.getValue().dtype().itemSize()));
        Map<String, long[]> offsets = new LinkedHashMap<>();
        List<Tensor> order = new ArrayList<>();
        long at = 0;
        for (var e : byData) {
            long n = e.getValue().numel() * e.getValue().dtype().itemSize();
            offsets.put(e.getKey(), new long[]{at, at + n});
            order.add(e.getValue());
            at += n;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            Map<String, Object> md = new LinkedHashMap<>();
            for (var e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) throw new TorchException("safetensors: metadata keys and values must not be null");
                md.put(e.getKey(), e.getValue());
            }
            json.put("__metadata__", md);
        }
        for (var e : entries) {
            Tensor t = e.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", code(t.dtype()));
            List<Object> shape = new ArrayList<>();
            for (int d : t.shapeArray()) shape.add((long) d);
            info.put("shape", shape);
            long[] off = offsets.get(e.getKey());
            info.put("data_offsets", List.of(off[0], off[1]));
            json.put(e.getKey(), info);
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        // pad with spaces so the data starts 8-byte aligned
        int padded = (text.length + 7) & ~7;
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return new Plan(header, order);
    }

    private static void writeTensor(OutputStream out, Tensor t, byte[] chunk) throws IOException {
        Tensor c = t;
        try (var _ = GradMode.scope(false)) {
            if (!c.device().isCpu()) c = c.cpu();
            if (!c.isContiguous()) c = c.contiguous();
        }
        CpuStorage s = (CpuStorage) c.storage();
        DType dt = c.dtype();
        int item = dt.itemSize();
        ValueLayout layout = layout(dt);
        MemorySegment dst = MemorySegment.ofArray(chunk);
        int per = chunk.length / item;
        int off = c.storageOffset();
        int n = (int) c.numel();
        for (int done = 0; done < n; ) {
            int k = Math.min(per, n - done);
            MemorySegment.copy(s.array(), off + done, dst, layout, 0, k);
            if (dt == DType.BOOL)
                for (int i = 0; i < k; i++) chunk[i] = (byte) (chunk[i] != 0 ? 1 : 0);
            out.write(chunk, 0, k * item);
            done += k;
        }
    }

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes to a temporary file next to the target, forces it to disk and renames it over the target, so readers
     * see either the old file or the complete new one. On any failure the temporary file is removed.
     */
    public static void writeAtomically(Path path, Body body) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        boolean moved = false;
        try {
            // created without explicit permissions, so the file gets the umask's defaults as a plain write would
            for (int attempt = 0; tmp == null; attempt++) {
                Path p = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                try {
                    tmp = Files.createFile(p);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) throw e;
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            if (!moved && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure matters more than a leftover temporary file
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, so this is best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the rename is still atomic there
        }
    }
}
