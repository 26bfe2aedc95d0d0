// Pointwise kernels: one kernel per dtype and family, the op chosen by a code (uniform across the grid, so the
// switch costs no divergence). Codes are the Java side's CudaOps tables.

#define MF(name, f, d) \
    __device__ __forceinline__ float name(float x) { return f(x); } \
    __device__ __forceinline__ double name(double x) { return d(x); }
MF(m_exp, expf, exp) MF(m_exp2, exp2f, exp2) MF(m_expm1, expm1f, expm1) MF(m_log, logf, log) MF(m_log2, log2f, log2)
MF(m_log10, log10f, log10) MF(m_log1p, log1pf, log1p) MF(m_sqrt, sqrtf, sqrt) MF(m_rsqrt, rsqrtf, rsqrt)
MF(m_sin, sinf, sin) MF(m_cos, cosf, cos) MF(m_tan, tanf, tan) MF(m_asin, asinf, asin) MF(m_acos, acosf, acos)
MF(m_atan, atanf, atan) MF(m_sinh, sinhf, sinh) MF(m_cosh, coshf, cosh) MF(m_tanh, tanhf, tanh) MF(m_erf, erff, erf)
MF(m_floor, floorf, floor) MF(m_ceil, ceilf, ceil) MF(m_rint, rintf, rint) MF(m_trunc, truncf, trunc)
__device__ __forceinline__ float m_pow(float a, float b) { return powf(a, b); }
__device__ __forceinline__ double m_pow(double a, double b) { return pow(a, b); }
__device__ __forceinline__ float m_atan2(float a, float b) { return atan2f(a, b); }
__device__ __forceinline__ double m_atan2(double a, double b) { return atan2(a, b); }
__device__ __forceinline__ float m_fmod(float a, float b) { return fmodf(a, b); }
__device__ __forceinline__ double m_fmod(double a, double b) { return fmod(a, b); }

template <typename C> __device__ __forceinline__ C funary(int op, C x) {
    switch (op) {
        case 0: return -x;
        case 1: return x < 0 ? -x : x;
        case 2: return x != x ? x : (C) ((x > 0) - (x < 0));
        case 3: return m_exp(x);
        case 4: return m_exp2(x);
        case 5: return m_expm1(x);
        case 6: return m_log(x);
        case 7: return m_log2(x);
        case 8: return m_log10(x);
        case 9: return m_log1p(x);
        case 10: return m_sqrt(x);
        case 11: return m_rsqrt(x);
        case 12: return (C) 1 / x;
        case 13: return m_sin(x);
        case 14: return m_cos(x);
        case 15: return m_tan(x);
        case 16: return m_asin(x);
        case 17: return m_acos(x);
        case 18: return m_atan(x);
        case 19: return m_sinh(x);
        case 20: return m_cosh(x);
        case 21: return m_tanh(x);
        case 22: return (C) 1 / ((C) 1 + m_exp(-x));
        case 23: return x > 0 ? x : (x != x ? x : (C) 0);
        case 24: return (C) 0.5 * x * ((C) 1 + m_erf(x * (C) 0.70710678118654752440));
        case 25: {
            C inner = (C) 0.79788456080286535588 * (x + (C) 0.044715 * x * x * x);
            return (C) 0.5 * x * ((C) 1 + m_tanh(inner));
        }
        case 26: return x / ((C) 1 + m_exp(-x));
        case 27: return m_erf(x);
        case 28: return m_floor(x);
        case 29: return m_ceil(x);
        case 30: return m_rint(x);
        case 31: return m_trunc(x);
        case 32: return x - m_trunc(x);
        default: return x;
    }
}

__device__ __forceinline__ i64 iunary(int op, i64 x) {
    switch (op) {
        case 0: return -x;
        case 1: return x < 0 ? -x : x;
        case 2: return (x > 0) - (x < 0);
        case 23: return x > 0 ? x : 0;
        default: return x;  // floor, ceil, round, trunc of an integer
    }
}

// isnan, isinf, isfinite, logical_not: bool results
template <typename C> __device__ __forceinline__ bool bunary(int op, C x) {
    switch (op) {
        case 33: return x != x;
        case 34: return x == (C) (1.0 / 0.0) || x == (C) (-1.0 / 0.0);
        case 35: return x == x && x != (C) (1.0 / 0.0) && x != (C) (-1.0 / 0.0);
        default: return x == (C) 0;
    }
}
template <> __device__ __forceinline__ bool bunary<i64>(int op, i64 x) {
    switch (op) {
        case 33: case 34: return false;
        case 35: return true;
        default: return x == 0;
    }
}

