package torch4j.internal.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector math built only from IEEE-exact lane operations (+, ×, compare, convert). The Vector API's own
 * {@code lanewise(EXP)} is SVML in C2-compiled code but a per-lane {@code Math.exp} before that, and the two differ
 * in the last bit: training with it was not reproducible from run to run (results depended on when the JIT kicked
 * in). These give the same bits in every execution mode.
 */
public final class VecMath {
    private VecMath() {}

    private static final float HI = 88.3762626647949f, LO = -88.3762626647949f;
    private static final float LOG2E = 1.44269504088896341f, C1 = 0.693359375f, C2 = -2.12194440e-4f;
    private static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f,
            P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /** e^x lane by lane (Cephes expf: about 1 ulp), inf above ~88.38, 0 below -88.38, NaN kept. */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.min(HI).max(LO);
        FloatVector fx = xc.mul(LOG2E).add(0.5f);
        FloatVector t = fx.convert(VectorOperators.F2I, 0).reinterpretAsInts().convert(VectorOperators.I2F, 0).reinterpretAsFloats();
        VectorMask<Float> over = t.compare(VectorOperators.GT, fx);
        FloatVector n = t.sub(1f, over); // floor(fx)
        FloatVector r = xc.sub(n.mul(C1)).sub(n.mul(C2));
        FloatVector y = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
        y = y.mul(r.mul(r)).add(r).add(1f);
        IntVector e = n.convert(VectorOperators.F2I, 0).reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector res = y.mul(e.reinterpretAsFloats());
        res = res.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, HI));
        res = res.blend(0f, x.compare(VectorOperators.LT, LO));
        return res.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
