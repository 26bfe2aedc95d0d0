package torch4j.cuda.internal;

import torch4j.Tensor;

/**
 * A device address passed to a kernel, holding the tensor it points into until the launch has been queued: a raw
 * long would let the tensor become unreachable (and its block be reused by another thread's allocation) between
 * reading the address and queuing the kernel that uses it.
 */
record DevPtr(Object owner, long address) {
    static final DevPtr NULL = new DevPtr(null, 0L);

    /** The start of t's storage (kernels that take the storage offset in their TI struct). */
    static DevPtr base(Tensor t) { return new DevPtr(t, CudaBackend.storage(t).ptr()); }

    /** The address of t's first element; NULL for an absent optional operand. */
    static DevPtr at(Tensor t) {
        return t == null ? NULL : new DevPtr(t, CudaBackend.storage(t).ptr() + t.storageOffset() * t.dtype().itemSize());
    }
}
