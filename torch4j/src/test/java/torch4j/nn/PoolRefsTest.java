package torch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.autograd.GradCheck;
import torch4j.nn.functional.F;
import torch4j.nn.functional.InterpolationMode;

/** Max, average and adaptive pooling against PyTorch 1.13 (tools/gen_refs_pool.py), gradchecks and module reprs. */
class PoolRefsTest extends PoolRefCases {
    @Override
    boolean covers(String op) { return op.contains("pool"); }

    @Test
    void gradcheckFloat64() {
        Tensor x = PoolRefs.randn(1, 2, 2, 7, 6).requiresGrad_(true);
        Map<String, Function<Tensor[], Tensor>> fns = new LinkedHashMap<>();
        fns.put("max2d", in -> F.maxPool2d(in[0], new int[]{3, 2}, new int[]{2, 1}, new int[]{1}, new int[]{1, 2}, true));
        fns.put("avg2d", in -> F.avgPool2d(in[0], new int[]{3}, new int[]{2}, new int[]{1}, true, false, null));
        fns.put("avg2d_div", in -> F.avgPool2d(in[0], new int[]{2, 3}, new int[]{1, 2}, new int[]{1}, false, true, 4));
        fns.put("adaavg", in -> F.adaptiveAvgPool2d(in[0], 3, 4));
        fns.put("adaavg_global", in -> F.adaptiveAvgPool2d(in[0], 1));
        fns.put("adamax", in -> F.adaptiveMaxPool2d(in[0], 3, 4));
        fns.put("max1d", in -> F.maxPool1d(in[0].flatten(2), 3, 2, 1, 2, true));
        fns.put("avg1d", in -> F.avgPool1d(in[0].flatten(2), 4, 3, 2, true, false));
        for (var e : fns.entrySet()) assertTrue(GradCheck.gradcheck(e.getValue(), x), e.getKey());
    }

