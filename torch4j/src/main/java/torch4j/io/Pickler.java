package torch4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle protocol 2 opcodes, limited to those PyTorch 1.13's weights_only unpickler understands (it lacks
 * SHORT_BINUNICODE, BINFLOAT, MEMOIZE and FRAME), so that every file {@link PtFile#save} writes loads there with
 * {@code weights_only=True}. The memo is never used: PyTorch caches storages by key, not by pickle identity.
 */
final class Pickler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickler() {
        out.write(0x80); // PROTO 2
        out.write(2);
    }

    Pickler global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Pickler string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X'); // BINUNICODE
        le32(b.length);
        out.writeBytes(b);
        return this;
    }

    Pickler integer(long v) {
        if (v >= 0 && v < 0x100) {
            out.write('K'); // BININT1
            out.write((int) v);
        } else if (v >= 0 && v < 0x10000) {
            out.write('M'); // BININT2
            out.write((int) v);
            out.write((int) (v >>> 8));
        } else if (v == (int) v) {
            out.write('J'); // BININT
            le32((int) v);
        } else {
            out.write(0x8a); // LONG1: 8 bytes of two's complement suffice for any long
            out.write(8);
            le32((int) v);
            le32((int) (v >>> 32));
        }
        return this;
    }

    Pickler bool(boolean b) {
        out.write(b ? 0x88 : 0x89);
        return this;
    }

    Pickler mark() {
        out.write('(');
        return this;
    }

    /** TUPLE: closes the innermost MARK. */
    Pickler tuple() {
        out.write('t');
        return this;
    }

    /** A tuple of ints, with the short forms Python's pickler uses. */
    Pickler tuple(int[] v) {
        if (v.length == 0) {
            out.write(')');
            return this;
        }
        if (v.length > 3) mark();
        for (int x : v) integer(x);
        out.write(v.length == 1 ? 0x85 : v.length == 2 ? 0x86 : v.length == 3 ? 0x87 : 't');
        return this;
    }

    Pickler emptyTuple() {
        out.write(')');
        return this;
    }

    Pickler reduce() {
        out.write('R');
        return this;
    }

    Pickler persistentId() {
        out.write('Q'); // BINPERSID
        return this;
    }

    Pickler setItems() {
        out.write('u');
        return this;
    }

    /** {@code collections.OrderedDict()}. */
    Pickler orderedDict() { return global("collections", "OrderedDict").emptyTuple().reduce(); }

    byte[] stop() {
        out.write('.');
        return out.toByteArray();
    }

    private void le32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
