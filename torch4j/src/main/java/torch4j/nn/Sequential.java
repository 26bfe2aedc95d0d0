package torch4j.nn;

import java.util.List;
import torch4j.Tensor;

/** Modules applied in order, as {@code torch.nn.Sequential}; children are named "0", "1", …. */
public class Sequential extends Module {
    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) append(m);
    }

    public Sequential(List<? extends Module> modules) {
        for (Module m : modules) append(m);
    }

    /** {@code append(module)}. */
    public Sequential append(Module m) {
        registerModule(Integer.toString(size++), m);
        return this;
    }

    public Module get(int i) {
        if (i < 0) i += size;
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("index " + i + " is out of range");
        return namedChildren().get(Integer.toString(i));
    }

    public int size() { return size; }

    @Override public Tensor forward(Tensor x) {
        for (Module m : children()) x = m.call(x);
        return x;
    }
}
