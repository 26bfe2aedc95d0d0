package torch4j.internal.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * im2col and col2im over three spatial dims, float and double. A column matrix row r = ((c·kD + a)·kH + b)·kW + e
 * holds, for each output position p = (od·oH + oh)·oW + ow, the input element the kernel tap (a, b, e) of channel c
 * sees there (zero in the padding). Rows are written at dst[off + r·rowStride + p], so one routine fills both the
 * batch-wide conv layout [K, N·P] (rowStride N·P) and unfold's [N, K, P] (rowStride P).
 */
final class CpuIm2col {
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    private CpuIm2col() {}

    /** Geometry of one sample: C channels of D×H×W, a kD×kH×kW kernel, oD×oH×oW output positions. */
    record Geo(int c, int d, int h, int w, int kd, int kh, int kw, int od, int oh, int ow,
               int sd, int sh, int sw, int pd, int ph, int pw, int dd, int dh, int dw) {
        int rows() { return c * kd * kh * kw; }

        int positions() { return od * oh * ow; }

        int plane() { return d * h * w; }

        static Geo of(int c, int[] in, int[] k, int[] out, int[] s, int[] p, int[] dil) {
            return new Geo(c, in[0], in[1], in[2], k[0], k[1], k[2], out[0], out[1], out[2],
                    s[0], s[1], s[2], p[0], p[1], p[2], dil[0], dil[1], dil[2]);
        }
    }

    /** The valid output range [lo, hi) of one kernel tap along a dim: 0 ≤ o·s - p + t·dil < in. */
    private static int lo(int tapOff, int s) {
        // smallest o with o·s + tapOff ≥ 0
        return tapOff >= 0 ? 0 : (-tapOff + s - 1) / s;
    }

    private static int hi(int tapOff, int s, int in, int out) {
        // smallest o with o·s + tapOff ≥ in, clamped
        int v = in - tapOff <= 0 ? 0 : (in - tapOff + s - 1) / s;
        return Math.min(out, v);
    }

    /** Fills rows [r0, r1) of one sample's column matrix from x (sample base xOff). */
    static void im2col(float[] x, int xOff, Geo g, int r0, int r1, float[] dst, int dOff, int rowStride) {
        im2col(x, xOff, 0, 1, g, r0, r1, dst, dOff, rowStride, 0);
    }

    /**
     * Rows [r0, r1) of the column matrices of nb samples (sample n at x[xOff + n·sampleStride], its columns at
     * dst[dOff + r·rowStride + n·dstSampleStride + p]). A tap's geometry is worked out once per row for all samples:
     * per (row, sample) it dominated ResNet's deep layers, whose rows are 1-16 positions long.
     */
    static void im2col(float[] x, int xOff, int sampleStride, int nb, Geo g, int r0, int r1, float[] dst, int dOff,
                       int rowStride, int dstSampleStride) {
        int khw = g.kh * g.kw, kvol = g.kd * khw, ohw = g.oh * g.ow;
        if (g.positions() <= TABLE_MAX_P && ShiftMasks.applies(g)) {
            ShiftMasks m = ShiftMasks.of(g);
            int plane = g.plane(), chunks = m.chunks;
            for (int r = r0; r < r1; r++) {
                int c = r / khw, t = r % khw;
                VectorMask<Float>[] mt = m.valid[t];
                int rowBase = dOff + r * rowStride, cBase = xOff + c * plane + m.shift[t];
                for (int n = 0; n < nb; n++) {
                    int src = cBase + n * sampleStride, d = rowBase + n * dstSampleStride;
                    for (int ch = 0; ch < chunks; ch++) {
                        FloatVector v = FloatVector.fromArray(F16, x, src + ch * 16, mt[ch]);
                        if (ch < chunks - 1 || m.lastFull) v.intoArray(dst, d + ch * 16);
                        else v.intoArray(dst, d + ch * 16, m.last);
                    }
                }
            }
            return;
        }
        if (g.positions() <= TABLE_MAX_P) {
            int[][] tab = tapTableFor(g);
            int pos = g.positions(), plane = g.plane();
            for (int r = r0; r < r1; r++) {
                int[] ix = tab[r % kvol];
                int rowBase = dOff + r * rowStride, cBase = xOff + (r / kvol) * plane;
                for (int n = 0; n < nb; n++) {
                    int src = cBase + n * sampleStride, d = rowBase + n * dstSampleStride;
                    for (int q = 0; q < pos; q++) {
                        int i = ix[q];
                        dst[d + q] = i < 0 ? 0f : x[src + i];
                    }
                }
            }
            return;
        }
        for (int r = r0; r < r1; r++) {
            int c = r / kvol, t = r % kvol, a = t / khw, b = (t % khw) / g.kw, e = t % g.kw;
            int offD = a * g.dd - g.pd, offH = b * g.dh - g.ph, offW = e * g.dw - g.pw;
            int d0 = lo(offD, g.sd), d1 = hi(offD, g.sd, g.d, g.od);
            int h0 = lo(offH, g.sh), h1 = hi(offH, g.sh, g.h, g.oh);
            int w0 = lo(offW, g.sw), w1 = hi(offW, g.sw, g.w, g.ow);
            int rowBase = dOff + r * rowStride;
            if (d0 >= d1 || h0 >= h1 || w0 >= w1) {
                if (dstSampleStride == g.od * ohw) Arrays.fill(dst, rowBase, rowBase + nb * g.od * ohw, 0f);
                else for (int n = 0; n < nb; n++)
                    Arrays.fill(dst, rowBase + n * dstSampleStride, rowBase + n * dstSampleStride + g.od * ohw, 0f);
                continue;
            }
            for (int n = 0; n < nb; n++)
                im2colTap(x, xOff + n * sampleStride + c * g.plane(), g, offD, offH, offW, d0, d1, h0, h1, w0, w1, dst,
                        rowBase + n * dstSampleStride);
        }
    }

    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;

