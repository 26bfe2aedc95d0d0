package torch4j.utils.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import torch4j.DType;
import torch4j.Generator;
import torch4j.Tensor;
import torch4j.Torch;
import torch4j.TorchException;
import torch4j.testing.Json;

/** torch.utils.data against PyTorch 1.13 (refs/data.json, from tools/gen_refs_data.py). */
class DataLoaderTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> refs(String section) {
        return (Map<String, Object>) Json.cachedObject("/refs/data.json").get(section);
    }

    static final Map<String, Object> LOADER = refs("loader"), SAMPLER = refs("sampler"), SPLIT = refs("split");

    static List<Long> longs(Tensor t) {
        List<Long> r = new ArrayList<>();
        for (long v : t.toLongArray()) r.add(v);
        return r;
    }

    static List<Long> longs(Iterable<Integer> it) {
        List<Long> r = new ArrayList<>();
        for (int v : it) r.add((long) v);
        return r;
    }

    static Dataset<Sample> range10() { return TensorDataset.of(Torch.arange(10), Torch.arange(10)); }

    static List<List<Long>> epoch(DataLoader<Sample> dl) {
        List<List<Long>> r = new ArrayList<>();
        for (Sample b : dl) {
            if (b.input().dim() == 1) assertTrue(b.input().equal(b.target()));
            else assertTrue(b.input().select(1, 0).to(DType.INT64).equal(b.target()));
            r.add(longs(b.target()));
        }
        return r;
    }

    @Test void shuffleMatchesPyTorchWithManualSeed() {
        Torch.manualSeed(0);
        var dl = new DataLoader<>(range10(), new DataLoader.Options(4).shuffle(true));
        assertEquals(LOADER.get("seed0"), List.of(epoch(dl), epoch(dl)));
        // and the default generator is left where PyTorch leaves it
        @SuppressWarnings("unchecked") List<Double> after = (List<Double>) LOADER.get("seed0_after");
        float[] r = Torch.rand(2).toFloatArray();
        assertEquals(after.get(0), r[0], 1e-7);
        assertEquals(after.get(1), r[1], 1e-7);
    }

    @Test void shuffleMatchesPyTorchWithGenerator() {
        Torch.manualSeed(123); // must not matter
        var dl = new DataLoader<>(range10(), new DataLoader.Options(4).shuffle(true).generator(new Generator().manualSeed(42)));
        assertEquals(LOADER.get("gen42"), List.of(epoch(dl), epoch(dl)));
    }

    @Test void dropLastShuffled() {
        Torch.manualSeed(7);
        var dl = new DataLoader<>(range10(), new DataLoader.Options(3).shuffle(true).dropLast(true));
        assertEquals(3, dl.size());
        assertEquals(LOADER.get("seed7_droplast"), List.of(epoch(dl), epoch(dl)));
    }

    @Test void sequentialBatchingAndSize() {
        var dl = new DataLoader<>(range10(), new DataLoader.Options(4));
        assertEquals(3, dl.size());
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L), List.of(8L, 9L)), epoch(dl));
        var dl2 = new DataLoader<>(range10(), new DataLoader.Options(4).dropLast(true));
        assertEquals(2, dl2.size());
        assertEquals(2, epoch(dl2).size());
        assertEquals(10, new DataLoader<>(range10(), new DataLoader.Options()).size());
        assertEquals("batch_size should be a positive integer value, but got batch_size=0",
                assertThrows(TorchException.class, () -> new DataLoader.Options(0)).getMessage());
        assertThrows(TorchException.class,
                () -> new DataLoader<>(range10(), new DataLoader.Options(2).shuffle(true).sampler(new SequentialSampler(10))));
    }

    @Test void samplersMatchPyTorch() {
        var s = new RandomSampler(10, true, 40, new Generator().manualSeed(3));
        assertEquals(SAMPLER.get("replacement40_gen3"), List.of(longs(s), longs(s)));
        s = new RandomSampler(7, false, 10, new Generator().manualSeed(3));
        assertEquals(SAMPLER.get("n7_samples10_gen3"), List.of(longs(s), longs(s)));
        Torch.manualSeed(11);
        s = new RandomSampler(5, true, 7, null);
        assertEquals(SAMPLER.get("replacement7_seed11"), List.of(longs(s), longs(s)));
        Torch.manualSeed(5);
        var sub = new SubsetRandomSampler(new int[]{10, 20, 30, 40, 50});
        assertEquals(SAMPLER.get("subset_seed5"), List.of(longs(sub), longs(sub)));
        var w = new WeightedRandomSampler(new double[]{0.1, 0.9, 0.4, 0.0, 2.0}, 8, true, new Generator().manualSeed(9));
        assertEquals(SAMPLER.get("weighted8_gen9"), List.of(longs(w), longs(w)));
        w = new WeightedRandomSampler(new double[]{0.1, 0.9, 0.4, 0.3, 2.0}, 4, false, new Generator().manualSeed(9));
        assertEquals(SAMPLER.get("weighted4_norepl_gen9"), List.of(longs(w), longs(w)));
        assertEquals(List.of(0L, 1L, 2L), longs(new SequentialSampler(3)));
    }

    @Test void customSamplerAndBatchSampler() {
        var dl = new DataLoader<>(range10(), new DataLoader.Options(3).sampler(new SubsetRandomSampler(new int[]{9, 8, 7, 1})));
        assertEquals(2, dl.size());
        List<Long> all = new ArrayList<>();
        for (List<Long> b : epoch(dl)) all.addAll(b);
        all.sort(null);
        assertEquals(List.of(1L, 7L, 8L, 9L), all);
        var bs = new BatchSampler(new SequentialSampler(5), 2, false);
        List<List<Integer>> got = new ArrayList<>();
        for (int[] b : bs) got.add(java.util.Arrays.stream(b).boxed().toList());
        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4)), got);
        assertEquals(3, bs.size());
        assertEquals(2, new BatchSampler(new SequentialSampler(5), 2, true).size());
    }

    @Test void randomSplitMatchesPyTorch() {
        Dataset<Integer> d10 = ints(10), d11 = ints(11), d7 = ints(7);
        Torch.manualSeed(1);
        assertEquals(SPLIT.get("frac_10_seed1"), items(Data.randomSplit(d10, new double[]{0.3, 0.3, 0.4})));
        assertEquals(SPLIT.get("frac_11_gen5"), items(Data.randomSplit(d11, new double[]{0.3, 0.3, 0.4}, new Generator().manualSeed(5))));
        assertEquals(SPLIT.get("frac_10_quarters_gen5"),
                items(Data.randomSplit(d10, new double[]{0.25, 0.25, 0.25, 0.25}, new Generator().manualSeed(5))));
        assertEquals(SPLIT.get("frac_7_halves_gen2"), items(Data.randomSplit(d7, new double[]{0.5, 0.5}, new Generator().manualSeed(2))));
        assertEquals(SPLIT.get("len_3_7_gen5"), items(Data.randomSplit(d10, new int[]{3, 7}, new Generator().manualSeed(5))));
        String msg = "Sum of input lengths does not equal the length of the input dataset!";
        assertEquals(msg, assertThrows(TorchException.class, () -> Data.randomSplit(d10, new int[]{3, 8})).getMessage());
        assertEquals(msg, assertThrows(TorchException.class, () -> Data.randomSplit(d10, new double[]{0.5, 0.6})).getMessage());
        assertEquals("Fraction at index 0 is not between 0 and 1",
                assertThrows(TorchException.class, () -> Data.randomSplit(d10, new double[]{1.5, -0.5})).getMessage());
    }

    static Dataset<Integer> ints(int n) {
        return new Dataset<>() {
            @Override public Integer get(int i) { return i; }

            @Override public int size() { return n; }
        };
    }

    static List<List<Long>> items(List<Subset<Integer>> parts) {
        List<List<Long>> r = new ArrayList<>();
        for (Subset<Integer> s : parts) {
            List<Long> l = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) l.add((long) s.get(i));
            r.add(l);
        }
        return r;
    }

    @Test void datasets() {
        Tensor x = Torch.arange(12).reshape(6, 2), y = Torch.arange(6);
        var td = new TensorDataset(x, y);
        assertEquals(6, td.size());
        Sample s = (Sample) td.get(4);
        assertEquals(List.of(8L, 9L), longs(s.input()));
        assertEquals(4L, s.target().toLongArray()[0]);
        Tensor[] three = (Tensor[]) new TensorDataset(x, y, y).get(1);
        assertEquals(3, three.length);
        assertEquals("Size mismatch between tensors",
                assertThrows(TorchException.class, () -> new TensorDataset(x, Torch.arange(5))).getMessage());
        var sub = new Subset<>(ints(10), new int[]{7, 2});
        assertEquals(2, sub.size());
        assertEquals(2, sub.get(1));
        var cat = new ConcatDataset<>(List.of(ints(3), ints(2), ints(0), ints(4)));
        assertEquals(9, cat.size());
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cat.size(); i++) all.add(cat.get(i));
        assertEquals(List.of(0, 1, 2, 0, 1, 0, 1, 2, 3), all);
        assertEquals(3, cat.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> cat.get(9));
    }

    @Test void defaultCollate() {
        Tensor n = Collate.defaultCollate(List.of(1, 2, 3));
        assertEquals(DType.INT64, n.dtype());
        assertEquals(DType.FLOAT64, ((Tensor) Collate.defaultCollate(List.of(1.5, 2.0))).dtype());
        assertEquals(DType.FLOAT64, ((Tensor) Collate.defaultCollate(List.of(1.5f, 2.0f))).dtype());
        assertEquals(DType.BOOL, ((Tensor) Collate.defaultCollate(List.of(true, false))).dtype());
        Map<String, Object> dt = refs("collate");
        assertEquals(dt.get("int"), "torch.int64");
        assertEquals(dt.get("float"), "torch.float64");
        assertEquals(dt.get("bool"), "torch.bool");

        Tensor st = Collate.defaultCollate(List.of(Torch.ones(2, 3), Torch.zeros(2, 3)));
        assertArrayEquals(new int[]{2, 2, 3}, st.shapeArray());
        Sample sb = Collate.defaultCollate(List.of(new Sample(Torch.ones(3), Torch.tensor(1L)), new Sample(Torch.zeros(3), Torch.tensor(0L))));
        assertArrayEquals(new int[]{2, 3}, sb.input().shapeArray());
        assertEquals(List.of(1L, 0L), longs(sb.target()));
        Tensor[] arr = Collate.defaultCollate(List.of(new Tensor[]{Torch.ones(1), Torch.ones(2)}, new Tensor[]{Torch.ones(1), Torch.ones(2)}));
        assertArrayEquals(new int[]{2, 2}, arr[1].shapeArray());
        Map<String, Object> m1 = new LinkedHashMap<>(), m2 = new LinkedHashMap<>();
        m1.put("x", Torch.ones(2));
        m1.put("label", 3);
        m2.put("x", Torch.zeros(2));
        m2.put("label", 4);
        Map<String, Object> mb = Collate.defaultCollate(List.of(m1, m2));
        assertEquals(List.of("x", "label"), new ArrayList<>(mb.keySet()));
        assertEquals(List.of(3L, 4L), longs((Tensor) mb.get("label")));
        List<Object> lb = Collate.defaultCollate(List.of(List.of(Torch.ones(1), 1.0), List.of(Torch.ones(1), 2.0)));
        assertEquals(DType.FLOAT64, ((Tensor) lb.get(1)).dtype());
        assertEquals(List.of("a", "b"), Collate.defaultCollate(List.of("a", "b")));
    }

    @Test void customCollateAndGenericDataset() {
        Dataset<Integer> d = ints(7);
        DataLoader<Integer> dl = new DataLoader<>(d, new DataLoader.Options(3), (List<Integer> b) -> b.stream().mapToInt(i -> i).sum());
        List<Integer> sums = new ArrayList<>();
        for (int s : dl) sums.add(s);
        assertEquals(List.of(3, 12, 6), sums);
        var dl2 = new DataLoader<>(d, new DataLoader.Options(4), (List<Integer> b) -> Collate.<Tensor>defaultCollate(b));
        Iterator<Tensor> it = dl2.iterator();
        assertEquals(DType.INT64, it.next().dtype());
    }

    @Test void workersGiveTheSameBatchesInOrder() {
        Dataset<Sample> slow = new Dataset<>() {
            @Override public Sample get(int i) {
                if (i % 7 == 0) Thread.onSpinWait();
                return new Sample(Torch.full(new int[]{3}, (double) i), Torch.tensor((long) i));
            }

            @Override public int size() { return 53; }
        };
        for (int workers : new int[]{1, 3}) {
            Torch.manualSeed(4);
            List<List<Long>> ref = epoch(new DataLoader<>(slow, new DataLoader.Options(5).shuffle(true)));
            Torch.manualSeed(4);
            var dl = new DataLoader<>(slow, new DataLoader.Options(5).shuffle(true).numWorkers(workers));
            assertEquals(ref, epoch(dl));
        }
        assertThrows(TorchException.class, () -> new DataLoader.Options(2).numWorkers(-1));
    }

    @Test void workerExceptionSurfaces() {
        Dataset<Sample> bad = new Dataset<>() {
            @Override public Sample get(int i) {
                if (i == 6) throw new IllegalStateException("broken item 6");
                return new Sample(Torch.ones(1), Torch.tensor((long) i));
            }

            @Override public int size() { return 10; }
        };
        var dl = new DataLoader<>(bad, new DataLoader.Options(2).numWorkers(2));
        Iterator<Sample> it = dl.iterator();
        it.next();
        it.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            while (it.hasNext()) it.next();
        });
        assertEquals("broken item 6", e.getMessage());
        // without workers too
        assertThrows(IllegalStateException.class, () -> {
            for (Sample s : new DataLoader<>(bad, new DataLoader.Options(2))) assertNotNull(s);
        });
    }

    @Test void iterableDataset() {
        IterableDataset<Sample> stream = () -> java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> new Sample(Torch.full(new int[]{2}, (double) i), Torch.tensor((long) i))).iterator();
        var dl = new DataLoader<>(stream, new DataLoader.Options(3));
        assertEquals(List.of(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L), List.of(6L)), epoch(dl));
        assertEquals(2, epoch(new DataLoader<>(stream, new DataLoader.Options(3).dropLast(true))).size());
        assertThrows(TorchException.class, () -> new DataLoader<>(stream, new DataLoader.Options(3).shuffle(true)));
        assertThrows(TorchException.class, dl::size);
    }
}
