// Shared by every kernel source of torch4j's CUDA backend (prepended by the loader; NVRTC sees one translation unit).
// No CUDA headers are included, so the sources compile with a bare NVRTC: 16-bit floats are stored as raw bits and
// converted with PTX's cvt (float16) or bit arithmetic (bfloat16).

typedef long long i64;

#define MAXD 8

// A tensor operand: storage offset, and the sizes/strides of the iteration shape (nd < 0: contiguous, element i is
// at off + i). Matches the 112-byte struct the Java side writes (TensorArg).
struct TI {
    i64 off;
    int nd;
    int sz[MAXD];
    i64 st[MAXD];
};

__device__ __forceinline__ i64 offs(const TI& t, i64 i) {
    if (t.nd < 0) return t.off + i;
    i64 o = t.off;
    for (int d = t.nd - 1; d >= 0; --d) {
        i64 s = t.sz[d];
        i64 c = i % s;
        i /= s;
        o += c * t.st[d];
    }
    return o;
}

struct h16 { unsigned short x; };
struct bf16 { unsigned short x; };
struct b8 { unsigned char x; };

__device__ __forceinline__ float h2f(unsigned short h) {
    float f;
    asm("{ .reg .b16 t; mov.b16 t, %1; cvt.f32.f16 %0, t; }" : "=f"(f) : "h"(h));
    return f;
}

__device__ __forceinline__ unsigned short f2h(float f) {
    unsigned short h;
    asm("{ .reg .b16 t; cvt.rn.f16.f32 t, %1; mov.b16 %0, t; }" : "=h"(h) : "f"(f));
    return h;
}

__device__ __forceinline__ float bf2f(unsigned short b) { return __int_as_float(((unsigned int) b) << 16); }

__device__ __forceinline__ unsigned short f2bf(float f) {
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;  // NaN
    u += 0x7fffu + ((u >> 16) & 1u);                      // round to nearest even
    return (unsigned short) (u >> 16);
}

// Per storage type: the compute type C and conversions (floats compute in float or double, integers in i64).
template <typename T> struct Tr;
template <> struct Tr<float> {
    typedef float C;
    static __device__ __forceinline__ C ld(float v) { return v; }
    static __device__ __forceinline__ float st(C v) { return v; }
    static const bool FLOAT = true;
};
template <> struct Tr<double> {
    typedef double C;
    static __device__ __forceinline__ C ld(double v) { return v; }
    static __device__ __forceinline__ double st(C v) { return v; }
    static const bool FLOAT = true;
};
template <> struct Tr<h16> {
    typedef float C;
    static __device__ __forceinline__ C ld(h16 v) { return h2f(v.x); }
    static __device__ __forceinline__ h16 st(C v) { h16 r; r.x = f2h(v); return r; }
    static const bool FLOAT = true;
};
template <> struct Tr<bf16> {
    typedef float C;
    static __device__ __forceinline__ C ld(bf16 v) { return bf2f(v.x); }
    static __device__ __forceinline__ bf16 st(C v) { bf16 r; r.x = f2bf(v); return r; }
    static const bool FLOAT = true;
};
#define INT_TRAITS(T) \
    template <> struct Tr<T> { \
        typedef i64 C; \
        static __device__ __forceinline__ C ld(T v) { return (C) v; } \
        static __device__ __forceinline__ T st(C v) { return (T) v; } \
        static const bool FLOAT = false; \
    };
INT_TRAITS(i64)
INT_TRAITS(int)
INT_TRAITS(short)
INT_TRAITS(signed char)
INT_TRAITS(unsigned char)
template <> struct Tr<b8> {
    typedef i64 C;
    static __device__ __forceinline__ C ld(b8 v) { return v.x != 0; }
    static __device__ __forceinline__ b8 st(C v) { b8 r; r.x = v != 0; return r; }
    static const bool FLOAT = false;
};

// Conversion between any two storage types through double (exact for every value but int64 beyond 2^53, which
// goes through i64 when both sides are integers).
template <typename S, typename D> __device__ __forceinline__ D cvt(S v) {
    if (!Tr<S>::FLOAT && !Tr<D>::FLOAT) return Tr<D>::st((i64) Tr<S>::ld(v));
    return Tr<D>::st((typename Tr<D>::C) (double) Tr<S>::ld(v));
}
template <> __device__ __forceinline__ b8 cvt<float, b8>(float v) { b8 r; r.x = v != 0.f; return r; }
template <> __device__ __forceinline__ b8 cvt<double, b8>(double v) { b8 r; r.x = v != 0.0; return r; }
template <> __device__ __forceinline__ b8 cvt<h16, b8>(h16 v) { b8 r; r.x = h2f(v.x) != 0.f; return r; }
template <> __device__ __forceinline__ b8 cvt<bf16, b8>(bf16 v) { b8 r; r.x = bf2f(v.x) != 0.f; return r; }

#define GRID_LOOP(i, n) for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64) gridDim.x * blockDim.x)

// Instantiates MACRO(name suffix, storage type) for every dtype the backend stores.
#define ALL_TYPES(M) M(f32, float) M(f64, double) M(f16, h16) M(bf16, bf16) M(i64, i64) M(i32, int) M(i16, short) \
    M(i8, signed char) M(u8, unsigned char) M(b8, b8)
#define FLOAT_TYPES(M) M(f32, float) M(f64, double) M(f16, h16) M(bf16, bf16)
