package torch4j.utils.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.autograd.GradMode;

/**
 * Batches a dataset, as {@code torch.utils.data.DataLoader}: sampling (sequential, shuffled with a seeded
 * generator, or a custom sampler), batching with dropLast, collation (default: stack), and {@code numWorkers}
 * threads that prepare batches ahead while the training loop runs, delivered in order.
 * <pre>{@code
 * var loader = new DataLoader<>(train, new DataLoader.Options(64).shuffle(true));
 * for (Sample batch : loader) { ... batch.input() ... batch.target() ... }
 * }</pre>
 */
public final class DataLoader<B> implements Iterable<B> {
    /** DataLoader's keyword arguments, with PyTorch's defaults. */
    public static final class Options {
        int batchSize;
        boolean shuffle;
        boolean dropLast;
        int numWorkers;
        int prefetchFactor = 2;
        Sampler sampler;
        Generator generator;

        public Options() { this(1); }

        public Options(int batchSize) {
            if (batchSize <= 0) throw new TorchException("batch_size should be a positive integer value, but got batch_size=" + batchSize);
            this.batchSize = batchSize;
        }

        public Options batchSize(int v) { batchSize = v; return this; }

        public Options shuffle(boolean v) { shuffle = v; return this; }

        public Options dropLast(boolean v) { dropLast = v; return this; }

        /** Threads preparing batches (0: in the calling thread). */
        public Options numWorkers(int v) {
            if (v < 0) throw new TorchException("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
            numWorkers = v;
            return this;
        }

        /** Batches each worker prepares ahead. */
        public Options prefetchFactor(int v) { prefetchFactor = Math.max(1, v); return this; }

        public Options sampler(Sampler v) { sampler = v; return this; }

        public Options generator(Generator v) { generator = v; return this; }
    }

    private final Dataset<?> dataset;
    private final IterableDataset<?> iterable;
    private final Options options;
    private final Function<List<Object>, B> collate;
    private final boolean defaultCollate;

    /** A loader with the default collate: items of type B batch into one B (Sample → Sample of stacked tensors). */
    public DataLoader(Dataset<B> dataset, Options options) {
        this(dataset, null, options, null);
    }

    /** A loader with a custom collate function ({@code collate_fn}). */
    public <T> DataLoader(Dataset<T> dataset, Options options, Function<List<T>, B> collate) {
        this(dataset, null, options, castCollate(collate));
    }

    /** A loader over an iterable-style dataset: batches in iteration order. */
    public DataLoader(IterableDataset<B> dataset, Options options) {
        this(null, dataset, options, null);
    }

    @SuppressWarnings("unchecked")
    private static <T, B> Function<List<Object>, B> castCollate(Function<List<T>, B> f) {
        return l -> f.apply((List<T>) (List<?>) l);
    }

    @SuppressWarnings("unchecked")
    private DataLoader(Dataset<?> dataset, IterableDataset<?> iterable, Options options, Function<List<Object>, B> collate) {
        this.dataset = dataset;
        this.iterable = iterable;
        this.options = options;
        this.defaultCollate = collate == null;
        this.collate = collate != null ? collate : l -> Collate.<B>defaultCollate(l);
        if (options.sampler != null && options.shuffle)
            throw new TorchException("sampler option is mutually exclusive with shuffle");
        if (iterable != null && (options.sampler != null || options.shuffle))
            throw new TorchException("DataLoader with IterableDataset: expected unspecified sampler and shuffle options");
    }

    public Dataset<?> dataset() { return dataset; }

    public int batchSize() { return options.batchSize; }

    private Sampler sampler() {
        if (options.sampler != null) return options.sampler;
        int n = dataset.size();
        return options.shuffle ? new RandomSampler(n, false, n, options.generator) : new SequentialSampler(n);
    }

    /** {@code len(loader)}: batches per epoch. */
    public int size() {
        if (dataset == null) throw new TorchException("len() of a DataLoader over an IterableDataset is unknown");
        return new BatchSampler(sampler(), options.batchSize, options.dropLast).size();
    }

