package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.nn.PyRepr;

/** {@code torchvision.transforms.RandomVerticalFlip(p)}: flips top-bottom with probability p (one {@code torch.rand(1)} draw). */
public final class RandomVerticalFlip implements Transform {
    private final double p;
    private final Generator generator;

    public RandomVerticalFlip() { this(0.5); }

    public RandomVerticalFlip(double p) { this(p, null); }

    /** With an explicit generator (null: the default one). */
    public RandomVerticalFlip(double p, Generator generator) {
        this.p = p;
        this.generator = generator;
    }

    @Override public Object apply(Object input) {
        return TF.onImage(input, t -> Draw.below(p, generator) ? TF.vflip(t) : t);
    }

    @Override public String toString() { return "RandomVerticalFlip(p=" + PyRepr.num(p) + ")"; }
}
