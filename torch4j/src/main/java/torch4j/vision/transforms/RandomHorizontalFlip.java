package torch4j.vision.transforms;

import torch4j.Generator;
import torch4j.nn.PyRepr;

/** {@code torchvision.transforms.RandomHorizontalFlip(p)}: flips left-right with probability p (one {@code torch.rand(1)} draw). */
public final class RandomHorizontalFlip implements Transform {
    private final double p;
    private final Generator generator;

    public RandomHorizontalFlip() { this(0.5); }

    public RandomHorizontalFlip(double p) { this(p, null); }

    /** With an explicit generator (null: the default one). */
    public RandomHorizontalFlip(double p, Generator generator) {
        this.p = p;
        this.generator = generator;
    }

    @Override public Object apply(Object input) {
        return TF.onImage(input, t -> Draw.below(p, generator) ? TF.hflip(t) : t);
    }

    @Override public String toString() { return "RandomHorizontalFlip(p=" + PyRepr.num(p) + ")"; }
}
