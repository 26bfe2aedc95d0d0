package torch4j.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import torch4j.TorchException;

/**
 * The zip container of PyTorch's checkpoints (torch.save since 1.6): just enough of the format to read what
 * PyTorch's {@code PyTorchStreamWriter} (miniz) writes, or a re-zipped copy of it, and to write files it reads.
 * Entries are stored or deflated; zip64 sizes and offsets are understood; CRC-32s are checked as PyTorch does.
 * All offsets and sizes are validated against the file before anything is read or allocated.
 */
final class PtZip {
    /** Random-access bytes: a file or an array. */
    interface Source {
        long size();

        /** Reads exactly {@code len} bytes at {@code pos}. */
        void read(long pos, byte[] dst, int off, int len) throws IOException;
    }

    static Source of(byte[] data) {
        return new Source() {
            @Override public long size() { return data.length; }

            @Override public void read(long pos, byte[] dst, int off, int len) throws EOFException {
                if (pos < 0 || pos + len > data.length) throw new EOFException();
                System.arraycopy(data, (int) pos, dst, off, len);
            }
        };
    }

    static Source of(FileChannel ch) throws IOException {
        long size = ch.size();
        return new Source() {
            @Override public long size() { return size; }

            @Override public void read(long pos, byte[] dst, int off, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(dst, off, len);
                while (b.hasRemaining()) {
                    if (ch.read(b, pos + (b.position() - off)) < 0) throw new EOFException();
                }
            }
        };
    }

    /** One archive member, from the central directory. */
    record Entry(String name, int method, long compressedSize, long size, int crc, long headerOffset) {}

    private static final int LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, END64 = 0x06064b50,
            LOCATOR64 = 0x07064b50;
    /** Far beyond any real checkpoint's directory (about 100 bytes per tensor), small enough to read at once. */
    static final long MAX_DIRECTORY = 256L << 20;
    /** Deflate cannot expand data more than about 1032 times; a larger claim is a lie or a zip bomb. */
    private static final long MAX_RATIO = 1100;
    static final int CHUNK = 1 << 20;

    final String file;
    private final Source src;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private PtZip(Source src, String file) {
        this.src = src;
        this.file = file;
    }

    private TorchException corrupt(String msg) { return new TorchException(file + ": corrupt zip archive: " + msg); }

    private void read(long pos, byte[] b) { read(pos, b, 0, b.length); }

