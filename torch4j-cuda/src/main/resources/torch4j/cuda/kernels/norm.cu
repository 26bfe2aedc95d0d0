// Layer/group norm (rows) and batch norm (channels). Tensors are contiguous; statistics accumulate in double, as the
// CPU kernels do, so float32 results agree with them to rounding. One block per row, channel or affine element.

#define NBLOCK 256

__device__ __forceinline__ double blockSum(double v, double* sh) {
    int t = threadIdx.x;
    sh[t] = v;
    __syncthreads();
    for (int s = NBLOCK / 2; s > 0; s >>= 1) {
        if (t < s) sh[t] += sh[t + s];
        __syncthreads();
    }
    double r = sh[0];
    __syncthreads();
    return r;
}

template <typename T> __device__ __forceinline__ double ldd(const T* p, i64 i) { return (double) Tr<T>::ld(p[i]); }
template <typename T> __device__ __forceinline__ void std_(T* p, i64 i, double v) {
    p[i] = Tr<T>::st((typename Tr<T>::C) v);
}

template <typename T> __device__ void rowNormImpl(i64 rows, i64 len, int groups, i64 spatial, double eps, const T* x,
                                                  const T* w, const T* b, T* y, T* mean, T* rstd) {
    __shared__ double sh[NBLOCK];
    i64 k = len / spatial;
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + r * len;
        double s = 0;
        for (i64 j = threadIdx.x; j < len; j += NBLOCK) s += ldd(xr, j);
        double m = len == 0 ? (0.0 / 0.0) : blockSum(s, sh) / len;
        double v = 0;
        for (i64 j = threadIdx.x; j < len; j += NBLOCK) { double c = ldd(xr, j) - m; v += c * c; }
        double rs = 1 / sqrt(blockSum(v, sh) / len + eps);
        if (threadIdx.x == 0) { std_(mean, r, m); std_(rstd, r, rs); }
        i64 abase = (r % groups) * k;
        for (i64 j = threadIdx.x; j < len; j += NBLOCK) {
            double o = (ldd(xr, j) - m) * rs;
            i64 a = abase + j / spatial;
            if (w) o *= ldd(w, a);
            if (b) o += ldd(b, a);
            std_(y, r * len + j, o);
        }
    }
}

template <typename T> __device__ void rowNormBackDxImpl(i64 rows, i64 len, int groups, i64 spatial, const T* dy,
                                                        const T* x, const T* mean, const T* rstd, const T* w, T* dx) {
    __shared__ double sh[NBLOCK];
    i64 k = len / spatial;
    for (i64 r = blockIdx.x; r < rows; r += gridDim.x) {
        i64 base = r * len, abase = (r % groups) * k;
        double m = ldd(mean, r), rs = ldd(rstd, r);
        double sg = 0, sgx = 0;
        for (i64 j = threadIdx.x; j < len; j += NBLOCK) {
            double g = ldd(dy, base + j);
            if (w) g *= ldd(w, abase + j / spatial);
            sg += g;
            sgx += g * (ldd(x, base + j) - m) * rs;
        }
        sg = blockSum(sg, sh) / len;
        sgx = blockSum(sgx, sh) / len;
        for (i64 j = threadIdx.x; j < len; j += NBLOCK) {
            double g = ldd(dy, base + j);
            if (w) g *= ldd(w, abase + j / spatial);
            double xh = (ldd(x, base + j) - m) * rs;
            std_(dx, base + j, rs * (g - sg - xh * sgx));
        }
    }
}

template <typename T> __device__ void rowNormBackAffineImpl(i64 rows, i64 len, int groups, i64 spatial, const T* dy,
                                                            const T* x, const T* mean, const T* rstd, T* dw, T* db) {
    __shared__ double sh[NBLOCK];
    i64 k = len / spatial, nAffine = groups * k, rowsPerGroup = rows / groups;
    for (i64 a = blockIdx.x; a < nAffine; a += gridDim.x) {
        i64 g = a / k, c = a % k;
        double accW = 0, accB = 0;
        for (i64 t = threadIdx.x; t < rowsPerGroup * spatial; t += NBLOCK) {
            i64 rr = t / spatial, s = t % spatial, r = rr * groups + g;
            i64 idx = r * len + c * spatial + s;
            double gv = ldd(dy, idx);
            accW += gv * (ldd(x, idx) - ldd(mean, r)) * ldd(rstd, r);
            accB += gv;
        }
        accW = blockSum(accW, sh);
        accB = blockSum(accB, sh);
        if (threadIdx.x == 0) {
            if (dw) std_(dw, a, accW);
            if (db) std_(db, a, accB);
        }
    }
}

