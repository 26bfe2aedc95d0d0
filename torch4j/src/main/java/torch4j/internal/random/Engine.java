package torch4j.internal.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import torch4j.TorchException;

/**
 * The state behind a {@link torch4j.Generator}, as PyTorch's {@code CPUGeneratorImpl}: an mt19937 engine, the
 * seed it was started from, and the cached second value of the last scalar Box-Muller pair. Kernels draw from
 * it while holding its monitor ({@code synchronized (engine)}), so one op's draws are never interleaved with
 * another thread's.
 */
public final class Engine {
    /** PyTorch's {@code default_rng_seed_val}. */
    public static final long DEFAULT_SEED = 67280421310721L;
    /** Size of PyTorch's serialised {@code CPUGeneratorImplState}. */
    public static final int STATE_SIZE = 5056;
    /** Size of the legacy {@code THGeneratorState}, which set_state also accepts. */
    public static final int LEGACY_STATE_SIZE = 5048;

    private final MersenneTwister mt;
    private long initialSeed;
    private boolean hasNextDouble;
    private double nextDouble;
    private boolean hasNextFloat;
    private float nextFloat;

    public Engine(long seed) {
        mt = new MersenneTwister(seed);
        initialSeed = seed;
    }

    /** {@code manual_seed}: restarts the engine and drops the cached normal samples. */
    public synchronized void seed(long seed) {
        mt.seed(seed);
        initialSeed = seed;
        hasNextDouble = false;
        hasNextFloat = false;
    }

    public synchronized long initialSeed() { return initialSeed; }

    /** 32 random bits in [0, 2^32): PyTorch's {@code random()}. */
    public long random() { return mt.nextUnsigned(); }

    /** The same 32 random bits as a signed int. */
    public int random32() { return mt.nextInt(); }

    /** 64 random bits, the first draw high: PyTorch's {@code random64()}. */
    public long random64() {
        long hi = mt.nextUnsigned(), lo = mt.nextUnsigned();
        return (hi << 32) | lo;
    }

    /** A float in [0, 1) from the low 24 bits of one draw, as {@code uniform_real_distribution<float>}. */
    public float uniformFloat() { return (mt.nextInt() & 0xFFFFFF) * 0x1p-24f; }

    /** A double in [0, 1) from the low 53 bits of a 64-bit draw, as {@code uniform_real_distribution<double>}. */
    public double uniformDouble() { return (random64() & 0x1FFFFFFFFFFFFFL) * 0x1p-53; }

    /**
     * A standard normal as {@code at::normal_distribution<double>}: Box-Muller over two uniform doubles, returning
     * the cosine branch and caching the sine branch for the next call.
     */
    public double normalDouble() {
        // Math rather than StrictMath: HotSpot's log/sin/cos agree with glibc's to the bit in all our reference
        // cases, where fdlibm's differ in the last place now and then
        if (hasNextDouble) {
            hasNextDouble = false;
            return nextDouble;
        }
        double u1 = uniformDouble(), u2 = uniformDouble();
        double r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
        double theta = 2.0 * Math.PI * u1;
        nextDouble = r * Math.sin(theta);
        hasNextDouble = true;
        return r * Math.cos(theta);
    }

    /** PyTorch's serialised state ({@code torch.Generator.get_state()}), byte for byte. */
    public synchronized byte[] getState() {
        ByteBuffer b = ByteBuffer.allocate(STATE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(initialSeed);
        b.putInt(mt.left());
        b.putInt(1); // seeded
        b.putLong(mt.nextIndex());
        for (int i = 0; i < MersenneTwister.N; i++) b.putLong(Integer.toUnsignedLong(mt.word(i)));
        b.putDouble(0.0); // normal_x
        b.putDouble(hasNextDouble ? nextDouble : 0.0); // normal_y
        b.putDouble(0.0); // normal_rho
        b.putInt(hasNextDouble ? 1 : 0);
        b.putInt(0); // padding
        b.putFloat(hasNextFloat ? nextFloat : 0f);
        b.put((byte) (hasNextFloat ? 1 : 0));
        return b.array();
    }

    /** {@code set_state}: accepts PyTorch's 5056-byte state or the legacy 5048-byte one. */
    public synchronized void setState(byte[] state) {
        if (state.length != STATE_SIZE && state.length != LEGACY_STATE_SIZE)
            throw new TorchException("Expected either a CPUGeneratorImplStateLegacy of size " + LEGACY_STATE_SIZE
                    + " or a CPUGeneratorImplState of size " + STATE_SIZE
                    + " but found the input RNG state size to be " + state.length);
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        long seed = b.getLong();
        int left = b.getInt();
        b.getInt();
        long next = b.getLong();
        if (left < 1 || left > MersenneTwister.N || next < 0 || next > MersenneTwister.N)
            throw new TorchException("Invalid mt19937 state: left=" + left + ", next=" + next);
        int[] words = new int[MersenneTwister.N];
        for (int i = 0; i < words.length; i++) words[i] = (int) b.getLong();
        b.getDouble();
        double normalY = b.getDouble();
        b.getDouble();
        boolean normalValid = b.getInt() != 0;
        boolean floatValid = false;
        float floatSample = 0;
        if (state.length == STATE_SIZE) {
            b.getInt();
            floatSample = b.getFloat();
            floatValid = b.get() != 0;
        }
        mt.restore(words, left, (int) next);
        initialSeed = seed;
        hasNextDouble = normalValid;
        nextDouble = normalY;
        hasNextFloat = floatValid;
        nextFloat = floatSample;
    }
}
