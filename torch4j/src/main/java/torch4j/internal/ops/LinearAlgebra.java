package torch4j.internal.ops;

import java.util.Arrays;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.autograd.GradMode;
import torch4j.autograd.Node;
import torch4j.internal.Shapes;
import torch4j.internal.trace.Tracer;

/**
 * Matrix products (mm, bmm, mv, dot, matmul, addmm, baddbmm, outer) and norms. Every product ends in one backend
 * {@code bmm} call on strided views: transposed, sliced or broadcast operands reach the kernel as they are, so
 * no operand is ever copied to make it contiguous. Derivatives are products again, so double backward works.
 */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    // ------------------------------------------------------------------------------------------ checks

    /** PyTorch's scalar type names, as in "expected scalar type Float but found Double". */
    static String scalarName(DType d) { return d.scalarName(); }

    /** Matrix products do not promote: mixed dtypes are an error, as in PyTorch. */
    static void sameType(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype())
            throw new TorchException("expected scalar type " + scalarName(a.dtype()) + " but found " + scalarName(b.dtype()));
        Pointwise.sameDevice(a, b);
    }

    /** The dtypes each device's products support: CPU as PyTorch 1.13's (no 16-bit floats), CUDA floating only. */
    private static void kernelType(Tensor t) {
        DType d = t.dtype();
        if (!t.device().isCpu()) {
            if (!d.isFloatingPoint())
                throw new TorchException("\"addmm_cuda\" not implemented for '" + scalarName(d) + "'");
        } else if (d == DType.BOOL || d == DType.FLOAT16 || d == DType.BFLOAT16) {
            throw new TorchException("\"addmm_impl_cpu_\" not implemented for '" + scalarName(d) + "'");
        }
    }

    private static String mulMismatch(int m, int k, int k2, int n) {
        return "mat1 and mat2 shapes cannot be multiplied (" + m + "x" + k + " and " + k2 + "x" + n + ")";
    }

    private static int[] concat(int[] a, int... b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int prod(int[] s, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= s[i];
        return p;
    }

    // ------------------------------------------------------------------------------------------ kernel

    /**
     * out (+)= a·b for a [batch..., M, K] and b [batch..., K, N] of one batch shape with any strides (0 where
     * broadcast), out contiguous [batch..., M, N]. Batch dims that walk memory evenly in all three are merged so
     * the kernel sees one batch stride; the rest (rare: mixed broadcast) are looped over here.
     */
    static void kernel(Tensor a, Tensor b, Tensor out, boolean accumulate) {
        int r = a.dim(), nb = r - 2;
        int m = a.size(r - 2), k = a.size(r - 1), n = b.size(r - 1);
        int[] sh = a.shapeArray(), as = a.strideArray(), bs = b.strideArray(), os = out.strideArray();
        for (int d = 0; d < nb; d++) if (sh[d] == 0) return;
        if (m == 0 || n == 0) return;
        // groups of merged batch dims, innermost first
        int[] gs = new int[nb], ga = new int[nb], gb = new int[nb], go = new int[nb];
        int ng = 0;
        for (int d = nb - 1; d >= 0; d--) {
            int s = sh[d];
            if (s == 1) continue;
            if (ng > 0) {
                int span = gs[ng - 1];
                if (as[d] == ga[ng - 1] * span && bs[d] == gb[ng - 1] * span && os[d] == go[ng - 1] * span) {
                    gs[ng - 1] *= s;
                    continue;
                }
            }
            gs[ng] = s;
            ga[ng] = as[d];
            gb[ng] = bs[d];
            go[ng] = os[d];
            ng++;
        }
        int batch = ng == 0 ? 1 : gs[0];
        int sa0 = ng == 0 ? 0 : ga[0], sb0 = ng == 0 ? 0 : gb[0], so0 = ng == 0 ? m * n : go[0];
        int[] aShape = {batch, m, k}, bShape = {batch, k, n}, oShape = {batch, m, n};
        int[] aSt = {sa0, as[r - 2], as[r - 1]}, bSt = {sb0, bs[r - 2], bs[r - 1]}, oSt = {so0, os[r - 2], os[r - 1]};
        var linalg = a.backend().linalg();
        int[] idx = new int[Math.max(ng, 1)];
        int offA = a.storageOffset(), offB = b.storageOffset(), offO = out.storageOffset();
        while (true) {
            linalg.bmm(a.viewAs(aShape, aSt, offA), b.viewAs(bShape, bSt, offB), out.viewAs(oShape, oSt, offO), accumulate);
            // odometer over the outer groups 1..ng-1
            int g = 1;
            for (; g < ng; g++) {
                idx[g]++;
                offA += ga[g];
                offB += gb[g];
                offO += go[g];
                if (idx[g] < gs[g]) break;
                offA -= ga[g] * gs[g];
                offB -= gb[g] * gs[g];
                offO -= go[g] * gs[g];
                idx[g] = 0;
            }
            if (g >= ng) return;
        }
    }

    /** A fresh [batch..., M, N] = a·b, no autograd. */
    private static Tensor product(Tensor a, Tensor b) {
        int r = a.dim();
        int[] shape = Arrays.copyOf(a.shapeArray(), r);
        shape[r - 1] = b.size(r - 1);
        Tensor out = Tensor.empty(shape, a.dtype(), a.device());
        kernel(a, b, out, false);
        return out;
    }

    /** A vector seen as a k×1 matrix (or 1×k when row), without autograd: kernel operand only. */
    private static Tensor asColumn(Tensor v, boolean row) {
        int k = v.size(0), s = v.stride(0);
        return row ? v.viewAs(new int[]{1, k}, new int[]{0, s}, v.storageOffset())
                : v.viewAs(new int[]{k, 1}, new int[]{s, 0}, v.storageOffset());
    }

    // ------------------------------------------------------------------------------------------ products

    /** torch.mm. */
    public static Tensor mm(Tensor a, Tensor b) {
        Tensor out = mmUntraced(a, b);
        if (Tracer.on()) Tracer.record("matmul", Tracer.attrs(), new Tensor[]{a, b}, out);
        return out;
    }

    private static Tensor mmUntraced(Tensor a, Tensor b) {
        if (a.dim() != 2) throw new TorchException("self must be a matrix");
        if (b.dim() != 2) throw new TorchException("mat2 must be a matrix");
        if (a.size(1) != b.size(0)) throw new TorchException(mulMismatch(a.size(0), a.size(1), b.size(0), b.size(1)));
        sameType(a, b);
        kernelType(a);
        Tensor out = product(a, b);
        if (Node.needed(a, b))
            Node.of("MmBackward0", a, b).saves(a, b)
                    .grad(0, g -> mm(g, b.t()))
                    .grad(1, g -> mat2Grad(a, b, g))
                    .attach(out);
        return out;
    }

    /**
     * mat1ᵀ·g laid out like mat2 (PyTorch's mm_mat2_backward): when mat2 is a transposed view, as nn.Linear's W.t()
     * is, (gᵀ·mat1)ᵀ is computed instead, so the weight's gradient comes out contiguous and needs no strided copy.
     */
    static Tensor mat2Grad(Tensor mat1, Tensor mat2, Tensor g) {
        if (mat2.stride(0) == 1 && mat2.stride(1) != 1 && mat2.size(1) > 1) return mm(g.t(), mat1).t();
        return mm(mat1.t(), g);
    }

    /** torch.bmm. */
    public static Tensor bmm(Tensor a, Tensor b) {
        Tensor out = bmmUntraced(a, b);
        if (Tracer.on()) Tracer.record("matmul", Tracer.attrs(), new Tensor[]{a, b}, out);
        return out;
    }

    private static Tensor bmmUntraced(Tensor a, Tensor b) {
        if (a.dim() != 3) throw new TorchException("batch1 must be a 3D tensor");
        if (b.dim() != 3) throw new TorchException("batch2 must be a 3D tensor");
        checkBatch2(a.size(0), a.size(2), b);
        sameType(a, b);
        kernelType(a);
        return batched(a, b);
    }

    private static void checkBatch2(int batch, int k, Tensor b) {
        if (b.size(0) != batch || b.size(1) != k)
            throw new TorchException("Expected size for first two dimensions of batch2 tensor to be: [" + batch + ", " + k
                    + "] but got: [" + b.size(0) + ", " + b.size(1) + "].");
    }

    /** a·b over any number of equal batch dims (BmmBackward0); shapes and dtypes already checked. */
    static Tensor batched(Tensor a, Tensor b) {
        Tensor out = product(a, b);
        if (Node.needed(a, b))
            Node.of("BmmBackward0", a, b).saves(a, b)
                    .grad(0, g -> batched(g, b.mT()))
                    .grad(1, g -> batched(a.mT(), g))
                    .attach(out);
        return out;
    }

    /** torch.mv. */
    public static Tensor mv(Tensor a, Tensor v) {
        if (a.dim() != 2 || v.dim() != 1)
            throw new TorchException("vector + matrix @ vector expected, got 1, " + a.dim() + ", " + v.dim());
        if (a.size(1) != v.size(0))
            throw new TorchException("size mismatch, got " + a.size(0) + ", " + a.size(0) + "x" + a.size(1) + "," + v.size(0));
        sameType(a, v);
        kernelType(a);
        Tensor col = product(a, asColumn(v, false));
        Tensor out = col.viewAs(new int[]{a.size(0)}, new int[]{1}, 0);
        if (Node.needed(a, v))
            Node.of("MvBackward0", a, v).saves(a, v)
                    .grad(0, g -> outer(g, v))
                    .grad(1, g -> mv(a.t(), g))
                    .attach(out);
        return out;
    }

    /** torch.dot. */
    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1)
            throw new TorchException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        if (a.dtype() != b.dtype())
            throw new TorchException("dot : expected both vectors to have same dtype, but found " + scalarName(a.dtype())
                    + " and " + scalarName(b.dtype()));
        if (a.size(0) != b.size(0))
            throw new TorchException("inconsistent tensor size, expected tensor [" + a.size(0) + "] and src [" + b.size(0)
                    + "] to have the same number of elements, but got " + a.size(0) + " and " + b.size(0)
                    + " elements respectively");
        Pointwise.sameDevice(a, b);
        kernelType(a);
        Tensor one = product(asColumn(a, true), asColumn(b, false));
        Tensor out = one.viewAs(new int[0], new int[0], 0);
        if (Node.needed(a, b))
            Node.of("DotBackward0", a, b).saves(a, b)
                    .grad(0, g -> g.mul(b))
                    .grad(1, g -> g.mul(a))
                    .attach(out);
        return out;
    }

    /** torch.outer (torch.ger): a broadcast multiply, so it promotes dtypes as mul does. */
    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1) throw new TorchException("outer: Expected 1-D argument self, but got " + a.dim() + "-D");
        if (b.dim() != 1) throw new TorchException("outer: Expected 1-D argument vec2, but got " + b.dim() + "-D");
        return a.reshape(a.size(0), 1).mul(b);
    }

    /** torch.matmul, with its rules per rank and broadcast batch dims. */
    public static Tensor matmul(Tensor a, Tensor b) {
        Tensor out = matmulUntraced(a, b);
        if (Tracer.on()) Tracer.record("matmul", Tracer.attrs(), new Tensor[]{a, b}, out);
        return out;
    }

    private static Tensor matmulUntraced(Tensor a, Tensor b) {
        int da = a.dim(), db = b.dim();
        if (da == 0 || db == 0)
            throw new TorchException("both arguments to matmul need to be at least 1D, but they are " + da + "D and " + db + "D");
        if (da == 1 && db == 1) return dot(a, b);
        if (da == 2 && db == 1) return mv(a, b);
        if (da == 1 && db == 2) return squeezeFirst(mm(a.unsqueeze(0), b));
        if (da == 2 && db == 2) return mm(a, b);
        int[] as = a.shapeArray(), bs = b.shapeArray();
        int k = as[da - 1];
        if (da >= 3 && db <= 2) {
            int rows = prod(as, 0, da - 1);
            int kb = bs[0];
            if (k != kb) {
                if (db == 1) throw new TorchException("size mismatch, got " + rows + ", " + rows + "x" + k + "," + kb);
                throw new TorchException(mulMismatch(rows, k, kb, bs[1]));
            }
            sameType(a, b);
            // folding the batch into the rows makes one big mm; only when that is a view, never a copy
            if (Shapes.viewStrides(as, a.strideArray(), new int[]{rows, k}) != null) {
                Tensor a2 = a.reshape(rows, k);
                int[] lead = Arrays.copyOf(as, da - 1);
                return db == 1 ? unsafeView(mv(a2, b), lead) : unsafeView(mm(a2, b), concat(lead, bs[1]));
            }
        } else if (da <= 2) {
            // PyTorch folds this case as (bᵀ·aᵀ)ᵀ; its messages are phrased that way
            int bn = bs[db - 1], kb = bs[db - 2], rows = prod(bs, 0, db - 2) * bn;
            if (k != kb) {
                if (da == 1) throw new TorchException("size mismatch, got " + rows + ", " + rows + "x" + kb + "," + k);
                throw new TorchException(mulMismatch(rows, kb, k, as[0]));
            }
        }
        sameType(a, b);
        kernelType(a);
        Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
        Tensor b2 = db == 1 ? b.unsqueeze(-1) : b;
        int ra = a2.dim(), rb = b2.dim();
        int m = a2.size(ra - 2), kb = b2.size(rb - 2), n = b2.size(rb - 1);
        int[] batch = Shapes.broadcast(Arrays.copyOf(a2.shapeArray(), ra - 2), Arrays.copyOf(b2.shapeArray(), rb - 2));
        if (k != kb) {
            int nbatch = prod(batch, 0, batch.length);
            throw new TorchException("Expected size for first two dimensions of batch2 tensor to be: [" + nbatch + ", " + k
                    + "] but got: [" + nbatch + ", " + kb + "].");
        }
        Tensor r = batched(a2.expand(concat(batch, m, k)), b2.expand(concat(batch, k, n)));
        int[] outShape = batch;
        if (da > 1) outShape = concat(outShape, m);
        if (db > 1) outShape = concat(outShape, n);
        return unsafeView(r, outShape);
    }

    /** A view of a fresh contiguous result with another shape, named as PyTorch's matmul names it. */
    private static Tensor unsafeView(Tensor x, int[] shape) {
        Tensor out = x.viewAs(shape, Shapes.contiguousStrides(shape), x.storageOffset());
        if (Node.needed(x)) {
            int[] in = x.shapeArray();
            Node.of("UnsafeViewBackward0", x).grad(0, g -> g.reshape(in)).attach(out);
        }
        return out;
    }

    /** matmul's in-place squeeze of the leading 1 of a 1-D·2-D product (SqueezeBackward3). */
    private static Tensor squeezeFirst(Tensor x) {
        int[] shape = {x.size(1)};
        Tensor out = x.viewAs(shape, new int[]{x.stride(1)}, x.storageOffset());
        if (Node.needed(x)) Node.of("SqueezeBackward3", x).grad(0, g -> g.unsqueeze(0)).attach(out);
        return out;
    }

    /** torch.addmm: beta·input + alpha·(mat1·mat2), with input broadcast; one accumulating kernel call. */
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        Tensor out = addmmUntraced(input, mat1, mat2, beta, alpha);
        if (Tracer.on()) Tracer.record("addmm", Tracer.attrs("beta", beta, "alpha", alpha), new Tensor[]{input, mat1, mat2}, out);
        return out;
    }

    private static Tensor addmmUntraced(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        if (mat1.dim() != 2) throw new TorchException("mat1 must be a matrix, got " + mat1.dim() + "-D tensor");
        if (mat2.dim() != 2) throw new TorchException("mat2 must be a matrix, got " + mat2.dim() + "-D tensor");
        int m = mat1.size(0), k = mat1.size(1), n = mat2.size(1);
        if (k != mat2.size(0)) throw new TorchException(mulMismatch(m, k, mat2.size(0), n));
        if (input.dtype() != mat2.dtype()) throw new TorchException("self and mat2 must have the same dtype");
        if (mat1.dtype() != mat2.dtype()) throw new TorchException("mat1 and mat2 must have the same dtype");
        Pointwise.sameDevice(mat1, mat2);
        Pointwise.sameDevice(input, mat2);
        kernelType(mat1);
        int[] shape = {m, n};
        Tensor out = accumulated(input, shape, beta, alpha, mat1, mat2);
        if (Node.needed(input, mat1, mat2))
            Node.of("AddmmBackward0", input, mat1, mat2).saves(mat1, mat2)
                    .grad(0, g -> beta == 1 ? g : g.mul(beta))
                    .grad(1, g -> scaled(mm(g, mat2.t()), alpha))
                    .grad(2, g -> scaled(mat2Grad(mat1, mat2, g), alpha))
                    .attach(out);
        return out;
    }

    /** torch.baddbmm: beta·input + alpha·(batch1·batch2) per batch, input broadcast to [B, M, N]. */
    public static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
        Tensor out = baddbmmUntraced(input, b1, b2, beta, alpha);
        if (Tracer.on()) Tracer.record("baddbmm", Tracer.attrs("beta", beta, "alpha", alpha), new Tensor[]{input, b1, b2}, out);
        return out;
    }

    private static Tensor baddbmmUntraced(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
        if (b1.dim() != 3) throw new TorchException("batch1 must be a 3D tensor");
        if (b2.dim() != 3) throw new TorchException("batch2 must be a 3D tensor");
        checkBatch2(b1.size(0), b1.size(2), b2);
        sameType(b1, b2);
        Pointwise.sameDevice(input, b1);
        kernelType(b1);
        int[] shape = {b1.size(0), b1.size(1), b2.size(2)};
        Tensor out = accumulated(input, shape, beta, alpha, b1, b2);
        if (Node.needed(input, b1, b2))
            Node.of("BaddbmmBackward0", input, b1, b2).saves(b1, b2)
                    .grad(0, g -> beta == 1 ? g : g.mul(beta))
                    .grad(1, g -> scaled(batched(g, b2.mT()), alpha))
                    .grad(2, g -> scaled(batched(b1.mT(), g), alpha))
                    .attach(out);
        return out;
    }

    private static Tensor scaled(Tensor t, double s) { return s == 1 ? t : t.mul(s); }

    /** beta·input + alpha·(a·b) into a fresh tensor of shape; input is broadcast, and ignored when beta is 0. */
    private static Tensor accumulated(Tensor input, int[] shape, double beta, double alpha, Tensor a, Tensor b) {
        DType dt = a.dtype();
        int[] st = Shapes.expandStrides(input.shapeArray(), input.strideArray(), shape); // broadcast check
        Tensor out = Tensor.empty(shape, dt, a.device());
        try (var _ = GradMode.scope(false)) {
            if (beta != 0) {
                Tensor src = beta == 1 ? input : input.mul(beta);
                if (src != input) st = Shapes.expandStrides(src.shapeArray(), src.strideArray(), shape);
                out.backend().elementwise().copy(src.viewAs(shape, st, src.storageOffset()), out);
            }
            if (alpha == 1) kernel(a, b, out, beta != 0);
            else {
                Tensor p = product(a, b);
                out.add_(dt.isFloatingPoint() ? p.mul(alpha) : p.mul(Tensor.scalar(alpha, dt)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ norms

    private static String ordStr(double ord) {
        if (Double.isInfinite(ord)) return ord > 0 ? "inf" : "-inf";
        return ord == Math.rint(ord) ? Long.toString((long) ord) : Double.toString(ord);
    }

    /** torch.linalg.vector_norm; dims null or empty means all dims. */
    public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim, DType dtype) {
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                    + scalarName(x.dtype()));
        if (dtype != null && dtype != x.dtype()) {
            if (!dtype.isFloatingPoint() || DType.promote(x.dtype(), dtype) != dtype)
                throw new TorchException("linalg.vector_norm: the dtype of the input (" + scalarName(x.dtype())
                        + ") should be convertible without narrowing to the specified dtype (" + scalarName(dtype) + ")");
            x = x.to(dtype);
        }
        boolean[] mask = Shapes.reduceMask(dims, x.dim());
        if (ord < 0 || ord == Double.POSITIVE_INFINITY) {
            for (int d = 0; d < x.dim(); d++)
                if (mask[d] && x.size(d) == 0)
                    throw new TorchException("linalg.vector_norm cannot compute the " + ordStr(ord) + " norm on an empty "
                            + "tensor because the operation does not have an identity");
        }
        int[] rd = dims == null || dims.length == 0 ? null : dims;
        if (x.numel() == 0 && Double.isInfinite(ord)) // nothing to reduce, and amax/amin refuse empty inputs
            return Tensor.empty(Shapes.reducedShape(x.shapeArray(), mask, keepdim), x.dtype(), x.device());
        Tensor xin = x;
        Tensor out;
        try (var _ = GradMode.scope(false)) {
            if (ord == 2) out = Reductions.sum(xin.mul(xin), rd, keepdim, null).sqrt();
            else if (ord == 1) out = Reductions.sum(xin.abs(), rd, keepdim, null);
            else if (ord == 0) out = Reductions.sum(xin.ne(0.0), rd, keepdim, xin.dtype());
            else if (ord == Double.POSITIVE_INFINITY) out = Reductions.amax(xin.abs(), rd, keepdim, true, "AmaxBackward0");
            else if (ord == Double.NEGATIVE_INFINITY) out = Reductions.amax(xin.abs(), rd, keepdim, false, "AminBackward0");
            else out = Reductions.sum(xin.abs().pow(ord), rd, keepdim, null).pow(1 / ord);
        }
        if (Node.needed(xin)) {
            int[] shape = xin.shapeArray();
            Tensor res = out;
            Node.of("LinalgVectorNormBackward0", xin).saves(xin, res).grad(0, g -> {
                Tensor ge = Reductions.expandBack(g, shape, mask, keepdim);
                if (ord == 0) return ge.mul(0.0);
                if (ord == 1) return ge.mul(xin.sign());
                Tensor ne = Reductions.expandBack(res, shape, mask, keepdim);
                if (Double.isInfinite(ord)) {
                    Tensor hit = xin.abs().eq(ne).to(g.dtype());
                    Tensor count = Reductions.sum(hit, rd, true, null);
                    return ge.mul(xin.sign()).mul(hit).div(count);
                }
                Tensor zeroNorm = ne.eq(0.0);
                Tensor zero = Tensor.scalar(0, g.dtype());
                if (ord == 2) return Tensor.where(zeroNorm, zero, xin.div(ne)).mul(ge);
                Tensor scaledX = xin.sign().mul(xin.abs().pow(ord - 1));
                if (ord < 1) scaledX = Tensor.where(xin.eq(0.0), zero, scaledX);
                return scaledX.mul(Tensor.where(zeroNorm, zero, ge.div(ne.pow(ord - 1))));
            }).attach(out);
        }
        return out;
    }

    private static int[] matrixDims(Tensor x, int[] dim) {
        if (x.dim() < 2) throw new TorchException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("linalg.matrix_norm: Expected a floating point or complex tensor as input. Got "
                    + scalarName(x.dtype()));
        if (dim == null) dim = new int[]{-2, -1};
        if (dim.length != 2) throw new TorchException("linalg.matrix_norm: dim must be a 2-tuple. Got " + dimsStr(dim));
        int d0 = Shapes.wrapDim(dim[0], x.dim()), d1 = Shapes.wrapDim(dim[1], x.dim());
        if (d0 == d1) throw new TorchException("linalg.matrix_norm: dims must be different. Got (" + dim[0] + ", " + dim[1] + ")");
        return new int[]{d0, d1};
    }

    private static String dimsStr(int[] d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) sb.append(i == 0 ? "" : " ").append(d[i]);
        return sb.toString();
    }

    /** torch.linalg.matrix_norm with a numeric ord: 1, -1, inf, -inf (max/min column or row sums), 2, -2 (singular values). */
    public static Tensor matrixNorm(Tensor x, double ord, int[] dim, boolean keepdim) {
        int[] d = matrixDims(x, dim);
        if (ord == 2 || ord == -2) return svdReduce(x, d, keepdim, ord == 2 ? "max" : "min");
        boolean rows = Double.isInfinite(ord); // inf sums along each row, 1 along each column
        if (!(Math.abs(ord) == 1 || rows))
            throw new TorchException("linalg.matrix_norm: Order " + ordStr(ord) + " not supported.");
        boolean max = ord > 0;
        int sumDim = rows ? d[1] : d[0], extDim = rows ? d[0] : d[1];
        Tensor s = vectorNorm(x, 1, new int[]{sumDim}, keepdim, null);
        int e = keepdim || extDim < sumDim ? extDim : extDim - 1;
        return Reductions.amax(s, new int[]{e}, keepdim, max, max ? "AmaxBackward0" : "AminBackward0");
    }

    /** torch.linalg.matrix_norm with 'fro' or 'nuc'. */
    public static Tensor matrixNorm(Tensor x, String ord, int[] dim, boolean keepdim) {
        int[] d = matrixDims(x, dim);
        return switch (ord) {
            case "fro" -> vectorNorm(x, 2, d, keepdim, null);
            case "nuc" -> svdReduce(x, d, keepdim, "sum");
            default -> throw new TorchException("linalg.matrix_norm: Order " + ord + " not supported.");
        };
    }

    /** The singular values over dims d reduced by max, min or sum; dims d are kept as 1 when keepdim. */
    private static Tensor svdReduce(Tensor x, int[] d, boolean keepdim, String how) {
        int n = x.dim();
        int[] perm = new int[n];
        int j = 0;
        for (int i = 0; i < n; i++) if (i != d[0] && i != d[1]) perm[j++] = i;
        perm[n - 2] = d[0];
        perm[n - 1] = d[1];
        Tensor s = Svd.svdvals(x.permute(perm));
        Tensor r = switch (how) {
            case "max" -> Reductions.amax(s, new int[]{-1}, false, true, "AmaxBackward0");
            case "min" -> Reductions.amax(s, new int[]{-1}, false, false, "AminBackward0");
            default -> Reductions.sum(s, new int[]{-1}, false, null);
        };
        if (!keepdim) return r;
        r = r.unsqueeze(Math.min(d[0], d[1]));
        return r.unsqueeze(Math.max(d[0], d[1]));
    }

    /** torch.linalg.svdvals. */
    public static Tensor svdvals(Tensor x) {
        if (x.dim() < 2)
            throw new TorchException("linalg.svd: The input tensor A must have at least 2 dimensions.");
        if (!x.dtype().isFloatingPoint())
            throw new TorchException("linalg.svd: Expected a floating point or complex tensor as input. Got "
                    + scalarName(x.dtype()));
        return Svd.svdvals(x);
    }

    /**
     * Singular values by one-sided Jacobi in double (accurate, and plenty fast for the small matrices norms see).
     * It runs on a CPU copy: a backend SVD kernel can replace it without changing the op.
     */
    private static final class Svd {
        static Tensor svdvals(Tensor x) {
            int r = x.dim(), m = x.size(r - 2), n = x.size(r - 1), p = Math.min(m, n);
            int batch = prod(x.shapeArray(), 0, r - 2);
            double[] a = x.toDoubleArray();
            double[] s = new double[batch * p], u = new double[batch * m * p], v = new double[batch * n * p];
            for (int b = 0; b < batch; b++) decompose(a, b * m * n, m, n, s, b * p, u, b * m * p, v, b * n * p);
            int[] lead = Arrays.copyOf(x.shapeArray(), r - 2);
            Tensor out = Doubles.of(s, concat(lead, p), x);
            if (Node.needed(x)) {
                Tensor uT = Doubles.of(u, concat(lead, m, p), x), vT = Doubles.of(v, concat(lead, n, p), x);
                Node.of("LinalgSvdBackward0", x).grad(0, g -> matmul(uT.mul(g.unsqueeze(-2)), vT.mT())).attach(out);
            }
            return out;
        }

        /** A (m×n, row-major at off) = U diag(S) Vᵀ with S descending; U is m×p, V is n×p, row-major. */
        private static void decompose(double[] a, int off, int m, int n, double[] s, int so, double[] u, int uo,
                                      double[] v, int vo) {
            boolean tr = m < n; // work on the tall orientation, so there are p = min(m, n) columns
            int rows = tr ? n : m, cols = tr ? m : n;
            double[][] w = new double[cols][rows], q = new double[cols][cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) w[j][i] = tr ? a[off + j * n + i] : a[off + i * n + j];
            for (int j = 0; j < cols; j++) q[j][j] = 1;
            for (int sweep = 0; sweep < 80; sweep++) {
                boolean rotated = false;
                for (int i = 0; i < cols - 1; i++)
                    for (int j = i + 1; j < cols; j++) {
                        double al = 0, be = 0, ga = 0;
                        double[] wi = w[i], wj = w[j];
                        for (int t = 0; t < rows; t++) {
                            al += wi[t] * wi[t];
                            be += wj[t] * wj[t];
                            ga += wi[t] * wj[t];
                        }
                        if (ga == 0 || Math.abs(ga) <= 1e-15 * Math.sqrt(al * be)) continue;
                        rotated = true;
                        double zeta = (be - al) / (2 * ga);
                        double t = Math.signum(zeta == 0 ? 1 : zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                        double c = 1 / Math.sqrt(1 + t * t), sn = c * t;
                        rotate(wi, wj, c, sn);
                        rotate(q[i], q[j], c, sn);
                    }
                if (!rotated) break;
            }
            Integer[] order = new Integer[cols];
            double[] norm = new double[cols];
            for (int j = 0; j < cols; j++) {
                double z = 0;
                for (double e : w[j]) z += e * e;
                norm[j] = Math.sqrt(z);
                order[j] = j;
            }
            Arrays.sort(order, (x1, x2) -> Double.compare(norm[x2], norm[x1]));
            // left vectors of the tall problem are w/σ, right ones q; swap them back when transposed
            int p = cols;
            for (int k = 0; k < p; k++) {
                int j = order[k];
                double sig = norm[j];
                s[so + k] = sig;
                for (int i = 0; i < rows; i++) {
                    double left = sig > 0 ? w[j][i] / sig : 0;
                    if (tr) v[vo + i * p + k] = left;
                    else u[uo + i * p + k] = left;
                }
                for (int i = 0; i < cols; i++) {
                    if (tr) u[uo + i * p + k] = q[j][i];
                    else v[vo + i * p + k] = q[j][i];
                }
            }
        }

        private static void rotate(double[] x, double[] y, double c, double s) {
            for (int t = 0; t < x.length; t++) {
                double a = x[t], b = y[t];
                x[t] = c * a - s * b;
                y[t] = s * a + c * b;
            }
        }
    }

    /** Double results back into tensors of like's dtype and device. */
    private static final class Doubles {
        static Tensor of(double[] data, int[] shape, Tensor like) {
            Tensor t = Tensor.wrap(new torch4j.backend.CpuStorage(DType.FLOAT64, data), shape, Shapes.contiguousStrides(shape), 0);
            try (var _ = GradMode.scope(false)) {
                return t.to(like.device(), like.dtype());
            }
        }
    }
}