    /**
     * 512-bit vectors are hardware vectors here (AVX-512). Elsewhere (AVX2) the JIT does not compile F16 operations
     * into instructions and they run as Java loops, far slower than the scalar paths.
     */
    static final boolean WIDE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    /**
     * Stride-1 2-D convolutions whose output plane has the input plane's shape ("same" padding: ResNet's 3×3 layers
     * on 8×8, 4×4 and 2×2 maps): a kernel tap's column row is then the flat input plane shifted by offH·W + offW, with
     * the positions that fall in the padding (or wrap across a row end) masked to zero. One masked 16-lane load and
     * store per 16 positions, instead of one table lookup per position: im2col of ResNet-18's layer1 (8×8) went from
     * 0.54 to 0.23 ns per element, layer2 (4×4) from 0.70 to 0.34–0.43. From 16 positions on: on 2×2 maps a 4-lane
     * masked store per row was slower (1.8–2.1 against 1.15 ns) than the table.
     */
    static final class ShiftMasks {
        final int[] shift;
        final VectorMask<Float>[][] valid;
        final int chunks;
        final boolean lastFull;
        final VectorMask<Float> last;

        static boolean applies(Geo g) {
            return g.kd == 1 && g.d == 1 && g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.oh == g.h
                    && g.ow == g.w && g.positions() >= 16 && WIDE;
        }

        @SuppressWarnings("unchecked")
        private ShiftMasks(Geo g) {
            int khw = g.kh * g.kw, p = g.positions();
            chunks = (p + 15) / 16;
            lastFull = p % 16 == 0;
            last = F16.indexInRange(0, p - (chunks - 1) * 16);
            shift = new int[khw];
            valid = new VectorMask[khw][chunks];
            boolean[] bits = new boolean[chunks * 16];
            for (int t = 0; t < khw; t++) {
                int offH = t / g.kw - g.ph, offW = t % g.kw - g.pw;
                shift[t] = offH * g.w + offW;
                java.util.Arrays.fill(bits, false);
                for (int q = 0; q < p; q++) {
                    int ih = q / g.ow + offH, iw = q % g.ow + offW;
                    bits[q] = ih >= 0 && ih < g.h && iw >= 0 && iw < g.w;
                }
                for (int ch = 0; ch < chunks; ch++) valid[t][ch] = VectorMask.fromArray(F16, bits, ch * 16);
            }
        }

        private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

        static ShiftMasks of(Geo g) { return lastFor(LAST, g, ShiftMasks::new); }
    }