    @Override public Iterator<B> iterator() {
        if (iterable != null) return iterableBatches();
        // PyTorch draws a base seed for worker processes from the loader's generator at each new iterator; drawing
        // it too keeps the default generator's stream, and so shuffles and initialisations, in step with PyTorch
        Torch.empty(new int[0], torch4j.DType.INT64).random_(options.generator);
        Iterator<int[]> batches = new BatchSampler(sampler(), options.batchSize, options.dropLast).iterator();
        if (options.numWorkers == 0) {
            return new Iterator<>() {
                @Override public boolean hasNext() { return batches.hasNext(); }

                @Override public B next() { return load(batches.next()); }
            };
        }
        return new Prefetching(batches);
    }

    /** One batch: a TensorDataset is sliced with one indexSelect per tensor instead of stacking rows. */
    @SuppressWarnings("unchecked")
    private B load(int[] idx) {
        try (var _ = GradMode.scope(false)) {
            if (dataset instanceof TensorDataset td && defaultCollate) {
                Tensor index = Torch.fromArray(toLong(idx), idx.length);
                Tensor[] ts = td.tensors();
                Tensor[] out = new Tensor[ts.length];
                for (int i = 0; i < ts.length; i++) out[i] = ts[i].indexSelect(0, index);
                return (B) (out.length == 2 ? new Sample(out[0], out[1]) : out);
            }
            List<Object> items = new ArrayList<>(idx.length);
            for (int i : idx) items.add(dataset.get(i));
            return collate.apply(items);
        }
    }

    private static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    private Iterator<B> iterableBatches() {
        Torch.empty(new int[0], torch4j.DType.INT64).random_(options.generator); // PyTorch's base seed, see iterator()
        Iterator<?> it = iterable.iterator();
        return new Iterator<>() {
            List<Object> pending = fill();

            private List<Object> fill() {
                List<Object> b = new ArrayList<>(options.batchSize);
                while (b.size() < options.batchSize && it.hasNext()) b.add(it.next());
                if (b.isEmpty() || (options.dropLast && b.size() < options.batchSize)) return null;
                return b;
            }

            @Override public boolean hasNext() { return pending != null; }

            @Override public B next() {
                if (pending == null) throw new NoSuchElementException();
                List<Object> b = pending;
                pending = fill();
                try (var _ = GradMode.scope(false)) {
                    return collate.apply(b);
                }
            }
        };
    }

    /** Workers load batches ahead; results come back in sampler order. Threads end with the iteration. */
    private final class Prefetching implements Iterator<B> {
        private final Iterator<int[]> batches;
        private final ExecutorService pool;
        private final ArrayDeque<Future<B>> ahead = new ArrayDeque<>();

        Prefetching(Iterator<int[]> batches) {
            this.batches = batches;
            AtomicInteger id = new AtomicInteger();
            // idle workers time out, so a loop left early (break) does not leak its threads
            ThreadPoolExecutor p = new ThreadPoolExecutor(options.numWorkers, options.numWorkers, 2, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "torch4j-dataloader-" + id.getAndIncrement());
                        t.setDaemon(true);
                        return t;
                    });
            p.allowCoreThreadTimeOut(true);
            this.pool = p;
            top();
        }

        private void top() {
            int limit = options.numWorkers * options.prefetchFactor;
            while (ahead.size() < limit && batches.hasNext()) {
                int[] idx = batches.next();
                ahead.add(pool.submit(() -> load(idx)));
            }
            if (ahead.isEmpty()) pool.shutdown();
        }

        @Override public boolean hasNext() { return !ahead.isEmpty(); }

        @Override public B next() {
            Future<B> f = ahead.poll();
            if (f == null) throw new NoSuchElementException();
            try {
                B b = f.get();
                top();
                return b;
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
                throw new TorchException("DataLoader interrupted", e);
            } catch (ExecutionException e) {
                pool.shutdownNow();
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                throw new TorchException("DataLoader worker failed: " + c, c);
            }
        }
    }
}
