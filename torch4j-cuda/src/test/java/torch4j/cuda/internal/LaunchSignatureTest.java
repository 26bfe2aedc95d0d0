package torch4j.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Device;
import torch4j.Tensor;
import torch4j.TorchException;
import torch4j.internal.Shapes;
import torch4j.internal.ops.BinaryOp;
import torch4j.internal.ops.CompareOp;
import torch4j.internal.ops.ReduceOp;
import torch4j.internal.ops.UnaryOp;

/**
 * Every kernel launch the CUDA backend makes, checked against the kernel's parameter list in the PTX that NVRTC
 * produces, without a GPU: a driverless {@link DeviceContext} records the launches of every kernel-family method
 * (over all dtypes and the layouts that pick different paths), and each recorded launch must name a kernel of its
 * family whose parameters match the Java arguments one for one in kind and size (int, i64/pointer, double, the
 * 112-byte TI struct, int structs). A wrong argument count or type would make a real launch read garbage.
 */
class LaunchSignatureTest {
    private static final Device GPU = Device.cuda(0);
    private static final DType[] ALL = DType.values();
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16};
    private static final Map<String, Map<String, List<String>>> PARAMS = new HashMap<>();

    private final List<String> launched = new ArrayList<>();
    private final List<String> gemms = new ArrayList<>();
    private final CudaBackend b = new CudaBackend(new DeviceContext(0, new CachingAllocatorTest.FakeMemory(1L << 40),
            new DeviceContext.Recorder() {
                @Override public void launch(String family, String name, int blocks, Object[] args) {
                    check(family, name, blocks, args);
                    launched.add(name);
                }

                @Override public void gemm(DType type, Object... args) { gemms.add(type + " " + args.length); }
            }));

    @BeforeAll
    static void parsePtx() {
        Nvrtc nvrtc = Nvrtc.get();
        assumeTrue(nvrtc != null, () -> Nvrtc.unavailableReason());
        // a cache inside target/ keeps reruns fast; its keys include the source hash, so it is never stale
        System.setProperty("torch4j.cuda.cache", Path.of("target", "ptx-cache").toAbsolutePath().toString());
        try {
            Pattern entry = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
            for (String family : KernelSources.FAMILIES) {
                Matcher m = entry.matcher(KernelSources.ptx(nvrtc, family, 90));
                Map<String, List<String>> kernels = new HashMap<>();
                while (m.find()) {
                    List<String> kinds = new ArrayList<>();
                    for (String p : m.group(2).split(",")) if (!p.isBlank()) kinds.add(kind(p));
                    kernels.put(m.group(1), kinds);
                }
                PARAMS.put(family, kernels);
            }
        } finally {
            System.clearProperty("torch4j.cuda.cache");
        }
    }

    /** A PTX parameter as int, i64, f64 or bN (an N-byte struct). */
    private static String kind(String p) {
        Matcher arr = Pattern.compile("\\.b8\\s+\\w+\\[(\\d+)]").matcher(p);
        if (arr.find()) return "b" + arr.group(1);
        if (p.contains(".f64")) return "f64";
        if (p.contains(".u64") || p.contains(".s64") || p.contains(".b64")) return "i64";
        if (p.contains(".u32") || p.contains(".s32") || p.contains(".b32")) return "int";
        throw new IllegalStateException("PTX parameter " + p.trim());
    }

    /** The Java argument's kind, as {@link DeviceContext#launchBlocks} marshals it. */
    private static String kind(Object a) {
        return switch (a) {
            case Integer _ -> "int";
            case Long _ -> "i64";
            case DevPtr p -> {
                assertTrue(p.address() == 0 || p.owner() != null, "a device pointer keeps its tensor");
                yield "i64";
            }
            case Double _ -> "f64";
            case TensorArg t -> {
                assertTrue(t.nd() <= TensorArg.MAXD && t.sizes().length == Math.max(t.nd(), 0), "TI " + t);
                yield "b" + TensorArg.BYTES;
            }
            case int[] s -> "b" + 4 * s.length;
            default -> throw new IllegalArgumentException("kernel argument " + a);
        };
    }

    private static void check(String family, String name, int blocks, Object[] args) {
        Map<String, List<String>> kernels = PARAMS.get(family);
        if (kernels == null) fail("no kernel family " + family);
        List<String> params = kernels.get(name);
        if (params == null) fail(family + ".cu has no kernel " + name);
        List<String> actual = new ArrayList<>();
        for (Object a : args) actual.add(kind(a));
        assertEquals(params, actual, "arguments of " + name);
        assertTrue(blocks >= 1, name + " blocks");
    }

    private Tensor gpu(DType t, int... shape) {
        return Tensor.wrap(b.allocate(t, (int) Shapes.numel(shape), GPU), shape, Shapes.contiguousStrides(shape), 0);
    }

    private static Tensor cpu(DType t, int... shape) { return Tensor.empty(shape, t, Device.CPU); }

    @Test
    void elementwiseLaunchesMatchTheirKernels() {
        var k = b.elementwise();
        for (DType t : ALL) {
            Tensor x = gpu(t, 4, 6), y = gpu(t, 4, 6), tr = gpu(t, 6, 4).transpose(0, 1);
            for (UnaryOp op : UnaryOp.values()) k.unary(op, x, op.out == UnaryOp.Out.BOOL ? gpu(DType.BOOL, 4, 6) : y);
            for (BinaryOp op : BinaryOp.values()) k.binary(op, x, tr, y);
            for (CompareOp op : CompareOp.values()) k.compare(op, x, tr, gpu(DType.BOOL, 4, 6));
            k.where(gpu(DType.BOOL, 4, 6), x, tr, y);
            k.fill(tr, 2.5);
            for (DType u : ALL) k.copy(tr, gpu(u, 4, 6));
            k.copy(cpu(t, 4, 6), tr);        // upload into a strided view: through a contiguous block and a kernel
            k.copy(tr, cpu(DType.FLOAT32, 4, 6)); // download with a cast on the device first
            k.copy(cpu(t, 0), gpu(t, 0));
        }
        assertTrue(launched.contains("unarybool_bf16") && launched.contains("copy_b8_f16") && launched.contains("fill_u8"));
    }

    @Test
    void reductionLaunchesMatchTheirKernels() {
        var k = b.reduce();
        for (DType t : ALL) {
            Tensor x = gpu(t, 5, 7, 3);
            for (ReduceOp op : ReduceOp.values()) {
                k.reduce(op, x, new boolean[]{false, true, false}, gpu(t, 5, 1, 3));
                k.reduce(op, x.transpose(0, 2), new boolean[]{true, true, true}, gpu(t, 1, 1, 1));
                k.reduce(op, gpu(t, 2, 40000), new boolean[]{false, true}, gpu(t, 2, 1)); // chunked, two passes
            }
            k.argReduce(true, x, 1, gpu(DType.INT64, 5, 1, 3));
            k.scan(true, x.transpose(0, 1), 2, gpu(t, 7, 5, 3));
            k.sort(x, 1, true, gpu(t, 5, 7, 3), gpu(DType.INT64, 5, 7, 3));
        }
        for (DType t : FLOATS) {
            Tensor x = gpu(t, 4, 9);
            k.softmax(x, 1, false, gpu(t, 4, 9));
            k.softmax(x.t(), 0, true, gpu(t, 9, 4));
            k.softmaxBackward(x, x, 1, true, gpu(t, 4, 9));
        }
        // per dtype and op: one launch each for the first two, two (partials, then their reduction) for the long rows
        assertEquals(4L * ReduceOp.values().length * ALL.length, launched.stream().filter(n -> n.startsWith("reduce_")).count());
    }

    @Test
    void productsGoToCublasAndCopyWhatItCannotRead() {
        var k = b.linalg();
        for (DType t : FLOATS) {
            k.bmm(gpu(t, 3, 4, 5), gpu(t, 3, 6, 5).transpose(1, 2), gpu(t, 3, 4, 6), false);
            k.bmm(gpu(t, 3, 4, 10).slice(2, 0, 10, 2), gpu(t, 1, 5, 6).expand(3, 5, 6), gpu(t, 3, 4, 6), true);
        }
        assertEquals(8, gemms.size());
        assertTrue(gemms.stream().allMatch(g -> g.endsWith(" 16")), gemms.toString());
        assertEquals(List.of("copy_f32_f32", "copy_f64_f64", "copy_f16_f16", "copy_bf16_bf16"), launched);
        var e = assertThrows(TorchException.class, () -> k.bmm(gpu(DType.INT64, 1, 2, 2), gpu(DType.INT64, 1, 2, 2),
                gpu(DType.INT64, 1, 2, 2), false));
        assertEquals("\"addmm_cuda\" not implemented for 'Long'", e.getMessage());
    }

    @Test
    void indexLaunchesMatchTheirKernels() {
        var k = b.index();
        for (DType t : ALL) {
            Tensor x = gpu(t, 5, 6), idx = gpu(DType.INT64, 3), idx2 = gpu(DType.INT64, 5, 2);
            k.indexSelect(x, 1, idx, gpu(t, 5, 3));
            k.indexCopy(x, 0, idx, gpu(t, 3, 6));
            k.indexCopy(x, 0, idx, gpu(t).expand(3, 6));
            k.gather(x, 1, idx2, gpu(t, 5, 2));
            k.scatter(x, 1, idx2, gpu(t, 5, 2), false);
            k.nonzero(x);
            boolean atomic = t == DType.FLOAT32 || t == DType.FLOAT64 || t == DType.INT32 || t == DType.INT64;
            if (atomic) {
                k.indexAdd(x, 0, idx, gpu(t, 3, 6), 2);
                k.scatter(x, 1, idx2, gpu(t, 5, 2), true);
            } else {
                var e = assertThrows(UnsupportedOperationException.class, () -> k.scatter(x, 1, idx2, gpu(t, 5, 2), true));
                assertTrue(e.getMessage().endsWith("is not yet implemented on CUDA"), e.getMessage());
            }
        }
    }

    @Test
    void convolutionPoolingNormAndOptimizerLaunchesMatchTheirKernels() {
        int[] one = {1, 1, 1}, pad = {0, 1, 1};
        for (DType t : FLOATS) {
            var c = b.conv();
            Tensor x = gpu(t, 2, 4, 1, 9, 8), w = gpu(t, 6, 2, 1, 3, 3), out = gpu(t, 2, 6, 1, 9, 8);
            c.convForward(x, w, gpu(t, 6), out, one, pad, one, 2);
            c.convBackwardInput(out, w, gpu(t, 2, 4, 1, 9, 8), one, pad, one, 2);
            c.convBackwardWeight(out, x, gpu(t, 6, 2, 1, 3, 3), one, pad, one, 2);

            var p = b.pool();
            Tensor planes = gpu(t, 6, 9, 8);
            p.maxPool2d(planes, 3, 3, 2, 2, 1, 1, 1, 1, gpu(t, 6, 5, 4), gpu(DType.INT64, 6, 5, 4));
            p.adaptiveMaxPool2d(planes, gpu(t, 6, 4, 3), gpu(DType.INT64, 6, 4, 3));
            p.gatherPlanes(gpu(t, 6, 72), gpu(DType.INT64, 6, 20), gpu(t, 6, 20));
            int[] ih = {0, 1, 2, 3}, iw = {0, -1, 2, 3, 4, 5};
            double[] wh = {.5, .5, .5, .5}, ww = {1, 1, 1, 1, 1, 1};
            p.separable2d(planes, ih, wh, 2, iw, ww, 2, gpu(t, 6, 2, 3));
            var n = b.norm();
            Tensor rows = gpu(t, 8, 12), st = gpu(t, 8);
            n.rowNorm(rows, gpu(t, 12), null, 1, 1, 1e-5, gpu(t, 8, 12), st, gpu(t, 8));
            n.rowNormBackward(rows, rows, st, st, null, 2, 3, gpu(t, 8, 12), gpu(t, 8), gpu(t, 8));
            Tensor bn = gpu(t, 4, 3, 5, 5), ch = gpu(t, 3);
            n.channelStats(bn, 3, ch, gpu(t, 3));
            n.channelNorm(bn, ch, ch, null, ch, gpu(t, 4, 3, 5, 5));
            n.channelNormBackward(bn, bn, ch, ch, ch, true, gpu(t, 4, 3, 5, 5), gpu(t, 3), null);
            var o = b.optim();
            Tensor prm = gpu(t, 10);
            o.sgd(prm, prm, null, .1, 0, 0, 0, false, false);
            o.sgd(prm, prm, gpu(t, 10), .1, .9, 0, 1e-4, true, true);
            o.adam(prm, prm, gpu(t, 10), gpu(t, 10), null, .1, .9, .999, 0, 1e-8, false, false, .1, 1);
            o.adam(prm, prm, gpu(t, 10), gpu(t, 10), gpu(t, 10), .1, .9, .999, .01, 1e-8, true, true, .1, 1);
            if (t == DType.FLOAT32 || t == DType.FLOAT64) {
                p.scatterAddPlanes(gpu(t, 6, 20), gpu(DType.INT64, 6, 20), gpu(t, 6, 72));
                p.separable2dAdjoint(gpu(t, 6, 2, 3), ih, wh, 2, iw, ww, 2, planes);
                int[][] maps = {{-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, -1}, {1, 0, 1, 2, 3, 4, 5, 6, 7, 6}};
                p.indexMap(planes, maps, 0.5, gpu(t, 6, 11, 10));
                p.indexMapAdjoint(gpu(t, 6, 11, 10), maps, planes);
            }
        }
        TreeSet<String> names = new TreeSet<>(launched);
        for (String k : List.of("im2col_bf16", "col2im_f16", "add_bias_f64", "max_pool2d_f32", "separable2d_adjoint_f64",
                "index_map_adjoint_f32", "row_norm_back_affine_bf16", "channel_norm_back_f16", "adam_f32", "sgd_bf16"))
            assertTrue(names.contains(k), k + " in " + names);
        // per dtype: 2 groups forward, 2 for the input gradient, 2 groups x 2 samples for the weight gradient
        assertEquals(4 * (2 + 2 + 4), gemms.size(), "GEMMs recorded");
    }
}
