package torch4j.internal.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU backend's one shared thread pool (never the common pool). Work is split only above a grain size, as
 * PyTorch's {@code at::parallel_for} with {@code GRAIN_SIZE} 32768, so small ops stay on the calling thread.
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
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

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
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
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
            body.run(0, (int) ((long) n / chunks));
        } finally {
            INSIDE.set(false);
        }
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    static volatile boolean TEAM = Boolean.parseBoolean(System.getProperty("torch4j.team", "true"));
    static final long SPIN_NANOS = Long.getLong("torch4j.spinNanos", 200_000L);

    /**
     * Dedicated workers that spin briefly for the next chunk before they park, as OpenMP's do: a parked thread takes
     * tens of microseconds to wake on a VM, and a training step hands out a hundred chunks or more.
     */
    static final class Team {
        private static final java.util.concurrent.atomic.AtomicBoolean BUSY = new java.util.concurrent.atomic.AtomicBoolean();
        private static volatile Worker[] workers = new Worker[0];

        static final class Worker extends Thread {
            volatile long seq, done;
            volatile boolean parked;
            volatile Thread waiter;
            int from, to;
            Range body;
            Throwable error;

            Worker(int i) {
                super("torch4j-team-" + i);
                setDaemon(true);
            }

            @Override
            public void run() {
                INSIDE.set(true);
                long seen = 0;
                while (true) {
                    long deadline = System.nanoTime() + SPIN_NANOS;
                    while (seq == seen) {
                        if (System.nanoTime() - deadline > 0) {
                            parked = true;
                            if (seq == seen) java.util.concurrent.locks.LockSupport.park(this);
                            parked = false;
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                    seen = seq;
                    try {
                        body.run(from, to);
                    } catch (Throwable t) {
                        error = t;
                    }
                    body = null;
                    done = seen;
                    Thread w = waiter;
                    if (w != null) java.util.concurrent.locks.LockSupport.unpark(w);
                }
            }
        }

        private static Worker[] workers(int count) {
            Worker[] w = workers;
            if (w.length >= count) return w;
            Worker[] bigger = java.util.Arrays.copyOf(w, count);
            for (int i = w.length; i < count; i++) {
                bigger[i] = new Worker(i);
                bigger[i].start();
            }
            return workers = bigger;
        }

        /** Runs the chunks on the team, or returns false if another thread holds it (the caller then uses the pool). */
        static boolean run(int n, int chunks, Range body) {
            if (!BUSY.compareAndSet(false, true)) return false;
            try {
                Worker[] ws = workers(chunks - 1);
                for (int c = 1; c < chunks; c++) {
                    Worker w = ws[c - 1];
                    w.from = (int) ((long) n * c / chunks);
                    w.to = (int) ((long) n * (c + 1) / chunks);
                    w.body = body;
                    w.error = null;
                    w.waiter = null;
                    w.seq = w.seq + 1;
                    if (w.parked) java.util.concurrent.locks.LockSupport.unpark(w);
                }
                Throwable err = null;
                INSIDE.set(true);
                try {
                    body.run(0, (int) ((long) n / chunks));
                } catch (Throwable t) {
                    err = t; // still wait for the workers: they use the caller's buffers
                } finally {
                    INSIDE.set(false);
                }
                for (int c = 1; c < chunks; c++) {
                    Worker w = ws[c - 1];
                    long target = w.seq, deadline = System.nanoTime() + SPIN_NANOS;
                    while (w.done != target) {
                        if (System.nanoTime() - deadline > 0) {
                            w.waiter = Thread.currentThread();
                            if (w.done != target) java.util.concurrent.locks.LockSupport.park(w);
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                    w.waiter = null;
                    if (w.error != null && err == null) err = w.error;
                }
                if (err instanceof RuntimeException re) throw re;
                if (err instanceof Error e) throw e;
                if (err != null) throw new RuntimeException(err);
                return true;
            } finally {
                BUSY.set(false);
            }
        }
    }
}