    /**
     * The value made for the last geometry this thread asked about: consecutive calls (row ranges, samples, the forward
     * and the weight gradient, layers of one shape) reuse one offset table or mask set instead of rebuilding it.
     */
    @SuppressWarnings("unchecked")
    private static <T> T lastFor(ThreadLocal<Object[]> slot, Geo g, java.util.function.Function<Geo, T> make) {
        Object[] l = slot.get();
        if (l != null && l[0].equals(g)) return (T) l[1];
        T v = make.apply(g);
        slot.set(new Object[]{g, v});
        return v;
    }

    private static final ThreadLocal<Object[]> LAST_TABLE = new ThreadLocal<>();

    /** {@link #tapTable} of g, shared with the previous call on this thread for the same geometry (read-only). */
    private static int[][] tapTableFor(Geo g) { return lastFor(LAST_TABLE, g, CpuIm2col::tapTable); }

    /**
     * Planes of at most this many output positions gather through {@link #tapTable}: ResNet's deep layers (8×8 down to
     * 1×1 on 32×32 input) have rows of 1-64 positions, where per-row setup, calls and copies of 1-8 floats dominated.
     */
    static final int TABLE_MAX_P = Integer.getInteger("torch4j.conv.tableMaxP", 256);

    /** Per kernel tap, the input-plane offset each output position reads, or -1 where it falls in the padding. */
    static int[][] tapTable(Geo g) {
        int khw = g.kh * g.kw, kvol = g.kd * khw, pos = g.positions();
        int[][] tab = new int[kvol][pos];
        for (int t = 0; t < kvol; t++) {
            int a = t / khw, b = (t % khw) / g.kw, e = t % g.kw;
            int[] ix = tab[t];
            for (int od = 0, q = 0; od < g.od; od++)
                for (int oh = 0; oh < g.oh; oh++)
                    for (int ow = 0; ow < g.ow; ow++, q++) {
                        int id = od * g.sd + a * g.dd - g.pd, ih = oh * g.sh + b * g.dh - g.ph, iw = ow * g.sw + e * g.dw - g.pw;
                        ix[q] = id < 0 || id >= g.d || ih < 0 || ih >= g.h || iw < 0 || iw >= g.w ? -1 : (id * g.h + ih) * g.w + iw;
                    }
        }
        return tab;
    }

    /** One sample's row of one kernel tap whose valid output box is [d0,d1)×[h0,h1)×[w0,w1); zero elsewhere. */
    private static void im2colTap(float[] x, int cBase, Geo g, int offD, int offH, int offW, int d0, int d1, int h0,
                                  int h1, int w0, int w1, float[] dst, int base) {
        int ohw = g.oh * g.ow, ow = g.ow, sw = g.sw;
        if (d0 > 0) Arrays.fill(dst, base, base + d0 * ohw, 0f);
        if (d1 < g.od) Arrays.fill(dst, base + d1 * ohw, base + g.od * ohw, 0f);
        if (sw == 1 && g.sh == 1 && ow == g.w) {
            sameWidthTap(x, cBase, g, offD, offH, offW, d0, d1, h0, h1, dst, base);
            return;
        }
        for (int od = d0; od < d1; od++) {
            int pBase = base + od * ohw;
            int xd = cBase + (od * g.sd + offD) * g.h * g.w;
            for (int i = pBase, e1 = pBase + h0 * ow; i < e1; i++) dst[i] = 0f;
            for (int i = pBase + h1 * ow, e1 = pBase + ohw; i < e1; i++) dst[i] = 0f;
            // rows are short (ResNet's deep layers: 1-8 wide), so plain loops beat arraycopy/fill calls
            for (int oh = h0; oh < h1; oh++) {
                int o = pBase + oh * ow;
                int xr = xd + (oh * g.sh + offH) * g.w + offW;
                for (int j = 0; j < w0; j++) dst[o + j] = 0f;
                if (sw == 1) {
                    for (int j = w0; j < w1; j++) dst[o + j] = x[xr + j];
                } else {
                    for (int j = w0; j < w1; j++) dst[o + j] = x[xr + j * sw];
                }
                for (int j = w1; j < ow; j++) dst[o + j] = 0f;
            }
        }
    }

