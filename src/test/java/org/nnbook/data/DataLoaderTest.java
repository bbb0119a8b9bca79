package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DataLoaderTest {
    private static Dataset numbered(int n) {
        // x = row index, so a batch shows which examples it holds; images (N, 1, 2, 2) to exercise rank 4
        var x = Nd4j.arange(n).castTo(DataType.FLOAT).reshape(n, 1).broadcast(n, 4).dup().reshape(n, 1, 2, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 3;
        return Dataset.ofLabels(x, labels, 3);
    }

    private static List<Integer> ids(DataLoader loader) {
        List<Integer> ids = new ArrayList<>();
        for (Batch b : loader) {
            assertEquals(b.x().size(0), b.y().size(0));
            assertEquals(4, b.x().rank());
            for (int i = 0; i < b.size(); i++) {
                int id = (int) b.x().getFloat(i, 0, 0, 0);
                assertEquals(id % 3, b.y().argMax(1).getInt(i), "x and y stay paired");
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void batchesCoverEveryExampleOnceWithARemainder() {
        DataLoader l = new DataLoader(numbered(10), 4);
        assertEquals(3, l.numBatches());
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : l) sizes.add(b.size());
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ids(new DataLoader(numbered(10), 4)));
    }

    @Test
    void shuffleIsSeededAndDiffersByEpoch() {
        DataLoader a = new DataLoader(numbered(50), 8, true, 1), b = new DataLoader(numbered(50), 8, true, 1);
        List<Integer> a1 = ids(a), b1 = ids(b), a2 = ids(a);
        assertEquals(a1, b1);
        assertNotEquals(a1, a2);
        int[] sorted = a1.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] all = new int[50];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(5), 0));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(null, 4));
        assertThrows(IllegalArgumentException.class, () -> Dataset.oneHot(new int[]{3}, 3));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(Nd4j.zeros(3, 2), Nd4j.zeros(4, 2)));
    }

    @Test
    void batchesCarryEveryInputTheMaskAndTargetsOfAnyRank() {
        int n = 7;
        org.nd4j.linalg.api.ndarray.INDArray ids = Nd4j.arange(n * 3).reshape(n, 3).castTo(DataType.INT);
        org.nd4j.linalg.api.ndarray.INDArray second = Nd4j.arange(n).reshape(n, 1).castTo(DataType.FLOAT);
        org.nd4j.linalg.api.ndarray.INDArray mask = Nd4j.ones(DataType.FLOAT, n, 3), next = ids.add(1);
        Dataset d = new Dataset(org.nnbook.core.Inputs.of(ids, second), next, null).withMask(mask);
        assertEquals("Dataset(x0 [7, 3], x1 [7, 1], mask [7, 3], y [7, 3])", d.toString());
        int seen = 0;
        for (Batch b : new DataLoader(d, 3, true, 5)) {
            assertEquals(2, b.inputs().count());
            assertEquals(DataType.INT, b.x().dataType(), "ids stay ids");
            for (int r = 0; r < b.size(); r++) {
                int row = b.inputs().get(1).getInt(r, 0);                      // which example this row is
                assertEquals(ids.getRow(row), b.x().getRow(r));
                assertEquals(next.getRow(row), b.y().getRow(r), "targets (N, T) follow their inputs");
                assertEquals(mask.getRow(row), b.mask().getRow(r));
            }
            seen += b.size();
        }
        assertEquals(n, seen);
        assertEquals(3, d.range(2, 5).size());
        assertEquals(2, d.subset(new int[]{6, 0}).inputs().count());
        assertArrayEquals(new long[]{2, 3}, d.subset(new int[]{6, 0}).mask().shape());
    }
}
