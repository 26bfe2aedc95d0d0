package torch4j;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import torch4j.autograd.GradMode;
import torch4j.backend.CpuStorage;
import torch4j.internal.Shapes;
import torch4j.internal.cpu.Parallel;
import torch4j.internal.ops.Pointwise;
import torch4j.internal.random.RandomOps;

/**
 * Static factories and functions, as the {@code torch} module: {@code Torch.tensor}, {@code Torch.zeros},
 * {@code Torch.arange}, {@code Torch.manualSeed}, {@code Torch.noGrad()}, … Java doubles become float32 and
 * Java ints/longs int64, as Python floats and ints do in PyTorch.
 * <pre>{@code
 * Torch.arange(12).reshape(3, 4);   // tensor([[ 0,  1,  2,  3], ...
 * try (var _ = Torch.noGrad()) { ... }
 * }</pre>
 */
public final class Torch {
    private Torch() {}

    // ------------------------------------------------------------------ from Java data

    /** A 0-dim float32 tensor. */
    public static Tensor tensor(double v) { return scalarTensor(v, DType.FLOAT32); }

    /** A 0-dim int64 tensor. */
    public static Tensor tensor(long v) { return scalarTensor(v, DType.INT64); }

    public static Tensor tensor(int v) { return scalarTensor(v, DType.INT64); }

    public static Tensor tensor(boolean v) { return scalarTensor(v ? 1 : 0, DType.BOOL); }

    public static Tensor tensor(double v, DType dtype) { return scalarTensor(v, dtype); }

    private static Tensor scalarTensor(double v, DType dtype) {
        Tensor t = Tensor.empty(new int[0], dtype, Device.CPU);
        ((CpuStorage) t.storage()).setDouble(0, v);
        return t;
    }

    /** float32, as {@code torch.tensor([1.0, 2.0])}. */
    public static Tensor tensor(double[] data) { return fromNested(data, DType.FLOAT32); }

    public static Tensor tensor(float[] data) { return fromNested(data, DType.FLOAT32); }

    public static Tensor tensor(long[] data) { return fromNested(data, DType.INT64); }

    /** int64, as Python ints. */
    public static Tensor tensor(int[] data) { return fromNested(data, DType.INT64); }

    public static Tensor tensor(boolean[] data) { return fromNested(data, DType.BOOL); }

    public static Tensor tensor(double[][] data) { return fromNested(data, DType.FLOAT32); }

    public static Tensor tensor(float[][] data) { return fromNested(data, DType.FLOAT32); }

    public static Tensor tensor(long[][] data) { return fromNested(data, DType.INT64); }

    public static Tensor tensor(int[][] data) { return fromNested(data, DType.INT64); }

    /**
     * From a (nested) Java array of any rank (double[][][], int[][], …), with the dtype inferred from the element
     * type as above; ragged arrays are rejected with PyTorch's message.
     */
    public static Tensor tensor(Object nestedArray) { return fromNested(nestedArray, null); }

    /** From a (nested) Java array, converted to dtype. */
    public static Tensor tensor(Object nestedArray, DType dtype) { return fromNested(nestedArray, dtype); }

