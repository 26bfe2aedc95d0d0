// Pooling over planes: x [P, H, W] contiguous; one thread per output element.

template <typename T> __device__ void maxPoolImpl(i64 P, int H, int W, int OH, int OW, int kH, int kW, int sH, int sW,
                                                  int pH, int pW, int dH, int dW, const T* xp, T* outp, i64* ip) {
    typedef typename Tr<T>::C A;
    i64 n = P * OH * OW;
    GRID_LOOP(i, n) {
        int ow = i % OW, oh = (i / OW) % OH;
        i64 p = i / ((i64) OW * OH);
        const T* plane = xp + p * H * W;
        A best = 0;
        i64 bi = -1;
        for (int kh = 0; kh < kH; kh++) {
            int ih = oh * sH - pH + kh * dH;
            if (ih < 0 || ih >= H) continue;
            for (int kw = 0; kw < kW; kw++) {
                int iw = ow * sW - pW + kw * dW;
                if (iw < 0 || iw >= W) continue;
                A v = Tr<T>::ld(plane[(i64) ih * W + iw]);
                if (bi < 0 || (v != v && best == best) || v > best) { best = v; bi = (i64) ih * W + iw; }
            }
        }
        outp[i] = Tr<T>::st(best);
        ip[i] = bi < 0 ? 0 : bi;
    }
}

#define POOL(S, T) \
extern "C" __global__ void max_pool2d_##S(i64 P, int H, int W, int OH, int OW, int kH, int kW, int sH, int sW, int pH, \
                                          int pW, int dH, int dW, const T* xp, T* outp, i64* ip) { \
    maxPoolImpl<T>(P, H, W, OH, OW, kH, kW, sH, sW, pH, pW, dH, dW, xp, outp, ip); \
} \
extern "C" __global__ void gather_planes_##S(i64 P, i64 M, i64 L, const T* sp, const i64* ip, T* outp) { \
    GRID_LOOP(i, P * L) outp[i] = sp[(i / L) * M + ip[i]]; \
}
FLOAT_TYPES(POOL)

#define POOL_ADD(S, T) \
extern "C" __global__ void scatter_add_planes_##S(i64 P, i64 M, i64 L, const T* sp, const i64* ip, T* outp) { \
    GRID_LOOP(i, P * L) atomicAdd(outp + (i / L) * M + ip[i], sp[i]); \
}
POOL_ADD(f32, float) POOL_ADD(f64, double)

// Adaptive max pooling: output cell (oh, ow) covers rows [floor(oh·H/OH), ceil((oh+1)·H/OH)) and likewise columns.
#define ADAPTIVE(S, T) \
extern "C" __global__ void adaptive_max_pool2d_##S(i64 P, int H, int W, int OH, int OW, const T* xp, T* outp, i64* ip) { \
    typedef Tr<T>::C A; \
    GRID_LOOP(i, P * OH * OW) { \
        int ow = i % OW, oh = (i / OW) % OH; \
        i64 p = i / ((i64) OW * OH); \
        int h0 = (int) (((i64) oh * H) / OH), h1 = (int) ((((i64) oh + 1) * H + OH - 1) / OH); \
        int w0 = (int) (((i64) ow * W) / OW), w1 = (int) ((((i64) ow + 1) * W + OW - 1) / OW); \
        const T* plane = xp + p * H * W; \
        A best = 0; \
        i64 bi = -1; \
        for (int h = h0; h < h1; h++) \
            for (int w = w0; w < w1; w++) { \
                A v = Tr<T>::ld(plane[(i64) h * W + w]); \
                if (bi < 0 || (v != v && best == best) || v > best) { best = v; bi = (i64) h * W + w; } \
            } \
        outp[i] = Tr<T>::st(best); \
        ip[i] = bi < 0 ? 0 : bi; \
    } \
}
FLOAT_TYPES(ADAPTIVE)

