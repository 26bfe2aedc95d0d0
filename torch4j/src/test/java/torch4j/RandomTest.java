package torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Generator behaviour, statistics, reproducibility, argument errors and autograd records of the random ops. */
class RandomTest {

    private static void fails(String message, Executable e) {
        TorchException ex = assertThrows(TorchException.class, e);
        assertEquals(message, ex.getMessage());
    }

    @Test
    void sameSeedSameNumbersAndGeneratorsAreIndependent() {
        Generator a = new Generator(123), b = new Generator(123);
        Tensor x = Torch.randn(new int[]{50}, a);
        Torch.rand(new int[]{7}, new Generator(99)); // another generator does not disturb a or b
        Tensor y = Torch.randn(new int[]{50}, b);
        assertTrue(x.equal(y));
        assertFalse(Torch.randn(new int[]{50}, a).equal(x));

        Torch.manualSeed(5);
        Tensor d1 = Torch.rand(10);
        Torch.rand(new int[]{10}, new Generator(5)); // explicit generators leave the default one alone
        Tensor d2 = Torch.rand(10);
        Torch.manualSeed(5);
        assertTrue(Torch.rand(10).equal(d1));
        assertTrue(Torch.rand(10).equal(d2));
        assertEquals(5, Torch.initialSeed());
    }

    @Test
    void seedsAndDefaults() {
        assertEquals(67280421310721L, new Generator().initialSeed());
        Generator g = new Generator().manualSeed(-1);
        assertEquals("18446744073709551615", Long.toUnsignedString(g.initialSeed()));
        // only the low 32 bits reach mt19937, as in PyTorch
        assertTrue(Torch.rand(new int[]{4}, new Generator((1L << 32) + 5)).equal(Torch.rand(new int[]{4}, new Generator(5))));
        long s = g.seed();
        assertEquals(s, g.initialSeed());
        assertTrue(s >= 0 && s < (1L << 53));
        assertEquals(Device.CPU, g.device());
    }

    @Test
    void stateRoundTripKeepsCachedNormal() {
        Generator g = new Generator(7);
        Torch.randn(new int[]{1}, g); // leaves the sine half of the pair cached
        byte[] st = g.getState();
        assertEquals(5056, st.length);
        Tensor next = Torch.randn(new int[]{5}, DType.FLOAT64, g);
        Generator h = new Generator().setState(st);
        assertTrue(Torch.randn(new int[]{5}, DType.FLOAT64, h).equal(next));
        assertTrue(g.copy().getState().length == 5056);
        // the legacy 5048-byte layout is accepted as well
        new Generator().setState(Arrays.copyOf(st, 5048));
        fails("Expected either a CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 "
                + "but found the input RNG state size to be 10", () -> new Generator().setState(new byte[10]));
        byte[] before = Torch.getRngState();
        Tensor r = Torch.rand(3);
        Torch.setRngState(before);
        assertTrue(Torch.rand(3).equal(r));
    }

    @Test
    void normalStatistics() {
        Generator g = new Generator(2024);
        Tensor x = Torch.randn(new int[]{100_000}, g);
        assertEquals(0.0, x.mean().item(), 0.01);
        assertEquals(1.0, x.sub(x.mean()).pow(2).mean().item(), 0.015);
        Tensor y = Torch.normal(3.0, 0.5, new int[]{100_000}, DType.FLOAT64, g);
        assertEquals(3.0, y.mean().item(), 0.005);
        assertEquals(0.25, y.sub(y.mean()).pow(2).mean().item(), 0.005);
        Tensor small = Torch.empty(new int[]{20_000, 3}, DType.FLOAT32).t().normal_(0, 1, g); // scalar path
        assertEquals(0.0, small.mean().item(), 0.02);
        assertEquals(1.0, small.pow(2).mean().item(), 0.03);
    }

