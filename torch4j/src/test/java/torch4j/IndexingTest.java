package torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static torch4j.Index.ELLIPSIS;
import static torch4j.Index.NONE;
import static torch4j.Index.idx;
import static torch4j.Index.slice;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import torch4j.autograd.GradCheck;

/**
 * The indexing DSL (views versus copies, PyTorch's placement of advanced-index dims, writes), in-place forms under
 * autograd, numerical gradient checks of every differentiable op, and error messages worded as PyTorch 1.13's.
 */
class IndexingTest {
    private static Tensor x234() { return Torch.arange(24).reshape(2, 3, 4); }

    private static Tensor f64(int... shape) {
        long n = 1;
        for (int s : shape) n *= s;
        // distinct, irregular values so that ties and symmetric cancellations cannot hide wrong gradients
        return Torch.arange(0, n, 1).to(DType.FLOAT64).mul(0.37).sin().mul(2).reshape(shape).requiresGrad_(true);
    }

    private static Tensor longs(long... v) { return Torch.tensor(v); }

    private static void message(String expected, Executable e) {
        Throwable t = assertThrows(RuntimeException.class, e);
        assertEquals(expected, t.getMessage());
    }

    private static void gradcheck(Function<Tensor[], Tensor> fn, Tensor... in) { assertTrue(GradCheck.gradcheck(fn, in)); }

    // ------------------------------------------------------------------ DSL: basic indexing gives views

    @Test
    void basicIndexingReturnsViewsSharingStorage() {
        Tensor x = x234();
        Tensor v = x.index(slice(0, 2), ELLIPSIS, 1);          // x[0:2, ..., 1]
        assertArrayEquals(new int[]{2, 3}, v.shapeArray());
        assertSame(x.storage(), v.storage());
        assertArrayEquals(new long[]{1, 5, 9, 13, 17, 21}, v.toLongArray());
        assertArrayEquals(new int[]{1, 2, 3, 4, 1}, x.index(NONE, ELLIPSIS, null).shapeArray());
        assertArrayEquals(new long[]{4, 6}, x.index(0, 1, slice(null, null, 2)).toLongArray());
        assertArrayEquals(new long[]{11, 7, 3}, x.index(0, slice(null, null), -1).flip(0).toLongArray());
        assertArrayEquals(new int[]{2, 1, 2}, x.index(slice(), slice(-100, 1), slice(1, 100, 2)).shapeArray());
        assertArrayEquals(new int[]{1, 2, 3, 4}, x.index(true).shapeArray());
        assertArrayEquals(new int[]{0, 2, 3, 4}, x.index(false).shapeArray());
        assertArrayEquals(new int[]{3, 4}, x.index(Torch.tensor(1)).shapeArray()); // a 0-dim int tensor selects
        assertSame(x.storage(), x.index(Torch.tensor(1)).storage());
        Tensor all = x.index(ELLIPSIS);
        assertNotSame(x, all);
        assertSame(x.storage(), all.storage());
        Tensor s = Torch.tensor(5.0);
        assertArrayEquals(new int[]{1}, s.index(NONE).shapeArray());
        assertArrayEquals(new int[0], s.index(ELLIPSIS).shapeArray());
    }

    @Test
    void stringSpecIsParsedAsPythonIndexSyntax() {
        Tensor x = x234();
        assertTrue(x.index("0:2, ..., 1").equal(x.index(slice(0, 2), ELLIPSIS, 1)));
        assertTrue(x.index("None, 1, ::2").equal(x.index(NONE, 1, slice(null, null, 2))));
        assertTrue(x.index("-1, 1:, 3").equal(x.index(-1, slice(1, null), 3)));
        assertTrue(x.index("[1]").equal(x.index(1)));
    }

    @Test
    void writesThroughBasicIndexReachTheBase() {
        Tensor x = Torch.zeros(3, 4);
        x.indexPut_(idx(slice(1, 3), 0), 7.0);                     // x[1:3, 0] = 7
        x.indexPut_(idx(0), Torch.tensor(new double[]{1, 2, 3, 4})); // x[0] = [1, 2, 3, 4]
        Tensor row = x.index(2);
        row.indexPut_(idx(slice(1, null)), Torch.tensor(new long[]{5})); // a long value cast into float32, through a view
        assertArrayEquals(new float[]{1, 2, 3, 4, 7, 0, 0, 0, 7, 5, 5, 5}, x.toFloatArray());
    }

