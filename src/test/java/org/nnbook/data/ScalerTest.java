package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class ScalerTest {
    /** 4 examples, 3 features: the last one constant. */
    private static final float[][] TRAIN = {{1, 10, 5}, {2, 20, 5}, {3, 30, 5}, {4, 40, 5}};

    private static Dataset data(float[][] x) {
        return Dataset.ofLabels(Nd4j.createFromArray(x), new int[x.length], 2);
    }

    @Test
    void standardizerGivesZeroMeanUnitVarianceOnTrain() {
        Dataset train = data(TRAIN);
        Standardizer s = Standardizer.fit(train);
        Dataset z = s.apply(train);
        assertEquals(DataType.FLOAT, z.x().dataType());
        assertArrayEquals(new double[]{2.5, 25, 5}, s.mean().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[]{Math.sqrt(1.25), Math.sqrt(125), 1}, s.std().toDoubleVector(), 1e-12, "population std; 1 for the constant feature");
        assertArrayEquals(new double[]{0, 0, 0}, z.x().castTo(DataType.DOUBLE).mean(0).toDoubleVector(), 1e-6);
        assertArrayEquals(new double[]{1, 1, 0}, z.x().castTo(DataType.DOUBLE).std(false, 0).toDoubleVector(), 1e-6);
        assertFalse(z.x().isNaN().any(), "no division by zero");
        assertSame(train.y(), z.y());
        // known values: (1 - 2.5) / sqrt(1.25)
        assertEquals(-1.5 / Math.sqrt(1.25), z.x().getDouble(0, 0), 1e-6);
    }

    @Test
    void standardizerAppliesTrainStatisticsToOtherSplits() {
        Standardizer s = Standardizer.fit(data(TRAIN));
        INDArray test = Nd4j.createFromArray(new float[][]{{2.5f, 25, 7}, {5, 50, 5}});
        INDArray z = s.apply(test);
        assertArrayEquals(new float[]{0, 0, 2}, z.getRow(0).toFloatVector(), 1e-6f, "the test mean is not used");
        assertEquals(2.5 / Math.sqrt(1.25), z.getDouble(1, 0), 1e-6);
        // a view (Dataset.range) gives the same as a copy
        Dataset all = data(TRAIN);
        assertEquals(s.apply(all.subset(new int[]{1, 2})).x(), s.apply(all.range(1, 3)).x());
    }

    @Test
    void minMaxMapsTrainRangeAndHandlesConstants() {
        Dataset train = data(TRAIN);
        MinMaxScaler m = MinMaxScaler.fit(train);
        INDArray z = m.apply(train).x();
        assertArrayEquals(new float[]{0, 0, 0}, z.getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[]{1, 1, 0}, z.getRow(3).toFloatVector(), 1e-6f);
        assertEquals(1.0 / 3, z.getDouble(1, 0), 1e-6);
        MinMaxScaler pm = MinMaxScaler.fit(train, -1, 1);
        INDArray outside = pm.apply(Nd4j.createFromArray(new float[][]{{7, 25, 5}}));
        assertArrayEquals(new float[]{3, 0, -1}, outside.toFloatVector(), 1e-6f, "not clipped; constant -> lo");
        assertArrayEquals(new double[]{1, 10, 5}, m.min().toDoubleVector());
        assertArrayEquals(new double[]{4, 40, 5}, m.max().toDoubleVector());
    }

    @Test
    void inverseUndoesBoth() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 20, 5).muli(100).subi(30);
        x.getColumn(2).assign(3.5); // a constant feature
        INDArray test = Nd4j.rand(DataType.DOUBLE, 7, 5);
        for (Scaler s : new Scaler[]{Standardizer.fit(x), MinMaxScaler.fit(x, -2, 3)}) {
            assertTrue(x.equalsWithEps(s.inverse(s.apply(x)), 1e-9), s.toString());
            assertTrue(test.equalsWithEps(s.inverse(s.apply(test)), 1e-9), s.toString());
        }
    }

    @Test
    void imagesAreScaledPerPixelAndKeepTheirShape() {
        INDArray img = Nd4j.rand(DataType.FLOAT, 6, 1, 4, 4);
        img.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(0); // constant border row
        Standardizer s = Standardizer.fit(img);
        assertEquals(16, s.numFeatures());
        INDArray z = s.apply(img);
        assertArrayEquals(new long[]{6, 1, 4, 4}, z.shape());
        assertFalse(z.isNaN().any());
        assertEquals(0, z.getDouble(3, 0, 0, 2), 0);
    }

    @Test
    void wrongNumberOfFeaturesIsAClearError() {
        Standardizer s = Standardizer.fit(data(TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertTrue(e.getMessage().contains("[3] (3 features)") && e.getMessage().contains("[2, 4] (4 features"), e.getMessage());
        MinMaxScaler m = MinMaxScaler.fit(data(TRAIN));
        assertThrows(IllegalArgumentException.class, () -> m.apply(Nd4j.zeros(DataType.FLOAT, 2, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> m.inverse(Nd4j.zeros(DataType.FLOAT, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.fit(data(TRAIN), 1, 1));
    }
}
