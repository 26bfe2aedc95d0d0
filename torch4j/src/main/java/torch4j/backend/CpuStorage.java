package torch4j.backend;

import torch4j.DType;
import torch4j.Device;
import torch4j.TorchException;

/**
 * CPU storage: a Java primitive array (GC-managed, no close()). float32 is {@code float[]}, float64
 * {@code double[]}, int64 {@code long[]}, int32 {@code int[]}, int16/float16/bfloat16 {@code short[]}, and
 * int8/uint8/bool {@code byte[]}. Kernels take the typed array once and loop over it; the generic accessors
 * below serve slow paths (printing, cold dtypes).
 */
public final class CpuStorage extends Storage {
    private final DType dtype;
    private final Object array;
    private final int numel;

    /** Wraps an existing array without copying; its type must match the dtype. */
    public CpuStorage(DType dtype, Object array) {
        this.dtype = dtype;
        this.array = array;
        this.numel = switch (dtype) {
            case FLOAT32 -> ((float[]) array).length;
            case FLOAT64 -> ((double[]) array).length;
            case INT64 -> ((long[]) array).length;
            case INT32 -> ((int[]) array).length;
            case INT16, FLOAT16, BFLOAT16 -> ((short[]) array).length;
            case INT8, UINT8, BOOL -> ((byte[]) array).length;
        };
    }

    /** A zero-filled storage. */
    public static CpuStorage allocate(DType dtype, int numel) {
        if (numel < 0) throw new TorchException("Trying to create tensor with negative dimension: " + numel);
        Object a = switch (dtype) {
            case FLOAT32 -> new float[numel];
            case FLOAT64 -> new double[numel];
            case INT64 -> new long[numel];
            case INT32 -> new int[numel];
            case INT16, FLOAT16, BFLOAT16 -> new short[numel];
            case INT8, UINT8, BOOL -> new byte[numel];
        };
        return new CpuStorage(dtype, a);
    }

    @Override public DType dtype() { return dtype; }

    @Override public Device device() { return Device.CPU; }

    @Override public int numel() { return numel; }

    /** The backing array (float[], double[], …). */
    public Object array() { return array; }

    public float[] f32() { return (float[]) array; }

    public double[] f64() { return (double[]) array; }

    public long[] i64() { return (long[]) array; }

    public int[] i32() { return (int[]) array; }

    public short[] i16() { return (short[]) array; }

    public byte[] i8() { return (byte[]) array; }

    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i];
            case FLOAT64 -> ((double[]) array)[i];
            case INT64 -> ((long[]) array)[i];
            case INT32 -> ((int[]) array)[i];
            case INT16 -> ((short[]) array)[i];
            case FLOAT16 -> Float.float16ToFloat(((short[]) array)[i]);
            case BFLOAT16 -> Float.intBitsToFloat(((short[]) array)[i] << 16);
            case INT8, BOOL -> ((byte[]) array)[i];
            case UINT8 -> ((byte[]) array)[i] & 0xFF;
        };
    }

    public long getLong(int i) {
        return switch (dtype) {
            case INT64 -> ((long[]) array)[i];
            case INT32 -> ((int[]) array)[i];
            case INT16 -> ((short[]) array)[i];
            case INT8, BOOL -> ((byte[]) array)[i];
            case UINT8 -> ((byte[]) array)[i] & 0xFF;
            default -> (long) getDouble(i);
        };
    }

    public void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> ((float[]) array)[i] = (float) v;
            case FLOAT64 -> ((double[]) array)[i] = v;
            case FLOAT16 -> ((short[]) array)[i] = Float.floatToFloat16((float) v);
            case BFLOAT16 -> ((short[]) array)[i] = toBf16((float) v);
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setLong(i, (long) v);
        }
    }

    public void setLong(int i, long v) {
        switch (dtype) {
            case INT64 -> ((long[]) array)[i] = v;
            case INT32 -> ((int[]) array)[i] = (int) v;
            case INT16 -> ((short[]) array)[i] = (short) v;
            case INT8, UINT8 -> ((byte[]) array)[i] = (byte) v;
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setDouble(i, v);
        }
    }

    /** Round-to-nearest-even float to bfloat16 bits. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) 0x7FC0;
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