    // ------------------------------------------------------------------ DSL: advanced indexing gives copies

    @Test
    void advancedIndexDimsPlacedAsPyTorch() {
        Tensor x = x234();
        Tensor i02 = longs(0, 2);
        assertArrayEquals(new int[]{2, 2, 4}, x.index(slice(), i02).shapeArray());
        assertArrayEquals(new int[]{2, 3}, x.index(longs(0, 1), slice(), i02).shapeArray());   // separated: first
        assertArrayEquals(new int[]{2, 2}, x.index(slice(), i02, longs(1, 3)).shapeArray());   // adjacent: in place
        assertArrayEquals(new int[]{2, 1, 2}, x.index(slice(), NONE, i02, longs(1, 3)).shapeArray());
        assertArrayEquals(new int[]{2, 1, 4}, x.index(longs(0), NONE, i02).shapeArray());
        assertArrayEquals(new int[]{3, 2}, x.index(1, slice(), i02).shapeArray());              // int first selects
        assertArrayEquals(new int[]{2, 2, 2}, x.index(slice(), Torch.tensor(new long[][]{{0}, {2}}), longs(1, 3)).shapeArray());
        Tensor sel = x.index(slice(), i02, longs(1, 3));
        assertArrayEquals(new long[]{1, 11, 13, 23}, sel.toLongArray());
        assertNotSame(x.storage(), sel.storage());
        assertTrue(sel.isContiguous());
        assertArrayEquals(new long[]{13, 23}, x.index(1, slice(), new long[]{1, 3}).index(longs(0, 2), longs(0, 1)).toLongArray());
        assertArrayEquals(new long[]{20, 21, 22, 23}, x.index(-1, -1).toLongArray());
        assertArrayEquals(new long[]{23, 22}, x.index(-1, -1, longs(-1, -2)).toLongArray());
    }

    @Test
    void masksSelectAndBroadcast() {
        Tensor x = x234();
        Tensor m = x.gt(20);
        assertArrayEquals(new long[]{21, 22, 23}, x.index(m).toLongArray());
        assertArrayEquals(new int[]{1, 3, 4}, x.index(new boolean[]{false, true}).shapeArray());
        Tensor m2 = Torch.tensor(new boolean[][]{{true, false, true, false}, {false, false, false, true}, {true, true, false, false}});
        assertArrayEquals(new long[]{0, 2, 7, 8, 9, 12, 14, 19, 20, 21}, x.index(slice(), m2).toLongArray());
        assertArrayEquals(new int[]{2, 5}, x.index(slice(), m2).shapeArray());
        Tensor y = x.to(DType.FLOAT32);
        y.indexPut_(idx(y.lt(3)), -1.0);                            // y[y < 3] = -1
        assertArrayEquals(new float[]{-1, -1, -1, 3}, y.index(0, 0).toFloatArray());
    }

    @Test
    void advancedWritesIntoPlainTensorsAndViews() {
        Tensor x = Torch.zeros(3, 4);
        x.indexPut_(idx(slice(), longs(0, 3)), Torch.tensor(new double[]{1, 2})); // x[:, [0, 3]] = [1, 2]
        assertArrayEquals(new float[]{1, 0, 0, 2}, x.index(1).toFloatArray());
        Tensor col = x.t().index(2);                                              // a strided view
        col.indexPut_(idx(longs(0, 2)), 9.0);
        assertArrayEquals(new float[]{9, 0, 9}, x.index(slice(), 2).toFloatArray());
        Tensor acc = Torch.zeros(new int[]{4}, DType.FLOAT64);
        acc.indexPut_(new Tensor[]{longs(1, 1, 3, 1)}, Torch.tensor(new double[]{1, 2, 3, 4}).double_(), true);
        assertArrayEquals(new double[]{0, 7, 0, 3}, acc.toDoubleArray());
        Tensor put = Torch.zeros(new int[]{4}, DType.FLOAT64).indexPut(new Tensor[]{longs(2)}, Torch.tensor(5.0, DType.FLOAT64), false);
        assertArrayEquals(new double[]{0, 0, 5, 0}, put.toDoubleArray());
    }

