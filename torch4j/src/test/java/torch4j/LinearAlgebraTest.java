package torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import torch4j.autograd.Autograd;
import torch4j.autograd.GradCheck;
import torch4j.linalg.Linalg;

/**
 * Products and einsum: gradcheck in float64 for every op and rank combination, node names as PyTorch prints
 * them, non-contiguous and broadcast operands, integer products and PyTorch's error messages. Values against
 * PyTorch itself are in LinearAlgebraRefsTest.
 */
class LinearAlgebraTest {
    /** Deterministic float64 values in [-1, 1), requiring grad. */
    static Tensor r(int seed, int... shape) {
        Random rnd = new Random(seed);
        int n = 1;
        for (int s : shape) n *= s;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rnd.nextDouble() * 2 - 1;
        return Torch.fromArray(d, shape).requiresGrad_(true);
    }

    static Tensor f(int seed, int... shape) { return r(seed, shape).detach().to(DType.FLOAT32); }

    static void gc(Function<Tensor[], Tensor> fn, Tensor... in) { assertTrue(GradCheck.gradcheck(fn, in)); }

    static void assertMessage(String expected, Supplier<?> op) {
        TorchException e = assertThrows(TorchException.class, op::get);
        assertEquals(expected, e.getMessage());
    }

    static void assertSame(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shapeArray(), actual.shapeArray());
        assertTrue(expected.allclose(actual, 1e-12, 1e-12), () -> expected + " vs " + actual);
    }

    // ---------------------------------------------------------------------------------------------- gradcheck

    @Test void gradcheckMmBmmMvDotOuter() {
        gc(t -> t[0].mm(t[1]), r(1, 3, 4), r(2, 4, 2));
        gc(t -> t[0].t().mm(t[1].t()), r(1, 4, 3), r(2, 2, 4)); // transposed views straight to the kernel
        gc(t -> t[0].bmm(t[1]), r(3, 2, 3, 4), r(4, 2, 4, 2));
        gc(t -> t[0].expand(3, 2, 4).bmm(t[1]), r(3, 1, 2, 4), r(4, 3, 4, 2)); // stride-0 batch
        gc(t -> t[0].mv(t[1]), r(5, 3, 4), r(6, 4));
        gc(t -> t[0].dot(t[1]), r(7, 5), r(8, 5));
        gc(t -> t[0].outer(t[1]), r(9, 3), r(10, 2));
    }

    @Test void gradcheckMatmulAllRanks() {
        int[][][] shapes = {
                {{4}, {4}}, {{3, 4}, {4}}, {{4}, {4, 3}}, {{3, 4}, {4, 2}}, {{2, 3, 4}, {4}}, {{4}, {2, 4, 3}},
                {{2, 3, 4}, {4, 2}}, {{3, 4}, {2, 4, 2}}, {{2, 3, 4}, {2, 4, 2}}, {{2, 1, 3, 4}, {3, 4, 2}},
                {{1, 2, 4}, {3, 1, 4, 2}}};
        int seed = 20;
        for (int[][] s : shapes) gc(t -> t[0].matmul(t[1]), r(seed++, s[0]), r(seed++, s[1]));
        // a batched operand that cannot fold into rows: goes through the broadcast batch path, no copy
        gc(t -> t[0].transpose(0, 1).matmul(t[1]), r(40, 3, 2, 4), r(41, 4, 2));
        gc(t -> t[0].transpose(0, 1).matmul(t[1]), r(42, 3, 2, 4), r(43, 4));
    }

    @Test void gradcheckAddmmBaddbmm() {
        gc(t -> Torch.addmm(t[0], t[1], t[2]), r(50, 2), r(51, 3, 4), r(52, 4, 2));
        gc(t -> Torch.addmm(t[0], t[1], t[2], 0.5, -2.0), r(53, 3, 2), r(54, 3, 4), r(55, 4, 2));
        gc(t -> Torch.addmm(t[0], t[1], t[2].t(), 1, 1), r(56, 1, 5), r(57, 3, 4), r(58, 5, 4)); // nn.Linear
        gc(t -> Torch.addmm(t[0], t[1], t[2], 0, 1), r(59, 3, 2), r(60, 3, 4), r(61, 4, 2));
        gc(t -> Torch.baddbmm(t[0], t[1], t[2]), r(62, 2), r(63, 2, 3, 4), r(64, 2, 4, 2));
        gc(t -> Torch.baddbmm(t[0], t[1], t[2], 2.0, 0.5), r(65, 2, 3, 1), r(66, 2, 3, 4), r(67, 2, 4, 2));
    }

    @Test void gradcheckEinsum() {
        gc(t -> Torch.einsum("ij,jk->ik", t), r(70, 2, 3), r(71, 3, 4));
        gc(t -> Torch.einsum("bij,bkj->bik", t), r(72, 2, 3, 4), r(73, 2, 2, 4));
        gc(t -> Torch.einsum("ii->i", t), r(74, 3, 3));
        gc(t -> Torch.einsum("ii", t), r(75, 3, 3));
        gc(t -> Torch.einsum("...ij,...jk", t), r(76, 2, 2, 3), r(77, 3, 2));
        gc(t -> Torch.einsum("ij,jk,kl->il", t), r(78, 2, 3), r(79, 3, 2), r(80, 2, 2));
        gc(t -> Torch.einsum("i,j->ij", t), r(81, 3), r(82, 2));
        gc(t -> Torch.einsum("iij->j", t), r(83, 2, 2, 3));
    }

    @Test void gradcheckNorms() {
        Tensor x = r(90, 3, 4);
        for (double ord : new double[]{2, 1, 3, 0.5, 1.5, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
            gc(t -> Linalg.vectorNorm(t[0], ord, new int[]{1}, false), x);
        gc(t -> Linalg.vectorNorm(t[0], 0), x); // piecewise constant: zero gradient
        gc(t -> Linalg.norm(t[0]), x);
        for (String ord : new String[]{"fro", "nuc"}) gc(t -> Linalg.matrixNorm(t[0], ord), x);
        for (double ord : new double[]{1, -1, 2, -2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
            gc(t -> Linalg.matrixNorm(t[0], ord), x);
        gc(t -> Linalg.matrixNorm(t[0], Linalg.MatrixOrd.NUC), r(91, 2, 4, 3));
        gc(t -> Linalg.svdvals(t[0]), r(92, 2, 3, 5));
    }

    @Test void doubleBackwardThroughProducts() {
        // gradcheck of a first derivative built with createGraph: the derivatives are products themselves
        Tensor b = r(101, 4, 2).detach();
        gc(t -> {
            try (var _ = Torch.enableGrad()) { // gradcheck evaluates the numeric side with grad off
                Tensor y = t[0].matmul(b).pow(2).sum();
                return Autograd.grad(new Tensor[]{y}, new Tensor[]{t[0]}, null, true, true, false)[0];
            }
        }, r(100, 3, 4));
        Tensor w = r(103, 5, 4).detach();
        gc(t -> {
            try (var _ = Torch.enableGrad()) {
                Tensor y = Torch.addmm(t[1], t[0], w.t()).tanh().sum();
                return Autograd.grad(new Tensor[]{y}, new Tensor[]{t[0]}, null, true, true, false)[0];
            }
        }, r(102, 3, 4), r(104, 5));
    }

    // ---------------------------------------------------------------------------------------------- node names

    @Test void gradFnNamesAsPyTorch() {
        String[][] cases = {
                {"4", "4", "DotBackward0"}, {"2,4", "4", "MvBackward0"}, {"4", "4,3", "SqueezeBackward3"},
                {"2,4", "4,3", "MmBackward0"}, {"5,2,4", "4", "UnsafeViewBackward0"},
                {"5,2,4", "4,3", "UnsafeViewBackward0"}, {"5,2,4", "5,4,3", "UnsafeViewBackward0"},
                {"7,1,2,4", "5,4,3", "UnsafeViewBackward0"}};
        for (String[] c : cases) {
            Tensor y = r(1, parse(c[0])).matmul(r(2, parse(c[1])));
            assertEquals(c[2], y.gradFn().name(), c[0] + " @ " + c[1]);
        }
        assertEquals("MvBackward0", r(1, 5, 2, 4).matmul(r(2, 4)).gradFn().nextFunctions().get(0).name());
        assertEquals("MmBackward0", r(1, 5, 2, 4).matmul(r(2, 4, 3)).gradFn().nextFunctions().get(0).name());
        assertEquals("BmmBackward0", r(1, 5, 2, 4).matmul(r(2, 5, 4, 3)).gradFn().nextFunctions().get(0).name());
        assertEquals("BmmBackward0", r(1, 2, 3, 4).bmm(r(2, 2, 4, 1)).gradFn().name());
        assertEquals("MulBackward0", r(1, 3).outer(r(2, 2)).gradFn().name());
        assertEquals("AddmmBackward0", Torch.addmm(r(1, 2), r(2, 3, 4), r(3, 4, 2)).gradFn().name());
        assertEquals("BaddbmmBackward0", Torch.baddbmm(r(1, 2), r(2, 2, 3, 4), r(3, 2, 4, 2)).gradFn().name());
        assertEquals("LinalgVectorNormBackward0", Linalg.norm(r(1, 3, 4)).gradFn().name());
        assertEquals("LinalgVectorNormBackward0", Linalg.matrixNorm(r(1, 3, 4)).gradFn().name());
        assertEquals("AmaxBackward0", Linalg.matrixNorm(r(1, 3, 4), 1).gradFn().name());
        assertEquals("SumBackward1", Linalg.matrixNorm(r(1, 3, 4), "nuc").gradFn().name());
    }

    private static int[] parse(String s) {
        String[] p = s.split(",");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i]);
        return r;
    }

    // ---------------------------------------------------------------------------------------------- layouts

    @Test void nonContiguousAndBroadcastOperandsMatchContiguousCopies() {
        Tensor a = r(1, 6, 8).detach(), b = r(2, 8, 10).detach();
        Tensor aS = a.slice(0, 0, 6, 2).slice(1, 1, 8, 2);   // [3, 4] with steps
        Tensor bS = b.slice(0, 0, 8, 2).slice(1, 0, 10, 3);  // [4, 4]
        assertSame(aS.contiguous().mm(bS.contiguous()), aS.mm(bS));
        assertSame(bS.contiguous().t().contiguous().mm(aS.contiguous().t().contiguous()), bS.t().mm(aS.t()));
        Tensor e = r(3, 1, 4).detach().expand(5, 4);          // stride 0 rows
        assertSame(e.contiguous().mm(bS.contiguous()), e.mm(bS));
        Tensor v = r(4, 12).detach().slice(0, 0, 12, 3);      // stride 3
        assertSame(aS.contiguous().mv(v.contiguous()), aS.mv(v));
        assertSame(v.contiguous().dot(v.contiguous()), v.dot(v));
        Tensor batchT = r(5, 4, 3, 2).detach().permute(2, 1, 0); // [2, 3, 4], all strides permuted
        Tensor bb = r(6, 2, 4, 5).detach();
        assertSame(batchT.contiguous().bmm(bb), batchT.bmm(bb));
        assertSame(batchT.contiguous().matmul(bb.select(0, 0)), batchT.matmul(bb.select(0, 0)));
        Tensor ea = r(7, 3, 1, 2, 4).detach(), eb = r(8, 5, 4, 2).detach().transpose(0, 1).transpose(0, 1);
        Tensor ref = ea.contiguous().expand(3, 5, 2, 4).contiguous().matmul(eb.contiguous().expand(3, 5, 4, 2).contiguous());
        assertSame(ref, ea.matmul(eb));
        Tensor bias = r(9, 10).detach();
        assertSame(Torch.addmm(bias, a, b), a.mm(b).add(bias));
        Tensor biasS = bias.slice(0, 0, 10, 2).narrow(0, 0, 4);  // stride 2
        assertSame(aS.mm(bS).add(biasS), Torch.addmm(biasS, aS, bS));
        Tensor weight = r(10, 6, 4).detach(), bias6 = r(13, 12).detach().slice(0, 0, 12, 2);
        // nn.Linear: bias + x·Wᵀ, with Wᵀ a transposed view
        assertSame(aS.contiguous().mm(weight.t().contiguous()).add(bias6), Torch.addmm(bias6, aS, weight.t()));
    }

    @Test void largeProductMatchesNaiveLoop() {
        int m = 67, k = 129, n = 75;
        Tensor a = r(11, k, m).detach().t(), b = r(12, k, n).detach();
        double[] x = a.contiguous().toDoubleArray(), y = b.toDoubleArray(), z = a.mm(b).toDoubleArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += x[i * k + p] * y[p * n + j];
                assertEquals(s, z[i * n + j], 1e-12);
            }
    }

    @Test void integerProductsAreExact() {
        Tensor a = Torch.arange(6).reshape(2, 3), b = Torch.arange(6).reshape(3, 2);
        Tensor c = a.matmul(b);
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[]{10, 13, 28, 40}, c.toLongArray());
        assertArrayEquals(new long[]{10, 13, 28, 40}, Torch.einsum("ij,jk", a, b).toLongArray());
        assertEquals(55L, Torch.arange(6).dot(Torch.arange(6)).itemLong());
        assertArrayEquals(new long[]{5, 14}, a.mv(Torch.arange(3)).toLongArray());
        assertArrayEquals(new long[]{21, 27, 57, 81},
                Torch.addmm(Torch.tensor(new long[]{1, 1}), a, b, 1, 2).toLongArray());
        assertArrayEquals(new long[]{12, 15, 30, 42},
                Torch.baddbmm(Torch.tensor(new long[]{1, 1}), a.unsqueeze(0), b.unsqueeze(0), 2, 1).toLongArray());
    }

    // ---------------------------------------------------------------------------------------------- acceptance

    @Test void acceptanceNorm() {
        Tensor t = Torch.tensor(new double[]{36, 55, 68, 82, 91, 29, 48, 46, 37, 60, 72, 78, 61, 32, 7, 48, 55, 0, 8, 80,
                60, 52, 81, 41, 30, 43, 35, 47, 57, 26});
        Tensor n = Linalg.norm(t);
        assertEquals(Math.sqrt(86689), n.item(), 1e-4);
        assertEquals("tensor(294.4300)", n.toString());
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Test void errorMessagesAsPyTorch() {
        Tensor m23 = f(1, 2, 3), m45 = f(2, 4, 5), v3 = f(3, 3), v4 = f(4, 4), m34 = f(5, 3, 4);
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () -> m23.mm(m45));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", () -> m23.matmul(m45));
        assertMessage("mat2 must be a matrix", () -> m23.mm(v3));
        assertMessage("self must be a matrix", () -> v3.mm(m34));
        assertMessage("both arguments to matmul need to be at least 1D, but they are 0D and 2D",
                () -> Torch.tensor(1.0).matmul(m23));
        assertMessage("both arguments to matmul need to be at least 1D, but they are 2D and 0D",
                () -> m23.matmul(Torch.tensor(1.0)));
        assertMessage("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, "
                + "but got 3 and 4 elements respectively", () -> v3.dot(v4));
        assertMessage("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, "
                + "but got 3 and 4 elements respectively", () -> v3.matmul(v4));
        assertMessage("1D tensors expected, but got 2D and 1D tensors", () -> m23.dot(v3));
        assertMessage("dot : expected both vectors to have same dtype, but found Float and Double",
                () -> v3.dot(v3.to(DType.FLOAT64)));
        assertMessage("expected scalar type Float but found Double", () -> m23.mm(m34.to(DType.FLOAT64)));
        assertMessage("expected scalar type Double but found Float", () -> m23.to(DType.FLOAT64).matmul(m34));
        assertMessage("expected scalar type Float but found Double", () -> f(1, 5, 2, 3).matmul(m34.to(DType.FLOAT64)));
        assertMessage("expected scalar type Long but found Float", () -> Torch.ones(new int[]{2, 3}, DType.INT64).mm(m34));
        assertMessage("size mismatch, got 2, 2x3,4", () -> m23.mv(v4));
        assertMessage("size mismatch, got 2, 2x3,4", () -> m23.matmul(v4));
        assertMessage("vector + matrix @ vector expected, got 1, 1, 1", () -> v3.mv(v3));
        assertMessage("size mismatch, got 10, 10x3,4", () -> f(1, 5, 2, 3).matmul(v4));
        assertMessage("size mismatch, got 20, 20x3,4", () -> v4.matmul(f(1, 5, 3, 4)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (10x3 and 4x5)", () -> f(1, 5, 2, 3).matmul(m45));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (10x3 and 4x4)",
                () -> f(1, 5, 2, 3).transpose(0, 1).matmul(f(2, 4, 4)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (20x4 and 3x2)", () -> m23.matmul(f(1, 5, 4, 4)));
        assertMessage("mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)", () -> v3.matmul(m45));
        assertMessage("The size of tensor a (5) must match the size of tensor b (6) at non-singleton dimension 0",
                () -> f(1, 5, 2, 3).matmul(f(2, 6, 3, 4)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4].",
                () -> f(1, 5, 2, 3).matmul(f(2, 5, 4, 4)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [5, 4].",
                () -> f(1, 5, 2, 3).bmm(f(2, 5, 4, 4)));
        assertMessage("Expected size for first two dimensions of batch2 tensor to be: [5, 3] but got: [6, 3].",
                () -> f(1, 5, 2, 3).bmm(f(2, 6, 3, 4)));
        assertMessage("batch1 must be a 3D tensor", () -> m23.bmm(f(2, 5, 3, 4)));
        assertMessage("batch2 must be a 3D tensor", () -> f(1, 5, 2, 3).bmm(m34));
        assertMessage("outer: Expected 1-D argument self, but got 2-D", () -> m23.outer(v3));
        assertMessage("outer: Expected 1-D argument vec2, but got 2-D", () -> v3.outer(m23));
        assertMessage("mat1 must be a matrix, got 1-D tensor", () -> Torch.addmm(v4, v3, m34));
        assertMessage("mat2 must be a matrix, got 1-D tensor", () -> Torch.addmm(f(1, 2, 4), m23, v3));
        assertMessage("mat1 and mat2 must have the same dtype", () -> Torch.addmm(f(1, 2, 4), m23.to(DType.FLOAT64), m34));
        assertMessage("self and mat2 must have the same dtype", () -> Torch.addmm(f(1, 2, 4), m23, m34.to(DType.FLOAT64)));
        assertMessage("The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0."
                + "  Target sizes: [2, 4].  Tensor sizes: [3, 4]", () -> Torch.addmm(m34, m23, m34));
        assertMessage("\"addmm_impl_cpu_\" not implemented for 'Bool'",
                () -> Torch.ones(new int[]{2, 3}, DType.BOOL).matmul(Torch.ones(new int[]{3, 2}, DType.BOOL)));
    }

    @Test void einsumErrorsAsPyTorch() {
        Tensor m23 = f(1, 2, 3), m34 = f(2, 3, 4);
        assertMessage("einsum(): fewer operands were provided than specified in the equation", () -> Torch.einsum("ij,jk", m23));
        assertMessage("einsum(): more operands were provided than specified in the equation", () -> Torch.einsum("ij", m23, m34));
        assertMessage("einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) "
                + "for operand 0 and no ellipsis was given", () -> Torch.einsum("ijk", m23));
        assertMessage("einsum(): output subscript k does not appear in the equation for any input operand",
                () -> Torch.einsum("ij->k", m23));
        assertMessage("einsum(): output subscript i appears more than once in the output", () -> Torch.einsum("ij->ii", m23));
        assertMessage("einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2",
                () -> Torch.einsum("ii->i", m23));
        assertMessage("einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]",
                () -> Torch.einsum("i1", m23));
        assertMessage("einsum(): subscript j has size 4 for operand 1 which does not broadcast with previously seen size 3",
                () -> Torch.einsum("ij,jk", m23, f(3, 4, 4)));
        assertMessage("einsum(): dimension 0 covered by ellipsis in operand 1has size 6 which does not broadcast with "
                + "previously seen ellipsis with size 5 for the respective dimension",
                () -> Torch.einsum("...ij,...jk", f(1, 5, 2, 3), f(2, 6, 3, 4)));
        assertMessage("einsum(): found '.' for operand 0 for which an ellipsis was already found",
                () -> Torch.einsum("...i...", f(1, 3)));
        assertMessage("einsum(): found '.' for operand 0 that is not part of any ellipsis", () -> Torch.einsum("i.j", f(1, 3, 3)));
        assertMessage("expected scalar type Float but found Double", () -> Torch.einsum("i,i", f(1, 3), r(2, 3)));
    }

    @Test void normErrorsAsPyTorch() {
        assertMessage("linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long",
                () -> Linalg.norm(Torch.tensor(new long[]{1, 2, 3})));
        assertMessage("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.",
                () -> Linalg.norm(f(1, 2, 3, 4), 2));
        assertMessage("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got 3D.",
                () -> Linalg.norm(f(1, 2, 3, 4), "fro"));
        assertMessage("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.", () -> Linalg.norm(f(1, 3), "fro"));
        assertMessage("linalg.matrix_norm: Order 3 not supported.", () -> Linalg.matrixNorm(f(1, 3, 3), 3));
        assertMessage("linalg.matrix_norm: Order abc not supported.", () -> Linalg.matrixNorm(f(1, 3, 3), "abc"));
        assertMessage("linalg.norm: If dim is specified, it must be of length 1 or 2. Got [0, 1, 1]",
                () -> Linalg.norm(f(1, 3, 4), (Double) null, new int[]{0, 1, 1}, false));
        assertMessage("linalg.matrix_norm: dims must be different. Got (0, 0)",
                () -> Linalg.matrixNorm(f(1, 3, 4), "fro", new int[]{0, 0}, false));
        assertMessage("linalg.matrix_norm: dim must be a 2-tuple. Got 1",
                () -> Linalg.norm(f(1, 3, 4), "fro", new int[]{1}, false));
        assertMessage("linalg.vector_norm cannot compute the -1 norm on an empty tensor because the operation does not "
                + "have an identity", () -> Linalg.vectorNorm(Torch.zeros(0), -1));
        assertMessage("linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not "
                + "have an identity", () -> Linalg.vectorNorm(Torch.zeros(0), Double.POSITIVE_INFINITY));
        assertMessage("linalg.vector_norm: the dtype of the input (Double) should be convertible without narrowing to the "
                + "specified dtype (Float)", () -> Linalg.vectorNorm(r(1, 3), 2, null, false, DType.FLOAT32));
        assertEquals(0.0, Linalg.vectorNorm(Torch.zeros(0), 2).item());
        assertArrayEquals(new int[]{0}, Linalg.vectorNorm(Torch.zeros(0, 3), Double.POSITIVE_INFINITY, new int[]{1}, false)
                .shapeArray());
    }
}
