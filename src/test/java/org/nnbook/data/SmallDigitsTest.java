package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.*;

/** scikit-learn's 8x8 digits from the jar: the values of the file, and their MNIST-like 28x28 version. */
class SmallDigitsTest {

    @Test
    void theFileAsScikitLearnHasIt() {
        Dataset d = SmallDigits.load();
        assertArrayEquals(new long[]{1797, 64}, d.x().shape());
        assertArrayEquals(new long[]{1797, 10}, d.y().shape());
        assertEquals(DataType.FLOAT, d.x().dataType());
        int[] count = new int[10];
        for (int l : d.labels()) count[l]++;
        assertArrayEquals(new int[]{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, count);   // load_digits().target's counts
        // the first row of digits.csv.gz: 0,0,5,13,9,1,0,0, ... a zero
        assertEquals(0, d.labels()[0]);
        assertEquals(5 / 16f, d.x().getFloat(0, 2), 0);
        assertEquals(13 / 16f, d.x().getFloat(0, 3), 0);
        assertEquals(0, d.x().minNumber().doubleValue());
        assertEquals(1, d.x().maxNumber().doubleValue());
        // the mean of all 1,797 x 64 pixel counts of the file (0-16), computed independently: 4.8841
        assertEquals(4.884, d.x().meanNumber().doubleValue() * 16, 0.001);
    }

    @Test
    void asMnistDrawsEachDigitInA20x20BoxCentredByMass() {
        Dataset small = SmallDigits.load(), big = SmallDigits.asMnist(small);
        assertArrayEquals(new long[]{1797, 1, 28, 28}, big.x().shape());
        assertSame(small.y(), big.y());
        assertTrue(big.x().minNumber().doubleValue() >= 0 && big.x().maxNumber().doubleValue() <= 1);
        for (int i = 0; i < 1797; i += 97) {
            INDArray img = big.x().get(NDArrayIndex.point(i), NDArrayIndex.point(0)).dup();
            double mass = img.sumNumber().doubleValue(), rows = 0, cols = 0;
            int ink = 0, top = 28, bottom = -1;
            for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) {
                double v = img.getDouble(r, c);
                rows += r * v;
                cols += c * v;
                if (v > 0) { ink++; top = Math.min(top, r); bottom = Math.max(bottom, r); }
            }
            assertTrue(bottom - top < 20, "digit " + i + " fits a 20-pixel box");
            assertTrue(ink > 40, "digit " + i + " has ink");
            // the centre of mass is at the centre, within the rounding of a whole-pixel shift (or the box met the frame)
            assertEquals(13.5, rows / mass, 1.5, "digit " + i + " rows");
            assertEquals(13.5, cols / mass, 1.5, "digit " + i + " columns");
            // scaling up keeps the mean brightness: 400 upsampled pixels per 64 originals
            double mean8 = small.x().getRow(i).meanNumber().doubleValue();
            assertEquals(mean8 * 400, mass, mean8 * 400 * 0.1, "digit " + i + " total ink");
        }
    }

    @Test
    void asMnistOfAConstantImageAndOfTheWrongShape() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, 64);
        INDArray img = SmallDigits.asMnist(Dataset.ofLabels(ones, new int[]{3}, 10)).x();
        assertEquals(400, img.sumNumber().doubleValue(), 1e-3);        // a 20x20 box of ones
        assertEquals(1, img.getDouble(0, 0, 4, 4), 1e-6);
        assertEquals(0, img.getDouble(0, 0, 3, 4), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmallDigits.asMnist(Dataset.ofLabels(Nd4j.ones(DataType.FLOAT, 2, 784), new int[]{1, 2}, 10)));
        assertTrue(e.getMessage().contains("(N, 64)"), e.getMessage());
    }
}
