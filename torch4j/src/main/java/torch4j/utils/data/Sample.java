package torch4j.utils.data;

import torch4j.Device;
import torch4j.Tensor;

/** An (input, target) pair: one item of a supervised dataset, or a collated batch of them. */
public record Sample(Tensor input, Tensor target) {
    /** Both tensors moved to a device. */
    public Sample to(Device device) { return new Sample(input.to(device), target.to(device)); }
}
