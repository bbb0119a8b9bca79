package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SplitsTest {
    /** x = row id; classes unbalanced and sorted as in many files: 60 of class 0, 30 of class 1, 10 of class 2. */
    static Dataset numbered() {
        int n = 100;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i < 60 ? 0 : i < 90 ? 1 : 2;
        return Dataset.ofLabels(Nd4j.arange(n).castTo(DataType.FLOAT).reshape(n, 1), labels, 3);
    }

    static int[] ids(Dataset d) { return d.x().toIntVector(); }

    static int[] classCounts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    @Test
    void trainTestKeepsClassProportionsWithoutOverlap() {
        Split s = Splits.stratified(numbered(), 0.8, 42);
        assertArrayEquals(new int[]{48, 24, 8}, classCounts(s.train()));
        assertArrayEquals(new int[]{12, 6, 2}, classCounts(s.test()));
        Set<Integer> all = new HashSet<>();
        for (int id : ids(s.train())) assertTrue(all.add(id));
        for (int id : ids(s.test())) assertTrue(all.add(id), "no example in both parts");
        assertEquals(100, all.size());
        assertFalse(s.hasValidation());
        assertThrows(IllegalStateException.class, s::validation);
        // every row keeps its label
        Dataset d = numbered();
        int[] tl = s.test().labels(), ti = ids(s.test());
        for (int i = 0; i < ti.length; i++) assertEquals(d.labels()[ti[i]], tl[i]);
    }

    @Test
    void threeWaySplitIsStratifiedAndComplete() {
        Split s = Splits.stratified(numbered(), 0.7, 0.15, 7);
        assertEquals(70, s.train().size());
        assertEquals(15, s.validation().size());
        assertEquals(15, s.test().size());
        assertArrayEquals(new int[]{42, 21, 7}, classCounts(s.train()));
        for (Dataset part : List.of(s.validation(), s.test())) {
            int[] c = classCounts(part);
            assertTrue(Math.abs(c[0] - 9) <= 1 && Math.abs(c[1] - 4.5) <= 1 && Math.abs(c[2] - 1.5) <= 1, Arrays.toString(c));
        }
        int[] all = concat(ids(s.train()), ids(s.validation()), ids(s.test()));
        Arrays.sort(all);
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), all);
    }

    @Test
    void partsAreShuffledAndReproducibleBySeed() {
        Split a = Splits.stratified(numbered(), 0.8, 1), b = Splits.stratified(numbered(), 0.8, 1), c = Splits.stratified(numbered(), 0.8, 2);
        assertArrayEquals(ids(a.train()), ids(b.train()));
        assertArrayEquals(ids(a.test()), ids(b.test()));
        assertFalse(Arrays.equals(ids(a.train()), ids(c.train())));
        int[] labels = a.train().labels();
        assertFalse(Arrays.equals(labels, Arrays.stream(labels).sorted().toArray()), "not grouped by class");
    }

    @Test
    void kFoldUsesEveryExampleOnceForValidation() {
        List<Fold> folds = Splits.kFold(numbered(), 5, 3);
        assertEquals(5, folds.size());
        int[] seen = new int[100];
        for (Fold f : folds) {
            assertEquals(20, f.validation().size());
            assertEquals(80, f.train().size());
            assertArrayEquals(new int[]{12, 6, 2}, classCounts(f.validation()), "stratified");
            Set<Integer> val = new HashSet<>();
            for (int id : ids(f.validation())) { seen[id]++; val.add(id); }
            for (int id : ids(f.train())) assertFalse(val.contains(id), "fold " + f.index() + ": " + id + " in train and validation");
        }
        for (int i = 0; i < 100; i++) assertEquals(1, seen[i], "example " + i + " validated exactly once");
        List<Fold> again = Splits.kFold(numbered(), 5, 3), other = Splits.kFold(numbered(), 5, 4);
        assertArrayEquals(ids(folds.get(2).validation()), ids(again.get(2).validation()));
        assertFalse(Arrays.equals(ids(folds.get(2).validation()), ids(other.get(2).validation())));
    }

    @Test
    void unevenFoldsDifferByAtMostOne() {
        List<Fold> folds = Splits.kFold(numbered().take(53), 4, 0); // 53 of class 0 only
        int[] sizes = folds.stream().mapToInt(f -> f.validation().size()).toArray();
        assertEquals(53, Arrays.stream(sizes).sum());
        assertTrue(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt() <= 1, Arrays.toString(sizes));
    }

    @Test
    void realDataIris() {
        Dataset iris = TabularTest.iris();
        Split s = Splits.stratified(iris, 0.6, 0.2, 42);
        assertArrayEquals(new int[]{30, 30, 30}, classCounts(s.train()));
        assertArrayEquals(new int[]{10, 10, 10}, classCounts(s.validation()));
        assertArrayEquals(new int[]{10, 10, 10}, classCounts(s.test()));
        assertEquals(iris.classNames(), s.test().classNames());
    }

    @Test
    void holdOutKeepsTheLastRowsForValidationInOrder() {
        Dataset train = numbered(), test = Dataset.ofLabels(Nd4j.arange(1000, 1020).castTo(DataType.FLOAT).reshape(20, 1), new int[20], 3);
        Split s = Splits.holdOut(train, 0.1, test);
        assertArrayEquals(java.util.stream.IntStream.range(0, 90).toArray(), ids(s.train()));
        assertArrayEquals(java.util.stream.IntStream.range(90, 100).toArray(), ids(s.validation()), "the last 10%, in order");
        assertSame(test, s.test());
        assertArrayEquals(Arrays.copyOfRange(train.labels(), 90, 100), s.validation().labels());
        assertEquals(54_000, Splits.holdOut(Dataset.ofLabels(Nd4j.zeros(DataType.FLOAT, 60_000, 1), new int[60_000], 2), 0.1, test)
                .train().size(), "MNIST: 54,000 + 6,000");
        assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(train, 0, test));
        assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(train, 1, test));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(train.take(4), 0.1, test));
        assertTrue(e.getMessage().contains("validation part empty"), e.getMessage());
    }

    @Test
    void centredSubtractsTheTrainPartsMeanOnly() {
        Dataset train = numbered(), test = Dataset.ofLabels(Nd4j.arange(1000, 1020).castTo(DataType.FLOAT).reshape(20, 1), new int[20], 3);
        Split raw = Splits.holdOut(train, 0.1, test), c = raw.centred();
        double mean = 44.5; // of rows 0..89: not of all 100 rows (49.5), and nothing from test
        assertEquals(0, c.train().x().meanNumber().doubleValue(), 1e-6);
        assertEquals(90 - mean, c.validation().x().getDouble(0, 0), 1e-6);
        assertEquals(99 - mean, c.validation().x().getDouble(9, 0), 1e-6);
        assertEquals(1000 - mean, c.test().x().getDouble(0, 0), 1e-6);
        assertEquals(90, c.train().size());
        assertEquals(10, c.validation().size());
        assertEquals(20, c.test().size());
        assertArrayEquals(raw.validation().labels(), c.validation().labels());
        assertEquals(0, raw.train().x().getDouble(0, 0), "the split it came from is unchanged");
        assertEquals(90, train.x().getDouble(90, 0), "and so is the data set");
        // a split without a validation part
        Split two = Splits.stratified(numbered(), 0.8, 1);
        Split twoC = two.centred();
        assertFalse(twoC.hasValidation());
        assertEquals(two.train().x().meanNumber().doubleValue(), two.train().x().getDouble(0, 0) - twoC.train().x().getDouble(0, 0), 1e-4);
    }

    @Test
    void badArgumentsAreRejected() {
        Dataset d = numbered();
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d, 0.8, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(d, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.kFold(d, 101, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d.take(3), 0.9, 1));
        assertTrue(e.getMessage().contains("test part would be empty"), e.getMessage());
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
