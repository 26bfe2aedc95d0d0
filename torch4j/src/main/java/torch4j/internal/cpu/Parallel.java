package torch4j.internal.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU backend's threads. Work is split only above a grain size, as PyTorch's {@code at::parallel_for} with
 * {@code GRAIN_SIZE} 32768, so small ops stay on the calling thread. The chunks run on the {@link Team}, whose
 * workers spin briefly between chunks as OpenMP's do; a second caller that finds the team busy uses a ForkJoin pool
 * of its own (never the common pool). {@code -Dtorch4j.team=false} uses that pool for everything.
 */
public final class Parallel {
    /** PyTorch's default grain: below this many elements an op runs on one thread. */
    public static final int GRAIN = Integer.getInteger("torch4j.grain", 32_768);

    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static volatile int numThreads = Integer.getInteger("torch4j.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool;
    static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    /** Chunks go to the spinning {@link Team} (else to the ForkJoin pool). */
    static volatile boolean TEAM = !"false".equals(System.getProperty("torch4j.team"));

    private Parallel() {}

    /** {@code torch.set_num_threads}. */
    public static synchronized void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("set_num_threads expects a positive integer, got " + n);
        numThreads = n;
        ForkJoinPool old = pool;
        pool = null;
        if (old != null) old.shutdown();
    }

    /** True on a thread that is running a chunk of {@link #forRange} (nested calls there run inline). */
    public static boolean inside() { return INSIDE.get(); }

    /** Where chunk i of [0, n) split into {@code chunks} near-equal parts starts (chunk i ends at bound(i + 1)). */
    public static int bound(int n, int chunks, int i) { return (int) ((long) n * i / chunks); }

    /** {@code torch.get_num_threads}. */
    public static int getNumThreads() { return numThreads; }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    AtomicInteger id = new AtomicInteger();
                    p = new ForkJoinPool(numThreads, fjp -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                        t.setName("torch4j-cpu-" + id.getAndIncrement());
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs body over [0, n) split into at most numThreads chunks, each of at least {@code grain} units.
     * Nested calls run inline, so kernels may call each other freely.
     */
    public static void forRange(int n, int grain, Range body) {
        int threads = numThreads;
        if (n <= 0) return;
        int chunks = (int) Math.min(threads, Math.max(1, (long) n / Math.max(grain, 1)));
        if (chunks <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        if (TEAM && Team.run(n, chunks, body)) return;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        ForkJoinPool p = pool();
        for (int c = 1; c < chunks; c++) {
            int from = bound(n, chunks, c), to = bound(n, chunks, c + 1);
            tasks[c - 1] = p.submit(() -> {
                INSIDE.set(true);
                try {
                    body.run(from, to);
                } finally {
                    INSIDE.set(false);
                }
            });
        }
        INSIDE.set(true);
        try {
            body.run(0, bound(n, chunks, 1));
        } finally {
            INSIDE.set(false);
        }
        for (ForkJoinTask<?> t : tasks) t.join();
    }
}
