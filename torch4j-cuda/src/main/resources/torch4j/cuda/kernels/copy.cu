// Casting copies between any two dtypes on the device (the host side of to(device) copies raw bytes).

#define COPY_TO(DS, D, SS, S) \
extern "C" __global__ void copy_##SS##_##DS(TI s, TI d, i64 n, const S* sp, D* dp) { \
    GRID_LOOP(i, n) dp[offs(d, i)] = cvt<S, D>(sp[offs(s, i)]); \
}
#define COPY_FROM(SS, S) \
    COPY_TO(f32, float, SS, S) COPY_TO(f64, double, SS, S) COPY_TO(f16, h16, SS, S) COPY_TO(bf16, bf16, SS, S) \
    COPY_TO(i64, i64, SS, S) COPY_TO(i32, int, SS, S) COPY_TO(i16, short, SS, S) COPY_TO(i8, signed char, SS, S) \
    COPY_TO(u8, unsigned char, SS, S) COPY_TO(b8, b8, SS, S)
ALL_TYPES(COPY_FROM)
