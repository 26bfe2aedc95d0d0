package torch4j;

import java.security.SecureRandom;
import torch4j.internal.random.Engine;

/**
 * A source of random numbers, as {@code torch.Generator}: PyTorch's CPU generator (mt19937 seeded with the low 32
 * bits of the seed, default seed 67280421310721), so that the same seed gives the same numbers as PyTorch's CPU
 * ops. Every random op takes an optional generator; null means the {@linkplain #defaultGenerator() default}
 * one, which {@link Torch#manualSeed(long)} seeds. A generator is safe to share between threads: each op
 * draws all its numbers under the generator's lock.
 * <pre>{@code
 * Generator g = new Generator().manualSeed(42);
 * Tensor x = Torch.rand(new int[]{2, 3}, g);   // same values as torch.rand(2, 3, generator=g) in PyTorch
 * }</pre>
 * <p>Agreement with PyTorch 1.13's CPU kernels (same seed, shape, dtype and call sequence; checked against
 * PyTorch in RandomRefsTest):
 * <ul>
 * <li>bit-exact: {@code rand}/{@code uniform_} (float32: 24 bits of one 32-bit draw; float64: 53 bits of a
 * 64-bit draw), {@code randint}/{@code random_} (draw modulo range; 64-bit draws when the range is at least
 * 2^32 for int64/float32/float64/bfloat16), {@code randperm} (Fisher-Yates with 32-bit draws), {@code bernoulli}
 * (tensor p: a float or double uniform per element by p's dtype; scalar p: a double uniform), {@code multinomial}
 * with replacement (cumulative sum and binary search) and without (p / q with q ~ Exp(1), top n), {@code rand_like}
 * and friends (the input's layout is kept, and filled in memory order as PyTorch does), in-place fills of
 * non-contiguous views (memory order);</li>
 * <li>bit-exact on x86 HotSpot, within a double ulp or two elsewhere (Java's {@code Math.log/sin/cos} may differ
 * from glibc's in the last place): {@code randn}/{@code normal}/{@code normal_} in float64, in float32 for
 * tensors of fewer than 16 elements or non-contiguous ones (scalar Box-Muller in double, with the second value
 * of each pair cached in the generator as PyTorch does), and {@code exponential_};</li>
 * <li>to float32 rounding (at most 3 ulp seen): {@code randn}/{@code normal_} on contiguous float32 tensors of
 * 16 or more elements, where PyTorch transforms blocks of 16 uniforms with vectorised approximations of log, sin
 * and cos; the uniforms consumed, and so every later draw, are identical;</li>
 * <li>not matched: PyTorch builds with MKL (the x86 pip wheels) compute {@code bernoulli_(double p)} and
 * {@code exponential_} (hence multinomial without replacement) from an MKL stream seeded by one draw, so they
 * differ from torch4j and from MKL-less builds (such as the reference build used here); ties between equal keys
 * in multinomial without replacement (only with zero probabilities) go to the lower index; half and bfloat16
 * normals are computed in float. CUDA tensors are filled from this CPU generator, not PyTorch's Philox one.</li>
 * </ul>
 */
public final class Generator {
    private static final Generator DEFAULT = new Generator();
    private static final SecureRandom ENTROPY = new SecureRandom();

    private final Engine engine;

    /** {@code torch.Generator()}: a CPU generator with PyTorch's default seed. */
    public Generator() { engine = new Engine(Engine.DEFAULT_SEED); }

    /** A CPU generator seeded with seed, as {@code torch.Generator().manual_seed(seed)}. */
    public Generator(long seed) { engine = new Engine(seed); }

    /** {@code torch.default_generator}: the generator random ops use when given none. */
    public static Generator defaultGenerator() { return DEFAULT; }

    /** Same as torch.Generator.manual_seed; negative seeds are taken as their unsigned 64-bit value. */
    public Generator manualSeed(long seed) {
        engine.seed(seed);
        return this;
    }

    /** Same as torch.Generator.seed: seeds from system entropy (53 bits, as PyTorch) and returns the seed. */
    public long seed() {
        long s = ENTROPY.nextLong() & 0x1FFFFFFFFFFFFFL;
        engine.seed(s);
        return s;
    }

    /** Same as torch.Generator.initial_seed (an unsigned 64-bit value in a long: see {@link Long#toUnsignedString}). */
    public long initialSeed() { return engine.initialSeed(); }

    /** Same as torch.Generator.get_state: PyTorch's 5056-byte layout, so states move between the two. */
    public byte[] getState() { return engine.getState(); }

    /** Same as torch.Generator.set_state (also accepts the 5048-byte legacy state). */
    public Generator setState(byte[] state) {
        engine.setState(state);
        return this;
    }

    /** Same as torch.Generator.device: always CPU. */
    public Device device() { return Device.CPU; }

    /** A new generator whose state is a copy of this one's. */
    public Generator copy() {
        Generator g = new Generator();
        g.setState(getState());
        return g;
    }

    /** The engine behind this generator, for torch4j's kernels (lock it while drawing). */
    public Engine engine() { return engine; }

    /** The engine of g, or of the default generator when g is null. For kernels. */
    public static Engine engineOf(Generator g) { return (g == null ? DEFAULT : g).engine; }
}