    // ------------------------------------------------------------------ autograd

    @Test
    void nodeNamesAsPyTorch() {
        Tensor x = f64(2, 3);
        Tensor i = longs(1, 0);
        Tensor m = x.gt(0);
        String[][] cases = {
                {"SelectBackward0", x.index(0).gradFn().name()},
                {"SliceBackward0", x.index(ELLIPSIS, slice(1, 2)).gradFn().name()},
                {"UnsqueezeBackward0", x.index(NONE).gradFn().name()},
                {"AliasBackward0", x.index(ELLIPSIS).gradFn().name()},
                {"IndexBackward0", x.index(i).gradFn().name()},
                {"IndexBackward0", x.index(m).gradFn().name()},
                {"CatBackward0", Torch.cat(x, x).gradFn().name()},
                {"StackBackward0", Torch.stack(x, x).gradFn().name()},
                {"SplitBackward0", x.split(1)[0].gradFn().name()},
                {"SplitWithSizesBackward0", x.split(new int[]{1, 1})[0].gradFn().name()},
                {"SplitBackward0", x.chunk(2)[0].gradFn().name()},
                {"IndexSelectBackward0", x.indexSelect(0, i).gradFn().name()},
                {"GatherBackward0", x.gather(0, Torch.tensor(new long[][]{{1, 0, 1}})).gradFn().name()},
                {"ScatterBackward0", x.scatter(0, Torch.tensor(new long[][]{{1, 0, 1}}), x).gradFn().name()},
                {"ScatterBackward1", x.scatter(0, Torch.tensor(new long[][]{{1, 0, 1}}), 1.0).gradFn().name()},
                {"ScatterAddBackward0", x.scatterAdd(0, Torch.tensor(new long[][]{{1, 0, 1}}), x).gradFn().name()},
                {"IndexAddBackward0", x.indexAdd(0, i, x).gradFn().name()},
                {"IndexFillBackward0", x.indexFill(1, i, 2.0).gradFn().name()},
                {"MaskedFillBackward0", x.maskedFill(m, 1.0).gradFn().name()},
                {"MaskedFillBackward1", x.maskedFill(m, Torch.tensor(1.0, DType.FLOAT64).requiresGrad_()).gradFn().name()},
                {"MaskedSelectBackward0", x.maskedSelect(m).gradFn().name()},
                {"TakeBackward0", x.take(i).gradFn().name()},
                {"FlipBackward0", x.flip(0).gradFn().name()},
                {"RollBackward0", x.roll(1).gradFn().name()},
                {"RepeatBackward0", x.repeat(2, 1).gradFn().name()},
                {"RepeatBackward0", x.tile(2).gradFn().name()},
                {"TrilBackward0", x.tril().gradFn().name()},
                {"TriuBackward0", x.triu(1).gradFn().name()},
                {"DiagBackward0", x.diag().gradFn().name()},
                {"DiagEmbedBackward0", x.diagEmbed().gradFn().name()},
                {"IndexPutBackward0", x.indexPut(new Tensor[]{i}, x.index(longs(0, 0)), false).gradFn().name()},
        };
        for (String[] c : cases) assertEquals(c[0], c[1]);
    }

