package torch4j.internal.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Strided, batched GEMM for CPU tensors: {@code C[b] = A[b]·B[b] (+ C[b])}.
 *
 * <p>Three paths, picked per call (measurements in docs/gemm.md):
 * <ul>
 *   <li><b>direct</b>: no packing, no allocation. Tiny problems and narrow ones (matrix-vector-like) where packing
 *       would cost as much as the multiply itself.</li>
 *   <li><b>OpenBLAS</b> through FFM ({@link OpenBlas}) when the library is present and the problem is large enough
 *       for its ~100 ns call cost and its better kernel to pay.</li>
 *   <li><b>packed</b>: BLIS-style blocking (KC×NC panels of B, MC×KC blocks of A) around a 6×(2 vectors) Vector API
 *       micro-kernel. Packing absorbs all strides, so transposed or permuted views cost no extra copy.</li>
 * </ul>
 * Strides may be anything, including 0 (broadcast); only C must not overlap A or B.
 */
public final class Gemm {
    private Gemm() {}

    // At most 256-bit vectors: the 6×16 float tile needs 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16
    // ymm registers; with AVX-512's 32 registers a wider tile would be better, but this stays correct there.
    private static final VectorSpecies<Float> FS =
            FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS =
            DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256 ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    private static final int DL = DS.length();

    private static final int MR = 6;
    private static final int NRF = 2 * FL;
    private static final int NRD = 2 * DL;
    // The feasibility sweep found KC 192-512 / MC 48-144 all within noise at n=1024; these are its centre.
    private static final int KC = 256;
    private static final int MC = 96;
    private static final int NCF = 3072;
    private static final int NCD = 1536; // same bytes per packed B panel as the float case

    /** Up to this m·n·k the direct loop beats packing (measured crossover, see docs/gemm.md). */
    static final long DIRECT_MNK = Long.getLong("torch4j.gemm.directMnk", 24L * 24 * 24);
    /** From this m·n·k on, OpenBLAS (when present) is faster than the Java kernel, call cost included. */
    static final long BLAS_MNK = Long.getLong("torch4j.gemm.blasMnk", 32L * 32 * 32);
    /** Below this many flops per thread, splitting across threads costs more than it gains. */
    private static final long FLOPS_PER_TASK = 1L << 21;

    // ------------------------------------------------------------------------------------------------ float

