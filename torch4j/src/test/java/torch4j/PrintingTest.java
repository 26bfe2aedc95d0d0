package torch4j;

import static org.junit.jupiter.api.Assertions.*;
import static torch4j.testing.TestTensors.dtype;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import torch4j.backend.CpuStorage;
import torch4j.internal.Printing;
import torch4j.testing.Refs;

/** Tensor.toString() against PyTorch's repr (refs/printing.json from tools/gen_refs_printing.py, and misc.json). */
class PrintingTest {
    @AfterEach
    void restoreOptions() { Torch.setPrintoptions(PrintOptions.DEFAULT); }

    static Tensor build(Refs.RefTensor r) {
        DType dt = dtype(r.dtype());
        Tensor t = Torch.empty(r.shape(), dt);
        CpuStorage s = (CpuStorage) t.storage();
        for (int i = 0; i < r.data().length; i++) {
            if (r.longData() != null) s.setLong(i, r.longData()[i]);
            else s.setDouble(i, r.data()[i]);
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    static PrintOptions options(Refs.RefCase c) {
        if (!c.hasArg("printoptions")) return PrintOptions.DEFAULT;
        Map<String, Object> m = (Map<String, Object>) c.arg("printoptions");
        // torch.set_printoptions applies the profile first, then the single settings
        PrintOptions o = m.containsKey("profile") ? PrintOptions.profile((String) m.get("profile")) : PrintOptions.DEFAULT;
        if (m.containsKey("precision")) o = o.withPrecision(((Long) m.get("precision")).intValue());
        if (m.containsKey("threshold"))
            o = o.withThreshold(m.get("threshold") instanceof Long l ? l : Long.MAX_VALUE);
        if (m.containsKey("edgeitems")) o = o.withEdgeitems(((Long) m.get("edgeitems")).intValue());
        if (m.containsKey("linewidth")) o = o.withLinewidth(((Long) m.get("linewidth")).intValue());
        return o.withSciMode((Boolean) m.get("sci_mode"));
    }

    static Tensor subject(Refs.RefCase c) {
        Tensor x = build(c.input(0));
        if (c.requiresGrad(0)) x.requiresGrad_(true);
        return switch (c.stringArg("via", "none")) {
            case "pow" -> x.pow(c.doubleArg("exponent"));
            case "sum" -> x.sum();
            case "mul" -> x.mul(c.doubleArg("other_scalar"));
            case "none" -> x;
            default -> throw new IllegalArgumentException(c.id() + ": unknown via " + c.arg("via"));
        };
    }

    static Stream<DynamicTest> cases(String family) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Refs.RefCase c : Refs.byOp(family, "repr")) {
            tests.add(DynamicTest.dynamicTest(c.id(), () -> {
                Tensor t = subject(c);
                Torch.setPrintoptions(options(c));
                try {
                    assertEquals(c.outputStr(), t.toString(), c.id());
                } finally {
                    Torch.setPrintoptions(PrintOptions.DEFAULT);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> printingRefs() { return cases("printing"); }

    @TestFactory
    Stream<DynamicTest> miscRefs() { return cases("misc"); }

    @Test
    void refFileCoversTheBrief() {
        assertTrue(Refs.byOp("printing", "repr").size() >= 100);
    }

    static String ref(String id) { return Refs.find("printing", id).outputStr(); }

    @Test
    void factoriesPrintAsPyTorch() {
        assertEquals(ref("repr/f32/linspace_-5_5_100"), Torch.linspace(-5, 5, 100).toString());
        assertEquals(ref("repr/f64/linspace_-5_5_100"), Torch.linspace(-5, 5, 100, DType.FLOAT64).toString());
        assertEquals(ref("repr/i64/arange_12_3x4"), Torch.arange(12).reshape(3, 4).toString());
        assertEquals(ref("repr/i32/arange_12_3x4"), Torch.arange(12).reshape(3, 4).to(DType.INT32).toString());
        assertEquals(ref("repr/f32/summarised_2000"), Torch.arange(0.0, 2000.0, 1.0).toString());
        assertEquals(ref("repr/i64/summarised_40x50"), Torch.arange(2000).reshape(40, 50).toString());
        assertEquals(ref("repr/f32/summarised_10x10x30"), Torch.arange(0.0, 3000.0, 1.0).reshape(10, 10, 30).toString());
        assertEquals("tensor([2., 4., 6.])", Torch.tensor(new double[]{2, 4, 6}).toString());
        assertEquals("tensor(5.)", Torch.tensor(5.0).toString());
        assertEquals("tensor(522.3506)", Torch.tensor(522.35059).toString());
    }

    @Test
    void gradFnSuffix() {
        Tensor x = Torch.tensor(new double[]{1, 2, 3}).requiresGrad_(true);
        assertEquals("tensor([1., 2., 3.], requires_grad=True)", x.toString());
        assertEquals("tensor([1., 4., 9.], grad_fn=<PowBackward0>)", x.pow(2).toString());
        assertEquals("tensor([1., 4., 9.])", x.pow(2).detach().toString());
        try (var _ = Torch.noGrad()) {
            assertEquals("tensor([1., 4., 9.])", x.pow(2).toString());
        }
    }

    @Test
    void nonContiguousViewsPrintTheirOwnElements() {
        Tensor a = Torch.arange(24).reshape(2, 3, 4);
        assertEquals(a.permute(2, 0, 1).contiguous().toString(), a.permute(2, 0, 1).toString());
        Tensor stepped = Torch.arange(0.0, 30.0, 1.0).div(4).slice(0, 1, 30, 3);
        assertFalse(stepped.isContiguous() && stepped.storageOffset() == 0);
        // expected strings from torch.arange(0., 30.).div(4)[1:30:3] and torch.tensor(1.5, dtype=torch.float64).expand(2, 3)
        assertEquals("tensor([0.2500, 1.0000, 1.7500, 2.5000, 3.2500, 4.0000, 4.7500, 5.5000, 6.2500,\n        7.0000])",
                stepped.toString());
        assertEquals("tensor([[1.5000, 1.5000, 1.5000],\n        [1.5000, 1.5000, 1.5000]], dtype=torch.float64)",
                Torch.tensor(1.5, DType.FLOAT64).expand(2, 3).toString());
        // a summarised transposed view reads its edge items through the strides
        Tensor big = Torch.arange(2000).reshape(40, 50);
        assertEquals(big.t().contiguous().toString(), big.t().toString());
        assertEquals(big.slice(1, 1, 50, 2).contiguous().toString(), big.slice(1, 1, 50, 2).toString());
    }

    @Test
    void deviceSuffix() {
        Tensor x = Torch.tensor(new double[]{1, 2});
        assertEquals("tensor([1., 2.], device='cuda:0')", Printing.repr(x, Device.cuda(0), null, false, PrintOptions.DEFAULT));
        assertEquals("tensor([1., 2.], device='cuda:1', grad_fn=<AddBackward0>)",
                Printing.repr(x, Device.cuda(1), "AddBackward0", true, PrintOptions.DEFAULT));
        assertEquals("tensor([], device='cuda:0', size=(0, 3), dtype=torch.int64)",
                Printing.repr(Torch.zeros(new int[]{0, 3}, DType.INT64), Device.cuda(0), null, false, PrintOptions.DEFAULT));
    }

    @Test
    void hugeTensorIsSummarisedQuickly() {
        // formatting all 4M elements would take many seconds; the edge items take microseconds
        Tensor z = Torch.zeros(2000, 2000);
        long t0 = System.nanoTime();
        String s = z.toString();
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "printing should read only the edge items");
        assertEquals(7, s.lines().count());
        assertTrue(s.startsWith("tensor([[0., 0., 0.,  ..., 0., 0., 0.],"), s);
    }

    @Test
    void printoptionsApi() {
        assertEquals(PrintOptions.DEFAULT, Torch.getPrintoptions());
        Torch.setPrintoptions(PrintOptions.DEFAULT.withPrecision(2));
        assertEquals("tensor([1.12])", Torch.tensor(new double[]{1.12345}).toString());
        Torch.setPrintoptions(PrintOptions.DEFAULT.withThreshold(5));
        assertEquals("tensor([0, 1, 2,  ..., 7, 8, 9])", Torch.arange(10).toString());
        Torch.setPrintoptions("default");
        assertEquals("tensor([1.1235])", Torch.tensor(new double[]{1.12345}).toString());
        assertEquals(PrintOptions.SHORT, PrintOptions.profile("short"));
        assertEquals("Unknown print profile 'long': expected default, short or full",
                assertThrows(TorchException.class, () -> Torch.setPrintoptions("long")).getMessage());
        assertThrows(TorchException.class, () -> PrintOptions.DEFAULT.withLinewidth(0));
        // an explicit options argument does not touch the global ones
        assertEquals("tensor([1.1])", Printing.repr(Torch.tensor(new double[]{1.12345}), PrintOptions.DEFAULT.withPrecision(1)));
        assertEquals(PrintOptions.DEFAULT, Torch.getPrintoptions());
    }

    @Test
    void pythonNumberFormatting() {
        // Python rounds the exact binary value half-even: 0.125 -> 0.12, 2.675 (= 2.67499...) -> 2.67
        assertEquals("0.12", fixed(0.125, 2));
        assertEquals("2.67", fixed(2.675, 2));
        assertEquals("-0.0000", fixed(-0.00001, 4));
        assertEquals("-0", fixed(-0.0, 0));
        assertEquals("2", fixed(2.5, 0));
        assertEquals("100000000000000000000", fixed(1e20, 0));
        assertEquals("1.2346e+04", sci(12345.5, 4));
        assertEquals("1.0000e-05", sci(1e-5, 4));
        assertEquals("-2.5000e-300", sci(-2.5e-300, 4));
        assertEquals("1.0000e+100", sci(1e100, 4));
        assertEquals("0.0000e+00", sci(0.0, 4));
        assertEquals("-0.0000e+00", sci(-0.0, 4));
        assertEquals("2e-06", sci(1.5e-6, 0));
        assertEquals("1.0e+01", sci(9.96, 1));
        assertEquals("nan", sci(Double.NaN, 4));
        assertEquals("-inf", fixed(Double.NEGATIVE_INFINITY, 4));
    }

    private static String fixed(double v, int p) { return Printing.fixed(v, p); }

    private static String sci(double v, int p) { return Printing.sci(v, p); }
}
