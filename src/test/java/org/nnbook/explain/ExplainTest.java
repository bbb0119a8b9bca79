package org.nnbook.explain;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Flatten;
import org.nnbook.layers.MaxPool2D;
import org.nnbook.layers.ReLU;
import org.nnbook.layers.Tanh;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explanation methods on small models whose right answer is known. */
class ExplainTest {

    static Sequential smoothNet() {
        Seed.set(7);
        Sequential net = Sequential.of(new Dense(5, 8), new Tanh(), new Dense(8, 3));
        net.castTo(DataType.DOUBLE);
        return net;
    }

    /** A classifier of 8×8 images that reads only the 3×3 square at the top left: class 0's score is its sum, class 1's a constant. */
    static Sequential cornerReader() { return cornerReader(4.5); }

    static Sequential cornerReader(double otherScore) {
        Sequential net = Sequential.of(new Flatten(), new Dense(64, 2));
        net.castTo(DataType.DOUBLE);
        Dense d = (Dense) net.get(1);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 64, 2);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) w.putScalar(i * 8 + j, 0, 1.0);
        d.weight().set(w);
        d.bias().set(Nd4j.createFromArray(new double[][] {{0, otherScore}}));
        return net;
    }

    @Test
    void saliencyIsTheInputGradientByFiniteDifferences() {
        Sequential net = smoothNet();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 4, 5);
        int[] targets = {0, 2, 1, 2};
        INDArray g = Saliency.gradient(net, x, targets);
        double h = 1e-6;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++) {
                INDArray up = x.dup(), down = x.dup();
                up.putScalar(i, j, x.getDouble(i, j) + h);
                down.putScalar(i, j, x.getDouble(i, j) - h);
                double numeric = (IntegratedGradients.scores(net, up, targets)[i] - IntegratedGradients.scores(net, down, targets)[i]) / (2 * h);
                assertEquals(numeric, g.getDouble(i, j), 1e-7, "dS/dx at " + i + "," + j);
            }
        for (var p : net.parameters()) assertEquals(0.0, p.grad().amaxNumber().doubleValue(), "parameter gradients left zeroed");
    }

    @Test
    void saliencyMapIsTheLargestAbsoluteGradientOverChannels() {
        Seed.set(3);
        Sequential net = Sequential.of(new Conv2D(2, 3, 3), new ReLU(), new MaxPool2D(2), new Flatten(), new Dense(3 * 3 * 3, 4));
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 2, 8, 8);
        INDArray g = Saliency.gradient(net, x, new int[] {1, 3});
        INDArray map = Saliency.map(net, x, new int[] {1, 3});
        assertArrayEquals(new long[] {2, 8, 8}, map.shape());
        assertEquals(Math.max(Math.abs(g.getDouble(1, 0, 4, 5)), Math.abs(g.getDouble(1, 1, 4, 5))), map.getDouble(1, 4, 5), 1e-6);
        assertTrue(map.sumNumber().doubleValue() > 0, "some pixel matters");
    }

    @Test
    void integratedGradientsAreComplete() {
        Sequential net = smoothNet();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 5), baseline = Nd4j.zeros(DataType.DOUBLE, 3, 5);
        int[] targets = {0, 1, 2};
        double[] fx = IntegratedGradients.scores(net, x, targets), fb = IntegratedGradients.scores(net, baseline, targets);
        double[] coarse = IntegratedGradients.sums(new IntegratedGradients(net).steps(5).attribute(x, baseline, targets));
        double[] fine = IntegratedGradients.sums(new IntegratedGradients(net).steps(400).attribute(x, 0.0, targets));
        double coarseGap = 0, fineGap = 0;
        for (int i = 0; i < 3; i++) {
            coarseGap = Math.max(coarseGap, Math.abs(coarse[i] - (fx[i] - fb[i])));
            fineGap = Math.max(fineGap, Math.abs(fine[i] - (fx[i] - fb[i])));
        }
        assertTrue(fineGap < 1e-2, "completeness within tolerance with 400 steps: gap " + fineGap);
        assertTrue(fineGap < coarseGap / 20, "the Riemann sum's error shrinks like 1/m: " + fineGap + " vs " + coarseGap);
    }

    @Test
    void integratedGradientsOfALinearModelAreWeightTimesDistance() {
        Sequential net = cornerReader();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 8, 8);
        INDArray attr = new IntegratedGradients(net).steps(3).attribute(x, 0.0, new int[] {0, 0});
        assertEquals(x.getDouble(1, 0, 2, 1), attr.getDouble(1, 0, 2, 1), 1e-12);
        assertEquals(0.0, attr.getDouble(1, 0, 5, 5), 0.0);
    }

    @Test
    void occlusionSeesOnlyTheRegionTheModelReads() {
        Sequential net = cornerReader();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 1, 8, 8).addi(0.5);
        INDArray map = new Occlusion(net, 2, 1).fill(0).map(x, new int[] {0, 0, 0});
        assertArrayEquals(new long[] {3, 8, 8}, map.shape());
        for (int e = 0; e < 3; e++)
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++) {
                    double v = map.getDouble(e, i, j);
                    if (i >= 4 || j >= 4) assertEquals(0.0, v, 1e-12, "no square covering " + i + "," + j + " touches the region");
                    if (i < 3 && j < 3) assertTrue(v > 0, "hiding a pixel of the region lowers class 0's probability: " + v);
                }
        assertArrayEquals(new int[] {0, 2, 4, 5}, Occlusion.starts(7, 2, 2), "the last square touches the edge");
    }

    @Test
    void deletingByAttributionHurtsFasterThanAtRandom() {
        Sequential net = cornerReader(2.0);                                  // class 0 while the square's 9 pixels add up to more than 2
        int n = 200;
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 1, 8, 8).addi(0.5);       // pixels in [0.5, 1.5): every image is class 0
        int[] labels = new int[n];
        assertEquals(0, net.predict(Inputs.of(x)).argMax(1).maxNumber().intValue());
        double[] fractions = {0, 0.05, 0.1, 0.15, 0.2};
        INDArray attr = new Occlusion(net, 2, 1).map(x, labels);
        DeletionCurve.Curve byAttr = DeletionCurve.of(net, x, labels, attr, fractions, 0);
        DeletionCurve.Curve byChance = DeletionCurve.random(net, x, labels, fractions, 0, 1);
        assertEquals(1.0, byAttr.accuracy()[0], 0.0);
        assertEquals(0.0, byAttr.accuracy()[4], 0.0, "the square's 9 pixels are the first 9 deleted");
        assertTrue(byChance.accuracy()[4] > 0.8, "13 random pixels rarely take 8 of the 9: " + byChance.accuracy()[4]);
        assertTrue(byAttr.area() < byChance.area());
        assertEquals(0.5, DeletionCurve.area(new double[] {0, 1}, new double[] {1, 0}), 1e-12);
    }

    @Test
    void permutationImportanceFindsTheOneInformativeFeature() {
        Random rnd = new Random(5);
        int n = 300;
        double[][] x = new double[n][5];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) x[i][j] = rnd.nextGaussian();
            labels[i] = x[i][2] > 0 ? 1 : 0;
        }
        double[][] copy = java.util.Arrays.stream(x).map(double[]::clone).toArray(double[][]::new);
        Sequential rule = Sequential.of(new Dense(5, 2));                     // logit of class 1 = 10·x₂
        rule.castTo(DataType.DOUBLE);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 5, 2);
        w.putScalar(2, 1, 10.0);
        ((Dense) rule.get(0)).weight().set(w);
        PermutationImportance.Result r = PermutationImportance.of(PermutationImportance.accuracy(rule, labels), x, 5, 1);
        assertEquals(1.0, r.baseline(), 0.0);
        assertEquals(2, r.ranking()[0]);
        assertTrue(r.mean()[2] > 0.35, "shuffling the informative feature costs about half the accuracy: " + r.mean()[2]);
        for (int j : new int[] {0, 1, 3, 4}) assertEquals(0.0, r.mean()[j], 0.0, "feature " + j + " is not used");
        for (int i = 0; i < n; i++) assertArrayEquals(copy[i], x[i], "x left as it was");
        PermutationImportance.Result ce = PermutationImportance.of(PermutationImportance.negativeCrossEntropy(rule, labels), x, 3, 1);
        assertEquals(2, ce.ranking()[0]);
    }

    @Test
    void badInputsSayWhatIsWrong() {
        Sequential net = smoothNet();
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5);
        String m = assertThrows(IllegalArgumentException.class, () -> Saliency.gradient(net, x, new int[] {0})).getMessage();
        assertTrue(m.contains("2 examples") && m.contains("1 targets"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Saliency.gradient(net, x, new int[] {0, 3})).getMessage();
        assertTrue(m.contains("target 3") && m.contains("0 to 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Saliency.map(net, x, new int[] {0, 1})).getMessage();
        assertTrue(m.contains("(N, C, H, W)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients(net).attribute(x, Nd4j.zeros(DataType.DOUBLE, 1, 5), new int[] {0, 1})).getMessage();
        assertTrue(m.contains("baseline must have x's shape"), m);
        assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients(net).steps(0));
        m = assertThrows(IllegalArgumentException.class, () -> new Occlusion(net, 2, 3)).getMessage();
        assertTrue(m.contains("never covered"), m);
        m = assertThrows(IllegalArgumentException.class, () -> new Occlusion(cornerReader(), 9, 1).map(Nd4j.zeros(DataType.DOUBLE, 1, 1, 8, 8), new int[] {0})).getMessage();
        assertTrue(m.contains("do not fit"), m);
        m = assertThrows(IllegalArgumentException.class, () -> DeletionCurve.random(cornerReader(), Nd4j.zeros(DataType.DOUBLE, 1, 1, 8, 8), new int[] {0},
                new double[] {0.2, 0.1}, 0, 1)).getMessage();
        assertTrue(m.contains("rise"), m);
        m = assertThrows(IllegalArgumentException.class, () -> DeletionCurve.of(cornerReader(), Nd4j.zeros(DataType.DOUBLE, 1, 1, 8, 8), new int[] {0},
                Nd4j.zeros(DataType.DOUBLE, 1, 7, 7), new double[] {0, 0.1}, 0)).getMessage();
        assertTrue(m.contains("(N, H, W) = (1, 8, 8)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> PermutationImportance.of(v -> 0, new double[][] {{1, 2}, {3}}, 1, 1)).getMessage();
        assertTrue(m.contains("2 features"), m);
    }
}