template <typename T> __device__ void channelStatsImpl(i64 batch, i64 channels, i64 spatial, const T* x, T* mean,
                                                       T* var) {
    __shared__ double sh[NBLOCK];
    i64 cnt = batch * spatial;
    for (i64 c = blockIdx.x; c < channels; c += gridDim.x) {
        double s = 0;
        for (i64 t = threadIdx.x; t < cnt; t += NBLOCK) s += ldd(x, ((t / spatial) * channels + c) * spatial + t % spatial);
        double m = blockSum(s, sh) / cnt;
        double v = 0;
        for (i64 t = threadIdx.x; t < cnt; t += NBLOCK) {
            double d = ldd(x, ((t / spatial) * channels + c) * spatial + t % spatial) - m;
            v += d * d;
        }
        v = blockSum(v, sh) / cnt;
        if (threadIdx.x == 0) { std_(mean, c, m); std_(var, c, v); }
    }
}

template <typename T> __device__ void channelNormImpl(i64 n, i64 channels, i64 spatial, const T* x, const T* mean,
                                                      const T* invstd, const T* w, const T* b, T* y) {
    GRID_LOOP(i, n) {
        i64 c = (i / spatial) % channels;
        double is = ldd(invstd, c);
        double scale = w ? is * ldd(w, c) : is;
        double shift = (b ? ldd(b, c) : 0.0) - ldd(mean, c) * scale;
        std_(y, i, ldd(x, i) * scale + shift);
    }
}

template <typename T> __device__ void channelNormBackImpl(i64 batch, i64 channels, i64 spatial, int training,
                                                          const T* dy, const T* x, const T* mean, const T* invstd,
                                                          const T* w, T* dx, T* dw, T* db) {
    __shared__ double sh[NBLOCK];
    i64 cnt = batch * spatial;
    for (i64 c = blockIdx.x; c < channels; c += gridDim.x) {
        double m = ldd(mean, c), is = ldd(invstd, c), wc = w ? ldd(w, c) : 1.0;
        double sg = 0, sgx = 0;
        for (i64 t = threadIdx.x; t < cnt; t += NBLOCK) {
            i64 idx = ((t / spatial) * channels + c) * spatial + t % spatial;
            double g = ldd(dy, idx);
            sg += g;
            sgx += g * (ldd(x, idx) - m);
        }
        sg = blockSum(sg, sh);
        sgx = blockSum(sgx, sh);
        if (threadIdx.x == 0) {
            if (dw) std_(dw, c, sgx * is);
            if (db) std_(db, c, sg);
        }
        if (!dx) continue;
        double mg = sg / cnt, kk = sgx * is * is / cnt;
        for (i64 t = threadIdx.x; t < cnt; t += NBLOCK) {
            i64 idx = ((t / spatial) * channels + c) * spatial + t % spatial;
            double g = ldd(dy, idx);
            std_(dx, idx, training ? (g - mg - (ldd(x, idx) - m) * kk) * is * wc : g * is * wc);
        }
    }
}

#define NORM(S, T) \
extern "C" __global__ void __launch_bounds__(NBLOCK) row_norm_##S(i64 rows, i64 len, int groups, i64 spatial, double eps, \
        const T* x, const T* w, const T* b, T* y, T* mean, T* rstd) { \
    rowNormImpl<T>(rows, len, groups, spatial, eps, x, w, b, y, mean, rstd); \
} \
extern "C" __global__ void __launch_bounds__(NBLOCK) row_norm_back_dx_##S(i64 rows, i64 len, int groups, i64 spatial, \
        const T* dy, const T* x, const T* mean, const T* rstd, const T* w, T* dx) { \
    rowNormBackDxImpl<T>(rows, len, groups, spatial, dy, x, mean, rstd, w, dx); \
} \
extern "C" __global__ void __launch_bounds__(NBLOCK) row_norm_back_affine_##S(i64 rows, i64 len, int groups, \
        i64 spatial, const T* dy, const T* x, const T* mean, const T* rstd, T* dw, T* db) { \
    rowNormBackAffineImpl<T>(rows, len, groups, spatial, dy, x, mean, rstd, dw, db); \
} \
extern "C" __global__ void __launch_bounds__(NBLOCK) channel_stats_##S(i64 batch, i64 channels, i64 spatial, \
        const T* x, T* mean, T* var) { \
    channelStatsImpl<T>(batch, channels, spatial, x, mean, var); \
} \
extern "C" __global__ void channel_norm_##S(i64 n, i64 channels, i64 spatial, const T* x, const T* mean, \
        const T* invstd, const T* w, const T* b, T* y) { \
    channelNormImpl<T>(n, channels, spatial, x, mean, invstd, w, b, y); \
} \
extern "C" __global__ void __launch_bounds__(NBLOCK) channel_norm_back_##S(i64 batch, i64 channels, i64 spatial, \
        int training, const T* dy, const T* x, const T* mean, const T* invstd, const T* w, T* dx, T* dw, T* db) { \
    channelNormBackImpl<T>(batch, channels, spatial, training, dy, x, mean, invstd, w, dx, dw, db); \
}
FLOAT_TYPES(NORM)
