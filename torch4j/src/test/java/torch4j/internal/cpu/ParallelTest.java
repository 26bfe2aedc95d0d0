package torch4j.internal.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int threads0 = Parallel.getNumThreads();

    @AfterEach
    void restore() { Parallel.setNumThreads(threads0); }

    private static void coversOnce(int n, int grain) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forRange(n, grain, (from, to) -> {
            for (int i = from; i < to; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "n=" + n + " grain=" + grain + " i=" + i);
    }

    @Test
    void everyIndexRunsOnceOnTheTeam() {
        for (int t : new int[] {2, 3, 1}) {
            Parallel.setNumThreads(t);
            for (int rep = 0; rep < 200; rep++) coversOnce(1 + rep * 37, 1 + rep % 5);
            coversOnce(1 << 20, Parallel.GRAIN);
        }
    }

    @Test
    void chunksRunOnSeveralThreadsAndNestedCallsRunInline() {
        Parallel.setNumThreads(2);
        java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger nested = new AtomicInteger();
        // The caller's chunk waits until the other one has started, so the caller cannot take that one over.
        java.util.concurrent.CountDownLatch second = new java.util.concurrent.CountDownLatch(1);
        Parallel.forRange(2, 1, (from, to) -> {
            seen.add(Thread.currentThread());
            if (from == 1) second.countDown();
            else try {
                assertTrue(second.await(10, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            assertTrue(Parallel.inside());
            Thread me = Thread.currentThread();
            Parallel.forRange(1000, 1, (a, b) -> {
                assertEquals(me, Thread.currentThread(), "a nested call must stay on its chunk's thread");
                nested.addAndGet(b - a);
            });
        });
        assertEquals(2, seen.size());
        assertEquals(2000, nested.get());
        assertTrue(!Parallel.inside());
    }

    @Test
    void anExceptionInAnyChunkReachesTheCallerAndTheTeamStaysUsable() {
        Parallel.setNumThreads(2);
        IllegalStateException worker = assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, 1, (from, to) -> {
            if (from == 1) throw new IllegalStateException("chunk 1 failed");
        }));
        assertEquals("chunk 1 failed", worker.getMessage());
        AtomicInteger after = new AtomicInteger();
        IllegalArgumentException caller = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(2, 1, (from, to) -> {
            if (from == 0) throw new IllegalArgumentException("chunk 0 failed");
            try {
                Thread.sleep(20); // the caller's chunk fails first; it must still wait for this one
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            after.incrementAndGet();
        }));
        assertEquals("chunk 0 failed", caller.getMessage());
        assertEquals(1, after.get());
        coversOnce(100_000, 1);
    }

    /** Which thread runs a worker's chunk is a race (its own, or the caller taking it over); the result is not. */
    @Test
    void everyIndexRunsOnceWithAndWithoutTakeover() {
        Parallel.setNumThreads(2);
        boolean steal = Team.STEAL;
        try {
            for (boolean on : new boolean[] {true, false}) {
                Team.STEAL = on;
                for (int rep = 0; rep < 2000; rep++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(64);
                    Parallel.forRange(64, 32, (from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i), "steal=" + on + " rep=" + rep + " i=" + i);
                }
            }
        } finally {
            Team.STEAL = steal;
        }
    }

    @Test
    void concurrentCallersAllFinishWithTheirOwnResults() throws Exception {
        Parallel.setNumThreads(2);
        int callers = 4, n = 50_000;
        long[] sums = new long[callers];
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int id = c;
            ts[c] = new Thread(() -> {
                for (int rep = 0; rep < 50; rep++) {
                    java.util.concurrent.atomic.AtomicLong s = new java.util.concurrent.atomic.AtomicLong();
                    Parallel.forRange(n, 1000, (from, to) -> {
                        long part = 0;
                        for (int i = from; i < to; i++) part += i + id;
                        s.addAndGet(part);
                    });
                    sums[id] = s.get();
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) t.join();
        for (int c = 0; c < callers; c++) assertEquals((long) n * (n - 1) / 2 + (long) n * c, sums[c]);
    }
}
