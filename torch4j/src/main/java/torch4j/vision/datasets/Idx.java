package torch4j.vision.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;

/**
 * Reader of the IDX format of MNIST-style datasets (gzipped or not): a big-endian header (two zero bytes, a type
 * code, the rank) then big-endian sizes and row-major data. Bad magic numbers and short files raise errors that
 * name the file.
 */
public final class Idx {
    private Idx() {}

    /** Reads an IDX file into a tensor (uint8 data stays uint8; int8/int16/int32/float32/float64 as typed). */
    public static Tensor read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16);
             DataInputStream d = new DataInputStream(in)) {
            int magic = d.readInt();
            int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || rank == 0 || rank > 8)
                throw new TorchException("Invalid IDX file " + file + ": bad magic number 0x" + Integer.toHexString(magic));
            int[] shape = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = d.readInt();
                if (shape[i] < 0) throw new TorchException("Invalid IDX file " + file + ": negative size " + shape[i]);
                n *= shape[i];
            }
            DType dt;
            int item;
            switch (type) {
                case 0x08 -> { dt = DType.UINT8; item = 1; }
                case 0x09 -> { dt = DType.INT8; item = 1; }
                case 0x0B -> { dt = DType.INT16; item = 2; }
                case 0x0C -> { dt = DType.INT32; item = 4; }
                case 0x0D -> { dt = DType.FLOAT32; item = 4; }
                case 0x0E -> { dt = DType.FLOAT64; item = 8; }
                default -> throw new TorchException("Invalid IDX file " + file + ": unknown data type code 0x" + Integer.toHexString(type));
            }
            if (n * item > Integer.MAX_VALUE - 8) throw new TorchException("IDX file " + file + " is too large: " + n + " elements");
            byte[] bytes = new byte[(int) (n * item)];
            try {
                d.readFully(bytes);
            } catch (EOFException e) {
                throw new TorchException("Truncated IDX file " + file + ": expected " + bytes.length + " data bytes for shape "
                        + java.util.Arrays.toString(shape), e);
            }
            if (item == 1) return Torch.fromArray(bytes, dt, shape);
            ByteBuffer bb = ByteBuffer.wrap(bytes); // big-endian
            return switch (dt) {
                case INT16 -> {
                    int[] v = new int[(int) n];
                    for (int i = 0; i < n; i++) v[i] = bb.getShort();
                    yield Torch.fromArray(v, shape).to(DType.INT16);
                }
                case INT32 -> {
                    int[] v = new int[(int) n];
                    bb.asIntBuffer().get(v);
                    yield Torch.fromArray(v, shape);
                }
                case FLOAT32 -> {
                    float[] v = new float[(int) n];
                    bb.asFloatBuffer().get(v);
                    yield Torch.fromArray(v, shape);
                }
                default -> {
                    double[] v = new double[(int) n];
                    bb.asDoubleBuffer().get(v);
                    yield Torch.fromArray(v, shape);
                }
            };
        } catch (EOFException e) {
            throw new TorchException("Truncated IDX file " + file + ": the header ends early", e);
        } catch (IOException e) {
            throw new TorchException("Cannot read IDX file " + file + ": " + e.getMessage(), e);
        }
    }
}
