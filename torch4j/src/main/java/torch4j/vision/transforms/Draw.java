package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.Torch;

/** The random draws of torchvision's transforms, made with the same torch calls so a seed gives the same choices. */
final class Draw {
    private Draw() {}

    /** {@code torch.rand(1).item()}. */
    static double rand(Generator g) { return Torch.rand(new int[]{1}, g).item(); }

    /** {@code torch.rand(1) < p}: the comparison happens in float32, as a float tensor against a Python float. */
    static boolean below(double p, Generator g) { return (float) rand(g) < (float) p; }

    /** {@code torch.randint(0, high, size=(1,)).item()}. */
    static int randint(int high, Generator g) { return (int) Torch.randint(0, high, new int[]{1}, g).itemLong(); }

    /** {@code torch.empty(1).uniform_(from, to).item()} (a float32 draw). */
    static double uniform(double from, double to, Generator g) { return Torch.empty(1).uniform_(from, to, g).item(); }

    /** {@code torch.exp(torch.empty(1).uniform_(log_ratio[0], log_ratio[1])).item()} with float32 logs, as torchvision. */
    static double logUniformRatio(double[] ratio, Generator g) {
        float lo = (float) Math.log((float) ratio[0]), hi = (float) Math.log((float) ratio[1]);
        return (float) Math.exp((float) uniform(lo, hi, g));
    }
}
