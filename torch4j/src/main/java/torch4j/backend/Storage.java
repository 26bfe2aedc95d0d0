package torch4j.backend;

import torch4j.DType;
import torch4j.Device;

/**
 * A flat buffer of one dtype on one device, shared by every view of it. It carries the version counter that
 * autograd uses to reject in-place changes of tensors saved for backward (PyTorch keeps it per storage too, so
 * views share it).
 */
public abstract class Storage {
    private int version;

    public abstract DType dtype();

    public abstract Device device();

    /** Capacity in elements. */
    public abstract int numel();

    /** Incremented by every in-place write. */
    public final int version() { return version; }

    public final void bumpVersion() {
        version++;
        if (torch4j.internal.trace.Tracer.on()) torch4j.internal.trace.Tracer.mutated(this);
    }
}