    @Test
    void uniformIntegerAndBernoulliStatistics() {
        Generator g = new Generator(1);
        Tensor u = Torch.empty(new int[]{100_000}, DType.FLOAT64).uniform_(-2, 6, g);
        assertEquals(2.0, u.mean().item(), 0.03);
        assertTrue(u.min().item() >= -2 && u.max().item() < 6);
        Tensor r = Torch.randint(-3, 4, new int[]{70_000}, g);
        assertEquals(-3, r.min().itemLong());
        assertEquals(3, r.max().itemLong());
        assertEquals(0.0, r.to(DType.FLOAT64).mean().item(), 0.03);
        Tensor b = Torch.bernoulli(Torch.zeros(100_000), 0.3, g);
        assertEquals(0.3, b.mean().item(), 0.01);
        Tensor e = Torch.empty(new int[]{100_000}, DType.FLOAT64).exponential_(4, g);
        assertEquals(0.25, e.mean().item(), 0.005);
        Tensor m = Torch.multinomial(Torch.tensor(new double[]{1, 2, 7}), 20_000, true, g);
        long sevens = Arrays.stream(m.toLongArray()).filter(v -> v == 2).count();
        assertEquals(0.7, sevens / 20_000.0, 0.015);
        long[] perm = Torch.randperm(1000, g).toLongArray();
        long[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) assertEquals(i, sorted[i]);
    }

    @Test
    void multinomialWithoutReplacementNeverRepeats() {
        Generator g = new Generator(3);
        Tensor w = Torch.rand(new int[]{4, 30}, g);
        Tensor s = Torch.multinomial(w, 30, false, g);
        assertArrayEquals(new int[]{4, 30}, s.shapeArray());
        for (int r = 0; r < 4; r++) {
            long[] row = s.select(0, r).toLongArray();
            assertEquals(30, Arrays.stream(row).distinct().count());
        }
        // zero-probability categories are drawn only once the others are exhausted
        long[] z = Torch.multinomial(Torch.tensor(new double[]{0, 1, 0, 1}), 2, false, g).toLongArray();
        Arrays.sort(z);
        assertArrayEquals(new long[]{1, 3}, z);
    }

    @Test
    void factoriesDefaultsAndLikeForms() {
        assertEquals(DType.FLOAT32, Torch.rand(2, 3).dtype());
        assertEquals(DType.FLOAT32, Torch.randn(2).dtype());
        assertEquals(DType.INT64, Torch.randint(5, new int[]{3}).dtype());
        assertEquals(DType.INT64, Torch.randperm(4).dtype());
        Tensor t = Torch.zeros(new int[]{3, 4}, DType.FLOAT64).t();
        Tensor l = Torch.randLike(t);
        assertEquals(DType.FLOAT64, l.dtype());
        assertArrayEquals(new int[]{1, 4}, l.stride()); // rand_like keeps the transposed layout
        assertEquals(DType.FLOAT64, Torch.randnLike(t).dtype());
        Tensor ri = Torch.randintLike(Torch.zeros(new int[]{50}, DType.INT32), 2, 5);
        assertEquals(DType.INT32, ri.dtype());
        assertTrue(ri.min().itemLong() >= 2 && ri.max().itemLong() <= 4);
        assertEquals(DType.FLOAT32, Torch.randLike(Torch.zeros(2), DType.FLOAT32).dtype());
        assertEquals(0, Torch.rand(0).numel());
        assertEquals(0, Torch.randperm(0).numel());
        Tensor bools = Torch.empty(new int[]{64}, DType.BOOL).random_(new Generator(0));
        assertEquals(DType.BOOL, bools.dtype());
    }

