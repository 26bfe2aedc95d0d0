package torch4j.nn;

import torch4j.Tensor;

/**
 * A tensor that is a module's parameter, as {@code torch.nn.Parameter}: a leaf that requires grad by default and
 * is registered when assigned to a {@link Module} field.
 */
public class Parameter extends Tensor {
    public Parameter(Tensor data) { this(data, true); }

    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.detach());
        if (requiresGrad) requiresGrad_(true);
    }

    @Override public String toString() { return "Parameter containing:\n" + super.toString(); }
}
