package torch4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import torch4j.autograd.Autograd;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.backend.Backend;
import torch4j.backend.Backends;
import torch4j.backend.CpuStorage;
import torch4j.backend.Storage;
import torch4j.internal.Shapes;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.CompareOp;
import torch4j.internal.ops.Pointwise;
import torch4j.internal.ops.Reductions;
import torch4j.internal.ops.UnaryOp;
import torch4j.internal.ops.Views;
import torch4j.internal.random.RandomOps;
import torch4j.internal.trace.Tracer;

/**
 * An n-dimensional array with autograd, as {@code torch.Tensor}. A tensor is a view (shape, strides, offset)
 * over a {@link Storage}; view ops share the storage. Methods are named as PyTorch's in lowerCamelCase, and
 * in-place methods end in {@code _}. This class is a thin facade: each op is declared, with its derivative,
 * in {@code torch4j.internal.ops}.
 * <pre>{@code
 * Tensor x = Torch.tensor(new double[]{1, 2, 3}).requiresGrad_(true);
 * Tensor y = x.pow(2);
 * y.backward(Torch.tensor(new double[]{1, 1, 1}));
 * x.grad();   // tensor([2., 4., 6.])
 * }</pre>
 */
public class Tensor {
    // not final: set_() and the .data setter swap the data of a tensor in place (how Module.to() moves parameters)
    private Storage storage;
    private int[] shape;
    private int[] strides;
    private int offset;
    /** For views: the tensor whose storage this views (PyTorch's {@code _base}). */
    private final Tensor base;

    private boolean requiresGrad;
    private Node gradFn;
    private int outputNr;
    private Tensor grad;
    private List<UnaryOperator<Tensor>> hooks;
    /** Set on tensors made from Java scalars: they take part in type promotion as Python numbers do. */
    private boolean wrappedNumber;

