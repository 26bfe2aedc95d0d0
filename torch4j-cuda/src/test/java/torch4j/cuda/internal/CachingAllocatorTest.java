package torch4j.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocator's bookkeeping over a fake device memory that counts driver calls and can run out. */
class CachingAllocatorTest {
    /** A fake cuMemAlloc/cuMemFree with a capacity. */
    static final class FakeMemory implements CachingAllocator.DeviceMemory {
        final long capacity;
        long used, next = 0x7000_0000L;
        int mallocs, frees;
        final Map<Long, Long> live = new HashMap<>();

        FakeMemory(long capacity) { this.capacity = capacity; }

        @Override public long malloc(long bytes) {
            if (used + bytes > capacity) return 0;
            mallocs++;
            used += bytes;
            long p = next;
            next += bytes;
            live.put(p, bytes);
            return p;
        }

        @Override public void free(long ptr) {
            frees++;
            used -= live.remove(ptr);
        }
    }

    @Test
    void sizeClasses() {
        assertEquals(512, CachingAllocator.roundUp(0));
        assertEquals(512, CachingAllocator.roundUp(1));
        assertEquals(1024, CachingAllocator.roundUp(513));
        assertEquals(1 << 20, CachingAllocator.roundUp(1 << 20));
        assertEquals(2 << 20, CachingAllocator.roundUp((1 << 20) + 1));
        assertEquals(4 << 20, CachingAllocator.roundUp((2 << 20) + 1));
    }

    @Test
    void freedBlocksAreReusedWithoutTheDriver() {
        FakeMemory m = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(m);
        long p = a.allocate(1000);
        assertEquals(1024, a.memoryAllocated());
        a.free(p, 1000);
        assertEquals(0, a.memoryAllocated());
        assertEquals(1024, a.memoryReserved());
        long q = a.allocate(900); // same class
        assertEquals(p, q);
        assertEquals(1, m.mallocs);
        long r = a.allocate(5000); // another class: a new block
        assertNotEquals(p, r);
        assertEquals(2, m.mallocs);
        assertEquals(1024 + 5120, a.memoryAllocated());
        assertEquals(1024 + 5120, a.maxMemoryAllocated());
        a.free(q, 900);
        a.free(r, 5000);
        assertEquals(0, a.memoryAllocated());
        assertEquals(1024 + 5120, a.maxMemoryAllocated());
        a.resetPeakMemoryStats();
        assertEquals(0, a.maxMemoryAllocated());
    }

    @Test
    void emptyCacheGivesCachedBlocksBackButNotLiveOnes() {
        FakeMemory m = new FakeMemory(1L << 30);
        CachingAllocator a = new CachingAllocator(m);
        long live = a.allocate(3 << 20);
        long dead = a.allocate(1 << 10);
        a.free(dead, 1 << 10);
        a.releaseCached();
        assertEquals(1, m.frees);
        assertEquals(4 << 20, m.used);
        assertEquals(4 << 20, a.memoryReserved());
        assertEquals(4 << 20, a.memoryAllocated());
        a.free(live, 3 << 20);
        a.releaseCached();
        assertEquals(0, m.used);
        assertEquals(0, a.memoryReserved());
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetriesThenFailsLikePyTorch() {
        FakeMemory m = new FakeMemory(8 << 20);
        CachingAllocator a = new CachingAllocator(m);
        List<Long> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) ps.add(a.allocate(2 << 20));
        for (long p : ps) a.free(p, 2 << 20);
        long big = a.allocate(6 << 20); // needs the cached 2 MiB blocks returned to the driver first
        assertTrue(big != 0);
        assertEquals(4, m.frees);
        var e = assertThrows(CudaException.class, () -> a.allocate(4 << 20));
        assertEquals("CUDA out of memory. Tried to allocate 4.00 MiB (6.00 MiB allocated by torch4j, 6.00 MiB reserved)",
                e.getMessage());
    }
}
