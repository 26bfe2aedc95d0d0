package torch4j.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The protobuf wire format, as far as ONNX's messages need it: varints, length-delimited fields, fixed32 floats. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void tag(int field, int wireType) { rawVarint(((long) field << 3) | wireType); }

    /** An int32/int64/enum/bool field (negative values take ten bytes, as protobuf's int64). */
    ProtoWriter varint(int field, long v) {
        tag(field, 0);
        rawVarint(v);
        return this;
    }

    ProtoWriter float32(int field, float v) {
        tag(field, 5);
        int b = Float.floatToRawIntBits(v);
        for (int i = 0; i < 4; i++) out.write(b >>> (8 * i));
        return this;
    }

    ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    ProtoWriter string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    ProtoWriter message(int field, ProtoWriter m) { return bytes(field, m.toByteArray()); }

    /** A packed repeated int64 field. */
    ProtoWriter packed(int field, long[] vs) {
        ProtoWriter p = new ProtoWriter();
        for (long v : vs) p.rawVarint(v);
        return bytes(field, p.toByteArray());
    }

    byte[] toByteArray() { return out.toByteArray(); }
}
