package torch4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import torch4j.DType;
import torch4j.Device;
import torch4j.Shape;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.backend.CpuStorage;

/**
 * An open safetensors file, as the object {@code safetensors.safe_open(filename, framework="pt")} returns: the
 * header is read and validated when it is opened; each {@link #getTensor} reads only that tensor's bytes (through
 * a memory map of just those bytes when they are large) into a new CPU tensor. Close it when done; it is safe to
 * read from several threads.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Below this, one positional read is cheaper than setting up and tearing down a mapping. */
    static final long MAP_THRESHOLD = 1 << 20;

    private final String name;
    private final FileChannel channel;
    private final MemorySegment bytes;
    private final long dataStart;
    private final Safetensors.Header header;
    private volatile boolean closed;

    private SafetensorsFile(String name, FileChannel channel, MemorySegment bytes, long dataStart, Safetensors.Header header) {
        this.name = name;
        this.channel = channel;
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.header = header;
    }

    static SafetensorsFile open(Path path) {
        String name = path.toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            long size = ch.size();
            checkSize(size, name);
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, b, 0, name);
            long n = checkHeaderLength(b.getLong(0), size, name);
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8, name);
            Safetensors.Header h = Safetensors.parseHeader(hb.array(), size - 8 - n, name);
            return new SafetensorsFile(name, ch, null, 8 + n, h);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    static SafetensorsFile of(byte[] data, String name) {
        checkSize(data.length, name);
        MemorySegment seg = MemorySegment.ofArray(data);
        long n = checkHeaderLength(seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0), data.length, name);
        byte[] hb = new byte[(int) n];
        System.arraycopy(data, 8, hb, 0, (int) n);
        Safetensors.Header h = Safetensors.parseHeader(hb, data.length - 8 - n, name);
        return new SafetensorsFile(name, null, seg, 8 + n, h);
    }

    private static void checkSize(long size, String name) {
        if (size < 8)
            throw new TorchException(name + ": not a safetensors file: " + size + " bytes is too small to hold the 8-byte header length");
    }

    private static long checkHeaderLength(long n, long size, String name) {
        if (n < 0 || n > Safetensors.MAX_HEADER)
            throw new TorchException(name + ": invalid safetensors header length " + Long.toUnsignedString(n)
                    + " (at most " + Safetensors.MAX_HEADER + " bytes)");
        if (8 + n > size)
            throw new TorchException(name + ": safetensors header length " + n + " runs past the end of the file (" + size
                    + " bytes; is the file truncated?)");
        if (n < 2) throw new TorchException(name + ": safetensors header length " + n + " is too small to hold a JSON object");
        return n;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, String name) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new TorchException(name + ": unexpected end of file (was it truncated while open?)");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to report than the error being thrown
        }
    }

    /** Same as safe_open(...).keys(): the tensor names, in header order. */
    public List<String> keys() { return new ArrayList<>(header.tensors().keySet()); }

    /** Same as safe_open(...).metadata(): the {@code __metadata__} strings (empty, not null, when absent). */
    public Map<String, String> metadata() { return header.metadata(); }

    public boolean containsKey(String tensor) { return header.tensors().containsKey(tensor); }

    /** The dtype of a tensor, from the header. */
    public DType dtype(String tensor) { return info(tensor).dtype(); }

    /** The shape of a tensor, from the header (as get_slice(name).get_shape()). */
    public Shape shape(String tensor) { return Shape.of(info(tensor).shape()); }

    private Safetensors.Info info(String tensor) {
        Safetensors.Info i = header.tensors().get(tensor);
        if (i == null) throw new TorchException(name + ": file does not contain tensor " + Json.quote(String.valueOf(tensor)));
        return i;
    }

    /** Same as safe_open(...).get_tensor(name): a new CPU tensor holding a copy of the stored values. */
    public Tensor getTensor(String tensor) {
        Safetensors.Info info = info(tensor);
        if (closed) throw new TorchException(name + ": the safetensors file is closed");
        Tensor t = Tensor.empty(info.shape(), info.dtype(), Device.CPU);
        long len = info.end() - info.begin();
        if (len == 0) return t;
        long at = dataStart + info.begin();
        if (bytes != null) fill(t, bytes.asSlice(at, len));
        else if (len < MAP_THRESHOLD) {
            ByteBuffer b = ByteBuffer.allocate((int) len);
            try {
                readFully(channel, b, at, name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
            }
            fill(t, MemorySegment.ofArray(b.array()));
        } else {
            try (Arena arena = Arena.ofConfined()) {
                // the size was validated at open; a file shrunk since then would fault inside the mapping
                if (channel.size() < at + len)
                    throw new TorchException(name + ": the file is shorter than its header says (was it truncated while open?)");
                fill(t, channel.map(FileChannel.MapMode.READ_ONLY, at, len, arena));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
            }
        }
        return t;
    }

    /** Same as get_tensor; shorter. */
    public Tensor get(String tensor) { return getTensor(tensor); }

    /** Every tensor, in header order. */
    public Map<String, Tensor> getAll() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String k : header.tensors().keySet()) out.put(k, getTensor(k));
        return out;
    }

    private static void fill(Tensor t, MemorySegment src) {
        CpuStorage s = (CpuStorage) t.storage();
        int n = s.numel();
        MemorySegment.copy(src, Safetensors.layout(t.dtype()), 0, s.array(), 0, n);
        if (t.dtype() == DType.BOOL) {
            // torch4j's kernels assume bools are exactly 0 or 1
            byte[] a = s.i8();
            for (int i = 0; i < n; i++) a[i] = (byte) (a[i] != 0 ? 1 : 0);
        }
    }

    @Override public void close() {
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override public String toString() { return "SafetensorsFile(" + name + ", " + header.tensors().size() + " tensors)"; }
}