    /**
     * A stride-1 tap of a conv whose output rows are as wide as its input rows ("same" padding, ResNet's 3×3 convs):
     * the valid rows form one run of the input shifted by offW, so one arraycopy, then the offW columns that ran
     * into the next (or previous) row are zeroed. Row by row, 8-wide rows cost a call and three short loops each.
     */
    private static void sameWidthTap(float[] x, int cBase, Geo g, int offD, int offH, int offW, int d0, int d1, int h0,
                                     int h1, float[] dst, int base) {
        int ow = g.ow, ohw = g.oh * ow, len = (h1 - h0) * ow;
        int kLo = Math.max(0, -offW), kHi = len - Math.max(0, offW);
        for (int od = d0; od < d1; od++) {
            int pBase = base + od * ohw, start = pBase + h0 * ow;
            int src = cBase + (od * g.sd + offD) * g.h * g.w + (h0 + offH) * g.w + offW;
            if (h0 > 0) Arrays.fill(dst, pBase, start, 0f);
            if (h1 < g.oh) Arrays.fill(dst, pBase + h1 * ow, pBase + ohw, 0f);
            System.arraycopy(x, src + kLo, dst, start + kLo, kHi - kLo);
            if (offW > 0) {
                for (int r = start + ow - offW, end = start + len; r < end; r += ow)
                    for (int j = 0; j < offW; j++) dst[r + j] = 0f;
            } else if (offW < 0) {
                for (int r = start, end = start + len; r < end; r += ow)
                    for (int j = 0; j < -offW; j++) dst[r + j] = 0f;
            }
        }
    }

    /** Adds the column rows of channels [c0, c1) of one sample into x (sample base xOff), which the caller zeroed. */
    static void col2im(float[] src, int sOff, int rowStride, Geo g, int c0, int c1, float[] x, int xOff) {
        col2im(src, sOff, rowStride, 0, g, c0, c1, x, xOff, 0, 1);
    }

