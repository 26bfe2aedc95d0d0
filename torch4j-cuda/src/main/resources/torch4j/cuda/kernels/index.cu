// Gather/scatter kernels. The iteration shape is the index's (or the source's); the TI of the tensor being
// addressed through the index carries that shape with its own strides, and the coordinate along dim is replaced by
// the index value. Accumulating scatters use atomics, so they exist for float32, float64, int32 and int64 only.

// Offset of element i of t's shape with the coordinate along dim replaced by v; *c gets the original coordinate.
__device__ __forceinline__ i64 offsWith(const TI& t, i64 i, int dim, i64 v, i64* c) {
    i64 o = t.off;
    for (int d = t.nd - 1; d >= 0; --d) {
        i64 s = t.sz[d];
        i64 q = i % s;
        i /= s;
        if (d == dim) { *c = q; q = v; }
        o += q * t.st[d];
    }
    return o;
}

__device__ __forceinline__ void atomicAddT(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddT(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddT(int* p, int v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddT(i64* p, i64 v) { atomicAdd((unsigned long long*) p, (unsigned long long) v); }

#define INDEX(S, T) \
extern "C" __global__ void index_select_##S(TI x, int dim, TI o, i64 n, TI it, const i64* ip, const T* xp, T* outp) { \
    GRID_LOOP(i, n) { \
        i64 c = 0; \
        offsWith(x, i, dim, 0, &c); \
        i64 v = ip[offs(it, c)]; \
        outp[offs(o, i)] = xp[offsWith(x, i, dim, v, &c)]; \
    } \
} \
extern "C" __global__ void index_copy_##S(TI o, int dim, TI src, i64 n, TI it, const i64* ip, const T* sp, T* outp) { \
    GRID_LOOP(i, n) { \
        i64 c = 0; \
        offsWith(o, i, dim, 0, &c); \
        i64 v = ip[offs(it, c)]; \
        outp[offsWith(o, i, dim, v, &c)] = sp[offs(src, i)]; \
    } \
} \
extern "C" __global__ void gather_##S(TI x, int dim, TI it, TI o, i64 n, const i64* ip, const T* xp, T* outp) { \
    GRID_LOOP(i, n) { \
        i64 c = 0; \
        outp[offs(o, i)] = xp[offsWith(x, i, dim, ip[offs(it, i)], &c)]; \
    } \
} \
extern "C" __global__ void scatter_##S(TI o, int dim, TI it, TI src, i64 n, const i64* ip, const T* sp, T* outp) { \
    GRID_LOOP(i, n) { \
        i64 c = 0; \
        outp[offsWith(o, i, dim, ip[offs(it, i)], &c)] = sp[offs(src, i)]; \
    } \
}
ALL_TYPES(INDEX)

#define INDEX_ADD(S, T) \
extern "C" __global__ void index_add_##S(TI o, int dim, TI src, i64 n, TI it, const i64* ip, double alpha, \
                                         const T* sp, T* outp) { \
    GRID_LOOP(i, n) { \
        i64 c = 0; \
        offsWith(o, i, dim, 0, &c); \
        i64 v = ip[offs(it, c)]; \
        atomicAddT(outp + offsWith(o, i, dim, v, &c), (T) (alpha * (double) sp[offs(src, i)])); \
    } \
} \
extern "C" __global__ void scatter_add_##S(TI o, int dim, TI it, TI src, i64 n, const i64* ip, const T* sp, T* outp) { \
    GRID_LOOP(i, n) { \
        i64 c = 0; \
        atomicAddT(outp + offsWith(o, i, dim, ip[offs(it, i)], &c), sp[offs(src, i)]); \
    } \
}
INDEX_ADD(f32, float) INDEX_ADD(f64, double) INDEX_ADD(i32, int) INDEX_ADD(i64, i64)