    /**
     * C[b] = A[b]·B[b] (+ C[b] if accumulate) for b in [0,batch). A[b] is m×k with element (i,p) at
     * a[aOff + b*aBatch + i*aRow + p*aCol]; B likewise (k×n, bRow, bCol); C is m×n at c[cOff + b*cBatch + i*ldc + j].
     */
    public static void sgemm(int batch, int m, int n, int k,
                             float[] a, int aOff, int aBatch, int aRow, int aCol,
                             float[] b, int bOff, int bBatch, int bRow, int bCol,
                             float[] c, int cOff, int cBatch, int ldc, boolean accumulate) {
        sgemm(true, batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
    }

    /** {@link #sgemm} restricted to the pure-Java paths (tests, benchmarks). */
    public static void sgemmJava(int batch, int m, int n, int k,
                                 float[] a, int aOff, int aBatch, int aRow, int aCol,
                                 float[] b, int bOff, int bBatch, int bRow, int bCol,
                                 float[] c, int cOff, int cBatch, int ldc, boolean accumulate) {
        sgemm(false, batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
    }

    private static void sgemm(boolean mayUseBlas, int batch, int m, int n, int k,
                              float[] a, int aOff, int aBatch, int aRow, int aCol,
                              float[] b, int bOff, int bBatch, int bRow, int bCol,
                              float[] c, int cOff, int cBatch, int ldc, boolean accumulate) {
        if (batch <= 0 || m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) {
                for (int bi = 0; bi < batch; bi++)
                    for (int i = 0; i < m; i++) {
                        int ci = cOff + bi * cBatch + i * ldc;
                        java.util.Arrays.fill(c, ci, ci + n, 0f);
                    }
            }
            return;
        }
        long mnk = (long) m * n * k;
        if (mnk <= DIRECT_MNK) {
            // Tiny matrices: parallelism only across the batch, and only when there is enough of it.
            if ((long) batch * mnk * 2 < FLOPS_PER_TASK) {
                directF(0, batch, 0, m, 0, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
            } else {
                int grain = (int) Math.max(1, FLOPS_PER_TASK / (2 * mnk));
                Parallel.forRange(batch, grain, (from, to) ->
                        directF(from, to, 0, m, 0, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate));
            }
            return;
        }
        if (mayUseBlas && mnk >= BLAS_MNK
                && OpenBlas.sgemm(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate))
            return;
        if (m < 4 || n < 4) {
            // Matrix-vector-like: packing would touch B (or A) as often as the multiply does.
            narrowF(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
            return;
        }
        packedF(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
    }

    private static void narrowF(int batch, int m, int n, int k,
                                float[] a, int aOff, int aBatch, int aRow, int aCol,
                                float[] b, int bOff, int bBatch, int bRow, int bCol,
                                float[] c, int cOff, int cBatch, int ldc, boolean acc) {
        long flopsPerRow = 2L * n * k;
        int rows = (int) Math.min(Integer.MAX_VALUE, (long) batch * m);
        if (rows >= 2 * Parallel.getNumThreads() || n < 64) {
            int grain = (int) Math.max(1, FLOPS_PER_TASK / flopsPerRow);
            Parallel.forRange(rows, grain, (from, to) -> {
                for (int r = from; r < to; ) {
                    int bi = r / m, i0 = r % m, i1 = Math.min(m, i0 + (to - r));
                    directF(bi, bi + 1, i0, i1, 0, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, acc);
                    r += i1 - i0;
                }
            });
        } else {
            // Few rows (e.g. 1×k · k×n): split the columns instead, in whole vectors.
            int blocks = (n + FL - 1) / FL;
            int grain = (int) Math.max(1, FLOPS_PER_TASK / (2L * batch * m * k * FL));
            Parallel.forRange(blocks, grain, (from, to) ->
                    directF(0, batch, 0, m, from * FL, Math.min(n, to * FL), k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, acc));
        }
    }

    /** No packing: rows [i0,i1) × columns [j0,j1) of batches [b0,b1). */
    private static void directF(int b0, int b1, int i0, int i1, int j0, int j1, int k,
                                float[] a, int aOff, int aBatch, int aRow, int aCol,
                                float[] b, int bOff, int bBatch, int bRow, int bCol,
                                float[] c, int cOff, int cBatch, int ldc, boolean acc) {
        int nn = j1 - j0;
        for (int bi = b0; bi < b1; bi++) {
            int ab = aOff + bi * aBatch, bb = bOff + bi * bBatch, cb = cOff + bi * cBatch;
            if (bCol == 1 && nn >= FL) {
                // Rows of C += a(i,p) · rows of B: vector loads of B and C, the p-loop outside so each B row is
                // read once per row block of C while those C rows stay in L1/L2.
                if (!acc)
                    for (int i = i0; i < i1; i++) java.util.Arrays.fill(c, cb + i * ldc + j0, cb + i * ldc + j1, 0f);
                int jv = j0 + FS.loopBound(nn);
                for (int p = 0; p < k; p++) {
                    int bp = bb + p * bRow;
                    for (int i = i0; i < i1; i++) {
                        float av = a[ab + i * aRow + p * aCol];
                        FloatVector va = FloatVector.broadcast(FS, av);
                        int ci = cb + i * ldc;
                        int j = j0;
                        for (; j < jv; j += FL)
                            FloatVector.fromArray(FS, b, bp + j).fma(va, FloatVector.fromArray(FS, c, ci + j)).intoArray(c, ci + j);
                        for (; j < j1; j++) c[ci + j] += av * b[bp + j];
                    }
                }
            } else if (aCol == 1 && bRow == 1 && k >= FL) {
                // A·Bᵀ with both operands contiguous along k (x @ W.T): vector dot products.
                int kv = FS.loopBound(k);
                for (int i = i0; i < i1; i++) {
                    int ai = ab + i * aRow, ci = cb + i * ldc;
                    for (int j = j0; j < j1; j++) {
                        int bj = bb + j * bCol;
                        FloatVector s = FloatVector.zero(FS);
                        int p = 0;
                        for (; p < kv; p += FL)
                            s = FloatVector.fromArray(FS, a, ai + p).fma(FloatVector.fromArray(FS, b, bj + p), s);
                        float t = s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                        for (; p < k; p++) t += a[ai + p] * b[bj + p];
                        c[ci + j] = acc ? c[ci + j] + t : t;
                    }
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    int ai = ab + i * aRow, ci = cb + i * ldc;
                    for (int j = j0; j < j1; j++) {
                        int bj = bb + j * bCol;
                        float t = 0f;
                        for (int p = 0; p < k; p++) t += a[ai + p * aCol] * b[bj + p * bRow];
                        c[ci + j] = acc ? c[ci + j] + t : t;
                    }
                }
            }
        }
    }

    /** Per-thread packing buffers, kept between calls so a steady-state GEMM allocates nothing. */
    private static final class FloatWork {
        final float[] ap = new float[MC * KC];
        final MemorySegment apSeg = MemorySegment.ofArray(ap);
        float[] bp = new float[0];
        final float[] tile = new float[MR * NRF];

        float[] bp(int size) {
            if (bp.length < size) bp = new float[size];
            return bp;
        }
    }

    private static final ThreadLocal<FloatWork> FLOAT_WORK = ThreadLocal.withInitial(FloatWork::new);

    private static void packedF(int batch, int m, int n, int k,
                                float[] a, int aOff, int aBatch, int aRow, int aCol,
                                float[] b, int bOff, int bBatch, int bRow, int bCol,
                                float[] c, int cOff, int cBatch, int ldc, boolean acc) {
        int threads = Parallel.getNumThreads();
        if (threads > 1 && batch >= threads && (batch % threads == 0 || batch >= 4 * threads)) {
            // Enough whole matrices to go round evenly: each thread takes its own and packs its own B, no hand-offs.
            long flops = 2L * m * n * k;
            int grain = (int) Math.max(1, FLOPS_PER_TASK / flops);
            Parallel.forRange(batch, grain, (from, to) -> {
                FloatWork w = FLOAT_WORK.get();
                for (int bi = from; bi < to; bi++)
                    blockedF(w, m, n, k, a, aOff + bi * aBatch, aRow, aCol, b, bOff + bi * bBatch, bRow, bCol,
                            c, cOff + bi * cBatch, ldc, acc);
            });
            return;
        }
        FloatWork w = FLOAT_WORK.get();
        for (int bi = 0; bi < batch; bi++)
            sharedF(w, threads, m, n, k, a, aOff + bi * aBatch, aRow, aCol, b, bOff + bi * bBatch, bRow, bCol,
                    c, cOff + bi * cBatch, ldc, acc);
    }

    /** One thread, one matrix: the plain BLIS loop nest. */
    private static void blockedF(FloatWork w, int m, int n, int k,
                                 float[] a, int ab, int aRow, int aCol, float[] b, int bb, int bRow, int bCol,
                                 float[] c, int cb, int ldc, boolean acc) {
        for (int jc = 0; jc < n; jc += NCF) {
            int nc = Math.min(NCF, n - jc);
            float[] bp = w.bp(KC * ((nc + NRF - 1) / NRF * NRF));
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packBF(b, bb + pc * bRow + jc * bCol, bRow, bCol, kc, nc, bp, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packAF(a, ab + ic * aRow + pc * aCol, aRow, aCol, mc, kc, w.ap);
                    macroF(w, kc, mc, 0, nc, bp, c, cb + ic * ldc + jc, ldc, pc == 0 && !acc);
                }
            }
        }
    }

    /**
     * One matrix on all threads: per (jc, pc) block, B is packed once into the calling thread's buffer (the threads
     * pack disjoint panels of it), then the threads share it while each packs and multiplies its own rows of A.
     * Before, every thread packed all of B, doubling the packing traffic and the B panels competing for L3.
     */
    private static void sharedF(FloatWork w, int threads, int m, int n, int k,
                                float[] a, int ab, int aRow, int aCol, float[] b, int bb, int bRow, int bCol,
                                float[] c, int cb, int ldc, boolean acc) {
        int rowUnits = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NCF) {
            int nc = Math.min(NCF, n - jc);
            int panels = (nc + NRF - 1) / NRF;
            float[] bp = w.bp(KC * panels * NRF);
            // Too few row strips to share out: split the columns of the block between threads too.
            int colParts = threads > 1 && rowUnits < 4 * threads && panels >= 2 * threads ? threads : 1;
            int partPanels = (panels + colParts - 1) / colParts;
            int units = rowUnits * colParts;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = pc == 0 && !acc;
                int boff = bb + pc * bRow + jc * bCol, ncc = nc, jcc = jc;
                int packGrain = (int) Math.max(1, (1L << 16) / ((long) kc * NRF));
                Parallel.forRange(panels, packGrain, (from, to) ->
                        packBF(b, boff + from * NRF * bCol, bRow, bCol, kc, Math.min(ncc, to * NRF) - from * NRF, bp, from * NRF * kc));
                long flopsPerUnit = 2L * MR * Math.min(nc, partPanels * NRF) * kc;
                int grain = (int) Math.max(1, FLOPS_PER_TASK / flopsPerUnit);
                int pcc = pc;
                Parallel.forRange(units, grain, (from, to) -> {
                    FloatWork tw = FLOAT_WORK.get();
                    for (int u = from; u < to; ) {
                        int part = u / rowUnits, r0 = u % rowUnits, r1 = Math.min(rowUnits, r0 + (to - u));
                        int j0 = part * partPanels * NRF, j1 = Math.min(ncc, j0 + partPanels * NRF);
                        for (int ic = r0 * MR, i1 = Math.min(m, r1 * MR); ic < i1; ic += MC) {
                            int mc = Math.min(MC, i1 - ic);
                            packAF(a, ab + ic * aRow + pcc * aCol, aRow, aCol, mc, kc, tw.ap);
                            macroF(tw, kc, mc, j0, j1, bp, c, cb + ic * ldc + jcc, ldc, overwrite);
                        }
                        u += r1 - r0;
                    }
                });
            }
        }
    }

    /**
     * The jr/ir loops over one packed A block (mc×kc) and columns [j0,j1) of a packed B block, in a method of their
     * own: it is entered once per A block, so C2 compiles it (and the kernel it calls per tile) as a normal method
     * early, instead of relying on an on-stack-replacement compile of one long-running outer loop (docs/gemm.md).
     */
    private static void macroF(FloatWork w, int kc, int mc, int j0, int j1, float[] bp, float[] c, int ci, int ldc,
                               boolean overwrite) {
        MemorySegment apSeg = w.apSeg;
        float[] tile = w.tile;
        for (int jr = j0; jr < j1; jr += NRF) {
            int nr = Math.min(NRF, j1 - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                kernelF(apSeg, (long) ir * kc, bp, jr * kc, kc, c, ci + ir * ldc + jr, ldc, Math.min(MR, mc - ir), nr,
                        overwrite, tile);
            }
        }
    }

    /** B block kc×nc → panels of NR columns, each kc rows of NR contiguous values, zero-padded on the right. */
    private static void packBF(float[] b, int off, int bRow, int bCol, int kc, int nc, float[] bp, int bpOff) {
        for (int jp = 0; jp < nc; jp += NRF) {
            int nr = Math.min(NRF, nc - jp);
            int dst = bpOff + jp * kc;
            int src = off + jp * bCol;
            if (bCol == 1 && nr == NRF) {
                for (int p = 0; p < kc; p++, dst += NRF) System.arraycopy(b, src + p * bRow, bp, dst, NRF);
            } else if (Math.abs(bRow) <= Math.abs(bCol)) {
                // Column-major-like B (a transposed view): walk each column contiguously.
                for (int j = 0; j < nr; j++)
                    for (int p = 0, s = src + j * bCol; p < kc; p++, s += bRow) bp[dst + p * NRF + j] = b[s];
                if (nr < NRF) for (int p = 0; p < kc; p++) java.util.Arrays.fill(bp, dst + p * NRF + nr, dst + (p + 1) * NRF, 0f);
            } else {
                for (int p = 0; p < kc; p++, dst += NRF) {
                    int s = src + p * bRow;
                    int j = 0;
                    for (; j < nr; j++, s += bCol) bp[dst + j] = b[s];
                    for (; j < NRF; j++) bp[dst + j] = 0f;
                }
            }
        }
    }

    /** A block mc×kc → panels of MR rows, each kc columns of MR values, zero-padded at the bottom. */
    private static void packAF(float[] a, int off, int aRow, int aCol, int mc, int kc, float[] ap) {
        for (int ip = 0; ip < mc; ip += MR) {
            int mr = Math.min(MR, mc - ip);
            int dst = ip * kc;
            int src = off + ip * aRow;
            if (Math.abs(aCol) <= Math.abs(aRow)) {
                for (int r = 0; r < mr; r++)
                    for (int p = 0, s = src + r * aRow; p < kc; p++, s += aCol) ap[dst + p * MR + r] = a[s];
                for (int r = mr; r < MR; r++)
                    for (int p = 0; p < kc; p++) ap[dst + p * MR + r] = 0f;
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * aCol, d = dst + p * MR;
                    int r = 0;
                    for (; r < mr; r++, s += aRow) ap[d + r] = a[s];
                    for (; r < MR; r++) ap[d + r] = 0f;
                }
            }
        }
    }