    /** col2im of nb samples at once (layouts as {@link #im2col(float[], int, int, int, Geo, int, int, float[], int, int, int)}). */
    static void col2im(float[] src, int sOff, int rowStride, int srcSampleStride, Geo g, int c0, int c1, float[] x,
                       int xOff, int sampleStride, int nb) {
        int khw = g.kh * g.kw, kvol = g.kd * khw, ohw = g.oh * g.ow, sw = g.sw;
        if (g.positions() <= TABLE_MAX_P && ShiftMasks.applies(g)) {
            ShiftMasks m = ShiftMasks.of(g);
            int plane = g.plane(), chunks = m.chunks;
            for (int c = c0; c < c1; c++)
                for (int t = 0; t < khw; t++) {
                    VectorMask<Float>[] mt = m.valid[t];
                    int rowBase = sOff + (c * khw + t) * rowStride, cBase = xOff + c * plane + m.shift[t];
                    for (int n = 0; n < nb; n++) {
                        int xs = cBase + n * sampleStride, d = rowBase + n * srcSampleStride;
                        for (int ch = 0; ch < chunks; ch++) {
                            int xi = xs + ch * 16;
                            FloatVector.fromArray(F16, x, xi, mt[ch]).add(FloatVector.fromArray(F16, src, d + ch * 16, mt[ch]))
                                    .intoArray(x, xi, mt[ch]);
                        }
                    }
                }
            return;
        }
        if (g.positions() <= TABLE_MAX_P) {
            int[][] tab = tapTableFor(g);
            int pos = g.positions(), plane = g.plane();
            for (int c = c0; c < c1; c++)
                for (int t = 0; t < kvol; t++) {
                    int[] ix = tab[t];
                    int rowBase = sOff + (c * kvol + t) * rowStride, cBase = xOff + c * plane;
                    for (int n = 0; n < nb; n++) {
                        int xs = cBase + n * sampleStride, d = rowBase + n * srcSampleStride;
                        for (int q = 0; q < pos; q++) {
                            int i = ix[q];
                            if (i >= 0) x[xs + i] += src[d + q];
                        }
                    }
                }
            return;
        }
        for (int c = c0; c < c1; c++) {
            for (int t = 0; t < kvol; t++) {
                int a = t / khw, b = (t % khw) / g.kw, e = t % g.kw;
                int offD = a * g.dd - g.pd, offH = b * g.dh - g.ph, offW = e * g.dw - g.pw;
                int d0 = lo(offD, g.sd), d1 = hi(offD, g.sd, g.d, g.od);
                int h0 = lo(offH, g.sh), h1 = hi(offH, g.sh, g.h, g.oh);
                int w0 = lo(offW, g.sw), w1 = hi(offW, g.sw, g.w, g.ow);
                if (d0 >= d1 || h0 >= h1 || w0 >= w1) continue;
                boolean full8 = sw == 1 && w0 == 0 && w1 == g.ow && (g.ow & 7) == 0;
                int rowBase = sOff + (c * kvol + t) * rowStride;
                for (int n = 0; n < nb; n++) {
                    int base = rowBase + n * srcSampleStride, cBase = xOff + n * sampleStride + c * g.plane();
                    for (int od = d0; od < d1; od++) {
                        int xd = cBase + (od * g.sd + offD) * g.h * g.w;
                        for (int oh = h0; oh < h1; oh++) {
                            int o = base + od * ohw + oh * g.ow;
                            int xr = xd + (oh * g.sh + offH) * g.w + offW;
                            if (full8) {
                                // whole rows of a multiple of 8 (LeNet's unpadded convs): the JIT leaves 8-long loops scalar
                                for (int ow = 0; ow < w1; ow += 8)
                                    FloatVector.fromArray(F8, x, xr + ow).add(FloatVector.fromArray(F8, src, o + ow)).intoArray(x, xr + ow);
                            } else if (sw == 1) {
                                for (int ow = w0; ow < w1; ow++) x[xr + ow] += src[o + ow];
                            } else {
                                for (int ow = w0; ow < w1; ow++) x[xr + ow * sw] += src[o + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    static void im2col(double[] x, int xOff, Geo g, int r0, int r1, double[] dst, int dOff, int rowStride) {
        int khw = g.kh * g.kw, kvol = g.kd * khw, ohw = g.oh * g.ow;
        for (int r = r0; r < r1; r++) {
            int c = r / kvol, t = r % kvol, a = t / khw, b = (t % khw) / g.kw, e = t % g.kw;
            int base = dOff + r * rowStride;
            int offD = a * g.dd - g.pd, offH = b * g.dh - g.ph, offW = e * g.dw - g.pw;
            int d0 = lo(offD, g.sd), d1 = hi(offD, g.sd, g.d, g.od);
            int h0 = lo(offH, g.sh), h1 = hi(offH, g.sh, g.h, g.oh);
            int w0 = lo(offW, g.sw), w1 = hi(offW, g.sw, g.w, g.ow);
            Arrays.fill(dst, base, base + g.od * ohw, 0.0);
            int cBase = xOff + c * g.plane();
            for (int od = d0; od < d1; od++) {
                int xd = cBase + (od * g.sd + offD) * g.h * g.w;
                for (int oh = h0; oh < h1; oh++) {
                    int o = base + od * ohw + oh * g.ow;
                    int xr = xd + (oh * g.sh + offH) * g.w + offW;
                    for (int ow = w0; ow < w1; ow++) dst[o + ow] = x[xr + ow * g.sw];
                }
            }
        }
    }

    static void col2im(double[] src, int sOff, int rowStride, Geo g, int c0, int c1, double[] x, int xOff) {
        int khw = g.kh * g.kw, kvol = g.kd * khw, ohw = g.oh * g.ow;
        for (int c = c0; c < c1; c++) {
            int cBase = xOff + c * g.plane();
            for (int t = 0; t < kvol; t++) {
                int a = t / khw, b = (t % khw) / g.kw, e = t % g.kw;
                int base = sOff + (c * kvol + t) * rowStride;
                int offD = a * g.dd - g.pd, offH = b * g.dh - g.ph, offW = e * g.dw - g.pw;
                int d0 = lo(offD, g.sd), d1 = hi(offD, g.sd, g.d, g.od);
                int h0 = lo(offH, g.sh), h1 = hi(offH, g.sh, g.h, g.oh);
                int w0 = lo(offW, g.sw), w1 = hi(offW, g.sw, g.w, g.ow);
                for (int od = d0; od < d1; od++) {
                    int xd = cBase + (od * g.sd + offD) * g.h * g.w;
                    for (int oh = h0; oh < h1; oh++) {
                        int o = base + od * ohw + oh * g.ow;
                        int xr = xd + (oh * g.sh + offH) * g.w + offW;
                        for (int ow = w0; ow < w1; ow++) x[xr + ow * g.sw] += src[o + ow];
                    }
                }
            }
        }
    }
}
