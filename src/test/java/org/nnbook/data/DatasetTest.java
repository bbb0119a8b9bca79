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
    void withoutDropsTheClassesAndKeepsTheColumns() {
        var x = Nd4j.arange(6 * 2).castTo(DataType.FLOAT).reshape(6, 2);
        Dataset d = Dataset.ofLabels(x, new int[]{0, 3, 1, 3, 2, 0}, 4);
        Dataset no3 = d.without(3);
        assertArrayEquals(new int[]{0, 1, 2, 0}, no3.labels());
        assertArrayEquals(new float[]{0, 1, 4, 5, 8, 9, 10, 11}, no3.x().ravel().toFloatVector(), "the other rows, in order");
        assertArrayEquals(new long[]{4, 4}, no3.y().shape(), "still one column per class");
        assertEquals(0, no3.y().getColumn(3).sumNumber().doubleValue());
        assertArrayEquals(new int[]{3, 1, 3, 2}, d.without(0).labels());
        assertArrayEquals(new int[]{3, 3}, d.without(0, 1, 2).labels());
        no3.x().putScalar(0, 0, -1f);
        assertEquals(0f, d.x().getFloat(0, 0), "a copy");
        var e = assertThrows(IllegalArgumentException.class, () -> d.without(4));
        assertTrue(e.getMessage().contains("classes 0 to 3"), e.getMessage());
    }

    @Test
    void badRangesAndLabelsAreRejected() {
        Dataset d = numbered(5);
        assertThrows(IllegalArgumentException.class, () -> d.range(3, 3));
        assertThrows(IllegalArgumentException.class, () -> d.range(0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[]{5}));
        var e = assertThrows(IllegalArgumentException.class, () -> new Dataset(Nd4j.zeros(5, 3), Nd4j.zeros(4, 2)));
        assertTrue(e.getMessage().contains("one row per example"), e.getMessage());
    }
    /** Row i of the gathered array must equal row indices[i] of a, whatever a's layout (fast copy or pullRows). */
    private static void assertGathers(org.nd4j.linalg.api.ndarray.INDArray a, int[] indices) {
        var got = Dataset.rows(a, indices);
        long[] shape = a.shape().clone();
        shape[0] = indices.length;
        assertArrayEquals(shape, got.shape());
        assertEquals(a.dataType(), got.dataType());
        long perRow = a.length() / a.size(0);
        for (int i = 0; i < indices.length; i++)
            for (long k = 0; k < perRow; k++) {                 // element k of a row, in c order
                long[] at = new long[a.rank()];
                long rest = k;
                for (int d = a.rank() - 1; d >= 1; d--) { at[d] = rest % a.size(d); rest /= a.size(d); }
                at[0] = indices[i];
                double expected = a.getDouble(at);
                at[0] = i;
                assertEquals(expected, got.getDouble(at), "row " + i + " = source row " + indices[i] + ", element " + k);
            }
    }

    @Test
    void rowsGathersFromEveryLayout() {
        int[] idx = {3, 0, 3, 5, 1};
        var base = Nd4j.arange(6 * 4).castTo(DataType.FLOAT).reshape('c', 6, 4);
        assertGathers(base, idx);
        assertGathers(base.castTo(DataType.DOUBLE), idx);
        assertGathers(base.dup('f'), idx);                                       // not row by row: the op path
        var tall = Nd4j.arange(12 * 4).castTo(DataType.FLOAT).reshape('c', 12, 4);
        var view = tall.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 10), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertGathers(view, idx);                                                // offset into a larger buffer
        assertGathers(numbered(12).range(2, 11).range(1, 7).x(), idx);             // a view of a view
        var images = Nd4j.arange(6 * 2 * 3 * 3).castTo(DataType.FLOAT).reshape('c', 6, 2, 3, 3);
        assertGathers(images, idx);
        assertGathers(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)), idx);             // strided rows (a channel): the op path
        assertGathers(Nd4j.arange(6).castTo(DataType.FLOAT), idx);                // rank 1: one number per row
        assertGathers(tall.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3)),
                new int[]{11, 0, 7});                                             // a column range: rows not contiguous
        var copy = Dataset.rows(base, idx);
        copy.putScalar(0, 0, -1f);
        assertEquals(12f, base.getFloat(3, 0), "rows copies");
    }

    @Test
    void classIdTargetsNeedClassNames() {
        Dataset ids = Dataset.ofClassIds(Nd4j.zeros(3, 2), new int[]{2, 0, 1}, java.util.List.of("a", "b", "c"));
        assertArrayEquals(new int[]{2, 0, 1}, ids.labels());
        assertEquals(3, ids.numClasses());
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofClassIds(Nd4j.zeros(3, 2), new int[]{2, 0, 3}, java.util.List.of("a", "b", "c")));
        var e = assertThrows(IllegalStateException.class, () -> new Dataset(Nd4j.zeros(3, 2), Nd4j.createFromArray(1, 0, 1)).numClasses());
        assertTrue(e.getMessage().contains("class names"), e.getMessage());
    }
}