    private static Tensor fromNested(Object data, DType dtype) {
        if (data == null || !data.getClass().isArray())
            throw new TorchException("tensor(): expected a Java array, got " + (data == null ? "null" : data.getClass().getName()));
        List<Integer> dims = new ArrayList<>();
        Object cur = data;
        Class<?> leaf = data.getClass();
        while (cur != null && cur.getClass().isArray()) {
            int n = Array.getLength(cur);
            dims.add(n);
            leaf = cur.getClass().getComponentType();
            if (!leaf.isArray()) break;
            cur = n > 0 ? Array.get(cur, 0) : null;
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        DType natural = leaf == double.class || leaf == float.class ? DType.FLOAT32
                : leaf == long.class || leaf == int.class || leaf == short.class ? DType.INT64
                : leaf == boolean.class ? DType.BOOL : leaf == byte.class ? DType.INT64 : null;
        if (natural == null && !leaf.isArray())
            throw new TorchException("Could not infer dtype of " + leaf.getSimpleName());
        if (natural == null) natural = DType.FLOAT32; // empty nested arrays
        DType t = dtype == null ? natural : dtype;
        Tensor out = Tensor.empty(shape, t, Device.CPU);
        CpuStorage s = (CpuStorage) out.storage();
        int[] pos = {0};
        fill(data, 0, shape, s, pos);
        return out;
    }

    private static void fill(Object a, int d, int[] shape, CpuStorage s, int[] pos) {
        int n = Array.getLength(a);
        if (n != shape[d])
            throw new TorchException("expected sequence of length " + shape[d] + " at dim " + d + " (got " + n + ")");
        if (d == shape.length - 1) {
            DType dt = s.dtype();
            switch (a) {
                case double[] x -> { for (double v : x) s.setDouble(pos[0]++, v); }
                case float[] x -> { for (float v : x) s.setDouble(pos[0]++, v); }
                case long[] x -> { for (long v : x) put(s, dt, pos, v); }
                case int[] x -> { for (int v : x) put(s, dt, pos, v); }
                case short[] x -> { for (short v : x) put(s, dt, pos, v); }
                case byte[] x -> { for (byte v : x) put(s, dt, pos, v); }
                case boolean[] x -> { for (boolean v : x) put(s, dt, pos, v ? 1 : 0); }
                default -> throw new TorchException("expected a primitive array at dim " + d);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            Object sub = Array.get(a, i);
            if (sub == null || !sub.getClass().isArray())
                throw new TorchException("expected sequence of length " + shape[d + 1] + " at dim " + (d + 1) + " (got a scalar)");
            fill(sub, d + 1, shape, s, pos);
        }
    }

    private static void put(CpuStorage s, DType dt, int[] pos, long v) {
        if (dt.isFloatingPoint()) s.setDouble(pos[0]++, v);
        else s.setLong(pos[0]++, v);
    }

    /** Wraps a float[] without copying (as {@code torch.from_numpy}): writes through either side are shared. */
    public static Tensor fromArray(float[] data, int... shape) { return wrap(new CpuStorage(DType.FLOAT32, data), shape, data.length); }

    public static Tensor fromArray(double[] data, int... shape) { return wrap(new CpuStorage(DType.FLOAT64, data), shape, data.length); }

    public static Tensor fromArray(long[] data, int... shape) { return wrap(new CpuStorage(DType.INT64, data), shape, data.length); }

    public static Tensor fromArray(int[] data, int... shape) { return wrap(new CpuStorage(DType.INT32, data), shape, data.length); }

    /** Wraps a byte[] as int8, uint8 or bool without copying. */
    public static Tensor fromArray(byte[] data, DType dtype, int... shape) {
        if (dtype.itemSize() != 1 || dtype == DType.INT16) throw new TorchException("byte[] can hold int8, uint8 or bool, not " + dtype);
        return wrap(new CpuStorage(dtype, data), shape, data.length);
    }

    private static Tensor wrap(CpuStorage s, int[] shape, int length) {
        int[] sh = shape.length == 0 ? new int[]{length} : Shapes.inferSize(shape, length);
        return Tensor.wrap(s, sh, Shapes.contiguousStrides(sh), 0);
    }

    // ------------------------------------------------------------------ filled

    public static Tensor empty(int... shape) { return Tensor.empty(shape, DType.FLOAT32, Device.CPU); }

    public static Tensor empty(int[] shape, DType dtype) { return Tensor.empty(shape, dtype, Device.CPU); }

    public static Tensor empty(int[] shape, DType dtype, Device device) { return Tensor.empty(shape, dtype, device); }

    public static Tensor zeros(int... shape) { return full(shape, 0.0, DType.FLOAT32, Device.CPU); }

    public static Tensor zeros(int[] shape, DType dtype) { return full(shape, 0.0, dtype, Device.CPU); }

    public static Tensor zeros(int[] shape, DType dtype, Device device) { return full(shape, 0.0, dtype, device); }

    public static Tensor ones(int... shape) { return full(shape, 1.0, DType.FLOAT32, Device.CPU); }

    public static Tensor ones(int[] shape, DType dtype) { return full(shape, 1.0, dtype, Device.CPU); }

    public static Tensor ones(int[] shape, DType dtype, Device device) { return full(shape, 1.0, dtype, device); }

    /** {@code torch.full(size, 2.5)}: float32. */
    public static Tensor full(int[] shape, double value) { return full(shape, value, DType.FLOAT32, Device.CPU); }

    /** {@code torch.full(size, 7)}: int64, as an integer fill value infers int64. */
    public static Tensor full(int[] shape, long value) { return full(shape, value, DType.INT64, Device.CPU); }

    public static Tensor full(int[] shape, boolean value) { return full(shape, value ? 1 : 0, DType.BOOL, Device.CPU); }

    public static Tensor full(int[] shape, double value, DType dtype) { return full(shape, value, dtype, Device.CPU); }

    public static Tensor full(int[] shape, double value, DType dtype, Device device) {
        return Pointwise.full(shape.clone(), value, dtype, device);
    }

    public static Tensor zerosLike(Tensor t) { return Tensor.zerosLike(t); }

    public static Tensor zerosLike(Tensor t, DType dtype) { return full(t.shapeArray(), 0, dtype, t.device()); }

    public static Tensor onesLike(Tensor t) { return Tensor.onesLike(t); }

    public static Tensor onesLike(Tensor t, DType dtype) { return full(t.shapeArray(), 1, dtype, t.device()); }

    public static Tensor fullLike(Tensor t, double value) { return full(t.shapeArray(), value, t.dtype(), t.device()); }

    public static Tensor emptyLike(Tensor t) { return Tensor.empty(t.shapeArray(), t.dtype(), t.device()); }

    /** {@code torch.eye(n)}. */
    public static Tensor eye(int n) { return eye(n, n, DType.FLOAT32); }

    public static Tensor eye(int n, int m) { return eye(n, m, DType.FLOAT32); }

    public static Tensor eye(int n, int m, DType dtype) {
        if (n < 0 || m < 0) throw new TorchException("n must be greater or equal to 0, got " + Math.min(n, m));
        Tensor t = zeros(new int[]{n, m}, dtype);
        CpuStorage s = (CpuStorage) t.storage();
        for (int i = 0; i < Math.min(n, m); i++) s.setDouble(i * m + i, 1);
        return t;
    }

    // ------------------------------------------------------------------ ranges

    /** {@code torch.arange(end)}: int64 0, 1, …, end-1. */
    public static Tensor arange(long end) { return arange(0, end, 1); }

    public static Tensor arange(long start, long end) { return arange(start, end, 1); }

    /** Integer arguments give int64, as in PyTorch. */
    public static Tensor arange(long start, long end, long step) {
        if (step == 0) throw new TorchException("step must be nonzero");
        if ((step > 0 && start > end) || (step < 0 && start < end))
            throw new TorchException("upper bound and larger bound inconsistent with step sign");
        long n = Math.max(0, (end - start + step + (step > 0 ? -1 : 1)) / step);
        Tensor t = Tensor.empty(new int[]{(int) n}, DType.INT64, Device.CPU);
        long[] a = ((CpuStorage) t.storage()).i64();
        for (int i = 0; i < n; i++) a[i] = start + i * step;
        return t;
    }

    /** Floating arguments give float32: ceil((end - start) / step) values. */
    public static Tensor arange(double start, double end, double step) { return arange(start, end, step, DType.FLOAT32); }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0) throw new TorchException("step must be nonzero");
        if ((step > 0 && start > end) || (step < 0 && start < end))
            throw new TorchException("upper bound and larger bound inconsistent with step sign");
        int n = (int) Math.ceil((end - start) / step);
        Tensor t = Tensor.empty(new int[]{Math.max(n, 0)}, dtype, Device.CPU);
        CpuStorage s = (CpuStorage) t.storage();
        for (int i = 0; i < n; i++) s.setDouble(i, start + i * step);
        return t;
    }

