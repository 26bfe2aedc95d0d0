package torch4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import torch4j.linalg.Linalg;

/** The README's tensor and autograd examples (issue 2's acceptance), with PyTorch 1.13's printed output. */
class ReadmeExamplesTest {
    @Test
    void printedResultsMatchPyTorch() {
        Tensor x = Torch.tensor(new double[]{1, 2, 3}).requiresGrad_(true);
        Tensor y = x.pow(2);
        assertEquals("tensor([1., 4., 9.], grad_fn=<PowBackward0>)", y.toString());
        y.backward(Torch.tensor(new double[]{1, 1, 1}));
        assertEquals("tensor([2., 4., 6.])", x.grad().toString());

        Tensor a = Torch.tensor(1.0).requiresGrad_(true);
        Tensor b = Torch.tensor(2.0).requiresGrad_(true);
        Tensor z = a.mul(b).add(b.pow(2));
        z.backward();
        assertEquals("tensor(2.) tensor(5.)", a.grad() + " " + b.grad());

        Tensor t = Torch.tensor(new double[]{36, 55, 68, 82, 91, 29, 48, 46, 37, 60, 72, 78, 61, 32, 7,
                                              48, 55, 0, 8, 80, 60, 52, 81, 41, 30, 43, 35, 47, 57, 26});
        assertEquals("tensor(522.3506)", t.var().toString());
        assertEquals("tensor(504.9389)", t.var(false).toString());
        assertEquals("tensor(504.9389)", t.var(null, 0, false).toString());
        assertEquals("tensor(294.4300)", Linalg.norm(t).toString());
        assertEquals("tensor([[ 0,  1,  2,  3],\n"
                + "        [ 4,  5,  6,  7],\n"
                + "        [ 8,  9, 10, 11]])", Torch.arange(12).reshape(3, 4).toString());
        assertEquals("tensor([-5.0000, -4.8990, -4.7980, -4.6970, -4.5960, -4.4949, -4.3939, -4.2929," + "\n"
                + "        -4.1919, -4.0909, -3.9899, -3.8889, -3.7879, -3.6869, -3.5859, -3.4848," + "\n"
                + "        -3.3838, -3.2828, -3.1818, -3.0808, -2.9798, -2.8788, -2.7778, -2.6768," + "\n"
                + "        -2.5758, -2.4747, -2.3737, -2.2727, -2.1717, -2.0707, -1.9697, -1.8687," + "\n"
                + "        -1.7677, -1.6667, -1.5657, -1.4646, -1.3636, -1.2626, -1.1616, -1.0606," + "\n"
                + "        -0.9596, -0.8586, -0.7576, -0.6566, -0.5556, -0.4545, -0.3535, -0.2525," + "\n"
                + "        -0.1515, -0.0505,  0.0505,  0.1515,  0.2525,  0.3535,  0.4545,  0.5556," + "\n"
                + "         0.6566,  0.7576,  0.8586,  0.9596,  1.0606,  1.1616,  1.2626,  1.3636," + "\n"
                + "         1.4646,  1.5657,  1.6667,  1.7677,  1.8687,  1.9697,  2.0707,  2.1717," + "\n"
                + "         2.2727,  2.3737,  2.4747,  2.5758,  2.6768,  2.7778,  2.8788,  2.9798," + "\n"
                + "         3.0808,  3.1818,  3.2828,  3.3838,  3.4848,  3.5859,  3.6869,  3.7879," + "\n"
                + "         3.8889,  3.9899,  4.0909,  4.1919,  4.2929,  4.3939,  4.4949,  4.5960," + "\n"
                + "         4.6970,  4.7980,  4.8990,  5.0000])", Torch.linspace(-5, 5, 100).toString());
    }

    @Test
    void moreOfTheTensorApiRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Torch.manualSeed(0); // has negative entries
        Tensor m = Torch.randn(3, 4);
        assertEquals(Shape.of(4, 4), m.t().matmul(m).shape());
        Tensor v = m.index(Index.slice(1, 3), Index.ELLIPSIS, 0);
        assertEquals(Shape.of(2), v.shape());
        assertEquals(m.storage(), v.storage());
        assertEquals(v.toString(), m.index("1:3, ..., 0").toString());
        assertEquals(0.0, m.maskedFill(m.lt(0), 0.0).min().item());
        assertEquals(3.0, m.softmax(1).sum().item(), 1e-5);
        assertEquals(Shape.of(3, 3), Torch.einsum("ij,kj->ik", m, m).shape());
        Numpy.save(dir.resolve("m.npy"), m);
        assertEquals(m.toString(), Numpy.load(dir.resolve("m.npy")).toString());
    }
}