    private void read(long pos, byte[] b, int off, int len) {
        if (pos < 0 || pos > src.size() - len)
            throw corrupt("a record at offset " + pos + " runs past the end of the file (is it truncated?)");
        try {
            src.read(pos, b, off, len);
        } catch (EOFException e) {
            throw corrupt("unexpected end of file at offset " + pos + " (was it truncated?)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the central directory. */
    static PtZip open(Source src, String file) {
        PtZip z = new PtZip(src, file);
        z.readDirectory();
        return z;
    }

    Map<String, Entry> entries() { return entries; }

    private void readDirectory() {
        long size = src.size();
        if (size < 22) throw corrupt("the file is too short to be a zip archive (" + size + " bytes)");
        int tail = (int) Math.min(size, 22 + 0xFFFF);
        byte[] t = new byte[tail];
        read(size - tail, t);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            // the end record sits where its comment reaches the end of the file
            if (le32(t, i) == END && i + 22 + le16(t, i + 20) == tail) {
                at = i;
                break;
            }
        }
        if (at < 0) throw corrupt("no end of central directory record (is the file truncated?)");
        long endPos = size - tail + at;
        long count = le16(t, at + 10), dirSize = le32(t, at + 12) & 0xFFFFFFFFL, dirOffset = le32(t, at + 16) & 0xFFFFFFFFL;
        if (count == 0xFFFF || dirSize == 0xFFFFFFFFL || dirOffset == 0xFFFFFFFFL) {
            if (endPos < 20) throw corrupt("zip64 end of central directory locator is missing");
            byte[] loc = new byte[20];
            read(endPos - 20, loc);
            if (le32(loc, 0) != LOCATOR64) throw corrupt("zip64 end of central directory locator is missing");
            long rec = le64(loc, 8);
            if (rec < 0 || rec > endPos - 56) throw corrupt("zip64 end of central directory record offset " + rec + " is invalid");
            byte[] r = new byte[56];
            read(rec, r);
            if (le32(r, 0) != END64) throw corrupt("zip64 end of central directory record is missing");
            count = le64(r, 32);
            dirSize = le64(r, 40);
            dirOffset = le64(r, 48);
            endPos = rec;
        }
        if (dirOffset < 0 || dirSize < 0 || dirOffset > endPos || dirSize > endPos - dirOffset)
            throw corrupt("central directory [" + dirOffset + ", +" + dirSize + ") lies outside the file");
        if (dirSize > MAX_DIRECTORY) throw corrupt("central directory of " + dirSize + " bytes is implausibly large");
        byte[] d = new byte[(int) dirSize];
        read(dirOffset, d);
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p > d.length - 46 || le32(d, p) != CENTRAL) throw corrupt("central directory entry " + i + " is malformed");
            int flags = le16(d, p + 8), method = le16(d, p + 10), crc = le32(d, p + 16);
            long csize = le32(d, p + 20) & 0xFFFFFFFFL, usize = le32(d, p + 24) & 0xFFFFFFFFL;
            int nameLen = le16(d, p + 28), extraLen = le16(d, p + 30), commentLen = le16(d, p + 32);
            long offset = le32(d, p + 42) & 0xFFFFFFFFL;
            int next = p + 46 + nameLen + extraLen + commentLen;
            if (next > d.length) throw corrupt("central directory entry " + i + " runs past the directory");
            String name = new String(d, p + 46, nameLen, StandardCharsets.UTF_8);
            // zip64 extra field: the 64-bit values of whichever fields are saturated, in this order
            for (int e = p + 46 + nameLen, eEnd = e + extraLen; e + 4 <= eEnd; ) {
                int id = le16(d, e), len = le16(d, e + 2);
                int v = e + 4, vEnd = v + len;
                if (vEnd > eEnd) throw corrupt("entry " + name + " has a malformed extra field");
                if (id == 1) {
                    if (usize == 0xFFFFFFFFL) { usize = field64(d, v, vEnd, name); v += 8; }
                    if (csize == 0xFFFFFFFFL) { csize = field64(d, v, vEnd, name); v += 8; }
                    if (offset == 0xFFFFFFFFL) { offset = field64(d, v, vEnd, name); v += 8; }
                }
                e = vEnd;
            }
            if ((flags & 1) != 0) throw new TorchException(file + ": zip entry " + name + " is encrypted, which is not supported");
            if (method != 0 && method != 8)
                throw new TorchException(file + ": zip entry " + name + " uses compression method " + method
                        + "; only stored and deflated entries are supported");
            if (usize < 0 || csize < 0 || offset < 0 || offset > dirOffset || csize > dirOffset - offset)
                throw corrupt("entry " + name + " lies outside the file");
            if (method == 0 && csize != usize) throw corrupt("stored entry " + name + " has different compressed and uncompressed sizes");
            if (method == 8 && usize > csize * MAX_RATIO + 1024)
                throw corrupt("entry " + name + " claims to inflate " + csize + " bytes to " + usize);
            if (entries.put(name, new Entry(name, method, csize, usize, crc, offset)) != null)
                throw corrupt("duplicate entry " + name);
            p = next;
        }
    }

    private long field64(byte[] d, int v, int vEnd, String name) {
        if (v + 8 > vEnd) throw corrupt("entry " + name + " has a short zip64 extra field");
        long x = le64(d, v);
        if (x < 0) throw corrupt("entry " + name + " has a zip64 size or offset beyond 2^63");
        return x;
    }

    /** Where an entry's bytes start, from its local header. */
    private long dataStart(Entry e) {
        byte[] h = new byte[30];
        read(e.headerOffset(), h);
        if (le32(h, 0) != LOCAL) throw corrupt("entry " + e.name() + " has no local header at offset " + e.headerOffset());
        long start = e.headerOffset() + 30 + le16(h, 26) + le16(h, 28);
        if (start > src.size() - e.compressedSize()) throw corrupt("entry " + e.name() + " runs past the end of the file (is it truncated?)");
        return start;
    }

    /** An entry's uncompressed bytes, read in chunks, CRC-checked at the end. */
    InputStream open(Entry e) {
        long start = dataStart(e);
        InputStream raw = new BlockStream() {
            long at = start, left = e.compressedSize();

            @Override public int read(byte[] b, int off, int len) {
                if (len == 0) return 0;
                if (left == 0) return -1;
                int n = (int) Math.min(len, left);
                PtZip.this.read(at, b, off, n);
                at += n;
                left -= n;
                return n;
            }
        };
        InputStream body = e.method() == 0 ? raw : new Inflating(raw, e);
        return new Checked(body, e);
    }