    @Test
    void errorsFollowPyTorch() {
        fails("\"check_uniform_bounds\" not implemented for 'Long'", () -> Torch.rand(new int[]{3}, DType.INT64));
        fails("\"normal_kernel_cpu\" not implemented for 'Int'", () -> Torch.randn(new int[]{3}, DType.INT32));
        fails("random_ expects 'from' to be less than 'to', but got from=5 >= to=5", () -> Torch.randint(5, 5, new int[]{3}));
        fails("to - 1 is out of bounds for unsigned char", () -> Torch.randint(0, 300, new int[]{3}, DType.UINT8));
        fails("from is out of bounds for signed char", () -> Torch.empty(new int[]{3}, DType.INT8).random_(-200, 0));
        fails("from is out of bounds for short int", () -> Torch.randint(-32769, 0, new int[]{3}, DType.INT16));
        fails("to - 1 is out of bounds for bool", () -> Torch.randint(0, 3, new int[]{3}, DType.BOOL));
        fails("Trying to create tensor with negative dimension -1: [-1]", () -> Torch.randperm(-1));
        fails("\"randperm\" not implemented for 'Bool'", () -> Torch.randperm(3, DType.BOOL));
        fails("value cannot be converted to type int8_t without overflow", () -> Torch.randperm(129, DType.INT8));
        fails("uniform_ expects to return a [from, to) range, but found from=2.5 > to=1.25", () -> Torch.empty(3).uniform_(2.5, 1.25));
        fails("uniform_ expects to-from <= std::numeric_limits<float>::max(), but found to=3e+38 and from=-3e+38 which "
                + "result in to-from to exceed the limit", () -> Torch.empty(3).uniform_(-3e38, 3e38));
        fails("normal expects std >= 0.0, but found std -0.001", () -> Torch.empty(3).normal_(0, -0.001));
        fails("normal expects std >= 0.0, but found std -1", () -> Torch.normal(0, -1, new int[]{3}));
        fails("normal expects all elements of std >= 0.0",
                () -> Torch.normal(Torch.zeros(3), Torch.tensor(new double[]{1, -1, 1})));
        fails("bernoulli_ expects p to be in [0, 1], but got p=-1e-07", () -> Torch.empty(3).bernoulli_(-1e-7));
        fails("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  "
                + "If so, please report an enhancement request to PyTorch.)", () -> Torch.bernoulli(Torch.tensor(new double[]{0.5, 1.5})));
        fails("\"bernoulli_tensor_cpu_p_\" not implemented for 'Long'", () -> Torch.bernoulli(Torch.tensor(new long[]{1, 0})));
        fails("exponential_ expects lambda >= 0.0, but found lambda=-1.5e-10", () -> Torch.empty(3).exponential_(-1.5e-10));
        fails("\"exponential_cpu\" not implemented for 'Long'", () -> Torch.empty(new int[]{3}, DType.INT64).exponential_());
        Tensor p = Torch.tensor(new double[]{0.5, 0.5});
        fails("cannot sample n_sample > prob_dist.size(-1) samples without replacement", () -> Torch.multinomial(p, 3));
        fails("cannot sample n_sample <= 0 samples", () -> Torch.multinomial(p, 0));
        fails("prob_dist must be 1 or 2 dim", () -> Torch.multinomial(Torch.zeros(2, 2, 2), 1));
        fails("multinomial only supports floating-point dtypes for input, got: Long", () -> Torch.multinomial(Torch.tensor(new long[]{1, 2}), 1));
        fails("probability tensor contains either `inf`, `nan` or element < 0",
                () -> Torch.multinomial(Torch.tensor(new double[]{0.5, -0.5}), 1));
        fails("invalid multinomial distribution (encountering probability entry < 0)",
                () -> Torch.multinomial(Torch.tensor(new double[]{0.5, -0.5}), 2, true));
        fails("invalid multinomial distribution (sum of probabilities <= 0)", () -> Torch.multinomial(Torch.zeros(2), 1));
        fails("invalid multinomial distribution (sum of probabilities <= 0)", () -> Torch.multinomial(Torch.zeros(2), 3, true));
        fails("unsupported operation: more than one element of the written-to tensor refers to a single memory location. "
                + "Please clone() the tensor before performing the operation.", () -> Torch.zeros(3).expand(2, 3).uniform_());
        fails("a leaf Variable that requires grad is being used in an in-place operation.",
                () -> Torch.zeros(3).requiresGrad_().uniform_());
    }