    @Test
    void gradcheckJoining() {
        Tensor a = f64(2, 3), b = f64(1, 3), c = f64(2, 3).detach().mul(1.5).requiresGrad_(true);
        gradcheck(in -> Torch.cat(List.of(in[0], in[1]), 0), a, b);
        gradcheck(in -> Torch.cat(new Tensor[]{in[0], in[1].t()}, 1), a, f64(3, 2));
        gradcheck(in -> Torch.stack(new Tensor[]{in[0], in[1]}, 1), a, c);
        gradcheck(in -> in[0].split(2, 1)[1], f64(2, 5));
        gradcheck(in -> in[0].split(new int[]{1, 3, 1}, 1)[1], f64(2, 5));
        gradcheck(in -> in[0].chunk(3, 0)[2], f64(5, 2));
        gradcheck(in -> in[0].t().flip(0, 1), a);
        gradcheck(in -> in[0].roll(new int[]{1, -2}, new int[]{0, 1}), a);
        gradcheck(in -> in[0].roll(4), a);
        gradcheck(in -> in[0].repeat(2, 1, 2), a);
        gradcheck(in -> in[0].tile(2), a);
        gradcheck(in -> in[0].tril(-1).add(in[0].triu(1).mul(2)), f64(3, 4));
        gradcheck(in -> Torch.diag(in[0], 1), f64(3));
        gradcheck(in -> Torch.diag(in[0], -1), f64(3, 4));
        gradcheck(in -> in[0].diagEmbed(1, 0, 2), f64(2, 3));
    }

    @Test
    void gradcheckGatherScatter() {
        Tensor x = f64(3, 4), src = f64(2, 4).detach().add(1).requiresGrad_(true);
        Tensor dup = Torch.tensor(new long[][]{{2, 0, 1, 2}, {2, 1, 0, 2}});
        Tensor uniq = Torch.tensor(new long[][]{{2, 0, 1, 2}, {0, 1, 0, 1}});
        Tensor i = longs(2, 0, 2);
        gradcheck(in -> in[0].indexSelect(0, i), x);
        gradcheck(in -> in[0].t().indexSelect(1, i), x);
        gradcheck(in -> in[0].gather(0, dup), x);
        gradcheck(in -> in[0].scatter(0, uniq, in[1]), x, src);
        gradcheck(in -> in[0].scatter(0, uniq, 3.0), x);
        gradcheck(in -> in[0].scatterAdd(0, dup, in[1]), x, src);
        gradcheck(in -> in[0].indexAdd(0, i, in[1], -1.5), x, f64(3, 4).detach().add(2).requiresGrad_(true));
        gradcheck(in -> in[0].indexCopy(0, longs(2, 0), in[1]), x, src);
        gradcheck(in -> in[0].indexFill(1, longs(3, 1), -2.0), x);
        assertTrue(GradCheck.gradgradcheck(in -> in[0].indexSelect(1, longs(3, 3, 0)).mul(in[0].indexSelect(1, longs(1, 2, 0))), x));
    }

    @Test
    void gradcheckMasksAndAdvancedIndexing() {
        Tensor x = f64(3, 4);
        Tensor m = Torch.tensor(new boolean[][]{{true, false, false, true}, {false, true, false, false}, {true, true, true, false}});
        gradcheck(in -> in[0].maskedFill(m, 0.5), x);
        gradcheck(in -> in[0].maskedFill(m, in[1]), x, Torch.tensor(0.25, DType.FLOAT64).requiresGrad_(true));
        gradcheck(in -> in[0].maskedSelect(m.index(0)), x);
        gradcheck(in -> in[0].take(Torch.tensor(new long[][]{{0, -1}, {5, 5}})), x);
        gradcheck(in -> in[0].index(longs(2, 0, 2)), x);
        gradcheck(in -> in[0].index(slice(), longs(3, 3, 1)), x);
        gradcheck(in -> in[0].index(m), x);
        gradcheck(in -> in[0].reshape(3, 2, 2).index(longs(0, 2), slice(), longs(1, 1)), x);
        gradcheck(in -> in[0].indexPut(new Tensor[]{longs(0, 2), longs(3, 1)}, in[1], false), x, f64(2));
        gradcheck(in -> in[0].indexPut(new Tensor[]{longs(1, 1)}, in[1], true), x, f64(4));
        assertTrue(GradCheck.gradgradcheck(in -> in[0].index(slice(), longs(0, 0, 2)).pow(2), x));
    }

