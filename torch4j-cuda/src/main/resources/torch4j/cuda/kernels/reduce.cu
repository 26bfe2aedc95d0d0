// Reductions, arg-reductions and softmax: one block (256 threads, a power of two) per output element or row, a
// grid-stride loop over outputs, and a shared-memory tree per block. Accumulation is in Tr<T>::C (float for float32
// and the 16-bit floats, as PyTorch's CUDA kernels do).

#define BLOCK 256

template <typename A, typename F> __device__ __forceinline__ A blockReduce(A v, F f, A* sh) {
    int t = threadIdx.x;
    sh[t] = v;
    __syncthreads();
    for (int s = BLOCK / 2; s > 0; s >>= 1) {
        if (t < s) sh[t] = f(sh[t], sh[t + s]);
        __syncthreads();
    }
    A r = sh[0];
    __syncthreads();
    return r;
}

template <typename A> __device__ __forceinline__ bool isnan_(A v) { return v != v; }

// op: 0 sum, 1 prod, 2 max, 3 min (NaN wins for max/min, as in PyTorch)
template <typename A> __device__ __forceinline__ A combine(int op, A a, A b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a * b;
        case 2: return (isnan_(a) || a > b) ? a : b;
        default: return (isnan_(a) || a < b) ? a : b;
    }
}

// Block b reduces chunk c = b % nchunks of output j = b / nchunks: elements [c·chunk, min((c+1)·chunk, nred)). With
// one chunk it writes out[j]; with several (few outputs over a long range) it writes partials that a second launch
// reduces, so a full reduction uses the whole GPU rather than one block.
template <typename T> __device__ void reduceImpl(int op, const TI& kept, const TI& red, const TI& o, i64 nout, i64 nred,
                                                  i64 chunk, i64 nchunks, const T* xp, T* outp) {
    typedef typename Tr<T>::C A;
    __shared__ double raw[BLOCK];
    A* sh = (A*) raw;
    for (i64 blk = blockIdx.x; blk < nout * nchunks; blk += gridDim.x) {
        i64 j = blk / nchunks, c = blk % nchunks;
        i64 base = offs(kept, j);
        i64 k0 = c * chunk, k1 = k0 + chunk < nred ? k0 + chunk : nred;
        A acc = op == 0 ? (A) 0 : (A) 1;
        bool have = false;
        for (i64 k = k0 + threadIdx.x; k < k1; k += BLOCK) {
            A v = Tr<T>::ld(xp[base + offs(red, k)]);
            acc = have ? combine(op, acc, v) : v;
            have = true;
        }
        // a thread that saw nothing contributes the identity (max/min: an element another thread saw)
        if (!have && op >= 2 && k0 < k1) acc = Tr<T>::ld(xp[base + offs(red, k0)]);
        if (!have && op < 2) acc = op == 0 ? (A) 0 : (A) 1;
        A r = blockReduce(acc, [op](A a, A b) { return combine(op, a, b); }, sh);
        if (threadIdx.x == 0) outp[offs(o, blk)] = Tr<T>::st(nred == 0 ? (op == 1 ? (A) 1 : (A) 0) : r);
    }
}

