package torch4j.utils;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradCheck;
import torch4j.nn.Dropout;
import torch4j.nn.Linear;
import torch4j.nn.Parameter;
import torch4j.nn.Sequential;
import torch4j.nn.Tanh;
import torch4j.nn.functional.F;

/** torch.utils.checkpoint.checkpoint: same values and gradients as the plain forward, fewer live activations. */
class CheckpointTest {
    static Sequential block() {
        return new Sequential(new Linear(6, 16), new Tanh(), new Dropout(0.3), new Linear(16, 6), new Tanh());
    }

    @Test void sameGradientsAsWithoutCheckpointingEvenWithDropout() {
        Torch.manualSeed(0);
        Sequential a = block(), b = block();
        b.loadStateDict(a.stateDict());
        Tensor x0 = Torch.randn(5, 6);

        Tensor xa = x0.clone().requiresGrad_(true);
        Torch.manualSeed(42);
        Tensor ya = a.call(F.relu(xa)).pow(2).sum();
        ya.backward();
        Tensor afterPlain = Torch.rand(3); // the generator after the plain forward

        Tensor xb = x0.clone().requiresGrad_(true);
        Torch.manualSeed(42);
        Tensor h = Checkpoint.checkpoint(in -> b.call(in[0]), F.relu(xb));
        assertEquals("CheckpointFunctionBackward", h.gradFn().name());
        Tensor yb = h.pow(2).sum();
        byte[] before = Torch.getRngState();
        yb.backward();
        // backward restored the forward's RNG state for the recomputation, and then the surrounding state
        assertArrayEquals(before, Torch.getRngState());
        assertTrue(afterPlain.equal(Torch.rand(3)));

        assertEquals(ya.item(), yb.item(), 1e-6);
        assertTrue(xa.grad().allclose(xb.grad(), 1e-5, 1e-6));
        var pa = a.parameters();
        var pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) assertTrue(pa.get(i).grad().allclose(pb.get(i).grad(), 1e-5, 1e-6), "param " + i);
    }

    @Test void multipleInputsAndGradcheck() {
        Tensor x = Torch.randn(new int[]{3, 4}, DType.FLOAT64).requiresGrad_(true);
        Tensor w = Torch.randn(new int[]{4, 2}, DType.FLOAT64).requiresGrad_(true);
        Tensor c = Torch.randn(new int[]{3, 2}, DType.FLOAT64); // needs no grad
        Function<Tensor[], Tensor> fn = in -> in[0].matmul(in[1]).sin().mul(in[2]);
        assertTrue(GradCheck.gradcheck(in -> Checkpoint.checkpoint(fn, in[0], in[1], c), x, w));
        Tensor out = Checkpoint.checkpoint(fn, x, w, c);
        out.sum().backward();
        assertNull(c.grad());
        Tensor[] plain = torch4j.autograd.Autograd.grad(fn.apply(new Tensor[]{x, w, c}).sum(), x, w);
        assertTrue(x.grad().allclose(plain[0]) && w.grad().allclose(plain[1]));
    }

    @Test void noInputRequiresGradMeansNoGraphAsReentrantPyTorch() {
        Linear l = new Linear(2, 2);
        Tensor y = Checkpoint.checkpoint(in -> l.call(in[0]), Torch.ones(1, 2));
        assertFalse(y.requiresGrad());
        Tensor z = Checkpoint.checkpoint(in -> in[0].detach().mul(2), Torch.ones(1, 2).requiresGrad_(true));
        assertEquals("none of output has requires_grad=True, this checkpoint() is not necessary",
                assertThrows(TorchException.class, () -> z.sum().backward()).getMessage());
    }

    /** Intermediates made inside fn, watched through weak references: the graph keeps them only without checkpointing. */
    @Test void keepsFewerLiveIntermediates() throws InterruptedException {
        Parameter w = new Parameter(Torch.randn(64, 64));
        List<WeakReference<Tensor>> plainRefs = new ArrayList<>(), ckptRefs = new ArrayList<>();
        Tensor x = Torch.randn(8, 64).requiresGrad_(true);
        Tensor plain = chain(x, w, plainRefs);
        Tensor ckpt = Checkpoint.checkpoint(in -> chain(in[0], w, ckptRefs), x);
        int livePlain = 0, liveCkpt = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            System.gc();
            Thread.sleep(10);
            livePlain = live(plainRefs);
            liveCkpt = live(ckptRefs);
            if (liveCkpt == 0) break;
        }
        assertEquals(0, liveCkpt, "a checkpointed forward keeps no intermediate");
        assertTrue(livePlain >= 10, "the plain graph saves its activations: " + livePlain);
        // both still differentiate to the same gradient
        Tensor g1 = torch4j.autograd.Autograd.grad(plain.sum(), x)[0];
        ckpt.sum().backward();
        assertTrue(g1.allclose(x.grad(), 1e-4, 1e-5));
    }

    static Tensor chain(Tensor x, Tensor w, List<WeakReference<Tensor>> refs) {
        Tensor h = x;
        for (int i = 0; i < 12; i++) {
            h = h.matmul(w).tanh();
            refs.add(new WeakReference<>(h));
        }
        return h.mul(1.0);
    }

    static int live(List<WeakReference<Tensor>> refs) {
        int n = 0;
        for (var r : refs) if (r.get() != null) n++;
        return n;
    }
}
