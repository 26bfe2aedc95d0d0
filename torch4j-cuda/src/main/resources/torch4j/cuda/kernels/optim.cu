// Fused optimizer steps: one pass over parameter, gradient and state, in the order of operations of the CPU's fused
// loops (torch4j.optim.SGD / AdamFamily), computed in the parameter's compute type (float for float32).

template <typename T> __device__ void sgdImpl(i64 n, T* p, const T* g, T* buf, double lr, double momentum,
                                              double dampening, double wd, int nesterov, int maximize) {
    typedef typename Tr<T>::C A;
    A flr = (A) lr, fm = (A) momentum, fd = (A) (1 - dampening), fwd = (A) wd;
    GRID_LOOP(i, n) {
        A w = Tr<T>::ld(p[i]);
        A d = Tr<T>::ld(g[i]);
        if (maximize) d = -d;
        if (wd != 0) d += fwd * w;
        if (buf) {
            A b = fm * Tr<T>::ld(buf[i]) + fd * d;
            buf[i] = Tr<T>::st(b);
            d = nesterov ? d + fm * b : b;
        }
        p[i] = Tr<T>::st(w - flr * d);
    }
}

template <typename T> __device__ void adamImpl(i64 n, T* p, const T* g, T* m, T* v, T* vmax, double lr, double beta1,
                                               double beta2, double wd, double eps, int decoupled, int maximize,
                                               double stepSize, double bc2Sqrt) {
    typedef typename Tr<T>::C A;
    A decay = (A) (1 - lr * wd), fwd = (A) wd, b1 = (A) beta1, c1 = (A) (1 - beta1), b2 = (A) beta2, c2 = (A) (1 - beta2);
    A fe = (A) eps, fbc = (A) bc2Sqrt, nss = (A) -stepSize;
    bool l2 = !decoupled && wd != 0;
    GRID_LOOP(i, n) {
        A w = Tr<T>::ld(p[i]);
        if (decoupled) w *= decay;
        A gi = Tr<T>::ld(g[i]);
        if (maximize) gi = -gi;
        if (l2) gi += fwd * w;
        A mi = Tr<T>::ld(m[i]) * b1 + c1 * gi;
        A vi = Tr<T>::ld(v[i]) * b2 + c2 * gi * gi;
        m[i] = Tr<T>::st(mi);
        v[i] = Tr<T>::st(vi);
        if (vmax) {
            A x = Tr<T>::ld(vmax[i]);
            vi = x > vi ? x : vi;
            vmax[i] = Tr<T>::st(vi);
        }
        A denom = (A) sqrt((double) vi) / fbc + fe;
        p[i] = Tr<T>::st(w + nss * (mi / denom));
    }
}

#define OPTIM(S, T) \
extern "C" __global__ void sgd_##S(i64 n, T* p, const T* g, T* buf, double lr, double momentum, double dampening, \
                                   double wd, int nesterov, int maximize) { \
    sgdImpl<T>(n, p, g, buf, lr, momentum, dampening, wd, nesterov, maximize); \
} \
extern "C" __global__ void adam_##S(i64 n, T* p, const T* g, T* m, T* v, T* vmax, double lr, double beta1, \
                                    double beta2, double wd, double eps, int decoupled, int maximize, double stepSize, \
                                    double bc2Sqrt) { \
    adamImpl<T>(n, p, g, m, v, vmax, lr, beta1, beta2, wd, eps, decoupled, maximize, stepSize, bc2Sqrt); \
}
FLOAT_TYPES(OPTIM)
