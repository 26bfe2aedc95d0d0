package torch4j.internal.random;

/**
 * The 32-bit Mersenne Twister (mt19937) as PyTorch's CPU generator runs it: seeded with the low 32 bits of the
 * seed through the standard linear recurrence, and keeping PyTorch's {@code left}/{@code next} counters (the
 * state is regenerated lazily on the first draw after seeding) so that a serialised state means the same thing
 * on both sides.
 */
public final class MersenneTwister {
    public static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;

    final int[] state = new int[N];
    /** Draws left before the state must be regenerated, plus one (PyTorch's {@code left_}). */
    int left;
    /** Index of the next word of state to temper (PyTorch's {@code next_}). */
    int next;

    public MersenneTwister(long seed) { seed(seed); }

    /** Re-seeds from the low 32 bits, as {@code at::mt19937::init_with_uint32}. */
    public void seed(long seed) {
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) {
            int p = state[j - 1];
            state[j] = 1812433253 * (p ^ (p >>> 30)) + j;
        }
        left = 1;
        next = 0;
    }

    /** The next 32 random bits, as an unsigned value in [0, 2^32). */
    public long nextUnsigned() { return Integer.toUnsignedLong(nextInt()); }

    /** The next 32 random bits. */
    public int nextInt() {
        if (--left == 0) regenerate();
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void regenerate() {
        int[] s = state;
        for (int k = 0; k < N; k++) {
            int y = (s[k] & UPPER) | (s[k + 1 == N ? 0 : k + 1] & LOWER);
            int z = s[k + M < N ? k + M : k + M - N];
            s[k] = z ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        left = N;
        next = 0;
    }

    public int left() { return left; }

    public int nextIndex() { return next; }

    /** Word i of the raw (untempered) state. */
    public int word(int i) { return state[i]; }

    /** Restores a raw state, as read back from a serialised generator. */
    public void restore(int[] words, int left, int next) {
        System.arraycopy(words, 0, state, 0, N);
        this.left = left;
        this.next = next;
    }

    /** An independent copy. */
    public MersenneTwister copy() {
        MersenneTwister m = new MersenneTwister(0);
        m.restore(state, left, next);
        return m;
    }
}