    /** A view over storage; ops and backends use this. */
    protected Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base;
        if (Tracer.on()) Tracer.created(this);
    }

    /** Subclasses (nn.Parameter) take over another tensor's data. */
    protected Tensor(Tensor data) {
        this(data.storage, data.shape, data.strides, data.offset, null);
    }

    /** A tensor over storage with the given layout (no copy). For backends and ops. */
    public static Tensor wrap(Storage storage, int[] shape, int[] strides, int offset) {
        return new Tensor(storage, shape, strides, offset, null);
    }

    /** A view of this tensor's storage with another layout; autograd is the caller's business. */
    public Tensor viewAs(int[] shape, int[] strides, int offset) {
        return new Tensor(storage, shape, strides, offset, base != null ? base : this);
    }

    /** A new contiguous tensor with uninitialised (zeroed) memory. */
    public static Tensor empty(int[] shape, DType dtype, Device device) {
        long n = Shapes.numel(shape);
        if (n > Integer.MAX_VALUE - 8)
            throw new TorchException("tensor of " + n + " elements is too large for one CPU storage (at most 2^31)");
        for (int d : shape)
            if (d < 0) throw new TorchException("Trying to create tensor with negative dimension " + d + ": " + Shapes.str(shape));
        Storage s = Backends.of(device).allocate(dtype, (int) n, device);
        return new Tensor(s, shape.clone(), Shapes.contiguousStrides(shape), 0, null);
    }

    /** A 0-dim tensor holding a Java number; it promotes like a Python scalar (int64 or the default float). */
    public static Tensor scalar(double v, DType dtype) {
        Tensor t = empty(new int[0], dtype, Device.CPU);
        ((CpuStorage) t.storage).setDouble(0, v);
        t.wrappedNumber = true;
        return t;
    }

    /** A 0-dim tensor holding a Java integer (exact for int64), promoting as a Python int. */
    public static Tensor scalar(long v, DType dtype) {
        Tensor t = empty(new int[0], dtype, Device.CPU);
        if (dtype.isFloatingPoint()) ((CpuStorage) t.storage).setDouble(0, v);
        else ((CpuStorage) t.storage).setLong(0, v);
        t.wrappedNumber = true;
        return t;
    }

    // ------------------------------------------------------------------ layout

    public Storage storage() { return storage; }

    public DType dtype() { return storage.dtype(); }

    public Device device() { return storage.device(); }

    public Shape shape() { return Shape.of(shape); }

    /** {@code size()}: same as {@link #shape()}. */
    public Shape size() { return shape(); }

    public int size(int dim) { return shape[Shapes.wrapDim(dim, shape.length)]; }

    /** The shape array itself, not a copy: do not modify. */
    public int[] shapeArray() { return shape; }

    /** The strides array itself (in elements), not a copy: do not modify. */
    public int[] strideArray() { return strides; }

    /** {@code stride()}, in elements. */
    public int[] stride() { return strides.clone(); }

    public int stride(int dim) { return strides[Shapes.wrapDim(dim, shape.length)]; }

    public int storageOffset() { return offset; }

    public int dim() { return shape.length; }

    /** {@code ndim}. */
    public int ndim() { return shape.length; }

    public long numel() { return Shapes.numel(shape); }

    /** {@code element_size()} in bytes. */
    public int elementSize() { return dtype().itemSize(); }

    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    public boolean isFloatingPoint() { return dtype().isFloatingPoint(); }

    public boolean isWrappedNumber() { return wrappedNumber; }

    /** The tensor this one is a view of, or null ({@code _base}). */
    public Tensor base() { return base; }

    public Backend backend() { return Backends.of(storage.device()); }

    /** The storage's version counter, bumped by in-place ops. */
    public int version() { return storage.version(); }

    /** The legacy type name PyTorch uses in messages ({@code torch.FloatTensor}). */
    public String typeName() {
        String n = dtype().scalarName();
        return (device().isCpu() ? "torch." : "torch.cuda.") + n + "Tensor";
    }

    /** {@code contiguous()}: this tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() { return isContiguous() ? this : Views.contiguous(this); }

    // ------------------------------------------------------------------ autograd

    public boolean requiresGrad() { return requiresGrad || gradFn != null; }

    /** {@code requires_grad_()}: only leaves can change it. */
    public Tensor requiresGrad_(boolean on) {
        if (gradFn != null && !on)
            throw new TorchException("you can only change requires_grad flags of leaf variables. If you want to use a "
                    + "computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
        if (on && !dtype().isFloatingPoint())
            throw new TorchException("only Tensors of floating point dtype can require gradients");
        requiresGrad = on;
        return this;
    }

    public Tensor requiresGrad_() { return requiresGrad_(true); }

    /** The accumulated gradient of a leaf (or of a tensor after {@link #retainGrad()}), or null. */
    public Tensor grad() { return grad; }

    /** {@code t.grad = g}. */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape, shape))
            throw new TorchException("assigned grad has data of a different size");
        grad = g;
    }

    public Node gradFn() { return gradFn; }

    /** Attaches the node that produced this tensor. For op implementations. */
    public void setGradFn(Node fn) { setGradFn(fn, 0); }

    /** Attaches output nr of a multi-output node. For op implementations. */
    public void setGradFn(Node fn, int nr) {
        this.gradFn = fn;
        this.outputNr = nr;
    }

    /** Which output of {@link #gradFn()} this tensor is ({@code output_nr}). */
    public int outputNr() { return outputNr; }

    public boolean isLeaf() { return gradFn == null; }

    /** {@code retain_grad()}: keep the gradient of a non-leaf in {@link #grad()}. */
    public Tensor retainGrad() {
        if (!requiresGrad()) throw new TorchException("can't retain_grad on Tensor that has requires_grad=False");
        if (gradFn != null) gradFn.retainFor(outputNr, this);
        return this;
    }

    public boolean retainsGrad() { return gradFn != null && !isLeaf() && grad != null; }

    /** {@code register_hook(fn)}: fn sees (and may replace, by returning non-null) this tensor's gradient. */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad())
            throw new TorchException("cannot register a hook on a tensor that doesn't require gradient");
        if (gradFn != null) gradFn.addHook(outputNr, hook);
        else {
            if (hooks == null) hooks = new ArrayList<>(2);
            hooks.add(hook);
        }
        return this;
    }

    /** Whether hooks are registered on this leaf. For the engine. */
    public boolean hasHooks() { return hooks != null && !hooks.isEmpty(); }

    /** Runs a leaf's hooks on its incoming gradient. For the engine. */
    public Tensor runHooks(Tensor g) {
        if (hooks != null) for (var h : hooks) {
            Tensor r = h.apply(g);
            if (r != null) g = r;
        }
        return g;
    }

    /** {@code detach()}: the same data, cut from the graph. */
    public Tensor detach() {
        Tensor t = new Tensor(storage, shape, strides, offset, base);
        t.wrappedNumber = wrappedNumber;
        return t;
    }

    /** {@code detach_()}: makes this tensor a leaf that does not require grad. */
    public Tensor detach_() {
        gradFn = null;
        requiresGrad = false;
        return this;
    }

    /** {@code .data}: a detached tensor sharing storage; in-place writes through it are not tracked. */
    public Tensor data() { return detach(); }

    /** {@code t.data = source}: this tensor now views source's storage (shape may change); autograd state is kept. */
    public void setData(Tensor source) {
        if (source.dtype() != dtype() && requiresGrad && !source.dtype().isFloatingPoint())
            throw new TorchException("data set to a tensor that requires gradients must be floating point");
        storage = source.storage;
        shape = source.shape;
        strides = source.strides;
        offset = source.offset;
    }

    /** {@code set_(source)}: shares source's storage and layout, as an in-place op. */
    public Tensor set_(Tensor source) {
        checkInplace();
        setData(source);
        return this;
    }

    /** {@code backward()} on a one-element tensor. */
    public void backward() { Autograd.backward(this, null, false, false); }

    /** {@code backward(gradient)}. */
    public void backward(Tensor gradient) { Autograd.backward(this, gradient, false, false); }

    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph, createGraph);
    }

    /** Rejects in-place changes autograd could not follow, with PyTorch's messages. For op implementations. */
    public void checkInplace() {
        if (GradMode.isEnabled() && requiresGrad && gradFn == null)
            throw new TorchException("a leaf Variable that requires grad is being used in an in-place operation.");
    }

    /** Marks an in-place write of this tensor's storage. For op implementations. */
    public void bumpVersion() { storage.bumpVersion(); }

    // ------------------------------------------------------------------ conversion

    /** {@code to(dtype)}; returns this when the dtype already matches. */
    public Tensor to(DType dtype) { return dtype == dtype() ? this : Pointwise.cast(this, dtype, device()); }

    /** {@code to(device)}; returns this when already there. */
    public Tensor to(Device device) { return device.equals(device()) ? this : Pointwise.cast(this, dtype(), device); }

    public Tensor to(Device device, DType dtype) {
        return device.equals(device()) && dtype == dtype() ? this : Pointwise.cast(this, dtype, device);
    }

    public Tensor cpu() { return to(Device.CPU); }

    public Tensor float_() { return to(DType.FLOAT32); }

    public Tensor double_() { return to(DType.FLOAT64); }

    public Tensor long_() { return to(DType.INT64); }

    public Tensor int_() { return to(DType.INT32); }

    public Tensor bool_() { return to(DType.BOOL); }

    /** {@code clone()}: a contiguous copy, differentiable. */
    public Tensor clone() { return Views.contiguous(this); }

    /** {@code copy_(src)}: copies src (broadcast, cast) into this tensor. */
    public Tensor copy_(Tensor src) { return Pointwise.copyInto(this, src); }

    /** {@code item()}: the value of a one-element tensor as a double. */
    public double item() { return cpuValues().getDouble(Views.onlyElementOffset(this)); }

    public double itemDouble() { return item(); }

    public float itemFloat() { return (float) item(); }

    public long itemLong() { return cpuValues().getLong(Views.onlyElementOffset(this)); }

    public int itemInt() { return (int) itemLong(); }

    public boolean itemBool() { return itemLong() != 0; }

    private CpuStorage cpuValues() {
        if (!device().isCpu()) return (CpuStorage) to(Device.CPU).storage;
        return (CpuStorage) storage;
    }

    /** The elements in row-major order, as float. */
    public float[] toFloatArray() { return (float[]) Views.contiguousCpu(this, DType.FLOAT32).array(); }

    public double[] toDoubleArray() { return (double[]) Views.contiguousCpu(this, DType.FLOAT64).array(); }

    public long[] toLongArray() { return (long[]) Views.contiguousCpu(this, DType.INT64).array(); }

    public int[] toIntArray() { return (int[]) Views.contiguousCpu(this, DType.INT32).array(); }

    public boolean[] toBooleanArray() {
        byte[] b = (byte[]) Views.contiguousCpu(this, DType.BOOL).array();
        boolean[] r = new boolean[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] != 0;
        return r;
    }

    /** {@code tolist()} for any rank: nested Lists of Double/Long/Boolean, or a bare number for 0-dim. */
    public Object tolist() { return Views.tolist(this); }

    /** Prints as PyTorch's repr: {@code tensor([2., 4., 6.], requires_grad=True)}. */
    @Override public String toString() { return torch4j.internal.Printing.repr(this); }

    // ------------------------------------------------------------------ views

    public Tensor view(int... shape) { return Views.view(this, shape); }

    public Tensor viewAs(Tensor other) { return Views.view(this, other.shape); }

    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }

    public Tensor reshapeAs(Tensor other) { return Views.reshape(this, other.shape); }

    public Tensor flatten() { return flatten(0, -1); }

    public Tensor flatten(int startDim) { return flatten(startDim, -1); }

    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }

    public Tensor unflatten(int dim, int... sizes) { return Views.unflatten(this, dim, sizes); }

    public Tensor squeeze() { return Views.squeeze(this, null); }

    public Tensor squeeze(int dim) { return Views.squeeze(this, new int[]{dim}); }

    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }

    public Tensor permute(int... dims) { return Views.permute(this, dims); }

    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }

    /** {@code swapaxes}: same as transpose. */
    public Tensor swapaxes(int dim0, int dim1) { return transpose(dim0, dim1); }

    /** {@code t()}: transpose of a tensor of at most 2 dims. */
    public Tensor t() {
        if (dim() > 2) throw new TorchException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** {@code T}: all dims reversed. */
    public Tensor T() {
        int[] p = new int[dim()];
        for (int i = 0; i < p.length; i++) p[i] = p.length - 1 - i;
        return permute(p);
    }

    /** {@code mT}: the last two dims transposed. */
    public Tensor mT() {
        if (dim() < 2) throw new TorchException("tensor.mT is only supported on matrices or batches of matrices. Got "
                + dim() + "-D tensor.");
        return transpose(-2, -1);
    }

    public Tensor expand(int... sizes) { return Views.expand(this, sizes); }

    public Tensor expandAs(Tensor other) { return Views.expand(this, other.shape); }

    /** Broadcast to a shape ({@code torch.broadcast_to}). */
    public Tensor broadcastTo(int... sizes) { return Views.expand(this, sizes); }

    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }

    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }

    /** {@code x[start:end:step]} along dim (Python slice semantics: clamped, negative from the end). */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }

    public Tensor slice(int dim, int start, int end) { return Views.slice(this, dim, start, end, 1); }

    public Tensor[] unbind(int dim) { return Views.unbind(this, dim); }

    public Tensor[] unbind() { return unbind(0); }

    /** {@code diagonal(offset, dim1, dim2)}: a view. */
    public Tensor diagonal(int offset, int dim1, int dim2) { return Views.diagonal(this, offset, dim1, dim2); }

    public Tensor diagonal() { return diagonal(0, 0, 1); }

    /** {@code as_strided(size, stride, storage_offset)}. */
    public Tensor asStrided(int[] size, int[] stride, int storageOffset) {
        return Views.asStrided(this, size, stride, storageOffset);
    }

    /** Sums over broadcast dims so the result has the given shape (autograd's {@code sum_to_size}). */
    public Tensor sumToSize(int... shape) { return Views.sumToSize(this, shape); }

    // ------------------------------------------------------------------ pointwise

    private Tensor u(UnaryOp op) { return Pointwise.unary(op, this); }

    private Tensor u_(UnaryOp op) { return Pointwise.unaryInPlace(op, this); }

    private Tensor b(BinaryOp op, Tensor other) { return Pointwise.binary(op, this, other); }

    private Tensor b(BinaryOp op, double other) { return Pointwise.binary(op, this, Pointwise.wrap(other, this)); }

    private Tensor b_(BinaryOp op, Tensor other) { return Pointwise.binaryInPlace(op, this, other); }

    private Tensor b_(BinaryOp op, double other) { return Pointwise.binaryInPlace(op, this, Pointwise.wrap(other, this)); }

    private Tensor b(BinaryOp op, long other) { return Pointwise.binary(op, this, Pointwise.wrap(other, this)); }

    private Tensor b_(BinaryOp op, long other) { return Pointwise.binaryInPlace(op, this, Pointwise.wrap(other, this)); }

    private Tensor c(CompareOp op, long other) { return Pointwise.compare(op, this, Pointwise.wrap(other, this)); }

    public Tensor add(Tensor other) { return b(BinaryOp.ADD, other); }

    public Tensor add(double other) { return b(BinaryOp.ADD, other); }

    /** {@code self + n} with a Java integer: promotes as a Python int (an int32 tensor stays int32). */
    public Tensor add(long other) { return b(BinaryOp.ADD, other); }

    /** {@code add(other, alpha=alpha)}: this + alpha * other. */
    public Tensor add(Tensor other, double alpha) { return alpha == 1 ? add(other) : add(other.mul(alpha)); }

    /** {@code add(other, alpha=n)} with an integer alpha: integer tensors stay integer. */
    public Tensor add(Tensor other, long alpha) { return alpha == 1 ? add(other) : add(other.mul(alpha)); }

    public Tensor add_(Tensor other) { return b_(BinaryOp.ADD, other); }

    public Tensor add_(double other) { return b_(BinaryOp.ADD, other); }

    public Tensor add_(long other) { return b_(BinaryOp.ADD, other); }

    public Tensor add_(Tensor other, double alpha) { return alpha == 1 ? add_(other) : add_(other.mul(alpha)); }

    public Tensor sub(Tensor other) { return b(BinaryOp.SUB, other); }

    public Tensor sub(double other) { return b(BinaryOp.SUB, other); }

    public Tensor sub(long other) { return b(BinaryOp.SUB, other); }

    public Tensor sub(Tensor other, double alpha) { return alpha == 1 ? sub(other) : sub(other.mul(alpha)); }

    public Tensor sub(Tensor other, long alpha) { return alpha == 1 ? sub(other) : sub(other.mul(alpha)); }

    public Tensor sub_(Tensor other) { return b_(BinaryOp.SUB, other); }

    public Tensor sub_(double other) { return b_(BinaryOp.SUB, other); }

    public Tensor sub_(long other) { return b_(BinaryOp.SUB, other); }

    public Tensor sub_(Tensor other, double alpha) { return alpha == 1 ? sub_(other) : sub_(other.mul(alpha)); }

    /** {@code rsub(other)}: other - this. */
    public Tensor rsub(double other) { return Pointwise.binary(BinaryOp.SUB, Pointwise.wrap(other, this), this); }

    public Tensor rsub(long other) { return Pointwise.binary(BinaryOp.SUB, Pointwise.wrap(other, this), this); }

    public Tensor rsub(Tensor other) { return other.sub(this); }

    public Tensor mul(Tensor other) { return b(BinaryOp.MUL, other); }

    public Tensor mul(double other) { return b(BinaryOp.MUL, other); }

    public Tensor mul(long other) { return b(BinaryOp.MUL, other); }

    public Tensor mul_(Tensor other) { return b_(BinaryOp.MUL, other); }

    public Tensor mul_(double other) { return b_(BinaryOp.MUL, other); }

    public Tensor mul_(long other) { return b_(BinaryOp.MUL, other); }

    public Tensor div(Tensor other) { return b(BinaryOp.DIV, other); }

    public Tensor div(double other) { return b(BinaryOp.DIV, other); }

    public Tensor div_(Tensor other) { return b_(BinaryOp.DIV, other); }

    public Tensor div_(double other) { return b_(BinaryOp.DIV, other); }

    /** {@code div(other, rounding_mode=...)}. */
    public Tensor div(Tensor other, RoundingMode mode) {
        return switch (mode) {
            case NONE -> div(other);
            case TRUNC -> b(BinaryOp.TRUNC_DIVIDE, other);
            case FLOOR -> b(BinaryOp.FLOOR_DIVIDE, other);
        };
    }

    public Tensor div(double other, RoundingMode mode) { return div(Pointwise.wrap(other, this), mode); }

    /** {@code div(n, rounding_mode=...)} with an integer: trunc/floor keep an integer tensor integer. */
    public Tensor div(long other, RoundingMode mode) { return div(Pointwise.wrap(other, this), mode); }

    /** {@code floor_divide} (rounds toward negative infinity, as PyTorch since 1.13). */
    public Tensor floorDivide(Tensor other) { return b(BinaryOp.FLOOR_DIVIDE, other); }

    public Tensor floorDivide(double other) { return b(BinaryOp.FLOOR_DIVIDE, other); }

    public Tensor floorDivide(long other) { return b(BinaryOp.FLOOR_DIVIDE, other); }

    public Tensor pow(Tensor exponent) { return b(BinaryOp.POW, exponent); }

    public Tensor pow(double exponent) { return Pointwise.powScalar(this, exponent); }

    /** An integer power: an integer tensor stays integer, as {@code t ** 2} in PyTorch. */
    public Tensor pow(long exponent) { return Pointwise.powScalar(this, exponent); }

    public Tensor pow_(double exponent) { return Pointwise.inPlace(this, t -> t.pow(exponent)); }

    public Tensor pow_(long exponent) { return Pointwise.inPlace(this, t -> t.pow(exponent)); }

    public Tensor pow_(Tensor exponent) { return b_(BinaryOp.POW, exponent); }

    /** {@code torch.pow(self_scalar, exponent)}. */
    public static Tensor pow(double self, Tensor exponent) { return Pointwise.binary(BinaryOp.POW, Pointwise.wrap(self, exponent), exponent); }

    /** {@code torch.pow(n, exponent)} with an integer base. */
    public static Tensor pow(long self, Tensor exponent) { return Pointwise.binary(BinaryOp.POW, Pointwise.wrap(self, exponent), exponent); }

    public Tensor square() { return pow(2.0); }

    public Tensor atan2(Tensor other) { return b(BinaryOp.ATAN2, other); }

    public Tensor minimum(Tensor other) { return b(BinaryOp.MINIMUM, other); }

    public Tensor maximum(Tensor other) { return b(BinaryOp.MAXIMUM, other); }

    public Tensor fmod(Tensor other) { return b(BinaryOp.FMOD, other); }

    public Tensor fmod(double other) { return b(BinaryOp.FMOD, other); }

    public Tensor fmod(long other) { return b(BinaryOp.FMOD, other); }

    public Tensor remainder(Tensor other) { return b(BinaryOp.REMAINDER, other); }

    public Tensor remainder(double other) { return b(BinaryOp.REMAINDER, other); }

    public Tensor remainder(long other) { return b(BinaryOp.REMAINDER, other); }

    /** {@code lerp(end, weight)}: this + weight * (end - this). */
    public Tensor lerp(Tensor end, double weight) { return add(end.sub(this).mul(weight)); }

    public Tensor lerp(Tensor end, Tensor weight) { return add(end.sub(this).mul(weight)); }

    /** {@code addcmul(t1, t2, value)}: this + value * t1 * t2. */
    public Tensor addcmul(Tensor t1, Tensor t2, double value) { return add(t1.mul(t2).mul(value)); }

    public Tensor addcmul(Tensor t1, Tensor t2) { return add(t1.mul(t2)); }

    public Tensor addcmul(Tensor t1, Tensor t2, long value) { return value == 1 ? addcmul(t1, t2) : add(t1.mul(t2).mul(value)); }

    public Tensor addcmul_(Tensor t1, Tensor t2, double value) { return add_(t1.mul(t2).mul(value)); }

    /** {@code addcdiv(t1, t2, value)}: this + value * t1 / t2. */
    public Tensor addcdiv(Tensor t1, Tensor t2, double value) { return add(t1.div(t2).mul(value)); }

    public Tensor addcdiv(Tensor t1, Tensor t2) { return add(t1.div(t2)); }

    public Tensor addcdiv_(Tensor t1, Tensor t2, double value) { return add_(t1.div(t2).mul(value)); }

    public Tensor neg() { return u(UnaryOp.NEG); }

    public Tensor neg_() { return u_(UnaryOp.NEG); }

    public Tensor abs() { return u(UnaryOp.ABS); }

    public Tensor abs_() { return u_(UnaryOp.ABS); }

    public Tensor sign() { return u(UnaryOp.SIGN); }

    public Tensor exp() { return u(UnaryOp.EXP); }

    public Tensor exp_() { return u_(UnaryOp.EXP); }

    public Tensor exp2() { return u(UnaryOp.EXP2); }

    public Tensor expm1() { return u(UnaryOp.EXPM1); }

    public Tensor log() { return u(UnaryOp.LOG); }

    public Tensor log_() { return u_(UnaryOp.LOG); }

    public Tensor log2() { return u(UnaryOp.LOG2); }

    public Tensor log10() { return u(UnaryOp.LOG10); }

    public Tensor log1p() { return u(UnaryOp.LOG1P); }

    public Tensor sqrt() { return u(UnaryOp.SQRT); }

    public Tensor sqrt_() { return u_(UnaryOp.SQRT); }

    public Tensor rsqrt() { return u(UnaryOp.RSQRT); }

    public Tensor reciprocal() { return u(UnaryOp.RECIPROCAL); }

    public Tensor sin() { return u(UnaryOp.SIN); }

    public Tensor cos() { return u(UnaryOp.COS); }

    public Tensor tan() { return u(UnaryOp.TAN); }

    public Tensor asin() { return u(UnaryOp.ASIN); }

    public Tensor acos() { return u(UnaryOp.ACOS); }

    public Tensor atan() { return u(UnaryOp.ATAN); }

    public Tensor sinh() { return u(UnaryOp.SINH); }

    public Tensor cosh() { return u(UnaryOp.COSH); }

    public Tensor tanh() { return u(UnaryOp.TANH); }

    public Tensor tanh_() { return u_(UnaryOp.TANH); }

    public Tensor sigmoid() { return u(UnaryOp.SIGMOID); }

    public Tensor sigmoid_() { return u_(UnaryOp.SIGMOID); }

    public Tensor relu() { return u(UnaryOp.RELU); }

    public Tensor relu_() { return u_(UnaryOp.RELU); }

    /** GELU with the exact erf form ({@code approximate='none'}). */
    public Tensor gelu() { return u(UnaryOp.GELU); }

    /** {@code gelu(approximate='tanh')} when tanhApproximation. */
    public Tensor gelu(boolean tanhApproximation) { return u(tanhApproximation ? UnaryOp.GELU_TANH : UnaryOp.GELU); }

    public Tensor silu() { return u(UnaryOp.SILU); }

    /** {@code softplus(beta=1, threshold=20)}. */
    public Tensor softplus() { return softplus(1, 20); }

    /** log(1 + exp(beta x)) / beta, and x itself where beta x > threshold. */
    public Tensor softplus(double beta, double threshold) { return Pointwise.softplus(this, beta, threshold); }

    public Tensor erf() { return u(UnaryOp.ERF); }

    public Tensor floor() { return u(UnaryOp.FLOOR); }

    public Tensor ceil() { return u(UnaryOp.CEIL); }

    /** Round half to even, as torch.round. */
    public Tensor round() { return u(UnaryOp.ROUND); }

    /** {@code round(decimals=n)}. */
    public Tensor round(int decimals) {
        if (decimals == 0) return round();
        double s = Math.pow(10, decimals);
        return mul(s).round().div(s);
    }

    public Tensor trunc() { return u(UnaryOp.TRUNC); }

    public Tensor frac() { return u(UnaryOp.FRAC); }

    public Tensor isnan() { return u(UnaryOp.ISNAN); }

    public Tensor isinf() { return u(UnaryOp.ISINF); }

    public Tensor isfinite() { return u(UnaryOp.ISFINITE); }

    /** {@code nan_to_num()}: NaN to 0, infinities to the dtype's largest finite values. */
    public Tensor nanToNum() { return nanToNum(0.0, null, null); }

    /** {@code nan_to_num(nan, posinf, neginf)}; null means the dtype's extreme. */
    public Tensor nanToNum(double nan, Double posinf, Double neginf) { return Pointwise.nanToNum(this, nan, posinf, neginf); }

    /** {@code clamp(min, max)}; pass null for no bound. */
    public Tensor clamp(Double min, Double max) { return Pointwise.clamp(this, min, max); }

    public Tensor clamp(double min, double max) { return Pointwise.clamp(this, min, max); }

    public Tensor clampMin(double min) { return Pointwise.clamp(this, min, null); }

    public Tensor clampMin(long min) { return dtype().isFloatingPoint() ? clampMin((double) min) : maximum(Pointwise.wrap(min, this)); }

    public Tensor clampMax(long max) { return dtype().isFloatingPoint() ? clampMax((double) max) : minimum(Pointwise.wrap(max, this)); }

    /** {@code clamp(min, max)} with integer bounds: an integer tensor stays integer. */
    public Tensor clamp(long min, long max) {
        return dtype().isFloatingPoint() ? clamp((double) min, (double) max) : maximum(Pointwise.wrap(min, this)).minimum(Pointwise.wrap(max, this));
    }

    public Tensor clampMax(double max) { return Pointwise.clamp(this, null, max); }

    public Tensor clamp_(double min, double max) { return Pointwise.inPlace(this, t -> t.clamp(min, max)); }

    /** {@code clamp(min=tensor, max=tensor)}. */
    public Tensor clamp(Tensor min, Tensor max) {
        Tensor r = this;
        if (min != null) r = r.maximum(min);
        if (max != null) r = r.minimum(max);
        return r;
    }

    public Tensor eq(Tensor other) { return Pointwise.compare(CompareOp.EQ, this, other); }

    public Tensor eq(double other) { return Pointwise.compare(CompareOp.EQ, this, Pointwise.wrap(other, this)); }

    public Tensor eq(long other) { return c(CompareOp.EQ, other); }

    public Tensor ne(Tensor other) { return Pointwise.compare(CompareOp.NE, this, other); }

    public Tensor ne(double other) { return Pointwise.compare(CompareOp.NE, this, Pointwise.wrap(other, this)); }

    public Tensor ne(long other) { return c(CompareOp.NE, other); }

    public Tensor lt(Tensor other) { return Pointwise.compare(CompareOp.LT, this, other); }

    public Tensor lt(double other) { return Pointwise.compare(CompareOp.LT, this, Pointwise.wrap(other, this)); }

    public Tensor lt(long other) { return c(CompareOp.LT, other); }

    public Tensor le(Tensor other) { return Pointwise.compare(CompareOp.LE, this, other); }

    public Tensor le(double other) { return Pointwise.compare(CompareOp.LE, this, Pointwise.wrap(other, this)); }

    public Tensor le(long other) { return c(CompareOp.LE, other); }

    public Tensor gt(Tensor other) { return Pointwise.compare(CompareOp.GT, this, other); }

    public Tensor gt(double other) { return Pointwise.compare(CompareOp.GT, this, Pointwise.wrap(other, this)); }

    public Tensor gt(long other) { return c(CompareOp.GT, other); }

    public Tensor ge(Tensor other) { return Pointwise.compare(CompareOp.GE, this, other); }

    public Tensor ge(double other) { return Pointwise.compare(CompareOp.GE, this, Pointwise.wrap(other, this)); }

    public Tensor ge(long other) { return c(CompareOp.GE, other); }

    public Tensor logicalAnd(Tensor other) { return Pointwise.compare(CompareOp.LOGICAL_AND, this, other); }

    public Tensor logicalOr(Tensor other) { return Pointwise.compare(CompareOp.LOGICAL_OR, this, other); }

    public Tensor logicalXor(Tensor other) { return Pointwise.compare(CompareOp.LOGICAL_XOR, this, other); }

    public Tensor logicalNot() { return u(UnaryOp.LOGICAL_NOT); }

    /** {@code torch.equal}: same shape and elements. */
    public boolean equal(Tensor other) {
        return java.util.Arrays.equals(shape, other.shape) && (numel() == 0 || eq(other).all().itemBool());
    }

    /** {@code torch.allclose(self, other, rtol, atol)}. */
    public boolean allclose(Tensor other, double rtol, double atol) {
        Tensor a = to(DType.FLOAT64), b = other.to(DType.FLOAT64);
        return a.sub(b).abs().le(b.abs().mul(rtol).add(atol)).logicalOr(a.eq(b)).all().itemBool();
    }

    public boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8); }

    /** {@code torch.where(cond, a, b)}. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Pointwise.where(condition, a, b); }

    /** {@code self.where(condition, other)}: self where condition, else other. */
    public Tensor where(Tensor condition, Tensor other) { return Pointwise.where(condition, this, other); }

    public Tensor where(Tensor condition, double other) { return Pointwise.where(condition, this, Pointwise.wrap(other, this)); }

    /** {@code zero_()}. */
    public Tensor zero_() { return fill_(0); }

    /** {@code fill_(value)}. */
    public Tensor fill_(double value) { return Pointwise.fill_(this, value); }

    /** {@code torch.ones_like}: same shape, dtype and device. */
    public static Tensor onesLike(Tensor t) { return Pointwise.full(t.shape, 1, t.dtype(), t.device()); }

    /** {@code torch.zeros_like}. */
    public static Tensor zerosLike(Tensor t) { return Pointwise.full(t.shape, 0, t.dtype(), t.device()); }

    // ------------------------------------------------------------------ reductions (torch4j.internal.ops.Reductions)

    /** {@code sum()} over all elements; integer and bool inputs sum to int64. */
    public Tensor sum() { return Reductions.sum(this, null, false, null); }

    public Tensor sum(DType dtype) { return Reductions.sum(this, null, false, dtype); }

    public Tensor sum(int dim) { return Reductions.sum(this, new int[]{dim}, false, null); }

    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[]{dim}, keepdim, null); }

    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim, null); }

    public Tensor mean() { return Reductions.mean(this, null, false, null); }

    public Tensor mean(int dim) { return Reductions.mean(this, new int[]{dim}, false, null); }

    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[]{dim}, keepdim, null); }

    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim, null); }

    public Tensor prod() { return Reductions.prod(this, null, false, null); }

    public Tensor prod(int dim) { return Reductions.prod(this, new int[]{dim}, false, null); }

    public Tensor prod(int dim, boolean keepdim) { return Reductions.prod(this, new int[]{dim}, keepdim, null); }

    /** {@code max()}: the largest element (NaN if any). */
    public Tensor max() { return Reductions.amax(this, null, false, true, "MaxBackward1"); }

    /** {@code min()}: the smallest element (NaN if any). */
    public Tensor min() { return Reductions.amax(this, null, false, false, "MinBackward1"); }

    public Tensor amax(int... dims) { return Reductions.amax(this, dims, false, true, "AmaxBackward0"); }

    public Tensor amax(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, true, "AmaxBackward0"); }

    public Tensor amin(int... dims) { return Reductions.amax(this, dims, false, false, "AminBackward0"); }

    public Tensor amin(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, false, "AminBackward0"); }

    /** {@code all()}: true when every element is non-zero. */
    public Tensor all() { return Reductions.all(this, null, false); }

    public Tensor all(int dim) { return Reductions.all(this, new int[]{dim}, false); }

    public Tensor all(int dim, boolean keepdim) { return Reductions.all(this, new int[]{dim}, keepdim); }

    public Tensor any() { return Reductions.any(this, null, false); }

    public Tensor any(int dim) { return Reductions.any(this, new int[]{dim}, false); }

    public Tensor any(int dim, boolean keepdim) { return Reductions.any(this, new int[]{dim}, keepdim); }

    /** Same as torch.var: sample variance over all elements (Bessel-corrected). */
    public Tensor var() { return Reductions.var(this, null, 1, false, false); }

    /** Same as torch.var(unbiased): population variance when unbiased is false. */
    public Tensor var(boolean unbiased) { return Reductions.var(this, null, unbiased ? 1 : 0, false, false); }

    /** Same as torch.var(dim). */
    public Tensor var(int dim) { return Reductions.var(this, new int[]{dim}, 1, false, false); }

    /** Same as torch.var(dim, unbiased, keepdim). */
    public Tensor var(int dim, boolean unbiased, boolean keepdim) { return Reductions.var(this, new int[]{dim}, unbiased ? 1 : 0, keepdim, false); }

    /** Same as torch.var(dims, unbiased, keepdim); null dims means all. */
    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) { return Reductions.var(this, dims, unbiased ? 1 : 0, keepdim, false); }

    /** Same as torch.var(dims, correction=c, keepdim): divides by max(0, N - correction); null dims means all. */
    public Tensor var(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim, false); }

    /** Same as torch.std: sample standard deviation over all elements. */
    public Tensor std() { return Reductions.var(this, null, 1, false, true); }

    /** Same as torch.std(unbiased). */
    public Tensor std(boolean unbiased) { return Reductions.var(this, null, unbiased ? 1 : 0, false, true); }

    /** Same as torch.std(dim). */
    public Tensor std(int dim) { return Reductions.var(this, new int[]{dim}, 1, false, true); }

    /** Same as torch.std(dim, unbiased, keepdim). */
    public Tensor std(int dim, boolean unbiased, boolean keepdim) { return Reductions.var(this, new int[]{dim}, unbiased ? 1 : 0, keepdim, true); }

    /** Same as torch.std(dims, unbiased, keepdim); null dims means all. */
    public Tensor std(int[] dims, boolean unbiased, boolean keepdim) { return Reductions.var(this, dims, unbiased ? 1 : 0, keepdim, true); }

    /** Same as torch.std(dims, correction=c, keepdim); null dims means all. */
    public Tensor std(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim, true); }

    /** Same as torch.var_mean: {var, mean}. */
    public Tensor[] varMean() { return Reductions.varMean(this, null, 1, false, false); }

    /** Same as torch.var_mean(dims, correction=c, keepdim): {var, mean}; null dims means all. */
    public Tensor[] varMean(int[] dims, int correction, boolean keepdim) { return Reductions.varMean(this, dims, correction, keepdim, false); }

    /** Same as torch.std_mean: {std, mean}. */
    public Tensor[] stdMean() { return Reductions.varMean(this, null, 1, false, true); }

    /** Same as torch.std_mean(dims, correction=c, keepdim): {std, mean}; null dims means all. */
    public Tensor[] stdMean(int[] dims, int correction, boolean keepdim) { return Reductions.varMean(this, dims, correction, keepdim, true); }

    /** Same as torch.max(dim): the maxima along dim and their (first) indices. */
    public ValuesIndices max(int dim) { return Reductions.maxDim(this, dim, false, true); }

    /** Same as torch.max(dim, keepdim). */
    public ValuesIndices max(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, true); }

    /** Same as torch.min(dim): the minima along dim and their (first) indices. */
    public ValuesIndices min(int dim) { return Reductions.maxDim(this, dim, false, false); }

    /** Same as torch.min(dim, keepdim). */
    public ValuesIndices min(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, false); }

    /** Same as torch.argmax: the index of the first maximum in the flattened tensor (NaN counts as the maximum). */
    public Tensor argmax() { return Reductions.argmax(this, null, false, true); }

    /** Same as torch.argmax(dim). */
    public Tensor argmax(int dim) { return Reductions.argmax(this, dim, false, true); }

    /** Same as torch.argmax(dim, keepdim). */
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argmax(this, dim, keepdim, true); }

    /** Same as torch.argmin: the index of the first minimum in the flattened tensor. */
    public Tensor argmin() { return Reductions.argmax(this, null, false, false); }

    /** Same as torch.argmin(dim). */
    public Tensor argmin(int dim) { return Reductions.argmax(this, dim, false, false); }

    /** Same as torch.argmin(dim, keepdim). */
    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argmax(this, dim, keepdim, false); }

    /** Same as torch.logsumexp(dim): log(sum(exp(x))), computed stably. */
    public Tensor logsumexp(int dim) { return Reductions.logsumexp(this, new int[]{dim}, false); }

    /** Same as torch.logsumexp(dim, keepdim). */
    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[]{dim}, keepdim); }

    /** Same as torch.logsumexp(dims, keepdim). */
    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

    /** Same as torch.norm: the 2-norm of all elements (Frobenius for matrices). */
    public Tensor norm() { return Reductions.norm(this, 2, null, false); }

    /** Same as torch.norm(p): the vector p-norm of all elements (p may be infinite or 0). */
    public Tensor norm(double p) { return Reductions.norm(this, p, null, false); }

    /** Same as torch.norm(p, dim). */
    public Tensor norm(double p, int dim) { return Reductions.norm(this, p, new int[]{dim}, false); }

    /** Same as torch.norm(p, dim, keepdim). */
    public Tensor norm(double p, int dim, boolean keepdim) { return Reductions.norm(this, p, new int[]{dim}, keepdim); }

    /** Same as torch.norm(p, dims, keepdim); null dims means all. */
    public Tensor norm(double p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }

    /** Same as torch.norm(p="fro", dims, keepdim); null dims means all. */
    public Tensor norm(String p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }

    /** Same as torch.cumsum(dim); integer and bool inputs give int64. */
    public Tensor cumsum(int dim) { return Reductions.cumsum(this, dim, null); }

    /** Same as torch.cumsum(dim, dtype). */
    public Tensor cumsum(int dim, DType dtype) { return Reductions.cumsum(this, dim, dtype); }

    /** Same as torch.cumprod(dim); its gradient is exact with zeros in the input. */
    public Tensor cumprod(int dim) { return Reductions.cumprod(this, dim, null); }

    /** Same as torch.cumprod(dim, dtype). */
    public Tensor cumprod(int dim, DType dtype) { return Reductions.cumprod(this, dim, dtype); }

    /** Same as torch.softmax(dim). */
    public Tensor softmax(int dim) { return Reductions.softmax(this, dim, null, false); }

    /** Same as torch.softmax(dim, dtype): the input is cast to dtype first. */
    public Tensor softmax(int dim, DType dtype) { return Reductions.softmax(this, dim, dtype, false); }

    /** Same as torch.log_softmax(dim). */
    public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, null, true); }

    /** Same as torch.log_softmax(dim, dtype). */
    public Tensor logSoftmax(int dim, DType dtype) { return Reductions.softmax(this, dim, dtype, true); }

    /** Same as torch.topk(k): the k largest along the last dim. */
    public ValuesIndices topk(int k) { return Reductions.topk(this, k, -1, true, true); }

    /** Same as torch.topk(k, dim). */
    public ValuesIndices topk(int k, int dim) { return Reductions.topk(this, k, dim, true, true); }

    /** Same as torch.topk(k, dim, largest, sorted); the result is sorted either way. */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) { return Reductions.topk(this, k, dim, largest, sorted); }

    /** Same as torch.sort: a stable ascending sort along the last dim. */
    public ValuesIndices sort() { return Reductions.sort(this, -1, false); }

    /** Same as torch.sort(dim). */
    public ValuesIndices sort(int dim) { return Reductions.sort(this, dim, false); }

    /** Same as torch.sort(dim, descending); always stable. */
    public ValuesIndices sort(int dim, boolean descending) { return Reductions.sort(this, dim, descending); }

    /** Same as torch.argsort: the indices that sort the last dim. */
    public Tensor argsort() { return Reductions.argsort(this, -1, false); }

    /** Same as torch.argsort(dim). */
    public Tensor argsort(int dim) { return Reductions.argsort(this, dim, false); }

    /** Same as torch.argsort(dim, descending). */
    public Tensor argsort(int dim, boolean descending) { return Reductions.argsort(this, dim, descending); }

    /** Same as torch.median: the lower middle value of all elements (NaN if any). */
    public Tensor median() { return Reductions.median(this); }

    /** Same as torch.median(dim). */
    public ValuesIndices median(int dim) { return Reductions.median(this, dim, false); }

    /** Same as torch.median(dim, keepdim). */
    public ValuesIndices median(int dim, boolean keepdim) { return Reductions.median(this, dim, keepdim); }

    // ------------------------------------------------------------------ linear algebra (torch4j.internal.ops.LinearAlgebra)

    /** Same as torch.matmul: dot, mv, mm or a batched product by rank, batch dims broadcast. */
    public Tensor matmul(Tensor other) { return torch4j.internal.ops.LinearAlgebra.matmul(this, other); }

    /** Same as torch.mm. */
    public Tensor mm(Tensor mat2) { return torch4j.internal.ops.LinearAlgebra.mm(this, mat2); }

    /** Same as torch.bmm. */
    public Tensor bmm(Tensor batch2) { return torch4j.internal.ops.LinearAlgebra.bmm(this, batch2); }

    /** Same as torch.mv. */
    public Tensor mv(Tensor vec) { return torch4j.internal.ops.LinearAlgebra.mv(this, vec); }

    /** Same as torch.dot. */
    public Tensor dot(Tensor other) { return torch4j.internal.ops.LinearAlgebra.dot(this, other); }

    /** Same as torch.outer. */
    public Tensor outer(Tensor vec2) { return torch4j.internal.ops.LinearAlgebra.outer(this, vec2); }

    /** Same as torch.ger (an alias of outer). */
    public Tensor ger(Tensor vec2) { return torch4j.internal.ops.LinearAlgebra.outer(this, vec2); }

    /** Same as torch.addmm(self, mat1, mat2): self + mat1·mat2. */
    public Tensor addmm(Tensor mat1, Tensor mat2) { return torch4j.internal.ops.LinearAlgebra.addmm(this, mat1, mat2, 1, 1); }

    /** Same as torch.addmm(self, mat1, mat2, beta=beta, alpha=alpha). */
    public Tensor addmm(Tensor mat1, Tensor mat2, double beta, double alpha) {
        return torch4j.internal.ops.LinearAlgebra.addmm(this, mat1, mat2, beta, alpha);
    }

    /** Same as torch.baddbmm(self, batch1, batch2). */
    public Tensor baddbmm(Tensor batch1, Tensor batch2) {
        return torch4j.internal.ops.LinearAlgebra.baddbmm(this, batch1, batch2, 1, 1);
    }

    /** Same as torch.baddbmm(self, batch1, batch2, beta=beta, alpha=alpha). */
    public Tensor baddbmm(Tensor batch1, Tensor batch2, double beta, double alpha) {
        return torch4j.internal.ops.LinearAlgebra.baddbmm(this, batch1, batch2, beta, alpha);
    }

    // Tensor.norm(...) lives in the reductions section (Reductions.norm); Linalg holds torch.linalg's norms.

    // ------------------------------------------------------------------ indexing and joining (torch4j.internal.ops.Indexing)

    /**
     * {@code x[parts]}: Python indexing with ints, {@link Index#slice}s, {@link Index#ELLIPSIS}, {@link Index#NONE}
     * (or null) and index/mask tensors; basic parts give views, tensor parts copies. See {@link Index}.
     */
    public Tensor index(Object... parts) { return Index.get(this, parts); }

    /** {@code x[spec]} with the index written in Python syntax: {@code x.index("1:3, ..., None, ::2")}. */
    public Tensor index(String spec) { return Index.get(this, Index.parse(spec)); }

    /** {@code x[parts] = values} (values broadcast and cast to this dtype); writes through views into this storage. */
    public Tensor indexPut_(Object[] parts, Tensor values) { return Index.set(this, parts, values); }

    /** {@code x[parts] = value}. */
    public Tensor indexPut_(Object[] parts, double value) { return Index.set(this, parts, Tensor.scalar(value, dtype())); }

    /** Same as torch.Tensor.index_put_(indices, values, accumulate); indices are int64 tensors, bool masks or null. */
    public Tensor indexPut_(Tensor[] indices, Tensor values, boolean accumulate) {
        return torch4j.internal.ops.Indexing.indexPut_(this, indices, values, accumulate, false);
    }

    /** Same as torch.Tensor.index_put(indices, values, accumulate). */
    public Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
        return torch4j.internal.ops.Indexing.indexPut(this, indices, values, accumulate);
    }

    /** Same as torch.Tensor.index_select. */
    public Tensor indexSelect(int dim, Tensor index) { return torch4j.internal.ops.Indexing.indexSelect(this, dim, index); }

    /** Same as torch.Tensor.gather. */
    public Tensor gather(int dim, Tensor index) { return torch4j.internal.ops.Indexing.gather(this, dim, index); }

    /** Same as torch.Tensor.scatter(dim, index, src). */
    public Tensor scatter(int dim, Tensor index, Tensor src) { return torch4j.internal.ops.Indexing.scatter(this, dim, index, src, 0); }

    /** Same as torch.Tensor.scatter(dim, index, value). */
    public Tensor scatter(int dim, Tensor index, double value) { return torch4j.internal.ops.Indexing.scatter(this, dim, index, null, value); }

    /** Same as torch.Tensor.scatter_(dim, index, src). */
    public Tensor scatter_(int dim, Tensor index, Tensor src) { return torch4j.internal.ops.Indexing.scatter_(this, dim, index, src, 0); }

    /** Same as torch.Tensor.scatter_(dim, index, value). */
    public Tensor scatter_(int dim, Tensor index, double value) { return torch4j.internal.ops.Indexing.scatter_(this, dim, index, null, value); }

    /** Same as torch.Tensor.scatter_add. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return torch4j.internal.ops.Indexing.scatterAdd(this, dim, index, src); }

    /** Same as torch.Tensor.scatter_add_. */
    public Tensor scatterAdd_(int dim, Tensor index, Tensor src) { return torch4j.internal.ops.Indexing.scatterAdd_(this, dim, index, src); }

    /** Same as torch.Tensor.index_add. */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) { return indexAdd(dim, index, source, 1); }

    /** Same as torch.Tensor.index_add(dim, index, source, alpha=alpha). */
    public Tensor indexAdd(int dim, Tensor index, Tensor source, double alpha) {
        return torch4j.internal.ops.Indexing.indexAdd(this, dim, index, source, alpha);
    }

    /** Same as torch.Tensor.index_add_. */
    public Tensor indexAdd_(int dim, Tensor index, Tensor source) { return indexAdd_(dim, index, source, 1); }

    /** Same as torch.Tensor.index_add_(dim, index, source, alpha=alpha). */
    public Tensor indexAdd_(int dim, Tensor index, Tensor source, double alpha) {
        return torch4j.internal.ops.Indexing.indexAdd_(this, dim, index, source, alpha);
    }

    /** Same as torch.Tensor.index_copy. */
    public Tensor indexCopy(int dim, Tensor index, Tensor source) { return torch4j.internal.ops.Indexing.indexCopy(this, dim, index, source); }

    /** Same as torch.Tensor.index_copy_. */
    public Tensor indexCopy_(int dim, Tensor index, Tensor source) { return torch4j.internal.ops.Indexing.indexCopy_(this, dim, index, source); }

    /** Same as torch.Tensor.index_fill. */
    public Tensor indexFill(int dim, Tensor index, double value) { return torch4j.internal.ops.Indexing.indexFill(this, dim, index, value); }

    /** Same as torch.Tensor.index_fill_. */
    public Tensor indexFill_(int dim, Tensor index, double value) { return torch4j.internal.ops.Indexing.indexFill_(this, dim, index, value); }

    /** Same as torch.Tensor.masked_fill(mask, value). */
    public Tensor maskedFill(Tensor mask, double value) {
        return torch4j.internal.ops.Indexing.maskedFill(this, mask, Tensor.scalar(value, dtype()));
    }

    /** Same as torch.Tensor.masked_fill(mask, value) with a 0-dim tensor value (differentiable in it). */
    public Tensor maskedFill(Tensor mask, Tensor value) { return torch4j.internal.ops.Indexing.maskedFill(this, mask, value); }

    /** Same as torch.Tensor.masked_fill_(mask, value). */
    public Tensor maskedFill_(Tensor mask, double value) {
        return torch4j.internal.ops.Indexing.maskedFill_(this, mask, Tensor.scalar(value, dtype()));
    }

    /** Same as torch.Tensor.masked_fill_(mask, value) with a 0-dim tensor value. */
    public Tensor maskedFill_(Tensor mask, Tensor value) { return torch4j.internal.ops.Indexing.maskedFill_(this, mask, value); }

    /** Same as torch.Tensor.masked_select. */
    public Tensor maskedSelect(Tensor mask) { return torch4j.internal.ops.Indexing.maskedSelect(this, mask); }

    /** Same as torch.Tensor.nonzero(): int64 [n, ndim]. */
    public Tensor nonzero() { return torch4j.internal.ops.Indexing.nonzero(this); }

    /** Same as torch.Tensor.nonzero(as_tuple=True): one index vector per dim. */
    public Tensor[] nonzeroTuple() { return torch4j.internal.ops.Indexing.nonzeroTuple(this); }

    /** Same as torch.Tensor.take: indices into the flattened tensor. */
    public Tensor take(Tensor index) { return torch4j.internal.ops.Indexing.take(this, index); }

    /** Same as torch.Tensor.split(split_size, dim=0): views. */
    public Tensor[] split(int splitSize) { return torch4j.internal.ops.Joining.split(this, splitSize, 0); }

    /** Same as torch.Tensor.split(split_size, dim). */
    public Tensor[] split(int splitSize, int dim) { return torch4j.internal.ops.Joining.split(this, splitSize, dim); }

    /** Same as torch.Tensor.split(split_sizes, dim=0). */
    public Tensor[] split(int[] sizes) { return torch4j.internal.ops.Joining.split(this, sizes, 0); }

    /** Same as torch.Tensor.split(split_sizes, dim). */
    public Tensor[] split(int[] sizes, int dim) { return torch4j.internal.ops.Joining.split(this, sizes, dim); }

    /** Same as torch.Tensor.chunk(chunks, dim=0): views. */
    public Tensor[] chunk(int chunks) { return torch4j.internal.ops.Joining.chunk(this, chunks, 0); }

    /** Same as torch.Tensor.chunk(chunks, dim). */
    public Tensor[] chunk(int chunks, int dim) { return torch4j.internal.ops.Joining.chunk(this, chunks, dim); }

    /** Same as torch.Tensor.flip(dims): a copy. */
    public Tensor flip(int... dims) { return torch4j.internal.ops.Joining.flip(this, dims); }

    /** Same as torch.Tensor.roll(shift): rolled as if flattened. */
    public Tensor roll(int shift) { return torch4j.internal.ops.Joining.roll(this, new int[]{shift}, new int[0]); }

    /** Same as torch.Tensor.roll(shift, dim). */
    public Tensor roll(int shift, int dim) { return torch4j.internal.ops.Joining.roll(this, new int[]{shift}, new int[]{dim}); }

    /** Same as torch.Tensor.roll(shifts, dims). */
    public Tensor roll(int[] shifts, int[] dims) { return torch4j.internal.ops.Joining.roll(this, shifts, dims); }

    /** Same as torch.Tensor.repeat(sizes). */
    public Tensor repeat(int... sizes) { return torch4j.internal.ops.Joining.repeat(this, sizes); }

    /** Same as torch.Tensor.tile(dims). */
    public Tensor tile(int... dims) { return torch4j.internal.ops.Joining.tile(this, dims); }

    /** Same as torch.Tensor.tril(). */
    public Tensor tril() { return tril(0); }

    /** Same as torch.Tensor.tril(diagonal). */
    public Tensor tril(int diagonal) { return torch4j.internal.ops.Joining.tri(this, diagonal, true); }

    /** Same as torch.Tensor.tril_(diagonal). */
    public Tensor tril_(int diagonal) { return torch4j.internal.ops.Joining.tri_(this, diagonal, true); }

    /** Same as torch.Tensor.triu(). */
    public Tensor triu() { return triu(0); }

    /** Same as torch.Tensor.triu(diagonal). */
    public Tensor triu(int diagonal) { return torch4j.internal.ops.Joining.tri(this, diagonal, false); }

    /** Same as torch.Tensor.triu_(diagonal). */
    public Tensor triu_(int diagonal) { return torch4j.internal.ops.Joining.tri_(this, diagonal, false); }

    /** Same as torch.Tensor.diag(diagonal): 1-D to a square matrix, 2-D to its diagonal. */
    public Tensor diag(int diagonal) { return torch4j.internal.ops.Joining.diag(this, diagonal); }

    /** Same as torch.Tensor.diag(). */
    public Tensor diag() { return diag(0); }

    /** Same as torch.Tensor.diag_embed(). */
    public Tensor diagEmbed() { return diagEmbed(0, -2, -1); }

    /** Same as torch.Tensor.diag_embed(offset, dim1, dim2). */
    public Tensor diagEmbed(int offset, int dim1, int dim2) { return torch4j.internal.ops.Joining.diagEmbed(this, offset, dim1, dim2); }

    // ------------------------------------------------------------------ random (torch4j.Generator)

    /** Same as torch.Tensor.uniform_: uniforms in [0, 1) from the default generator. */
    public Tensor uniform_() { return RandomOps.uniform_(this, 0, 1, null); }

    /** Same as torch.Tensor.uniform_(from, to). */
    public Tensor uniform_(double from, double to) { return RandomOps.uniform_(this, from, to, null); }

    public Tensor uniform_(double from, double to, Generator generator) { return RandomOps.uniform_(this, from, to, generator); }

    /** Same as torch.Tensor.normal_: standard normals. */
    public Tensor normal_() { return RandomOps.normal_(this, 0, 1, null); }

    /** Same as torch.Tensor.normal_(mean, std). */
    public Tensor normal_(double mean, double std) { return RandomOps.normal_(this, mean, std, null); }

    public Tensor normal_(double mean, double std, Generator generator) { return RandomOps.normal_(this, mean, std, generator); }

    /** Same as torch.Tensor.bernoulli_(p): each element 1 with probability p, else 0. */
    public Tensor bernoulli_(double p) { return RandomOps.bernoulli_(this, p, null); }

    public Tensor bernoulli_(double p, Generator generator) { return RandomOps.bernoulli_(this, p, generator); }

    /** Same as torch.Tensor.bernoulli_(p) with a tensor of probabilities broadcast to this tensor. */
    public Tensor bernoulli_(Tensor p) { return RandomOps.bernoulli_(this, p, null); }

    public Tensor bernoulli_(Tensor p, Generator generator) { return RandomOps.bernoulli_(this, p, generator); }

    /** Same as torch.Tensor.bernoulli: this tensor's values are the probabilities. */
    public Tensor bernoulli() { return RandomOps.bernoulli(this, null); }

    public Tensor bernoulli(Generator generator) { return RandomOps.bernoulli(this, generator); }

    /** Same as torch.Tensor.bernoulli(p): this shape and dtype, each element 1 with probability p. */
    public Tensor bernoulli(double p) { return RandomOps.bernoulli(this, p, null); }

    /** Same as torch.Tensor.random_(): integers in [0, 2^mantissa] for floating dtypes, [0, max] for integers. */
    public Tensor random_() { return RandomOps.random_(this, null); }

    public Tensor random_(Generator generator) { return RandomOps.random_(this, generator); }

    /** Same as torch.Tensor.random_(to): integers in [0, to). */
    public Tensor random_(long to) { return RandomOps.random_(this, to, null); }

    public Tensor random_(long to, Generator generator) { return RandomOps.random_(this, to, generator); }

    /** Same as torch.Tensor.random_(from, to): integers in [from, to). */
    public Tensor random_(long from, long to) { return RandomOps.random_(this, from, to, null); }

    public Tensor random_(long from, long to, Generator generator) { return RandomOps.random_(this, from, to, generator); }

    /** Same as torch.Tensor.exponential_(lambd=1). */
    public Tensor exponential_() { return RandomOps.exponential_(this, 1, null); }

    /** Same as torch.Tensor.exponential_(lambd). */
    public Tensor exponential_(double lambd) { return RandomOps.exponential_(this, lambd, null); }

    public Tensor exponential_(double lambd, Generator generator) { return RandomOps.exponential_(this, lambd, generator); }

    /** Same as torch.Tensor.multinomial(n) (without replacement); this holds the (unnormalised) weights. */
    public Tensor multinomial(int numSamples) { return RandomOps.multinomial(this, numSamples, false, null); }

    public Tensor multinomial(int numSamples, boolean replacement) { return RandomOps.multinomial(this, numSamples, replacement, null); }

    public Tensor multinomial(int numSamples, boolean replacement, Generator generator) {
        return RandomOps.multinomial(this, numSamples, replacement, generator);
    }

}
