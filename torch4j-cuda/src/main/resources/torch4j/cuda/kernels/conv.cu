// im2col and its adjoint for convolutions as GEMMs (the GEMMs themselves go through cuBLAS). Inputs are
// contiguous [N, C, D, H, W]; columns are [N, C*kD*kH*kW, oD*oH*oW]. col2im gathers (each input element sums the
// column entries that read it), so it needs no atomics and is deterministic.

struct ConvGeom {
    int N, C, D, H, W;
    int kD, kH, kW, oD, oH, oW;
    int sD, sH, sW, pD, pH, pW, dD, dH, dW;
};

template <typename T> __device__ void im2colImpl(const ConvGeom& g, const T* xp, T* cp) {
    i64 L = (i64) g.oD * g.oH * g.oW, K = (i64) g.kD * g.kH * g.kW;
    i64 n = (i64) g.N * g.C * K * L;
    GRID_LOOP(i, n) {
        i64 l = i % L, r = i / L;
        i64 k = r % K, nc = r / K;
        int kw = k % g.kW, kh = (k / g.kW) % g.kH, kd = k / ((i64) g.kW * g.kH);
        int ow = l % g.oW, oh = (l / g.oW) % g.oH, od = l / ((i64) g.oW * g.oH);
        int id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH, iw = ow * g.sW - g.pW + kw * g.dW;
        bool in = id >= 0 && id < g.D && ih >= 0 && ih < g.H && iw >= 0 && iw < g.W;
        cp[i] = in ? xp[((nc * g.D + id) * g.H + ih) * (i64) g.W + iw] : Tr<T>::st((typename Tr<T>::C) 0);
    }
}

template <typename T> __device__ void col2imImpl(const ConvGeom& g, const T* cp, T* xp) {
    typedef typename Tr<T>::C A;
    i64 L = (i64) g.oD * g.oH * g.oW, K = (i64) g.kD * g.kH * g.kW;
    i64 n = (i64) g.N * g.C * g.D * g.H * g.W;
    GRID_LOOP(i, n) {
        int iw = i % g.W, ih = (i / g.W) % g.H, id = (i / ((i64) g.W * g.H)) % g.D;
        i64 nc = i / ((i64) g.W * g.H * g.D);
        A acc = 0;
        for (int kd = 0; kd < g.kD; kd++) {
            int td = id + g.pD - kd * g.dD;
            if (td < 0 || td % g.sD) continue;
            int od = td / g.sD;
            if (od >= g.oD) continue;
            for (int kh = 0; kh < g.kH; kh++) {
                int th = ih + g.pH - kh * g.dH;
                if (th < 0 || th % g.sH) continue;
                int oh = th / g.sH;
                if (oh >= g.oH) continue;
                for (int kw = 0; kw < g.kW; kw++) {
                    int tw = iw + g.pW - kw * g.dW;
                    if (tw < 0 || tw % g.sW) continue;
                    int ow = tw / g.sW;
                    if (ow >= g.oW) continue;
                    i64 k = ((i64) kd * g.kH + kh) * g.kW + kw;
                    i64 l = ((i64) od * g.oH + oh) * g.oW + ow;
                    acc += Tr<T>::ld(cp[(nc * K + k) * L + l]);
                }
            }
        }
        xp[i] = Tr<T>::st(acc);
    }
}

#define CONV(S, T) \
extern "C" __global__ void im2col_##S(ConvGeom g, const T* xp, T* cp) { im2colImpl<T>(g, xp, cp); } \
extern "C" __global__ void col2im_##S(ConvGeom g, const T* cp, T* xp) { col2imImpl<T>(g, cp, xp); }
FLOAT_TYPES(CONV)

// out[n, o, l] += bias[o] over a contiguous [N, O, L] output.
#define BIAS(S, T) \
extern "C" __global__ void add_bias_##S(i64 n, i64 O, i64 L, const T* bp, T* outp) { \
    GRID_LOOP(i, n) outp[i] = Tr<T>::st(Tr<T>::ld(outp[i]) + Tr<T>::ld(bp[(i / L) % O])); \
}
FLOAT_TYPES(BIAS)
