package torch4j.internal.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VecMathTest {
    @Test
    void expIsAccurateAndHandlesTheEdges() {
        var s = FloatVector.SPECIES_PREFERRED;
        float[] in = new float[s.length() * 64], out = new float[in.length];
        for (int i = 0; i < in.length; i++) in[i] = -100f + 200f * i / (in.length - 1);
        in[0] = Float.NaN;
        in[1] = Float.POSITIVE_INFINITY;
        in[2] = Float.NEGATIVE_INFINITY;
        in[3] = 0f;
        in[4] = 88f;
        in[5] = -87f;
        for (int i = 0; i < in.length; i += s.length()) VecMath.exp(FloatVector.fromArray(s, in, i)).intoArray(out, i);
        assertEquals(Float.NaN, out[0]);
        assertEquals(Float.POSITIVE_INFINITY, out[1]);
        assertEquals(0f, out[2]);
        assertEquals(1f, out[3]);
        for (int i = 4; i < in.length; i++) {
            double want = Math.exp(in[i]);
            if (in[i] > 88.38f) assertEquals(Float.POSITIVE_INFINITY, out[i], "at " + in[i]);
            else if (in[i] < -87.3f) assertEquals(0.0, out[i], 1e-37, "at " + in[i]);
            else assertEquals(want, out[i], 3 * Math.ulp((float) want), "at " + in[i]);
        }
    }
}