    @Test
    void inPlaceFormsUnderAutograd() {
        Tensor x = f64(2, 3);
        Tensor y = x.mul(1.0);
        Tensor m = Torch.tensor(new boolean[][]{{true, false, false}, {false, false, true}});
        y.maskedFill_(m, 0.0);
        assertEquals("MaskedFillBackward0", y.gradFn().name());
        y.indexPut_(new Tensor[]{longs(1), longs(1)}, Torch.tensor(4.0, DType.FLOAT64), false);
        y.scatterAdd_(1, Torch.tensor(new long[][]{{0, 0}}), Torch.ones(new int[]{1, 2}, DType.FLOAT64));
        y.sum().backward();
        assertArrayEquals(new double[]{0, 1, 1, 1, 0, 0}, x.grad().toDoubleArray());
        Tensor leaf = f64(3);
        message("a leaf Variable that requires grad is being used in an in-place operation.", () -> leaf.maskedFill_(leaf.gt(0), 1.0));
        Tensor z = x.mul(2.0);
        RuntimeException e = assertThrows(RuntimeException.class, () -> z.indexPut_(idx(0, slice(0, 2)), 1.0));
        assertTrue(e.getMessage().contains("in-place operations on a view"), e.getMessage());
        Tensor plain = Torch.zeros(2, 3);
        plain.index(1).scatter_(0, longs(2, 0), 5.0).indexAdd_(0, longs(1, 1), Torch.ones(2)).indexFill_(0, longs(0), -1);
        plain.tril_(0).index(0).maskedFill_(Torch.tensor(new boolean[]{true, false, false}), 3.0);
        assertArrayEquals(new float[]{3, 0, 0, -1, 2, 0}, plain.toFloatArray());
    }

    // ------------------------------------------------------------------ semantics not in the reference file

    @Test
    void joiningEdgeCases() {
        assertEquals(DType.FLOAT64, Torch.cat(Torch.zeros(new int[]{2}, DType.INT32), Torch.zeros(new int[]{1}, DType.FLOAT64)).dtype());
        assertEquals(DType.UINT8, Torch.cat(Torch.zeros(new int[]{2}, DType.BOOL), Torch.zeros(new int[]{2}, DType.UINT8)).dtype());
        assertArrayEquals(new int[]{0}, Torch.cat(Torch.zeros(0), Torch.zeros(0)).shapeArray());
        Tensor[] parts = Torch.zeros(0, 2).chunk(2);
        assertEquals(2, parts.length);
        assertEquals(3, Torch.zeros(3, 2).chunk(5).length);
        Tensor base = Torch.arange(6);
        Tensor[] s = base.split(4);
        assertSame(base.storage(), s[1].storage());
        assertArrayEquals(new long[]{4, 5}, s[1].toLongArray());
        assertArrayEquals(new long[][]{{0, 0}, {2, 1}}, toLong2(Torch.tensor(new double[][]{{1, 0}, {0, 0}, {0, 2}}).nonzero()));
        Tensor[] tup = Torch.tensor(new long[][]{{0, 3}, {4, 0}}).nonzeroTuple();
        assertArrayEquals(new long[]{0, 1}, tup[0].toLongArray());
        assertArrayEquals(new long[]{1, 0}, tup[1].toLongArray());
    }