    /** {@code torch.linspace(start, end, steps)}: float32, symmetric from both ends as PyTorch computes it. */
    public static Tensor linspace(double start, double end, int steps) { return linspace(start, end, steps, DType.FLOAT32); }

    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) throw new TorchException("number of steps must be non-negative");
        Tensor t = Tensor.empty(new int[]{steps}, dtype, Device.CPU);
        CpuStorage s = (CpuStorage) t.storage();
        if (steps == 1) s.setDouble(0, start);
        else if (steps > 1) {
            if (dtype == DType.FLOAT32) {
                // float32 arithmetic, as PyTorch's CPU kernel, so values match digit for digit
                float st = (float) start, en = (float) end, step = (en - st) / (steps - 1);
                int half = steps / 2;
                float[] a = s.f32();
                for (int i = 0; i < steps; i++) a[i] = i < half ? st + step * i : en - step * (steps - i - 1);
            } else {
                double step = (end - start) / (steps - 1);
                int half = steps / 2;
                for (int i = 0; i < steps; i++) s.setDouble(i, i < half ? start + step * i : end - step * (steps - i - 1));
            }
        }
        return t;
    }

    /** {@code torch.logspace(start, end, steps, base)}. */
    public static Tensor logspace(double start, double end, int steps, double base) {
        return logspace(start, end, steps, base, DType.FLOAT32);
    }

    public static Tensor logspace(double start, double end, int steps) { return logspace(start, end, steps, 10.0); }

    public static Tensor logspace(double start, double end, int steps, double base, DType dtype) {
        Tensor lin = linspace(start, end, steps, DType.FLOAT64);
        Tensor t = Tensor.empty(new int[]{steps}, dtype, Device.CPU);
        CpuStorage s = (CpuStorage) t.storage(), l = (CpuStorage) lin.storage();
        for (int i = 0; i < steps; i++) s.setDouble(i, Math.pow(base, l.getDouble(i)));
        return t;
    }

    // ------------------------------------------------------------------ grad mode, threads

    /** {@code torch.no_grad()}: {@code try (var _ = Torch.noGrad()) { ... }}. */
    public static GradMode.Scope noGrad() { return GradMode.scope(false); }

    /** {@code torch.enable_grad()}. */
    public static GradMode.Scope enableGrad() { return GradMode.scope(true); }

    public static boolean isGradEnabled() { return GradMode.isEnabled(); }

    public static void setGradEnabled(boolean on) { GradMode.setEnabled(on); }

    /** {@code torch.set_num_threads}: the CPU backend's pool size. */
    public static void setNumThreads(int n) { Parallel.setNumThreads(n); }

    public static int getNumThreads() { return Parallel.getNumThreads(); }

    // ------------------------------------------------------------------ functions

    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Pointwise.where(condition, a, b); }

    public static Tensor where(Tensor condition, Tensor a, double b) { return Pointwise.where(condition, a, Pointwise.wrap(b, a)); }

    public static Tensor where(Tensor condition, double a, Tensor b) { return Pointwise.where(condition, Pointwise.wrap(a, b), b); }

    /** {@code torch.result_type(a, b)}. */
    public static DType resultType(Tensor a, Tensor b) { return Pointwise.resultType(a, b); }

    /** {@code torch.promote_types(a, b)}. */
    public static DType promoteTypes(DType a, DType b) { return DType.promote(a, b); }

    /** {@code torch.broadcast_shapes}. */
    public static Shape broadcastShapes(Shape a, Shape b) { return Shape.of(Shapes.broadcast(a.toArray(), b.toArray())); }

    // ------------------------------------------------------------------ printing (torch4j.PrintOptions, torch4j.internal.Printing)

    /** Same as torch.set_printoptions: {@code Torch.setPrintoptions(PrintOptions.DEFAULT.withPrecision(2))}. */
    public static void setPrintoptions(PrintOptions options) { torch4j.internal.Printing.setOptions(options); }

    /** Same as torch.set_printoptions(profile=name): "default", "short" or "full". */
    public static void setPrintoptions(String profile) { torch4j.internal.Printing.setOptions(PrintOptions.profile(profile)); }

    /** The options in force (torch._tensor_str.PRINT_OPTS). */
    public static PrintOptions getPrintoptions() { return torch4j.internal.Printing.options(); }

    // ------------------------------------------------------------------ random (torch4j.Generator)

    /** Same as torch.manual_seed: seeds the default generator (same numbers as PyTorch's CPU ops after it). */
    public static Generator manualSeed(long seed) { return Generator.defaultGenerator().manualSeed(seed); }

    /** Same as torch.seed: seeds the default generator from system entropy and returns the seed. */
    public static long seed() { return Generator.defaultGenerator().seed(); }

    /** Same as torch.initial_seed. */
    public static long initialSeed() { return Generator.defaultGenerator().initialSeed(); }

    /** Same as torch.get_rng_state (as bytes, in PyTorch's layout). */
    public static byte[] getRngState() { return Generator.defaultGenerator().getState(); }

    /** Same as torch.set_rng_state. */
    public static void setRngState(byte[] state) { Generator.defaultGenerator().setState(state); }

    /** Same as torch.default_generator. */
    public static Generator defaultGenerator() { return Generator.defaultGenerator(); }

    /** Same as torch.rand: float32 uniforms in [0, 1). */
    public static Tensor rand(int... shape) { return RandomOps.rand(shape, DType.FLOAT32, null); }

    public static Tensor rand(int[] shape, DType dtype) { return RandomOps.rand(shape, dtype, null); }

    public static Tensor rand(int[] shape, Generator generator) { return RandomOps.rand(shape, DType.FLOAT32, generator); }

    public static Tensor rand(int[] shape, DType dtype, Generator generator) { return RandomOps.rand(shape, dtype, generator); }

    /** Same as torch.randn: float32 standard normals. */
    public static Tensor randn(int... shape) { return RandomOps.randn(shape, DType.FLOAT32, null); }

    public static Tensor randn(int[] shape, DType dtype) { return RandomOps.randn(shape, dtype, null); }

    public static Tensor randn(int[] shape, Generator generator) { return RandomOps.randn(shape, DType.FLOAT32, generator); }

    public static Tensor randn(int[] shape, DType dtype, Generator generator) { return RandomOps.randn(shape, dtype, generator); }

    /** Same as torch.randint(high, size): int64 in [0, high). */
    public static Tensor randint(long high, int[] shape) { return RandomOps.randint(0, high, shape, DType.INT64, null); }

    /** Same as torch.randint(low, high, size): int64 in [low, high). */
    public static Tensor randint(long low, long high, int[] shape) { return RandomOps.randint(low, high, shape, DType.INT64, null); }

    public static Tensor randint(long low, long high, int[] shape, DType dtype) { return RandomOps.randint(low, high, shape, dtype, null); }

    public static Tensor randint(long low, long high, int[] shape, Generator generator) {
        return RandomOps.randint(low, high, shape, DType.INT64, generator);
    }

    public static Tensor randint(long low, long high, int[] shape, DType dtype, Generator generator) {
        return RandomOps.randint(low, high, shape, dtype, generator);
    }

    /** Same as torch.randperm: an int64 permutation of 0..n-1. */
    public static Tensor randperm(int n) { return RandomOps.randperm(n, DType.INT64, null); }

    public static Tensor randperm(int n, DType dtype) { return RandomOps.randperm(n, dtype, null); }

    public static Tensor randperm(int n, Generator generator) { return RandomOps.randperm(n, DType.INT64, generator); }

    public static Tensor randperm(int n, DType dtype, Generator generator) { return RandomOps.randperm(n, dtype, generator); }

    /** Same as torch.normal(mean, std, size): float32. */
    public static Tensor normal(double mean, double std, int[] shape) { return RandomOps.normal(mean, std, shape, DType.FLOAT32, null); }

    public static Tensor normal(double mean, double std, int[] shape, Generator generator) {
        return RandomOps.normal(mean, std, shape, DType.FLOAT32, generator);
    }

    public static Tensor normal(double mean, double std, int[] shape, DType dtype, Generator generator) {
        return RandomOps.normal(mean, std, shape, dtype, generator);
    }

    /** Same as torch.normal(mean, std) with tensors (broadcast; mean's dtype). */
    public static Tensor normal(Tensor mean, Tensor std) { return RandomOps.normal(mean, std, null); }

    public static Tensor normal(Tensor mean, Tensor std, Generator generator) { return RandomOps.normal(mean, std, generator); }

    public static Tensor normal(Tensor mean, double std) { return RandomOps.normal(mean, std, null); }

    public static Tensor normal(Tensor mean, double std, Generator generator) { return RandomOps.normal(mean, std, generator); }

    public static Tensor normal(double mean, Tensor std) { return RandomOps.normal(mean, std, null); }

    public static Tensor normal(double mean, Tensor std, Generator generator) { return RandomOps.normal(mean, std, generator); }

    /** Same as torch.bernoulli(p): 1 with probability p elementwise, in p's dtype. */
    public static Tensor bernoulli(Tensor p) { return RandomOps.bernoulli(p, null); }

    public static Tensor bernoulli(Tensor p, Generator generator) { return RandomOps.bernoulli(p, generator); }

    /** Same as torch.bernoulli(input, p): input's shape and dtype, each element 1 with probability p. */
    public static Tensor bernoulli(Tensor input, double p) { return RandomOps.bernoulli(input, p, null); }

    public static Tensor bernoulli(Tensor input, double p, Generator generator) { return RandomOps.bernoulli(input, p, generator); }

    /** Same as torch.multinomial(probs, n) (without replacement). */
    public static Tensor multinomial(Tensor probs, int numSamples) { return RandomOps.multinomial(probs, numSamples, false, null); }

    public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement) {
        return RandomOps.multinomial(probs, numSamples, replacement, null);
    }

    public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator generator) {
        return RandomOps.multinomial(probs, numSamples, replacement, generator);
    }

    /** Same as torch.rand_like: t's shape, layout, dtype and device. */
    public static Tensor randLike(Tensor t) { return RandomOps.randLike(t, t.dtype(), null); }

    public static Tensor randLike(Tensor t, DType dtype) { return RandomOps.randLike(t, dtype, null); }

    public static Tensor randLike(Tensor t, DType dtype, Generator generator) { return RandomOps.randLike(t, dtype, generator); }

    /** Same as torch.randn_like. */
    public static Tensor randnLike(Tensor t) { return RandomOps.randnLike(t, t.dtype(), null); }

    public static Tensor randnLike(Tensor t, DType dtype) { return RandomOps.randnLike(t, dtype, null); }

    public static Tensor randnLike(Tensor t, DType dtype, Generator generator) { return RandomOps.randnLike(t, dtype, generator); }

    /** Same as torch.randint_like(t, high). */
    public static Tensor randintLike(Tensor t, long high) { return RandomOps.randintLike(t, 0, high, t.dtype(), null); }

    /** Same as torch.randint_like(t, low, high). */
    public static Tensor randintLike(Tensor t, long low, long high) { return RandomOps.randintLike(t, low, high, t.dtype(), null); }

    public static Tensor randintLike(Tensor t, long low, long high, DType dtype, Generator generator) {
        return RandomOps.randintLike(t, low, high, dtype, generator);
    }

    // ------------------------------------------------------------------ joining and indexing (torch4j.internal.ops.Indexing)

    /** Same as torch.cat(tensors, dim). */
    public static Tensor cat(List<Tensor> tensors, int dim) { return torch4j.internal.ops.Joining.cat(tensors, dim); }

    /** Same as torch.cat(tensors) along dim 0. */
    public static Tensor cat(List<Tensor> tensors) { return cat(tensors, 0); }

    /** Same as torch.cat(tensors, dim). */
    public static Tensor cat(Tensor[] tensors, int dim) { return cat(List.of(tensors), dim); }

    /** Same as torch.cat(tensors) along dim 0. */
    public static Tensor cat(Tensor... tensors) { return cat(List.of(tensors), 0); }

    /** Same as torch.stack(tensors, dim). */
    public static Tensor stack(List<Tensor> tensors, int dim) { return torch4j.internal.ops.Joining.stack(tensors, dim); }

    /** Same as torch.stack(tensors) along a new dim 0. */
    public static Tensor stack(List<Tensor> tensors) { return stack(tensors, 0); }

    /** Same as torch.stack(tensors, dim). */
    public static Tensor stack(Tensor[] tensors, int dim) { return stack(List.of(tensors), dim); }

    /** Same as torch.stack(tensors) along a new dim 0. */
    public static Tensor stack(Tensor... tensors) { return stack(List.of(tensors), 0); }

    /** Same as torch.split(tensor, split_size, dim). */
    public static Tensor[] split(Tensor t, int splitSize, int dim) { return t.split(splitSize, dim); }

    /** Same as torch.split(tensor, split_sizes, dim). */
    public static Tensor[] split(Tensor t, int[] sizes, int dim) { return t.split(sizes, dim); }

    /** Same as torch.chunk(tensor, chunks, dim). */
    public static Tensor[] chunk(Tensor t, int chunks, int dim) { return t.chunk(chunks, dim); }

    /** Same as torch.index_select. */
    public static Tensor indexSelect(Tensor t, int dim, Tensor index) { return t.indexSelect(dim, index); }

    /** Same as torch.gather. */
    public static Tensor gather(Tensor t, int dim, Tensor index) { return t.gather(dim, index); }

    /** Same as torch.scatter(input, dim, index, src). */
    public static Tensor scatter(Tensor t, int dim, Tensor index, Tensor src) { return t.scatter(dim, index, src); }

    /** Same as torch.scatter_add. */
    public static Tensor scatterAdd(Tensor t, int dim, Tensor index, Tensor src) { return t.scatterAdd(dim, index, src); }

    /** Same as torch.index_add. */
    public static Tensor indexAdd(Tensor t, int dim, Tensor index, Tensor source) { return t.indexAdd(dim, index, source); }

    /** Same as torch.masked_select. */
    public static Tensor maskedSelect(Tensor t, Tensor mask) { return t.maskedSelect(mask); }

    /** Same as torch.nonzero. */
    public static Tensor nonzero(Tensor t) { return t.nonzero(); }

    /** Same as torch.argwhere. */
    public static Tensor argwhere(Tensor t) { return t.nonzero(); }

    /** Same as torch.take. */
    public static Tensor take(Tensor t, Tensor index) { return t.take(index); }

    /** Same as torch.flip. */
    public static Tensor flip(Tensor t, int... dims) { return t.flip(dims); }

    /** Same as torch.roll(input, shifts, dims). */
    public static Tensor roll(Tensor t, int[] shifts, int[] dims) { return t.roll(shifts, dims); }

    /** Same as torch.tile. */
    public static Tensor tile(Tensor t, int... dims) { return t.tile(dims); }

    /** Same as torch.tril(input, diagonal). */
    public static Tensor tril(Tensor t, int diagonal) { return t.tril(diagonal); }

    /** Same as torch.triu(input, diagonal). */
    public static Tensor triu(Tensor t, int diagonal) { return t.triu(diagonal); }

    /** Same as torch.diag(input). */
    public static Tensor diag(Tensor t) { return t.diag(0); }

    /** Same as torch.diag(input, diagonal). */
    public static Tensor diag(Tensor t, int diagonal) { return t.diag(diagonal); }

    /** Same as torch.diag_embed(input, offset, dim1, dim2). */
    public static Tensor diagEmbed(Tensor t, int offset, int dim1, int dim2) { return t.diagEmbed(offset, dim1, dim2); }

    /** Same as torch.diag_embed(input). */
    public static Tensor diagEmbed(Tensor t) { return t.diagEmbed(); }

    // ------------------------------------------------------------------ linear algebra (torch4j.internal.ops.LinearAlgebra)

    /** Same as torch.matmul. */
    public static Tensor matmul(Tensor input, Tensor other) { return torch4j.internal.ops.LinearAlgebra.matmul(input, other); }

    /** Same as torch.mm. */
    public static Tensor mm(Tensor input, Tensor mat2) { return torch4j.internal.ops.LinearAlgebra.mm(input, mat2); }

    /** Same as torch.bmm. */
    public static Tensor bmm(Tensor input, Tensor mat2) { return torch4j.internal.ops.LinearAlgebra.bmm(input, mat2); }

    /** Same as torch.mv. */
    public static Tensor mv(Tensor input, Tensor vec) { return torch4j.internal.ops.LinearAlgebra.mv(input, vec); }

    /** Same as torch.dot. */
    public static Tensor dot(Tensor input, Tensor other) { return torch4j.internal.ops.LinearAlgebra.dot(input, other); }

    /** Same as torch.outer. */
    public static Tensor outer(Tensor input, Tensor vec2) { return torch4j.internal.ops.LinearAlgebra.outer(input, vec2); }

    /** Same as torch.ger (an alias of outer). */
    public static Tensor ger(Tensor input, Tensor vec2) { return torch4j.internal.ops.LinearAlgebra.outer(input, vec2); }

    /** Same as torch.addmm(input, mat1, mat2): input + mat1·mat2 (nn.Linear's bias + x·Wᵀ). */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2) {
        return torch4j.internal.ops.LinearAlgebra.addmm(input, mat1, mat2, 1, 1);
    }

    /** Same as torch.addmm(input, mat1, mat2, beta=beta, alpha=alpha). */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        return torch4j.internal.ops.LinearAlgebra.addmm(input, mat1, mat2, beta, alpha);
    }

    /** Same as torch.baddbmm(input, batch1, batch2). */
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2) {
        return torch4j.internal.ops.LinearAlgebra.baddbmm(input, batch1, batch2, 1, 1);
    }

    /** Same as torch.baddbmm(input, batch1, batch2, beta=beta, alpha=alpha). */
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta, double alpha) {
        return torch4j.internal.ops.LinearAlgebra.baddbmm(input, batch1, batch2, beta, alpha);
    }

    /** Same as torch.einsum: {@code Torch.einsum("bij,bjk->bik", a, b)}. */
    public static Tensor einsum(String equation, Tensor... operands) {
        return torch4j.internal.ops.Einsum.einsum(equation, operands);
    }

    // ---- serialization (torch4j.io.Checkpoint)

    /**
     * Same as torch.save(obj, f), in safetensors format: a {@code Map<String, Tensor>} (a module's stateDict())
     * becomes a plain safetensors file that Python's safetensors reads; a Tensor, or nested Maps/Lists of tensors,
     * numbers, strings, booleans and nulls (an optimizer's stateDict()) are also accepted, and Integer, Long,
     * Double, Float… come back from {@link #load} as the same Java types. Tensors are stored detached and
     * contiguous (two entries sharing storage are stored twice). The write is atomic: on failure an existing file
     * is left as it was.
     */
    public static void save(Object obj, java.nio.file.Path path) { torch4j.io.Checkpoint.save(obj, path); }

    /**
     * Same as torch.load(f): the object {@link #save} wrote, with CPU tensors; any other safetensors file loads as a
     * {@code Map<String, Tensor>}. A corrupt or truncated file throws TorchException naming it.
     */
    public static Object load(java.nio.file.Path path) { return torch4j.io.Checkpoint.load(path); }

    /** torch.load(f) for a state dict: {@code model.loadStateDict(Torch.loadStateDict(path))}. */
    public static java.util.Map<String, Tensor> loadStateDict(java.nio.file.Path path) {
        return torch4j.io.Checkpoint.loadStateDict(path);
    }

    // ---- PyTorch checkpoints (torch4j.io.PtFile)

    /** Same as torch.load(f, weights_only=True) for a PyTorch .pt/.pth file; see {@link torch4j.io.PtFile#load(java.nio.file.Path)}. */
    public static Object loadPt(java.nio.file.Path path) { return torch4j.io.PtFile.load(path); }

    /** Same as torch.save(state_dict, f) in PyTorch's zip format; see {@link torch4j.io.PtFile#save(java.util.Map, java.nio.file.Path)}. */
    public static void savePt(java.util.Map<String, Tensor> stateDict, java.nio.file.Path path) { torch4j.io.PtFile.save(stateDict, path); }
}