    /**
     * The 6×16 micro-kernel. A is read through a heap MemorySegment on purpose: with scalar {@code float[]} loads C2
     * hoists all six broadcasts and spills an accumulator every iteration (37 vs 69 GFLOP/s in the feasibility
     * study). The segment must only ever be a heap segment here, or the call site goes megamorphic (11 GFLOP/s).
     */
    private static void kernelF(MemorySegment ap, long aIdx, float[] bp, int bIdx, int kc,
                                float[] c, int ci, int ldc, int mr, int nr, boolean overwrite, float[] tile) {
        FloatVector c00 = FloatVector.zero(FS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        long ao = aIdx * Float.BYTES;
        int bo = bIdx;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bo);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bo + FL);
            FloatVector av = FloatVector.broadcast(FS, ap.get(ValueLayout.JAVA_FLOAT, ao));
            c00 = b0.fma(av, c00); c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(FS, ap.get(ValueLayout.JAVA_FLOAT, ao + 4));
            c10 = b0.fma(av, c10); c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(FS, ap.get(ValueLayout.JAVA_FLOAT, ao + 8));
            c20 = b0.fma(av, c20); c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(FS, ap.get(ValueLayout.JAVA_FLOAT, ao + 12));
            c30 = b0.fma(av, c30); c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(FS, ap.get(ValueLayout.JAVA_FLOAT, ao + 16));
            c40 = b0.fma(av, c40); c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(FS, ap.get(ValueLayout.JAVA_FLOAT, ao + 20));
            c50 = b0.fma(av, c50); c51 = b1.fma(av, c51);
            ao += MR * Float.BYTES;
            bo += NRF;
        }
        // Everything below stays in this method on purpose: passing an accumulator to a helper that C2 declines to
        // inline ("callee is too large" here) makes it box the vectors at the loop phis, i.e. allocate every
        // iteration: 10 instead of 60+ GFLOP/s.
        if (mr == MR && nr == NRF) {
            if (overwrite) {
                c00.intoArray(c, ci); c01.intoArray(c, ci + FL); ci += ldc;
                c10.intoArray(c, ci); c11.intoArray(c, ci + FL); ci += ldc;
                c20.intoArray(c, ci); c21.intoArray(c, ci + FL); ci += ldc;
                c30.intoArray(c, ci); c31.intoArray(c, ci + FL); ci += ldc;
                c40.intoArray(c, ci); c41.intoArray(c, ci + FL); ci += ldc;
                c50.intoArray(c, ci); c51.intoArray(c, ci + FL);
            } else {
                c00.add(FloatVector.fromArray(FS, c, ci)).intoArray(c, ci); c01.add(FloatVector.fromArray(FS, c, ci + FL)).intoArray(c, ci + FL); ci += ldc;
                c10.add(FloatVector.fromArray(FS, c, ci)).intoArray(c, ci); c11.add(FloatVector.fromArray(FS, c, ci + FL)).intoArray(c, ci + FL); ci += ldc;
                c20.add(FloatVector.fromArray(FS, c, ci)).intoArray(c, ci); c21.add(FloatVector.fromArray(FS, c, ci + FL)).intoArray(c, ci + FL); ci += ldc;
                c30.add(FloatVector.fromArray(FS, c, ci)).intoArray(c, ci); c31.add(FloatVector.fromArray(FS, c, ci + FL)).intoArray(c, ci + FL); ci += ldc;
                c40.add(FloatVector.fromArray(FS, c, ci)).intoArray(c, ci); c41.add(FloatVector.fromArray(FS, c, ci + FL)).intoArray(c, ci + FL); ci += ldc;
                c50.add(FloatVector.fromArray(FS, c, ci)).intoArray(c, ci); c51.add(FloatVector.fromArray(FS, c, ci + FL)).intoArray(c, ci + FL);
            }
        } else {
            c00.intoArray(tile, 0); c01.intoArray(tile, FL);
            c10.intoArray(tile, NRF); c11.intoArray(tile, NRF + FL);
            c20.intoArray(tile, 2 * NRF); c21.intoArray(tile, 2 * NRF + FL);
            c30.intoArray(tile, 3 * NRF); c31.intoArray(tile, 3 * NRF + FL);
            c40.intoArray(tile, 4 * NRF); c41.intoArray(tile, 4 * NRF + FL);
            c50.intoArray(tile, 5 * NRF); c51.intoArray(tile, 5 * NRF + FL);
            for (int r = 0; r < mr; r++, ci += ldc)
                for (int j = 0; j < nr; j++) c[ci + j] = overwrite ? tile[r * NRF + j] : c[ci + j] + tile[r * NRF + j];
        }
    }


    // ------------------------------------------------------------------------------------------------ double

    /** As {@link #sgemm}, in double precision. */
    public static void dgemm(int batch, int m, int n, int k,
                             double[] a, int aOff, int aBatch, int aRow, int aCol,
                             double[] b, int bOff, int bBatch, int bRow, int bCol,
                             double[] c, int cOff, int cBatch, int ldc, boolean accumulate) {
        dgemm(true, batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
    }

    /** {@link #dgemm} restricted to the pure-Java paths (tests, benchmarks). */
    public static void dgemmJava(int batch, int m, int n, int k,
                                 double[] a, int aOff, int aBatch, int aRow, int aCol,
                                 double[] b, int bOff, int bBatch, int bRow, int bCol,
                                 double[] c, int cOff, int cBatch, int ldc, boolean accumulate) {
        dgemm(false, batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
    }

    private static void dgemm(boolean mayUseBlas, int batch, int m, int n, int k,
                              double[] a, int aOff, int aBatch, int aRow, int aCol,
                              double[] b, int bOff, int bBatch, int bRow, int bCol,
                              double[] c, int cOff, int cBatch, int ldc, boolean accumulate) {
        if (batch <= 0 || m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) {
                for (int bi = 0; bi < batch; bi++)
                    for (int i = 0; i < m; i++) {
                        int ci = cOff + bi * cBatch + i * ldc;
                        java.util.Arrays.fill(c, ci, ci + n, 0d);
                    }
            }
            return;
        }
        long mnk = (long) m * n * k;
        if (mnk <= DIRECT_MNK) {
            if ((long) batch * mnk * 2 < FLOPS_PER_TASK) {
                directD(0, batch, 0, m, 0, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
            } else {
                int grain = (int) Math.max(1, FLOPS_PER_TASK / (2 * mnk));
                Parallel.forRange(batch, grain, (from, to) ->
                        directD(from, to, 0, m, 0, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate));
            }
            return;
        }
        if (mayUseBlas && mnk >= BLAS_MNK
                && OpenBlas.dgemm(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate))
            return;
        if (m < 4 || n < 4) {
            narrowD(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
            return;
        }
        packedD(batch, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, accumulate);
    }

    private static void narrowD(int batch, int m, int n, int k,
                                double[] a, int aOff, int aBatch, int aRow, int aCol,
                                double[] b, int bOff, int bBatch, int bRow, int bCol,
                                double[] c, int cOff, int cBatch, int ldc, boolean acc) {
        long flopsPerRow = 2L * n * k;
        int rows = (int) Math.min(Integer.MAX_VALUE, (long) batch * m);
        if (rows >= 2 * Parallel.getNumThreads() || n < 64) {
            int grain = (int) Math.max(1, FLOPS_PER_TASK / flopsPerRow);
            Parallel.forRange(rows, grain, (from, to) -> {
                for (int r = from; r < to; ) {
                    int bi = r / m, i0 = r % m, i1 = Math.min(m, i0 + (to - r));
                    directD(bi, bi + 1, i0, i1, 0, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, acc);
                    r += i1 - i0;
                }
            });
        } else {
            int blocks = (n + DL - 1) / DL;
            int grain = (int) Math.max(1, FLOPS_PER_TASK / (2L * batch * m * k * DL));
            Parallel.forRange(blocks, grain, (from, to) ->
                    directD(0, batch, 0, m, from * DL, Math.min(n, to * DL), k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, cBatch, ldc, acc));
        }
    }

    private static void directD(int b0, int b1, int i0, int i1, int j0, int j1, int k,
                                double[] a, int aOff, int aBatch, int aRow, int aCol,
                                double[] b, int bOff, int bBatch, int bRow, int bCol,
                                double[] c, int cOff, int cBatch, int ldc, boolean acc) {
        int nn = j1 - j0;
        for (int bi = b0; bi < b1; bi++) {
            int ab = aOff + bi * aBatch, bb = bOff + bi * bBatch, cb = cOff + bi * cBatch;
            if (bCol == 1 && nn >= DL) {
                if (!acc)
                    for (int i = i0; i < i1; i++) java.util.Arrays.fill(c, cb + i * ldc + j0, cb + i * ldc + j1, 0d);
                int jv = j0 + DS.loopBound(nn);
                for (int p = 0; p < k; p++) {
                    int bp = bb + p * bRow;
                    for (int i = i0; i < i1; i++) {
                        double av = a[ab + i * aRow + p * aCol];
                        DoubleVector va = DoubleVector.broadcast(DS, av);
                        int ci = cb + i * ldc;
                        int j = j0;
                        for (; j < jv; j += DL)
                            DoubleVector.fromArray(DS, b, bp + j).fma(va, DoubleVector.fromArray(DS, c, ci + j)).intoArray(c, ci + j);
                        for (; j < j1; j++) c[ci + j] += av * b[bp + j];
                    }
                }
            } else if (aCol == 1 && bRow == 1 && k >= DL) {
                int kv = DS.loopBound(k);
                for (int i = i0; i < i1; i++) {
                    int ai = ab + i * aRow, ci = cb + i * ldc;
                    for (int j = j0; j < j1; j++) {
                        int bj = bb + j * bCol;
                        DoubleVector s = DoubleVector.zero(DS);
                        int p = 0;
                        for (; p < kv; p += DL)
                            s = DoubleVector.fromArray(DS, a, ai + p).fma(DoubleVector.fromArray(DS, b, bj + p), s);
                        double t = s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                        for (; p < k; p++) t += a[ai + p] * b[bj + p];
                        c[ci + j] = acc ? c[ci + j] + t : t;
                    }
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    int ai = ab + i * aRow, ci = cb + i * ldc;
                    for (int j = j0; j < j1; j++) {
                        int bj = bb + j * bCol;
                        double t = 0d;
                        for (int p = 0; p < k; p++) t += a[ai + p * aCol] * b[bj + p * bRow];
                        c[ci + j] = acc ? c[ci + j] + t : t;
                    }
                }
            }
        }
    }

    private static final class DoubleWork {
        final double[] ap = new double[MC * KC];
        final MemorySegment apSeg = MemorySegment.ofArray(ap);
        double[] bp = new double[0];
        final double[] tile = new double[MR * NRD];

        double[] bp(int size) {
            if (bp.length < size) bp = new double[size];
            return bp;
        }
    }

    private static final ThreadLocal<DoubleWork> DOUBLE_WORK = ThreadLocal.withInitial(DoubleWork::new);

    private static void packedD(int batch, int m, int n, int k,
                                double[] a, int aOff, int aBatch, int aRow, int aCol,
                                double[] b, int bOff, int bBatch, int bRow, int bCol,
                                double[] c, int cOff, int cBatch, int ldc, boolean acc) {
        int threads = Parallel.getNumThreads();
        if (threads > 1 && batch >= threads && (batch % threads == 0 || batch >= 4 * threads)) {
            long flops = 2L * m * n * k;
            int grain = (int) Math.max(1, FLOPS_PER_TASK / flops);
            Parallel.forRange(batch, grain, (from, to) -> {
                DoubleWork w = DOUBLE_WORK.get();
                for (int bi = from; bi < to; bi++)
                    blockedD(w, m, n, k, a, aOff + bi * aBatch, aRow, aCol, b, bOff + bi * bBatch, bRow, bCol,
                            c, cOff + bi * cBatch, ldc, acc);
            });
            return;
        }
        DoubleWork w = DOUBLE_WORK.get();
        for (int bi = 0; bi < batch; bi++)
            sharedD(w, threads, m, n, k, a, aOff + bi * aBatch, aRow, aCol, b, bOff + bi * bBatch, bRow, bCol,
                    c, cOff + bi * cBatch, ldc, acc);
    }

    /** Double twin of {@link #blockedF}. */
    private static void blockedD(DoubleWork w, int m, int n, int k,
                                 double[] a, int ab, int aRow, int aCol, double[] b, int bb, int bRow, int bCol,
                                 double[] c, int cb, int ldc, boolean acc) {
        for (int jc = 0; jc < n; jc += NCD) {
            int nc = Math.min(NCD, n - jc);
            double[] bp = w.bp(KC * ((nc + NRD - 1) / NRD * NRD));
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packBD(b, bb + pc * bRow + jc * bCol, bRow, bCol, kc, nc, bp, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packAD(a, ab + ic * aRow + pc * aCol, aRow, aCol, mc, kc, w.ap);
                    macroD(w, kc, mc, 0, nc, bp, c, cb + ic * ldc + jc, ldc, pc == 0 && !acc);
                }
            }
        }
    }

    /** Double twin of {@link #sharedF}. */
    private static void sharedD(DoubleWork w, int threads, int m, int n, int k,
                                double[] a, int ab, int aRow, int aCol, double[] b, int bb, int bRow, int bCol,
                                double[] c, int cb, int ldc, boolean acc) {
        int rowUnits = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NCD) {
            int nc = Math.min(NCD, n - jc);
            int panels = (nc + NRD - 1) / NRD;
            double[] bp = w.bp(KC * panels * NRD);
            int colParts = threads > 1 && rowUnits < 4 * threads && panels >= 2 * threads ? threads : 1;
            int partPanels = (panels + colParts - 1) / colParts;
            int units = rowUnits * colParts;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = pc == 0 && !acc;
                int boff = bb + pc * bRow + jc * bCol, ncc = nc, jcc = jc;
                int packGrain = (int) Math.max(1, (1L << 16) / ((long) kc * NRD));
                Parallel.forRange(panels, packGrain, (from, to) ->
                        packBD(b, boff + from * NRD * bCol, bRow, bCol, kc, Math.min(ncc, to * NRD) - from * NRD, bp, from * NRD * kc));
                long flopsPerUnit = 2L * MR * Math.min(nc, partPanels * NRD) * kc;
                int grain = (int) Math.max(1, FLOPS_PER_TASK / flopsPerUnit);
                int pcc = pc;
                Parallel.forRange(units, grain, (from, to) -> {
                    DoubleWork tw = DOUBLE_WORK.get();
                    for (int u = from; u < to; ) {
                        int part = u / rowUnits, r0 = u % rowUnits, r1 = Math.min(rowUnits, r0 + (to - u));
                        int j0 = part * partPanels * NRD, j1 = Math.min(ncc, j0 + partPanels * NRD);
                        for (int ic = r0 * MR, i1 = Math.min(m, r1 * MR); ic < i1; ic += MC) {
                            int mc = Math.min(MC, i1 - ic);
                            packAD(a, ab + ic * aRow + pcc * aCol, aRow, aCol, mc, kc, tw.ap);
                            macroD(tw, kc, mc, j0, j1, bp, c, cb + ic * ldc + jcc, ldc, overwrite);
                        }
                        u += r1 - r0;
                    }
                });
            }
        }
    }

    /** Double twin of {@link #macroF}. */
    private static void macroD(DoubleWork w, int kc, int mc, int j0, int j1, double[] bp, double[] c, int ci, int ldc,
                               boolean overwrite) {
        MemorySegment apSeg = w.apSeg;
        double[] tile = w.tile;
        for (int jr = j0; jr < j1; jr += NRD) {
            int nr = Math.min(NRD, j1 - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                kernelD(apSeg, (long) ir * kc, bp, jr * kc, kc, c, ci + ir * ldc + jr, ldc, Math.min(MR, mc - ir), nr,
                        overwrite, tile);
            }
        }
    }

    private static void packBD(double[] b, int off, int bRow, int bCol, int kc, int nc, double[] bp, int bpOff) {
        for (int jp = 0; jp < nc; jp += NRD) {
            int nr = Math.min(NRD, nc - jp);
            int dst = bpOff + jp * kc;
            int src = off + jp * bCol;
            if (bCol == 1 && nr == NRD) {
                for (int p = 0; p < kc; p++, dst += NRD) System.arraycopy(b, src + p * bRow, bp, dst, NRD);
            } else if (Math.abs(bRow) <= Math.abs(bCol)) {
                for (int j = 0; j < nr; j++)
                    for (int p = 0, s = src + j * bCol; p < kc; p++, s += bRow) bp[dst + p * NRD + j] = b[s];
                if (nr < NRD) for (int p = 0; p < kc; p++) java.util.Arrays.fill(bp, dst + p * NRD + nr, dst + (p + 1) * NRD, 0d);
            } else {
                for (int p = 0; p < kc; p++, dst += NRD) {
                    int s = src + p * bRow;
                    int j = 0;
                    for (; j < nr; j++, s += bCol) bp[dst + j] = b[s];
                    for (; j < NRD; j++) bp[dst + j] = 0d;
                }
            }
        }
    }

    private static void packAD(double[] a, int off, int aRow, int aCol, int mc, int kc, double[] ap) {
        for (int ip = 0; ip < mc; ip += MR) {
            int mr = Math.min(MR, mc - ip);
            int dst = ip * kc;
            int src = off + ip * aRow;
            if (Math.abs(aCol) <= Math.abs(aRow)) {
                for (int r = 0; r < mr; r++)
                    for (int p = 0, s = src + r * aRow; p < kc; p++, s += aCol) ap[dst + p * MR + r] = a[s];
                for (int r = mr; r < MR; r++)
                    for (int p = 0; p < kc; p++) ap[dst + p * MR + r] = 0d;
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * aCol, d = dst + p * MR;
                    int r = 0;
                    for (; r < mr; r++, s += aRow) ap[d + r] = a[s];
                    for (; r < MR; r++) ap[d + r] = 0d;
                }
            }
        }
    }

    /** 6×8 double micro-kernel; same register budget and A-through-segment reasoning as {@link #kernelF}. */
    private static void kernelD(MemorySegment ap, long aIdx, double[] bp, int bIdx, int kc,
                                double[] c, int ci, int ldc, int mr, int nr, boolean overwrite, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        long ao = aIdx * Double.BYTES;
        int bo = bIdx;
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bo + DL);
            DoubleVector av = DoubleVector.broadcast(DS, ap.get(ValueLayout.JAVA_DOUBLE, ao));
            c00 = b0.fma(av, c00); c01 = b1.fma(av, c01);
            av = DoubleVector.broadcast(DS, ap.get(ValueLayout.JAVA_DOUBLE, ao + 8));
            c10 = b0.fma(av, c10); c11 = b1.fma(av, c11);
            av = DoubleVector.broadcast(DS, ap.get(ValueLayout.JAVA_DOUBLE, ao + 16));
            c20 = b0.fma(av, c20); c21 = b1.fma(av, c21);
            av = DoubleVector.broadcast(DS, ap.get(ValueLayout.JAVA_DOUBLE, ao + 24));
            c30 = b0.fma(av, c30); c31 = b1.fma(av, c31);
            av = DoubleVector.broadcast(DS, ap.get(ValueLayout.JAVA_DOUBLE, ao + 32));
            c40 = b0.fma(av, c40); c41 = b1.fma(av, c41);
            av = DoubleVector.broadcast(DS, ap.get(ValueLayout.JAVA_DOUBLE, ao + 40));
            c50 = b0.fma(av, c50); c51 = b1.fma(av, c51);
            ao += MR * Double.BYTES;
            bo += NRD;
        }
        if (mr == MR && nr == NRD) {
            if (overwrite) {
                c00.intoArray(c, ci); c01.intoArray(c, ci + DL); ci += ldc;
                c10.intoArray(c, ci); c11.intoArray(c, ci + DL); ci += ldc;
                c20.intoArray(c, ci); c21.intoArray(c, ci + DL); ci += ldc;
                c30.intoArray(c, ci); c31.intoArray(c, ci + DL); ci += ldc;
                c40.intoArray(c, ci); c41.intoArray(c, ci + DL); ci += ldc;
                c50.intoArray(c, ci); c51.intoArray(c, ci + DL);
            } else {
                c00.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci); c01.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL); ci += ldc;
                c10.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci); c11.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL); ci += ldc;
                c20.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci); c21.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL); ci += ldc;
                c30.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci); c31.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL); ci += ldc;
                c40.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci); c41.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL); ci += ldc;
                c50.add(DoubleVector.fromArray(DS, c, ci)).intoArray(c, ci); c51.add(DoubleVector.fromArray(DS, c, ci + DL)).intoArray(c, ci + DL);
            }
        } else {
            c00.intoArray(tile, 0); c01.intoArray(tile, DL);
            c10.intoArray(tile, NRD); c11.intoArray(tile, NRD + DL);
            c20.intoArray(tile, 2 * NRD); c21.intoArray(tile, 2 * NRD + DL);
            c30.intoArray(tile, 3 * NRD); c31.intoArray(tile, 3 * NRD + DL);
            c40.intoArray(tile, 4 * NRD); c41.intoArray(tile, 4 * NRD + DL);
            c50.intoArray(tile, 5 * NRD); c51.intoArray(tile, 5 * NRD + DL);
            for (int r = 0; r < mr; r++, ci += ldc)
                for (int j = 0; j < nr; j++) c[ci + j] = overwrite ? tile[r * NRD + j] : c[ci + j] + tile[r * NRD + j];
        }
    }

}
