package torch4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference files parse, and every case is well formed. */
class RefsTest {
    private static final Set<String> FACTORY_OPS = Set.of("linspace", "logspace", "arange", "eye", "full");

    @Test
    void allFamiliesParseAndAreWellFormed() {
        for (String family : Refs.FAMILIES) {
            List<Refs.RefCase> cases = Refs.load(family);
            assertFalse(cases.isEmpty(), family);
            assertTrue(Refs.torchVersion(family).startsWith("1.13"), family);
            Set<String> ids = new HashSet<>();
            for (Refs.RefCase c : cases) {
                String where = family + ":" + c.id();
                assertNotNull(c.id(), family);
                assertTrue(ids.add(c.id()), "duplicate id " + where);
                assertNotNull(c.op(), where);
                assertFalse(c.op().isEmpty(), where);
                assertNotNull(c.inputs(), where);
                if (!FACTORY_OPS.contains(c.op())) assertFalse(c.inputs().isEmpty(), "no inputs: " + where);
                for (Refs.RefTensor t : c.inputs()) checkTensor(t, where);
                if (c.op().equals("repr")) {
                    assertNotNull(c.outputStr(), where);
                    assertTrue(c.outputStr().startsWith("tensor("), where);
                    continue;
                }
                assertFalse(c.outputs().isEmpty(), "no output: " + where);
                for (Refs.RefTensor t : c.outputs()) checkTensor(t, where);
                if (c.hasGrads()) {
                    checkTensor(c.gradOutput(), where);
                    assertEquals(c.inputs().size(), c.grads().size(), where);
                    for (int i = 0; i < c.numInputs(); i++) {
                        Refs.RefTensor g = c.grad(i);
                        assertEquals(c.requiresGrad(i), g != null, where + " grad " + i);
                        if (g != null) {
                            checkTensor(g, where);
                            assertEquals(c.input(i).dtype(), g.dtype(), where);
                            assertTrue(java.util.Arrays.equals(c.input(i).shape(), g.shape()), where);
                        }
                    }
                    assertTrue(java.util.Arrays.equals(c.outputs().get(0).shape(), c.gradOutput().shape()), where);
                } else {
                    assertTrue(c.grads().isEmpty(), where);
                    for (int i = 0; i < c.numInputs(); i++) assertFalse(c.requiresGrad(i), where);
                }
            }
        }
    }

    private static void checkTensor(Refs.RefTensor t, String where) {
        assertNotNull(t, where);
        assertEquals(t.numel(), t.data().length, where + " " + t);
        switch (t.dtype()) {
            case "float32", "float64" -> {
                assertNull(t.longData(), where);
                assertNull(t.boolData(), where);
            }
            case "int64" -> assertEquals(t.numel(), t.longData().length, where);
            case "bool" -> assertEquals(t.numel(), t.boolData().length, where);
            default -> throw new AssertionError("unexpected dtype " + t.dtype() + " in " + where);
        }
        if (t.dtype().equals("float32")) {
            for (double v : t.data()) {
                if (!Double.isNaN(v)) assertEquals(v, (double) (float) v, where + ": float32 value not exact");
            }
        }
    }

    @Test
    void typedArgsAndSpecialValues() {
        Refs.RefCase c = Refs.find("reduce", "norm/f32/all/pinf");
        assertEquals(Double.POSITIVE_INFINITY, c.doubleArg("p"));
        assertFalse(c.argIsString("p"));
        Refs.RefCase fro = Refs.find("reduce", "norm/f32/all/pfro");
        assertTrue(fro.argIsString("p"));
        assertEquals("fro", fro.stringArg("p"));
        Refs.RefCase dims = Refs.find("reduce", "sum/f32/dims0_2/keepdimTrue");
        assertTrue(dims.argIsList("dim"));
        assertEquals(2, dims.intList("dim").length);
        assertTrue(dims.boolArg("keepdim"));
        Refs.RefCase one = Refs.find("reduce", "sum/f32/dim1/keepdimFalse");
        assertEquals(1, one.intArg("dim"));
        assertEquals(1, one.intList("dim")[0]);
        Refs.RefCase sc = Refs.find("binary", "add/promo/i64_float_scalar");
        assertFalse(sc.argIsInteger("other_scalar"));
        assertEquals(2.5, sc.doubleArg("other_scalar"));
        assertTrue(Refs.find("binary", "add/promo/i64_int_scalar").argIsInteger("other_scalar"));
        assertEquals("float32", sc.output().dtype());
        Refs.RefTensor special = Refs.find("unary", "isnan/f32/special").input(0);
        assertTrue(Double.isNaN(special.data()[0]));
        assertEquals(Double.POSITIVE_INFINITY, special.data()[1]);
        assertEquals(Double.NEGATIVE_INFINITY, special.data()[2]);
        assertTrue(Refs.find("unary", "isnan/f32/special").output().boolData()[0]);
        Refs.RefCase max = Refs.find("reduce", "max/f32/dim1/keepdimFalse");
        assertTrue(max.multiOutput());
        assertEquals(2, max.outputs().size());
        assertEquals("int64", max.output(1).dtype());
        assertThrows(IllegalStateException.class, max::output);
        assertEquals(0, Refs.find("misc", "full/f32/scalar").output().dim());
        assertThrows(IllegalArgumentException.class, () -> Refs.find("unary", "no/such/case"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonParser() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, 0.1, true, false, null, \"x\\n\\u00e9\\\"\"], \"b\": {}, \"c\": []} ");
        Map<String, Object> m = (Map<String, Object>) v;
        List<Object> a = (List<Object>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2500.0, a.get(1));
        assertEquals(0.1, a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertNull(a.get(5));
        assertEquals("x\n\u00e9\"", a.get(6));
        assertTrue(((Map<?, ?>) m.get("b")).isEmpty());
        assertTrue(((List<?>) m.get("c")).isEmpty());
        assertEquals(0.30000000000000004, Json.parse("0.30000000000000004"));
        assertEquals(-0.0, (Double) Json.parse("-0.0"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) Json.parse("-0.0")));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    }
}
