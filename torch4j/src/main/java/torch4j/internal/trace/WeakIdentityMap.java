package torch4j.internal.trace;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A map keyed by object identity that does not keep its keys alive: a trace must not hold every intermediate
 * tensor of the forward until it ends (a tensor that was collected can never be read again, so its entry is moot).
 */
final class WeakIdentityMap<K, V> {
    private final Map<Ref<K>, V> map = new HashMap<>();
    private final ReferenceQueue<K> queue = new ReferenceQueue<>();

    private static final class Ref<K> extends WeakReference<K> {
        final int hash;

        Ref(K key, ReferenceQueue<K> q) {
            super(key, q);
            hash = System.identityHashCode(key);
        }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Ref<?> r)) return false;
            Object k = get();
            return k != null && k == r.get();
        }
    }

    private void purge() {
        for (Object r; (r = queue.poll()) != null; ) map.remove(r);
    }

    V get(K key) {
        return map.get(new Ref<>(key, null));
    }

    boolean containsKey(K key) { return map.containsKey(new Ref<>(key, null)); }

    void put(K key, V value) {
        purge();
        map.put(new Ref<>(key, queue), value);
    }
}