template <typename C> __device__ __forceinline__ C fbinary(int op, C a, C b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return m_pow(a, b);
        case 5: return m_atan2(a, b);
        case 6: return (a != a || b != b) ? (a - a) + (b - b) : (a < b ? a : b);
        case 7: return (a != a || b != b) ? (a - a) + (b - b) : (a > b ? a : b);
        case 8: return m_fmod(a, b);
        case 9: {
            C r = m_fmod(a, b);
            return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
        }
        case 10: return m_floor(a / b);
        case 11: return m_trunc(a / b);
        case 12: return b <= 0 ? (C) 0 : a; // threshold_backward(grad, result, 0): NaN results pass the gradient
        default: return a;
    }
}

__device__ __forceinline__ i64 ibinary(int op, i64 a, i64 b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return b == 0 ? 0 : a / b;
        case 4: {
            if (b < 0) return a == 1 ? 1 : (a == -1 ? ((b & 1) ? -1 : 1) : 0);
            i64 r = 1;
            while (b) { if (b & 1) r *= a; a *= a; b >>= 1; }
            return r;
        }
        case 6: return a < b ? a : b;
        case 7: return a > b ? a : b;
        case 8: return b == 0 ? 0 : a % b;
        case 9: {
            if (b == 0) return 0;
            i64 r = a % b;
            return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
        }
        case 10: {
            if (b == 0) return 0;
            i64 q = a / b;
            return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q;
        }
        case 11: return b == 0 ? 0 : a / b;
        case 12: return b <= 0 ? 0 : a;
        default: return a;
    }
}

template <typename C> __device__ __forceinline__ bool compare(int op, C a, C b) {
    switch (op) {
        case 0: return a == b;
        case 1: return a != b;
        case 2: return a < b;
        case 3: return a <= b;
        case 4: return a > b;
        case 5: return a >= b;
        case 6: return a != (C) 0 && b != (C) 0;
        case 7: return a != (C) 0 || b != (C) 0;
        default: return (a != (C) 0) != (b != (C) 0);
    }
}

template <typename T> __device__ __forceinline__ typename Tr<T>::C unaryOf(int op, typename Tr<T>::C x) {
    if constexpr (Tr<T>::FLOAT) return funary(op, x); else return iunary(op, x);
}
template <typename T> __device__ __forceinline__ typename Tr<T>::C binaryOf(int op, typename Tr<T>::C a, typename Tr<T>::C b) {
    if constexpr (Tr<T>::FLOAT) return fbinary(op, a, b); else return ibinary(op, a, b);
}

#define ELEMENTWISE(S, T) \
extern "C" __global__ void unary_##S(int op, TI x, TI o, i64 n, const T* xp, T* outp) { \
    GRID_LOOP(i, n) outp[offs(o, i)] = Tr<T>::st(unaryOf<T>(op, Tr<T>::ld(xp[offs(x, i)]))); \
} \
extern "C" __global__ void unarybool_##S(int op, TI x, TI o, i64 n, const T* xp, b8* outp) { \
    GRID_LOOP(i, n) { b8 r; r.x = bunary(op, Tr<T>::ld(xp[offs(x, i)])); outp[offs(o, i)] = r; } \
} \
extern "C" __global__ void binary_##S(int op, TI a, TI b, TI o, i64 n, const T* ap, const T* bp, T* outp) { \
    GRID_LOOP(i, n) outp[offs(o, i)] = Tr<T>::st(binaryOf<T>(op, Tr<T>::ld(ap[offs(a, i)]), Tr<T>::ld(bp[offs(b, i)]))); \
} \
extern "C" __global__ void compare_##S(int op, TI a, TI b, TI o, i64 n, const T* ap, const T* bp, b8* outp) { \
    GRID_LOOP(i, n) { b8 r; r.x = compare(op, Tr<T>::ld(ap[offs(a, i)]), Tr<T>::ld(bp[offs(b, i)])); outp[offs(o, i)] = r; } \
} \
extern "C" __global__ void where_##S(TI c, TI a, TI b, TI o, i64 n, const b8* cp, const T* ap, const T* bp, T* outp) { \
    GRID_LOOP(i, n) outp[offs(o, i)] = cp[offs(c, i)].x ? ap[offs(a, i)] : bp[offs(b, i)]; \
} \
extern "C" __global__ void fill_##S(TI o, i64 n, double v, i64 iv, T* outp) { \
    T val = Tr<T>::FLOAT ? Tr<T>::st((typename Tr<T>::C) v) : Tr<T>::st((typename Tr<T>::C) iv); \
    GRID_LOOP(i, n) outp[offs(o, i)] = val; \
}
ALL_TYPES(ELEMENTWISE)
