package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetTest {
    private static Dataset numbered(int n) {
        var x = Nd4j.arange(n * 3).castTo(DataType.FLOAT).reshape(n, 3);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 2;
        return Dataset.ofLabels(x, labels, 2, List.of("even", "odd"));
    }

    @Test
    void rangeIsAViewOfTheRows() {
        Dataset d = numbered(10);
        Dataset r = d.range(4, 7);
        assertEquals(3, r.size());
        assertEquals(12f, r.x().getFloat(0, 0));
        assertArrayEquals(new int[]{0, 1, 0}, r.labels());
        assertEquals(List.of("even", "odd"), r.classNames());
        r.x().putScalar(0, 0, -1f);
        assertEquals(-1f, d.x().getFloat(4, 0), "a view shares memory");
        // a view still batches correctly
        Batch b = new DataLoader(r, 2).iterator().next();
        assertArrayEquals(new float[]{-1, 13, 14, 15, 16, 17}, b.x().ravel().toFloatVector());
    }

    @Test
    void takeAndSubsetCopy() {
        Dataset d = numbered(5);
        Dataset s = d.subset(new int[]{4, 0});
        assertArrayEquals(new int[]{0, 0}, s.labels());
        assertEquals(12f, s.x().getFloat(0, 0));
        s.x().putScalar(0, 0, 99f);
        assertEquals(12f, d.x().getFloat(4, 0), "a subset is a copy");
        assertEquals(2, d.take(2).size());
        assertEquals(5, d.take(50).size());
    }

    @Test
    void badRangesAndLabelsAreRejected() {
        Dataset d = numbered(5);
        assertThrows(IllegalArgumentException.class, () -> d.range(3, 3));
        assertThrows(IllegalArgumentException.class, () -> d.range(0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[]{5}));
        var e = assertThrows(IllegalArgumentException.class, () -> new Dataset(Nd4j.zeros(5, 3), Nd4j.zeros(5)));
        assertTrue(e.getMessage().contains("ofLabels"), e.getMessage());
    }
}