// The separable linear map of PoolKernels.separable2d (average pooling, adaptive average pooling, interpolation):
// tap index -1 is skipped. The adjoint scatters with atomics (float32/float64).
#define SEPARABLE(S, T) \
extern "C" __global__ void separable2d_##S(i64 P, int H, int W, int OH, int OW, int tH, int tW, const int* ih, \
        const double* wh, const int* iw, const double* ww, const T* xp, T* outp) { \
    GRID_LOOP(i, P * OH * OW) { \
        int ow = i % OW, oh = (i / OW) % OH; \
        i64 p = i / ((i64) OW * OH); \
        const T* plane = xp + p * H * W; \
        double acc = 0; \
        for (int t = 0; t < tH; t++) { \
            int h = ih[oh * tH + t]; \
            if (h < 0) continue; \
            double rowAcc = 0; \
            for (int u = 0; u < tW; u++) { \
                int w = iw[ow * tW + u]; \
                if (w < 0) continue; \
                rowAcc += ww[ow * tW + u] * (double) Tr<T>::ld(plane[(i64) h * W + w]); \
            } \
            acc += wh[oh * tH + t] * rowAcc; \
        } \
        outp[i] = Tr<T>::st((Tr<T>::C) acc); \
    } \
}
FLOAT_TYPES(SEPARABLE)

#define SEPARABLE_ADJ(S, T) \
extern "C" __global__ void separable2d_adjoint_##S(i64 P, int H, int W, int OH, int OW, int tH, int tW, const int* ih, \
        const double* wh, const int* iw, const double* ww, const T* gp, T* gin) { \
    GRID_LOOP(i, P * OH * OW) { \
        int ow = i % OW, oh = (i / OW) % OH; \
        i64 p = i / ((i64) OW * OH); \
        double g = (double) gp[i]; \
        for (int t = 0; t < tH; t++) { \
            int h = ih[oh * tH + t]; \
            if (h < 0) continue; \
            for (int u = 0; u < tW; u++) { \
                int w = iw[ow * tW + u]; \
                if (w < 0) continue; \
                atomicAdd(gin + p * H * W + (i64) h * W + w, (T) (g * wh[oh * tH + t] * ww[ow * tW + u])); \
            } \
        } \
    } \
}
SEPARABLE_ADJ(f32, float) SEPARABLE_ADJ(f64, double)

// Copies through per-dim index maps (padding): x [B, d1..dk] and out [B, o1..ok] contiguous, k <= 3. g holds
// k, the out dims (3), the x dims (3) and where each dim's map starts in maps (3).
#define INDEX_MAP(S, T) \
extern "C" __global__ void index_map_##S(i64 n, int k, int o0, int o1, int o2, int x0, int x1, int x2, int m0, int m1, \
        int m2, const int* maps, double fill, const T* xp, T* outp) { \
    int od[3] = {o0, o1, o2}, xd[3] = {x0, x1, x2}, mo[3] = {m0, m1, m2}; \
    GRID_LOOP(i, n) { \
        i64 rest = i, xoff = 0, xstride = 1; \
        bool pad = false; \
        for (int d = k - 1; d >= 0; d--) { \
            int j = rest % od[d]; \
            rest /= od[d]; \
            int src = maps[mo[d] + j]; \
            if (src < 0) pad = true; \
            xoff += (i64) src * xstride; \
            xstride *= xd[d]; \
        } \
        outp[i] = pad ? Tr<T>::st((Tr<T>::C) fill) : xp[rest * xstride + xoff]; \
    } \
} \
extern "C" __global__ void index_map_adjoint_##S(i64 n, int k, int o0, int o1, int o2, int x0, int x1, int x2, int m0, \
        int m1, int m2, const int* maps, const T* gp, T* gin) { \
    int od[3] = {o0, o1, o2}, xd[3] = {x0, x1, x2}, mo[3] = {m0, m1, m2}; \
    GRID_LOOP(i, n) { \
        i64 rest = i, xoff = 0, xstride = 1; \
        bool pad = false; \
        for (int d = k - 1; d >= 0; d--) { \
            int j = rest % od[d]; \
            rest /= od[d]; \
            int src = maps[mo[d] + j]; \
            if (src < 0) pad = true; \
            xoff += (i64) src * xstride; \
            xstride *= xd[d]; \
        } \
        if (!pad) atomicAdd(gin + rest * xstride + xoff, gp[i]); \
    } \
}
INDEX_MAP(f32, float) INDEX_MAP(f64, double)