    /** Reads a whole entry, bounded by {@code max} bytes. */
    byte[] readAll(Entry e, long max) {
        if (e.size() > max) throw new TorchException(file + ": zip entry " + e.name() + " has " + e.size() + " bytes, more than the " + max + " allowed");
        byte[] out = new byte[(int) e.size()];
        try (InputStream in = open(e)) {
            if (in.readNBytes(out, 0, out.length) != out.length) throw corrupt("entry " + e.name() + " is shorter than its recorded size");
            if (in.read() >= 0) throw corrupt("entry " + e.name() + " is longer than its recorded size");
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        return out;
    }

    /** A stream that reads in blocks; its single-byte read goes through the block read. */
    private abstract static class BlockStream extends InputStream {
        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }
    }

    /** Inflates a deflated entry to exactly its recorded size. */
    private final class Inflating extends BlockStream {
        private final InputStream in;
        private final Entry e;
        private final Inflater inf = new Inflater(true);
        private final byte[] inBuf = new byte[64 << 10];
        private long produced;

        Inflating(InputStream in, Entry e) {
            this.in = in;
            this.e = e;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            try {
                while (true) {
                    if (inf.finished()) return -1;
                    int n = inf.inflate(b, off, len);
                    if (n > 0) {
                        produced += n;
                        if (produced > e.size()) throw corrupt("entry " + e.name() + " inflates past its recorded size");
                        return n;
                    }
                    if (inf.needsDictionary()) throw corrupt("entry " + e.name() + " needs a preset dictionary");
                    if (inf.needsInput()) {
                        int r = in.read(inBuf, 0, inBuf.length);
                        if (r < 0) throw corrupt("entry " + e.name() + " has truncated deflate data");
                        inf.setInput(inBuf, 0, r);
                    }
                }
            } catch (DataFormatException ex) {
                throw corrupt("entry " + e.name() + " has invalid deflate data: " + ex.getMessage());
            }
        }

        @Override public void close() { inf.end(); }
    }

    /** Checks the size and CRC-32 once the last byte has been read. */
    private final class Checked extends BlockStream {
        private final InputStream in;
        private final Entry e;
        private final CRC32 crc = new CRC32();
        private long count;

        Checked(InputStream in, Entry e) {
            this.in = in;
            this.e = e;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
            } else if (n < 0) {
                if (count != e.size()) throw corrupt("entry " + e.name() + " holds " + count + " bytes, not the recorded " + e.size());
                if ((int) crc.getValue() != e.crc())
                    throw corrupt("CRC-32 mismatch in entry " + e.name() + " (the file is damaged)");
            }
            return n;
        }