template <typename T> __device__ void argImpl(int isMax, const TI& kept, i64 len, i64 stride, const TI& o, i64 nout,
                                              const T* xp, i64* outp) {
    typedef typename Tr<T>::C A;
    __shared__ double rawv[BLOCK];
    __shared__ i64 rawi[BLOCK];
    A* sv = (A*) rawv;
    for (i64 j = blockIdx.x; j < nout; j += gridDim.x) {
        i64 base = offs(kept, j);
        A best = 0;
        i64 bi = -1;  // this thread's first extreme (a NaN counts as the extreme; ties keep the first index)
        for (i64 k = threadIdx.x; k < len; k += BLOCK) {
            A v = Tr<T>::ld(xp[base + k * stride]);
            bool take = bi < 0 || (isnan_(v) ? !isnan_(best) : !isnan_(best) && (isMax ? v > best : v < best));
            if (take) { best = v; bi = k; }
        }
        sv[threadIdx.x] = best;
        rawi[threadIdx.x] = bi;
        __syncthreads();
        for (int s = BLOCK / 2; s > 0; s >>= 1) {
            int t = threadIdx.x;
            if (t < s) {
                i64 i2 = rawi[t + s];
                if (i2 >= 0) {
                    A v1 = sv[t], v2 = sv[t + s];
                    i64 i1 = rawi[t];
                    bool take;
                    if (i1 < 0) take = true;
                    else if (isnan_(v1) || isnan_(v2)) take = isnan_(v2) && (!isnan_(v1) || i2 < i1);
                    else take = (isMax ? v2 > v1 : v2 < v1) || (v2 == v1 && i2 < i1);
                    if (take) { sv[t] = v2; rawi[t] = i2; }
                }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) outp[offs(o, j)] = rawi[0] < 0 ? 0 : rawi[0];
        __syncthreads();
    }
}

template <typename T> __device__ void softmaxImpl(int logOut, const TI& rows, i64 len, i64 xs, const TI& orows, i64 os,
                                                  i64 nrows, const T* xp, T* outp) {
    typedef typename Tr<T>::C A;
    __shared__ double raw[BLOCK];
    A* sh = (A*) raw;
    for (i64 j = blockIdx.x; j < nrows; j += gridDim.x) {
        i64 xb = offs(rows, j), ob = offs(orows, j);
        A m = -(A) (1.0 / 0.0);
        for (i64 k = threadIdx.x; k < len; k += BLOCK) {
            A v = Tr<T>::ld(xp[xb + k * xs]);
            m = (isnan_(v) || v > m) ? v : m;
        }
        m = blockReduce(m, [](A a, A b) { return (isnan_(a) || a > b) ? a : b; }, sh);
        A s = 0;
        for (i64 k = threadIdx.x; k < len; k += BLOCK) s += exp((double) (Tr<T>::ld(xp[xb + k * xs]) - m));
        s = blockReduce(s, [](A a, A b) { return a + b; }, sh);
        A ls = (A) log((double) s);
        for (i64 k = threadIdx.x; k < len; k += BLOCK) {
            A v = Tr<T>::ld(xp[xb + k * xs]) - m;
            outp[ob + k * os] = Tr<T>::st(logOut ? v - ls : (A) exp((double) v) / s);
        }
    }
}

template <typename T> __device__ void softmaxBackImpl(int logOut, const TI& yr, i64 ys, const TI& gr, i64 gs,
                                                      const TI& ir, i64 is, i64 len, i64 nrows, const T* yp,
                                                      const T* gp, T* ip) {
    typedef typename Tr<T>::C A;
    __shared__ double raw[BLOCK];
    A* sh = (A*) raw;
    for (i64 j = blockIdx.x; j < nrows; j += gridDim.x) {
        i64 yb = offs(yr, j), gb = offs(gr, j), ib = offs(ir, j);
        A s = 0;
        for (i64 k = threadIdx.x; k < len; k += BLOCK) {
            A g = Tr<T>::ld(gp[gb + k * gs]);
            s += logOut ? g : g * Tr<T>::ld(yp[yb + k * ys]);
        }
        s = blockReduce(s, [](A a, A b) { return a + b; }, sh);
        for (i64 k = threadIdx.x; k < len; k += BLOCK) {
            A g = Tr<T>::ld(gp[gb + k * gs]), y = Tr<T>::ld(yp[yb + k * ys]);
            ip[ib + k * is] = Tr<T>::st(logOut ? g - (A) exp((double) y) * s : y * (g - s));
        }
    }
}

#define REDUCE(S, T) \
extern "C" __global__ void __launch_bounds__(BLOCK) reduce_##S(int op, TI kept, TI red, TI o, i64 nout, i64 nred, \
                                                               i64 chunk, i64 nchunks, const T* xp, T* outp) { \
    reduceImpl<T>(op, kept, red, o, nout, nred, chunk, nchunks, xp, outp); \
} \
extern "C" __global__ void __launch_bounds__(BLOCK) argreduce_##S(int isMax, TI kept, i64 len, i64 stride, TI o, \
                                                                  i64 nout, const T* xp, i64* outp) { \
    argImpl<T>(isMax, kept, len, stride, o, nout, xp, outp); \
}
ALL_TYPES(REDUCE)

#define SOFTMAX(S, T) \
extern "C" __global__ void __launch_bounds__(BLOCK) softmax_##S(int logOut, TI rows, i64 len, i64 xs, TI orows, i64 os, \
                                                                i64 nrows, const T* xp, T* outp) { \
    softmaxImpl<T>(logOut, rows, len, xs, orows, os, nrows, xp, outp); \
} \
extern "C" __global__ void __launch_bounds__(BLOCK) softmaxback_##S(int logOut, TI yr, i64 ys, TI gr, i64 gs, TI ir, \
                                                                    i64 is, i64 len, i64 nrows, const T* yp, \
                                                                    const T* gp, T* ip) { \
    softmaxBackImpl<T>(logOut, yr, ys, gr, gs, ir, is, len, nrows, yp, gp, ip); \
}
FLOAT_TYPES(SOFTMAX)

// Inclusive scans (cumsum when sum, else cumprod) along one dim: one thread per line, sequential along it.
#define SCAN(S, T) \
extern "C" __global__ void scan_##S(int sum, TI rows, i64 len, i64 xs, TI orows, i64 os, i64 nrows, const T* xp, \
                                    T* outp) { \
    typedef Tr<T>::C A; \
    GRID_LOOP(j, nrows) { \
        i64 xb = offs(rows, j), ob = offs(orows, j); \
        A acc = sum ? (A) 0 : (A) 1; \
        for (i64 k = 0; k < len; k++) { \
            A v = Tr<T>::ld(xp[xb + k * xs]); \
            acc = sum ? acc + v : acc * v; \
            outp[ob + k * os] = Tr<T>::st(acc); \
        } \
    } \
}
ALL_TYPES(SCAN)