    private static long[][] toLong2(Tensor t) {
        long[][] r = new long[t.size(0)][];
        for (int i = 0; i < r.length; i++) r[i] = t.index(i).toLongArray();
        return r;
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorMessagesAsPyTorch() {
        Tensor x = x234();
        message("Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the list.",
                () -> Torch.cat(new Tensor[]{Torch.zeros(2, 2), Torch.zeros(3, 2)}, 1));
        message("Tensors must have same number of dimensions: got 2 and 1", () -> Torch.cat(new Tensor[]{Torch.zeros(2, 2), Torch.zeros(3)}, 1));
        message("torch.cat(): expected a non-empty list of Tensors", () -> Torch.cat(List.of()));
        message("zero-dimensional tensor (at position 0) cannot be concatenated", () -> Torch.cat(Torch.tensor(1.0), Torch.tensor(2.0)));
        message("stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1",
                () -> Torch.stack(Torch.zeros(2, 3), Torch.zeros(2, 4)));
        message("stack expects a non-empty TensorList", () -> Torch.stack(List.of()));
        message("chunk expects `chunks` to be greater than 0, got: 0", () -> x.chunk(0));
        message("split_with_sizes expects split_sizes to sum exactly to 2 (input tensor's size at dimension 0), but got split_sizes=[1, 2]",
                () -> x.split(new int[]{1, 2}));
        message("split_size can only be 0 if dimension size is 0, but got dimension size of 2", () -> x.split(0));
        message("index 5 is out of bounds for dimension 1 with size 3", () -> x.index(slice(), 5));
        message("index 5 is out of bounds for dimension 0 with size 3", () -> x.index(slice(), longs(0, 5, 7)));
        message("index -4 is out of bounds for dimension 0 with size 3", () -> x.index(slice(), longs(-4)));
        message("too many indices for tensor of dimension 3", () -> x.index(0, 0, 0, 0));
        message("The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2, 3, 4] at index 0",
                () -> x.index(new boolean[]{true, false, true}));
        message("shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]",
                () -> x.index(longs(0, 1), longs(0, 1, 2)));
        message("tensors used as indices must be long, byte or bool tensors", () -> x.index(longs(0).to(DType.INT32)));
        message("step must be greater than zero", () -> x.index(slice(null, null, -1)));
        message("slice step cannot be zero", () -> x.index(slice(null, null, 0)));
        message("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
                () -> Torch.tensor(5.0).index(0));
        message("index out of range in self", () -> x.indexSelect(0, longs(2)));
        message("index_select(): Expected dtype int32 or int64 for index", () -> x.indexSelect(0, Torch.tensor(new double[]{0})));
        message("index 5 is out of bounds for dimension 1 with size 3",
                () -> Torch.zeros(2, 3).gather(1, Torch.tensor(new long[][]{{5}, {1}})));
        message("gather(): Expected dtype int64 for index", () -> Torch.zeros(2, 3).gather(1, Torch.zeros(new int[]{2, 1}, DType.INT32)));
        message("Expected index [1, 2] to be smaller than self [2, 3] apart from dimension 1 and to be smaller size than src [1, 1]",
                () -> Torch.zeros(2, 3).scatter(1, Torch.tensor(new long[][]{{0, 0}}), Torch.zeros(1, 1)));
        message("scatter(): Expected self.dtype to be equal to src.dtype",
                () -> Torch.zeros(2, 3).scatter(1, Torch.tensor(new long[][]{{0, 0}}), Torch.zeros(new int[]{1, 4}, DType.FLOAT64)));
        message("index_add_(): Number of indices (2) should be equal to source.size(dim): (3), for dim: 0",
                () -> Torch.zeros(2, 3).indexAdd(0, longs(0, 0), Torch.zeros(3, 3)));
        message("out of range: tried to access index 24 on a tensor of 24 elements.", () -> x.take(longs(24)));
        message("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).",
                () -> Torch.zeros(3).maskedFill(Torch.zeros(3).gt(0), Torch.tensor(new double[]{1})));
        message("output with shape [3] doesn't match the broadcast shape [2, 3]",
                () -> Torch.zeros(3).maskedFill_(Torch.ones(new int[]{2, 3}, DType.BOOL), 1.0));
        message("masked_select: expected BoolTensor or ByteTensor for mask", () -> x.maskedSelect(longs(1, 0, 1, 0)));
        message("dim 0 appears multiple times in the list of dims", () -> x.flip(0, 0));
        message("shifts and dimensions must align. shifts: 2, dims:1", () -> x.roll(new int[]{1, 2}, new int[]{0}));
        message("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor", () -> x.repeat(2));
        message("tril: input tensor must have at least 2 dimensions", () -> Torch.zeros(3).tril());
        message("matrix or a vector expected", () -> Torch.diag(x));
        message("Index put requires the source and destination dtypes match, got Float for the destination and Double for the source.",
                () -> Torch.zeros(3).indexPut_(new Tensor[]{longs(0)}, Torch.tensor(1.0, DType.FLOAT64), false));
    }
}
