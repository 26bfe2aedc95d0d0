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
