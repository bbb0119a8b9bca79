package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnbook.core.Seed;
import org.nnbook.data.Dataset;

import static org.junit.jupiter.api.Assertions.*;

/** CrossEntropy computes small logits in Java and large ones with ND4J ops: both must give the textbook values. */
class CrossEntropyPathsTest {

    /** −(1/N) Σ t log softmax(z) and (softmax(z) − t) / N with t the smoothed targets, in double precision with ND4J. */
    private static double[] reference(INDArray z, INDArray y, double eps, INDArray gradOut) {
        INDArray zd = z.castTo(DataType.DOUBLE), t = y.castTo(DataType.DOUBLE).mul(1 - eps).addi(eps / y.size(1));
        INDArray logP = zd.subColumnVector(Transforms.log(Transforms.exp(zd.subColumnVector(zd.max(true, 1)), true).sum(true, 1), false)
                .addi(zd.max(true, 1)));
        gradOut.assign(Transforms.exp(logP, true).subi(t).divi(z.size(0)));
        return new double[]{-logP.mul(t).sumNumber().doubleValue() / z.size(0)};
    }

    private static void check(INDArray z, INDArray y, double eps, double tol) {
        CrossEntropy ce = new CrossEntropy(eps);
        INDArray g = Nd4j.create(DataType.DOUBLE, z.shape());
        double expected = reference(z, y, eps, g)[0];
        assertEquals(expected, ce.forward(z, y), tol * Math.max(1, Math.abs(expected)));
        INDArray got = ce.backward();
        assertEquals(z.dataType(), got.dataType());
        assertArrayEquals(z.shape(), got.shape());
        double maxDiff = Transforms.abs(got.castTo(DataType.DOUBLE).sub(g), false).maxNumber().doubleValue();
        assertTrue(maxDiff < tol, "gradient differs by " + maxDiff);
        long correct = z.argMax(1).eq(y.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
        assertEquals(correct, ce.countCorrect(z, y));
        assertEquals(correct, ce.countCorrect(z.dup(), y.dup()), "other arrays than the last forward's are counted afresh");
    }

    @Test
    void smallAndLargeLogitsGiveTheTextbookLossGradientAndAccuracy() {
        Seed.set(5);
        for (double eps : new double[]{0, 0.1}) {
            int[] small = new int[64], large = new int[(int) (CrossEntropy.JAVA_MAX_ENTRIES / 10) + 7];
            for (int i = 0; i < small.length; i++) small[i] = (i * 7) % 10;
            for (int i = 0; i < large.length; i++) large[i] = (i * 3) % 10;
            check(Nd4j.randn(DataType.FLOAT, 64, 10).muli(3), Dataset.oneHot(small, 10), eps, 1e-5);
            check(Nd4j.randn(DataType.DOUBLE, 64, 10).muli(3), Dataset.oneHot(small, 10), eps, 1e-12);
            check(Nd4j.randn(DataType.FLOAT, large.length, 10).muli(3), Dataset.oneHot(large, 10), eps, 1e-5);
            // views: a transposed (f-order) array and a block of rows at an offset
            check(Nd4j.randn(DataType.FLOAT, 10, 64).transpose(), Dataset.oneHot(small, 10), eps, 1e-5);
            INDArray tall = Nd4j.randn(DataType.DOUBLE, 80, 10);
            check(tall.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(16, 80), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                    Dataset.oneHot(small, 10), eps, 1e-12);
        }
    }

    @Test
    void backwardReturnsAFreshArrayEachTime() {
        CrossEntropy ce = new CrossEntropy();
        ce.forward(Nd4j.createFromArray(new float[][]{{1, 2, 3}}), Nd4j.createFromArray(new float[][]{{0, 0, 1}}));
        INDArray g1 = ce.backward();
        g1.assign(0);
        assertNotEquals(0.0, ce.backward().getDouble(0, 0), "changing one gradient must not change the next");
    }
}