        @Override public void close() throws IOException { in.close(); }
    }

    // ------------------------------------------------------------------ writing

    /** Writes a zip archive of stored entries, each 64-byte aligned as PyTorch's writer does. */
    static final class Writer {
        private final OutputStream out;
        private final List<byte[]> central = new java.util.ArrayList<>();
        private long pos;
        /** For tests: use zip64 records even for small archives. */
        private final boolean forceZip64;

        Writer(OutputStream out, boolean forceZip64) {
            this.out = out;
            this.forceZip64 = forceZip64;
        }

        /** The bytes of one entry, produced twice: once for the CRC, once to write. */
        @FunctionalInterface
        interface Body {
            void writeTo(OutputStream out) throws IOException;
        }

        void entry(String name, byte[] data) throws IOException { entry(name, data.length, o -> o.write(data)); }

        void entry(String name, long size, Body body) throws IOException {
            CRC32 crc = new CRC32();
            long[] counted = {0};
            body.writeTo(new OutputStream() {
                @Override public void write(int b) {
                    crc.update(b);
                    counted[0]++;
                }

                @Override public void write(byte[] b, int off, int len) {
                    crc.update(b, off, len);
                    counted[0] += len;
                }
            });
            if (counted[0] != size) throw new IllegalStateException("entry " + name + ": " + counted[0] + " bytes, expected " + size);
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            boolean big = forceZip64 || size >= 0xFFFFFFFFL;
            long offset = pos;
            int zip64Len = big ? 20 : 0;
            long base = offset + 30 + n.length + zip64Len + 4;
            int pad = (int) ((64 - base % 64) % 64);
            byte[] h = new byte[30 + n.length + zip64Len + 4 + pad];
            put32(h, 0, LOCAL);
            put16(h, 4, big ? 45 : 20);
            put16(h, 6, n.length == name.length() ? 0 : 1 << 11);
            put16(h, 8, 0);
            put16(h, 10, 0);
            put16(h, 12, 0x21); // 1980-01-01: fixed, so equal inputs give equal files
            put32(h, 14, (int) crc.getValue());
            put32(h, 18, big ? -1 : (int) size);
            put32(h, 22, big ? -1 : (int) size);
            put16(h, 26, n.length);
            put16(h, 28, zip64Len + 4 + pad);
            System.arraycopy(n, 0, h, 30, n.length);
            int e = 30 + n.length;
            if (big) {
                put16(h, e, 1);
                put16(h, e + 2, 16);
                put64(h, e + 4, size);
                put64(h, e + 12, size);
                e += 20;
            }
            put16(h, e, 0x4246); // "FB": padding that aligns the data, as PyTorch's writer does
            put16(h, e + 2, pad);
            write(h);
            body.writeTo(new OutputStream() {
                @Override public void write(int b) throws IOException { Writer.this.write(new byte[] {(byte) b}); }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }
            });
            boolean bigC = big || offset >= 0xFFFFFFFFL;
            byte[] c = new byte[46 + n.length + (bigC ? 28 : 0)];
            put32(c, 0, CENTRAL);
            put16(c, 4, bigC ? 45 : 20);
            put16(c, 6, bigC ? 45 : 20);
            put16(c, 8, n.length == name.length() ? 0 : 1 << 11);
            put16(c, 14, 0x21);
            put32(c, 16, (int) crc.getValue());
            put32(c, 20, bigC ? -1 : (int) size);
            put32(c, 24, bigC ? -1 : (int) size);
            put16(c, 28, n.length);
            put16(c, 30, bigC ? 28 : 0);
            put32(c, 42, bigC ? -1 : (int) offset);
            System.arraycopy(n, 0, c, 46, n.length);
            if (bigC) {
                int x = 46 + n.length;
                put16(c, x, 1);
                put16(c, x + 2, 24);
                put64(c, x + 4, size);
                put64(c, x + 12, size);
                put64(c, x + 20, offset);
            }
            central.add(c);
        }

        /** Writes the central directory and end records. */
        void finish() throws IOException {
            long dirOffset = pos;
            for (byte[] c : central) write(c);
            long dirSize = pos - dirOffset;
            int count = central.size();
            boolean big = forceZip64 || count >= 0xFFFF || dirOffset >= 0xFFFFFFFFL || dirSize >= 0xFFFFFFFFL;
            if (big) {
                long rec = pos;
                byte[] r = new byte[56];
                put32(r, 0, END64);
                put64(r, 4, 44);
                put16(r, 12, 45);
                put16(r, 14, 45);
                put64(r, 24, count);
                put64(r, 32, count);
                put64(r, 40, dirSize);
                put64(r, 48, dirOffset);
                write(r);
                byte[] l = new byte[20];
                put32(l, 0, LOCATOR64);
                put64(l, 8, rec);
                put32(l, 16, 1);
                write(l);
            }
            byte[] end = new byte[22];
            put32(end, 0, END);
            put16(end, 8, big ? 0xFFFF : count);
            put16(end, 10, big ? 0xFFFF : count);
            put32(end, 12, big ? -1 : (int) dirSize);
            put32(end, 16, big ? -1 : (int) dirOffset);
            write(end);
        }

        private void write(byte[] b) throws IOException {
            out.write(b);
            pos += b.length;
        }
    }

    // ------------------------------------------------------------------ little-endian fields

    static int le16(byte[] b, int i) { return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8; }

    static int le32(byte[] b, int i) { return le16(b, i) | le16(b, i + 2) << 16; }

    static long le64(byte[] b, int i) { return (le32(b, i) & 0xFFFFFFFFL) | (long) le32(b, i + 4) << 32; }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int i, int v) {
        put16(b, i, v);
        put16(b, i + 2, v >>> 16);
    }

    static void put64(byte[] b, int i, long v) {
        put32(b, i, (int) v);
        put32(b, i + 4, (int) (v >>> 32));
    }
}