    @Test
    void doubleBackward() {
        Tensor x = PoolRefs.randn(2, 1, 2, 5, 5).requiresGrad_(true);
        assertTrue(PoolRefs.backwardGradcheck(t -> F.maxPool2d(t, 2, 1), x));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.avgPool2d(t, 3, 2), x));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.adaptiveAvgPool2d(t, 2, 3), x));
        assertTrue(PoolRefs.backwardGradcheck(t -> F.adaptiveMaxPool2d(t, 2, 3), x));
    }

    @Test
    void nanIsTheMaximum() {
        Tensor x = Torch.fromArray(new float[]{1, Float.NaN, Float.NaN, 0}, 1, 1, 2, 2);
        var r = F.maxPool2dWithIndices(x, new int[]{2}, null, null, null, false);
        assertTrue(Double.isNaN(r.values().item()));
        assertEquals(2, r.indices().itemLong()); // the last NaN, as PyTorch's scan
    }

    @Test
    void vectorised2x2WindowPicksTheSameIndicesAsTheGeneralScan() {
        // float32 2x2/2 takes the gathered 8-lane kernel; float64 the general scalar scan (checked against PyTorch)
        Tensor x = PoolRefs.randn(7, 2, 3, 10, 10).relu(); // many zero ties
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i += 37) v[i] = Float.NaN;
        for (int i = 5; i < v.length; i += 53) v[i] = v[i - 1];
        Tensor xf = Torch.fromArray(v, 2, 3, 10, 10);
        // kernel, stride, padding, dilation, ceil mode: LeNet's 2x2, ResNet's 3x3/2 padded stem pool, and odd ones
        int[][] configs = {{2, 2, 0, 1, 0}, {3, 2, 1, 1, 0}, {3, 1, 1, 1, 0}, {2, 3, 1, 2, 1}, {3, 2, 0, 1, 1}, {4, 4, 2, 1, 0}};
        for (int[] c : configs) {
            int[] k = {c[0]}, st = {c[1]}, pad = {c[2]}, dil = {c[3]};
            var f = F.maxPool2dWithIndices(xf, k, st, pad, dil, c[4] == 1);
            var d = F.maxPool2dWithIndices(xf.to(DType.FLOAT64), k, st, pad, dil, c[4] == 1);
            assertArrayEquals(d.indices().toLongArray(), f.indices().toLongArray(), java.util.Arrays.toString(c));
            assertArrayEquals(d.values().toFloatArray(), f.values().toFloatArray(), java.util.Arrays.toString(c));
        }
        // every value -inf: the index of each window's first in-bounds element, as the scalar scan
        Tensor inf = Torch.full(new int[]{1, 1, 9, 9}, Double.NEGATIVE_INFINITY);
        var fi = F.maxPool2dWithIndices(inf, new int[]{3}, new int[]{2}, new int[]{1}, new int[]{1}, false);
        var di = F.maxPool2dWithIndices(inf.to(DType.FLOAT64), new int[]{3}, new int[]{2}, new int[]{1}, new int[]{1}, false);
        assertArrayEquals(di.indices().toLongArray(), fi.indices().toLongArray());
    }

    @Test
    void bfloat16ComputesInFloat32() {
        Tensor x = PoolRefs.randn(3, 1, 2, 4, 4).to(DType.BFLOAT16);
        Tensor y = F.maxPool2d(x, 2);
        assertEquals(DType.BFLOAT16, y.dtype());
        assertTrue(y.to(DType.FLOAT32).equal(F.maxPool2d(x.to(DType.FLOAT32), 2)));
        assertEquals(DType.BFLOAT16, F.avgPool2d(x, 2).dtype());
    }

    @Test
    void emptyOutputOfMaxPool1dWithoutGrad() {
        // PyTorch's 1-D kernel (taken without autograd) allows an empty output
        assertArrayEquals(new int[]{1, 2, 0}, F.maxPool1d(Torch.zeros(1, 2, 2), 3).shapeArray());
    }

    static Module build(String id) {
        return switch (id) {
            case "maxpool2d" -> new MaxPool2d(2);
            case "maxpool2d_full" -> new MaxPool2d(new MaxPool2d.Options(2, 3).stride(1, 2).padding(1).dilation(2)
                    .ceilMode(true).returnIndices(true));
            case "maxpool1d" -> new MaxPool1d(3);
            case "maxpool1d_full" -> new MaxPool1d(new MaxPool1d.Options(2).stride(1).padding(1).dilation(2).ceilMode(true));
            case "avgpool2d" -> new AvgPool2d(2);
            case "avgpool2d_full" -> new AvgPool2d(new AvgPool2d.Options(3).stride(2).padding(1).ceilMode(true)
                    .countIncludePad(false).divisorOverride(4));
            case "avgpool2d_tuple" -> new AvgPool2d(new AvgPool2d.Options(2, 3));
            case "avgpool1d" -> new AvgPool1d(3);
            case "adaavg" -> new AdaptiveAvgPool2d(1);
            case "adaavg_tuple" -> new AdaptiveAvgPool2d(2, 3);
            case "adamax_none" -> new AdaptiveMaxPool2d(2, null);
            case "adamax" -> new AdaptiveMaxPool2d(2);
            case "upsample" -> new Upsample(2, InterpolationMode.NEAREST);
            case "upsample_size" -> new Upsample(new Upsample.Options().size(3, 4).mode(InterpolationMode.BILINEAR));
            case "upsample_ac" -> new Upsample(new Upsample.Options().scaleFactor(1.5).mode(InterpolationMode.BILINEAR)
                    .alignCorners(true));
            case "upsample_size1" -> new Upsample(new Upsample.Options().size(4));
            case "zeropad" -> new ZeroPad2d(2);
            case "zeropad_tuple" -> new ZeroPad2d(1, 2, 3, 4);
            case "constpad" -> new ConstantPad2d(1, 3.5);
            case "constpad_tuple" -> new ConstantPad2d(new int[]{1, 2, 3, 4}, 0);
            case "reflpad" -> new ReflectionPad2d(1);
            case "replpad" -> new ReplicationPad2d(1, 0, 1, 0);
            case "shuffle" -> new PixelShuffle(2);
            case "unshuffle" -> new PixelUnshuffle(3);
            default -> throw new IllegalArgumentException(id);
        };
    }

    @Test
    void moduleReprs() {
        for (var e : PoolRefs.reprs().entrySet()) assertEquals(e.getValue(), build(e.getKey()).toString(), e.getKey());
    }

    @Test
    void modulesCallF() {
        Tensor x = PoolRefs.randn(4, 2, 3, 8, 8).to(DType.FLOAT32);
        assertTrue(new MaxPool2d(2).call(x).equal(F.maxPool2d(x, 2)));
        assertTrue(new AvgPool2d(new AvgPool2d.Options(3).stride(2).padding(1)).call(x)
                .equal(F.avgPool2d(x, new int[]{3}, new int[]{2}, new int[]{1}, false, true, null)));
        assertTrue(new AdaptiveAvgPool2d(1).call(x).equal(F.adaptiveAvgPool2d(x, 1)));
        var mp = new MaxPool2d(new MaxPool2d.Options(2).returnIndices(true));
        assertArrayEquals(new int[]{2, 3, 4, 4}, mp.forwardWithIndices(x).indices().shapeArray());
        assertArrayEquals(new int[]{2, 3, 16, 16}, new Upsample(2, InterpolationMode.BILINEAR).call(x).shapeArray());
        assertArrayEquals(new int[]{2, 3, 10, 10}, new ReflectionPad2d(1).call(x).shapeArray());
        assertArrayEquals(new int[]{2, 12, 4, 4}, new PixelUnshuffle(2).call(x).shapeArray());
    }
}