    @Test
    void autogradRecordsZeroGradientNodes() {
        Tensor x = Torch.zeros(new int[]{3}, DType.FLOAT64).requiresGrad_();
        Tensor y = x.mul(2.0);
        y.uniform_();
        assertEquals("UniformBackward0", y.gradFn().name());
        assertEquals("NormalBackward0", x.mul(2.0).normal_().gradFn().name());
        assertEquals("BernoulliBackward2", x.mul(2.0).bernoulli_(0.5).gradFn().name());
        assertEquals("BernoulliBackward1", x.mul(2.0).bernoulli_(Torch.rand(3)).gradFn().name());
        assertEquals("RandomBackward2", x.mul(2.0).random_().gradFn().name());
        assertEquals("RandomBackward1", x.mul(2.0).random_(5).gradFn().name());
        assertEquals("RandomBackward0", x.mul(2.0).random_(1, 5).gradFn().name());
        assertEquals("ExponentialBackward0", x.mul(2.0).exponential_().gradFn().name());
        y.sum().backward();
        assertArrayEquals(new double[]{0, 0, 0}, x.grad().toDoubleArray());

        Tensor m = Torch.zeros(new int[]{3}, DType.FLOAT64).requiresGrad_(), s = Torch.ones(new int[]{3}, DType.FLOAT64).requiresGrad_();
        assertEquals("NormalBackward3", Torch.normal(m, s).gradFn().name());
        assertEquals("NormalBackward1", Torch.normal(m, 1.0).gradFn().name());
        assertEquals("NormalBackward2", Torch.normal(0.0, s).gradFn().name());
        Tensor pr = Torch.tensor(new double[]{0.2, 0.8}).requiresGrad_();
        assertEquals("BernoulliBackward0", Torch.bernoulli(pr).gradFn().name());
        assertNull(Torch.bernoulli(pr.detach(), 0.5).gradFn());
        Torch.normal(m, s).sum().backward();
        assertArrayEquals(new double[]{0, 0, 0}, m.grad().toDoubleArray());
        assertArrayEquals(new double[]{0, 0, 0}, s.grad().toDoubleArray());
    }

    @Test
    void normalTensorFormsBroadcastAndPromote() {
        Tensor out = Torch.normal(Torch.zeros(3, 1), Torch.ones(2));
        assertArrayEquals(new int[]{3, 2}, out.shapeArray());
        assertEquals(DType.FLOAT64, Torch.normal(Torch.zeros(new int[]{3}, DType.FLOAT64), Torch.ones(3)).dtype());
        assertEquals(DType.FLOAT32, Torch.normal(Torch.zeros(3), Torch.ones(new int[]{3}, DType.FLOAT64)).dtype());
        assertEquals(DType.FLOAT64, Torch.normal(1.0, Torch.ones(new int[]{3}, DType.FLOAT64)).dtype());
        // std = 0 gives the mean exactly
        assertTrue(Torch.normal(Torch.tensor(new double[]{1, 2}), 0.0).equal(Torch.tensor(new double[]{1, 2})));
    }

    @Test
    void concurrentDrawsFromTheDefaultGeneratorStayWhole() throws Exception {
        // each op draws under the generator's lock: the multiset of values is that of a sequential run
        Generator g = new Generator(77);
        Thread[] ts = new Thread[4];
        Tensor[] outs = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            int k = i;
            ts[i] = new Thread(() -> outs[k] = Torch.randperm(500, g));
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        for (Tensor o : outs) {
            long[] v = o.toLongArray();
            Arrays.sort(v);
            for (int i = 0; i < 500; i++) assertEquals(i, v[i]);
        }
    }
}
