package torch4j.nn;

import torch4j.Tensor;
import torch4j.nn.functional.F;
import torch4j.nn.functional.InterpolationMode;

/** Same as {@code torch.nn.Upsample}: {@link F#interpolate} with a fixed size or scale factor. */
public class Upsample extends Module {
    /** Keyword arguments of torch.nn.Upsample: exactly one of size and scaleFactor. */
    public static final class Options {
        int[] size;
        double[] scaleFactor;
        InterpolationMode mode = InterpolationMode.NEAREST;
        Boolean alignCorners, recomputeScaleFactor;

        public Options size(int... v) {
            size = v.clone();
            return this;
        }

        public Options scaleFactor(double... v) {
            scaleFactor = v.clone();
            return this;
        }

        public Options mode(InterpolationMode m) {
            mode = m;
            return this;
        }

        public Options alignCorners(Boolean on) {
            alignCorners = on;
            return this;
        }

        public Options recomputeScaleFactor(Boolean on) {
            recomputeScaleFactor = on;
            return this;
        }
    }

    public final int[] size;
    public final double[] scaleFactor;
    public final InterpolationMode mode;
    public final Boolean alignCorners, recomputeScaleFactor;

    /** Same as torch.nn.Upsample(scale_factor=scaleFactor, mode=mode). */
    public Upsample(double scaleFactor, InterpolationMode mode) { this(new Options().scaleFactor(scaleFactor).mode(mode)); }

    /** Same as torch.nn.Upsample with keyword arguments. */
    public Upsample(Options o) {
        size = o.size;
        scaleFactor = o.scaleFactor;
        mode = o.mode;
        alignCorners = o.alignCorners;
        recomputeScaleFactor = o.recomputeScaleFactor;
    }

    @Override public Tensor forward(Tensor input) {
        // one size or scale factor applies to every spatial dim, as a Python scalar does
        int dims = Math.max(input.dim() - 2, 0);
        int[] s = size != null && size.length == 1 && dims != 1 ? java.util.Collections.nCopies(dims, size[0]).stream()
                .mapToInt(Integer::intValue).toArray() : size;
        double[] f = scaleFactor != null && scaleFactor.length == 1 && dims != 1
                ? java.util.Collections.nCopies(dims, scaleFactor[0]).stream().mapToDouble(Double::doubleValue).toArray()
                : scaleFactor;
        return F.interpolate(input, s, f, mode, alignCorners, recomputeScaleFactor);
    }

    @Override public String extraRepr() {
        String info;
        if (scaleFactor != null) {
            if (scaleFactor.length == 1) info = "scale_factor=" + PyRepr.f(scaleFactor[0]);
            else {
                StringBuilder sb = new StringBuilder("scale_factor=(");
                for (int i = 0; i < scaleFactor.length; i++) sb.append(i == 0 ? "" : ", ").append(PyRepr.f(scaleFactor[i]));
                info = sb.append(scaleFactor.length == 1 ? ",)" : ")").toString();
            }
        } else info = "size=" + PoolRepr.v(size);
        return info + ", mode=" + mode.pyName();
    }
}
