package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class AugmentTest {
    /** One 5x5 image with a distinct value per pixel: 1 + row * 5 + column. */
    private static INDArray ramp() { return Nd4j.arange(1, 26).castTo(DataType.FLOAT).reshape(1, 1, 5, 5); }

    private static float px(INDArray img, int row, int col) { return img.getFloat(0, 0, row, col); }

    @Test
    void rotationByNinetyDegreesTurnsCounterClockwise() {
        INDArray x = ramp(), r = Augment.rotate(90, 90).apply(x, 1);
        // turned counter-clockwise on screen: the top row becomes the left column, read upwards
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) assertEquals(px(x, j, 4 - i), px(r, i, j), 1e-4, "at " + i + "," + j);
        INDArray back = Augment.rotate(-90, -90).apply(r, 1);
        assertTrue(x.equalsWithEps(back, 1e-4));
    }

    @Test
    void shiftMovesByWholePixelsWithZeroFill() {
        INDArray x = ramp();
        Augment shift = Augment.shift(2);
        for (long seed = 0; seed < 20; seed++) {
            INDArray s = shift.apply(x, seed);
            assertTrue(isWholeShift(x, s), "seed " + seed + ": not a shift by whole pixels");
        }
        // over many draws every offset in [-2, 2]^2 occurs
        INDArray many = shift.apply(x.repeat(0, 200), 3);
        boolean[] seen = new boolean[25];
        for (int i = 0; i < 200; i++) {
            INDArray one = many.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
            for (int dy = -2; dy <= 2; dy++) for (int dx = -2; dx <= 2; dx++)
                if (one.equalsWithEps(shifted(x, dx, dy), 1e-6)) seen[(dy + 2) * 5 + dx + 2] = true;
        }
        for (boolean b : seen) assertTrue(b);
    }

    @Test
    void scaleAndFlipHaveTheirKnownEffects() {
        INDArray x = ramp();
        INDArray flip = Augment.flipHorizontal(1).apply(x, 0);
        for (int j = 0; j < 5; j++) assertEquals(px(x, 2, 4 - j), px(flip, 2, j));
        assertEquals(x, Augment.flipHorizontal(0).apply(x, 0));
        // zoom x2 about the centre: output (u, v) reads the source at centre + (u - centre) / 2
        INDArray z = Augment.scale(2, 2).apply(x, 0);
        assertEquals(px(x, 2, 2), px(z, 2, 2), 1e-5);
        assertEquals((px(x, 2, 1) + px(x, 2, 2)) / 2, px(z, 2, 1), 1e-5, "bilinear halfway");
        assertEquals(px(x, 1, 1), px(z, 0, 0), 1e-5);
        INDArray shrunk = Augment.scale(0.5, 0.5).apply(x, 0);
        assertEquals(0, px(shrunk, 0, 0), "outside the source: zero fill");
    }

    @Test
    void composeResamplesOnceAndMatchesTheStepsInOrder() {
        INDArray x = ramp();
        // flip then shift right by... a fixed draw: shift(0) and flip(1) are deterministic
        Augment c = Augment.compose(Augment.flipHorizontal(1), Augment.rotate(90, 90));
        INDArray expected = Augment.rotate(90, 90).apply(Augment.flipHorizontal(1).apply(x, 0), 0);
        assertTrue(expected.equalsWithEps(c.apply(x, 0), 1e-4));
        assertEquals("Augment(flip horizontal p=1.0, rotate 90°)", c.toString());
        assertEquals("Augment(rotate ±10°, shift ±2 px, scale 0.9..1.1)",
                Augment.compose(Augment.rotate(10), Augment.shift(2), Augment.scale(0.9, 1.1)).toString());
    }

    @Test
    void seededAndShapedLikeTheInput() {
        Dataset mnist = Mnist.smallTrain().take(16);
        Augment aug = Augment.compose(Augment.rotate(15), Augment.shift(2), Augment.scale(0.9, 1.1));
        INDArray rows = mnist.x(), images = Mnist.asImages(mnist).x();
        INDArray a = aug.apply(rows, 5), b = aug.apply(rows, 5), c = aug.apply(rows, 6);
        assertArrayEquals(new long[]{16, 784}, a.shape());
        assertEquals(DataType.FLOAT, a.dataType());
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a, aug.apply(images, 5).reshape(16, 784), "(N, 784) and (N, 1, 28, 28) give the same result");
        assertEquals(DataType.DOUBLE, aug.apply(rows.castTo(DataType.DOUBLE), 5).dataType());
        // a view into a larger array (Dataset.range) reads only its own rows
        Dataset tail = Mnist.smallTrain().range(8, 16);
        assertEquals(aug.apply(mnist.x().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 16)).dup(), 5), aug.apply(tail.x(), 5));
        assertTrue(a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() <= 1.0001, "bilinear stays in range");
        // ink is mostly kept: a small distortion moves the digit, it does not erase it
        double ink = rows.sumNumber().doubleValue(), inkAfter = a.sumNumber().doubleValue();
        assertEquals(1, inkAfter / ink, 0.15);
        // three channels move together
        INDArray rgb = Nd4j.concat(1, images, images.mul(2), images.mul(3));
        INDArray t = aug.apply(rgb, 9);
        INDArray ch0 = t.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1));
        INDArray ch2 = t.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 3));
        assertTrue(ch2.equalsWithEps(ch0.mul(3), 1e-5));
    }

    @Test
    void badShapesAndArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augment.shift(1).apply(Nd4j.zeros(2, 10), 0));
        assertTrue(e.getMessage().contains("(N, C, H, W)") && e.getMessage().contains("[2, 10]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augment.rotate(-1));
        assertThrows(IllegalArgumentException.class, () -> Augment.scale(0, 1.1));
        assertThrows(IllegalArgumentException.class, () -> Augment.scale(1.2, 1.1));
        assertThrows(IllegalArgumentException.class, () -> Augment.shift(-1));
        assertThrows(IllegalArgumentException.class, () -> Augment.flipHorizontal(1.5));
        assertThrows(IllegalArgumentException.class, Augment::compose);
    }

    @Test
    void loaderAugmentsEveryEpochDifferentlyAndReproducibly() {
        Dataset d = Mnist.smallTrain().take(100);
        Augment aug = Augment.compose(Augment.rotate(10), Augment.shift(2));
        DataLoader plain = new DataLoader(d, 32, true, 1);
        DataLoader a = new DataLoader(d, 32, true, 1).transform(aug), b = new DataLoader(d, 32, true, 1).transform(aug);
        assertSame(aug, a.transform());
        List<INDArray> a1 = xs(a), b1 = xs(b), a2 = xs(a), p1 = xs(plain);
        assertEquals(a1, b1, "same seed, same variants");
        assertNotEquals(a1.get(0), a2.get(0), "another epoch, other variants");
        assertNotEquals(p1.get(0), a1.get(0), "augmented");
        List<Batch> withY = new ArrayList<>(), plainY = new ArrayList<>();
        new DataLoader(d, 32, true, 1).transform(aug).forEach(withY::add);
        new DataLoader(d, 32, true, 1).forEach(plainY::add);
        for (int i = 0; i < withY.size(); i++) {
            assertEquals(plainY.get(i).y(), withY.get(i).y(), "the labels and the order are those of the plain loader");
            assertArrayEquals(plainY.get(i).x().shape(), withY.get(i).x().shape());
        }
        // the existing constructor still works, without a transform
        assertNull(new DataLoader(d, 10).transform());
        DataLoader broken = new DataLoader(d, 32).transform((x, rnd) -> x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.iterator().next());
        assertTrue(e.getMessage().contains("one row per example"), e.getMessage());
    }

    @Test
    void lambdaTransformsChain() {
        Transform plusOne = (x, rnd) -> x.add(1), timesRandom = (x, rnd) -> x.mul(rnd.nextInt(100) + 2);
        INDArray x = Nd4j.ones(DataType.FLOAT, 2, 4);
        INDArray y = plusOne.andThen(timesRandom).apply(x, 11);
        int factor = new Random(11).nextInt(100) + 2;
        assertEquals(Nd4j.ones(DataType.FLOAT, 2, 4).mul(2 * factor), y);
    }

    private static List<INDArray> xs(DataLoader l) {
        List<INDArray> out = new ArrayList<>();
        for (Batch b : l) out.add(b.x());
        return out;
    }

    private static boolean isWholeShift(INDArray x, INDArray s) {
        for (int dy = -2; dy <= 2; dy++) for (int dx = -2; dx <= 2; dx++) if (s.equalsWithEps(shifted(x, dx, dy), 1e-6)) return true;
        return false;
    }

    /** x (1, 1, 5, 5) moved right by dx and down by dy, zeros coming in. */
    private static INDArray shifted(INDArray x, int dx, int dy) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, 1, 1, 5, 5);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) {
            int si = i - dy, sj = j - dx;
            if (si >= 0 && si < 5 && sj >= 0 && sj < 5) out.putScalar(new long[]{0, 0, i, j}, x.getFloat(0, 0, si, sj));
        }
        return out;
    }
}
