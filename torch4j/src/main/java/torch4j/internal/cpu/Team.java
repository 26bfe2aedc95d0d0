package torch4j.internal.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Dedicated workers that spin briefly for the next chunk before they park, as OpenMP's do: a parked thread takes
 * tens of microseconds to wake on a VM, and a training step hands out a hundred chunks or more. A chunk no worker has
 * claimed yet when the caller is done with its own is run by the caller, so a worker that is slow to wake (parked,
 * or descheduled by a JIT or GC thread) costs no waiting.
 */
final class Team {
    /** How long a worker spins for its next chunk (and the caller for a worker's result) before it parks. */
    static final long SPIN_NANOS = Long.getLong("torch4j.spinNanos", 200_000L);

    /** The caller takes over chunks no worker has started ({@code -Dtorch4j.team.steal=false}: it waits instead). */
    static volatile boolean STEAL = !"false".equals(System.getProperty("torch4j.team.steal"));

    /** Read once: in a container the JVM recomputes it from the cgroup files, too slow for every chunk. */
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** No spinning with more threads than cores: a spinning thread would then hold a core another one needs. */
    private static long spinNanos() {
        return Parallel.getNumThreads() <= CORES ? SPIN_NANOS : 0;
    }

    private Team() {}

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Worker[] workers = new Worker[0];

    // A worker's job word: sequence number << 2 | state of that job.
    private static final long POSTED = 0, TAKEN = 1, STOLEN = 2;

    /**
     * One worker. The caller writes a chunk and publishes it as (seq, POSTED); whoever moves it to TAKEN (the worker)
     * or STOLEN (the caller) runs it. The worker sets done to the seq of every job it ran.
     */
    static final class Worker extends Thread {
        private static final VarHandle JOB;

        static {
            try {
                JOB = MethodHandles.lookup().findVarHandle(Worker.class, "job", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile long job, done;
        volatile boolean parked;
        volatile Thread waiter;
        int from, to;
        Parallel.Range body;
        Throwable error;

        Worker(int i) {
            super("torch4j-team-" + i);
            setDaemon(true);
        }

        boolean claim(long j, long state) { return JOB.compareAndSet(this, j, (j & ~3L) | state); }

        @Override
        public void run() {
            Parallel.INSIDE.set(true);
            long seen = 0;
            while (true) {
                long deadline = System.nanoTime() + spinNanos(), j;
                while ((j = job) >>> 2 == seen) {
                    if (System.nanoTime() - deadline > 0) {
                        parked = true;
                        if (job >>> 2 == seen) LockSupport.park(this);
                        parked = false;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                seen = j >>> 2;
                if ((j & 3) != POSTED || !claim(j, TAKEN)) continue; // the caller ran it
                try {
                    body.run(from, to);
                } catch (Throwable t) {
                    error = t;
                }
                done = seen;
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }
    }

    private static Worker[] workers(int count) {
        Worker[] w = workers;
        if (w.length >= count) return w;
        Worker[] bigger = Arrays.copyOf(w, count);
        for (int i = w.length; i < count; i++) {
            bigger[i] = new Worker(i);
            bigger[i].start();
        }
        return workers = bigger;
    }

    /** Runs the chunks on the team, or returns false if another thread holds it (the caller then uses the pool). */
    static boolean run(int n, int chunks, Parallel.Range body) {
        if (!BUSY.compareAndSet(false, true)) return false;
        try {
            Worker[] ws = workers(chunks - 1);
            for (int c = 1; c < chunks; c++) {
                Worker w = ws[c - 1];
                w.from = Parallel.bound(n, chunks, c);
                w.to = Parallel.bound(n, chunks, c + 1);
                w.body = body;
                w.error = null;
                w.waiter = null;
                w.job = ((w.job >>> 2) + 1) << 2 | POSTED;
                if (w.parked) LockSupport.unpark(w);
            }
            Throwable err = null;
            Parallel.INSIDE.set(true);
            try {
                body.run(0, Parallel.bound(n, chunks, 1));
                if (STEAL) {
                    for (int c = 1; c < chunks; c++) {
                        Worker w = ws[c - 1];
                        long j = w.job;
                        if ((j & 3) == POSTED && w.claim(j, STOLEN)) body.run(w.from, w.to);
                    }
                }
            } catch (Throwable t) {
                err = t; // still wait for the workers: they use the caller's buffers
            } finally {
                Parallel.INSIDE.set(false);
            }
            for (int c = 1; c < chunks; c++) {
                Worker w = ws[c - 1];
                long j = w.job, target = j >>> 2;
                if ((j & 3) == STOLEN) continue;
                long deadline = System.nanoTime() + spinNanos();
                while (w.done != target) {
                    if (System.nanoTime() - deadline > 0) {
                        w.waiter = Thread.currentThread();
                        if (w.done != target) LockSupport.park(w);
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
