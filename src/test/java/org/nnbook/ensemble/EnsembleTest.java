package org.nnbook.ensemble;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Dataset;
import org.nnbook.eval.Evaluation;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EnsembleTest {

    /** A "model" with known outputs: x holds row numbers (N, 1), the output is those rows of a fixed table. */
    static final class Table implements Layer {
        final INDArray out;
        final List<Parameter> params;

        Table(double[][] out) { this(out, 0); }

        Table(double[][] out, int paramSize) {
            this.out = Nd4j.createFromArray(out).castTo(DataType.FLOAT);
            this.params = paramSize == 0 ? List.of() : List.of(new Parameter("W", Nd4j.zeros(DataType.FLOAT, 1, paramSize)));
        }

        @Override
        public INDArray forward(INDArray x, boolean training) {
            return Dataset.rows(out, x.castTo(DataType.INT).toIntVector());
        }

        @Override
        public INDArray backward(INDArray gradOut) { throw new UnsupportedOperationException(); }

        @Override
        public List<Parameter> parameters() { return params; }
    }

    static INDArray rows(int n) {
        float[][] x = new float[n][1];
        for (int i = 0; i < n; i++) x[i][0] = i;
        return Nd4j.createFromArray(x);
    }

    static void assertRows(double[][] expected, INDArray actual) {
        assertArrayEquals(new long[]{expected.length, expected[0].length}, actual.shape());
        for (int i = 0; i < expected.length; i++)
            for (int c = 0; c < expected[i].length; c++)
                assertEquals(expected[i][c], actual.getDouble(i, c), 1e-6, "row " + i + ", class " + c);
    }

    @Test
    void averageOfProbabilities() {
        Layer a = new Table(new double[][]{{0.6, 0.4}, {0.2, 0.8}});
        Layer b = new Table(new double[][]{{0.2, 0.8}, {0.4, 0.6}});
        assertRows(new double[][]{{0.4, 0.6}, {0.3, 0.7}}, Ensemble.average(a, b).predict(rows(2)));
    }

    @Test
    void logitsAreTurnedIntoProbabilitiesFirst() {
        Layer logits = new Table(new double[][]{{0, Math.log(3)}});     // softmax: 0.25, 0.75
        Layer probs = new Table(new double[][]{{1, 0}});               // already probabilities: kept
        assertRows(new double[][]{{0.625, 0.375}}, Ensemble.average(logits, probs).predict(rows(1)));
        assertRows(new double[][]{{0.25, 0.75}}, Ensemble.probabilities(Nd4j.createFromArray(new float[][]{{5, 5 + (float) Math.log(3)}})));
    }

    @Test
    void majorityVoteOverrulesOneConfidentMember() {
        Layer a = new Table(new double[][]{{0.99, 0.01}});
        Layer b = new Table(new double[][]{{0.40, 0.60}});
        Layer c = new Table(new double[][]{{0.45, 0.55}});
        assertEquals(0, Ensemble.average(a, b, c).predict(rows(1)).argMax(1).getInt(0), "mean p(0) = 0.613");
        INDArray v = Ensemble.vote(a, b, c).predict(rows(1));
        assertEquals(1, v.argMax(1).getInt(0), "two votes of three");
        // vote share + summed probability / (M (M + 1)) = 1/3 + 1.84/12, 2/3 + 1.16/12
        assertRows(new double[][]{{1.0 / 3 + 1.84 / 12, 2.0 / 3 + 1.16 / 12}}, v);
    }

    @Test
    void aTiedVoteGoesToTheLargerSummedProbability() {
        Layer a = new Table(new double[][]{{0.5, 0.3, 0.2}, {0.9, 0.05, 0.05}});
        Layer b = new Table(new double[][]{{0.1, 0.6, 0.3}, {0.3, 0.6, 0.1}});
        INDArray v = Ensemble.vote(a, b).predict(rows(2));
        // row 0: one vote each for 0 and 1; summed probabilities 0.6 vs 0.9 -> class 1
        // row 1: one vote each for 0 and 1; summed probabilities 1.2 vs 0.65 -> class 0
        assertArrayEquals(new int[]{1, 0}, v.argMax(1).toIntVector());
        assertRows(new double[][]{{0.5 + 0.6 / 6, 0.5 + 0.9 / 6, 0.5 / 6}, {0.5 + 1.2 / 6, 0.5 + 0.65 / 6, 0.15 / 6}}, v);
    }

    @Test
    void anEnsembleIsALayerForEvaluation() {
        Layer a = new Table(new double[][]{{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.6, 0.4}}, 10);
        Layer b = new Table(new double[][]{{0.7, 0.3}, {0.1, 0.9}, {0.2, 0.8}, {0.1, 0.9}}, 5);
        Dataset data = Dataset.ofLabels(rows(4), new int[]{0, 1, 1, 1}, 2);
        // average: (0.8, 0.2), (0.45, 0.55), (0.25, 0.75), (0.35, 0.65) -> 0, 1, 1, 1: all right
        assertEquals(1.0, Evaluation.of(Ensemble.average(a, b), data, 3).accuracy(), 1e-12);
        assertEquals(0.5, Evaluation.of(a, data).accuracy(), 1e-12);
        Ensemble e = Ensemble.vote(List.of(a, b));
        assertEquals(15, e.parameterCount());
        assertTrue(e.parameters().isEmpty(), "nothing of its own to train");
        assertEquals("Ensemble.vote(2 members, 15 parameters)", e.toString());
        assertEquals(2, e.size());
        assertEquals(Ensemble.Rule.VOTE, e.rule());
    }

    @Test
    void itCannotBeTrained() {
        Ensemble e = Ensemble.average(new Table(new double[][]{{1, 0}}));
        UnsupportedOperationException back = assertThrows(UnsupportedOperationException.class, () -> e.backward(Nd4j.ones(1, 2)));
        assertTrue(back.getMessage().contains("Train each member"), back.getMessage());
        UnsupportedOperationException fwd = assertThrows(UnsupportedOperationException.class, () -> e.forward(Inputs.of(rows(1)), true));
        assertTrue(fwd.getMessage().contains("training = false"), fwd.getMessage());
    }

    @Test
    void badMembersAreRefused() {
        assertThrows(IllegalArgumentException.class, Ensemble::average);
        assertThrows(IllegalArgumentException.class, () -> Ensemble.vote(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Ensemble.average(new Table(new double[][]{{1, 0}}), null));
        Ensemble mismatch = Ensemble.average(new Table(new double[][]{{1, 0}}), new Table(new double[][]{{1, 0, 0}}));
        ShapeException e = assertThrows(ShapeException.class, () -> mismatch.predict(rows(1)));
        assertTrue(e.getMessage().contains("member 2 gives 3 class scores but member 1 gives 2"), e.getMessage());
    }

    /** Three members, each right on 6-7 of 10 rows but wrong on different rows: the majority is wrong only on row 0. */
    static List<Layer> complementaryMembers(int[] truth) {
        int[][] wrong = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8, 0}};
        List<Layer> members = new java.util.ArrayList<>();
        for (int[] w : wrong) {
            double[][] out = new double[truth.length][2];
            for (int i = 0; i < truth.length; i++) {
                int predicted = contains(w, i) ? 1 - truth[i] : truth[i];
                out[i][predicted] = 0.9;
                out[i][1 - predicted] = 0.1;
            }
            members.add(new Table(out));
        }
        return members;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    @Test
    void reportMeasuresTheGainOverTheBestMember() throws IOException {
        int[] truth = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
        Dataset data = Dataset.ofLabels(rows(10), truth, 2);
        EnsembleReport r = Ensemble.report(complementaryMembers(truth), data);
        assertArrayEquals(new double[]{0.7, 0.7, 0.6}, r.memberAccuracies(), 1e-12);
        assertEquals(0, r.bestMember());
        assertEquals(0.7, r.bestMemberAccuracy(), 1e-12);
        assertEquals(2.0 / 3, r.meanMemberAccuracy(), 1e-12);
        assertEquals(0.9, r.averageAccuracy(), 1e-12);
        assertEquals(0.9, r.voteAccuracy(), 1e-12);
        assertEquals(0.2, r.averageGain(), 1e-12);
        assertEquals(0.2, r.voteGain(), 1e-12);
        assertEquals(0.9, r.disagreement(), 1e-12, "only row 9 has all three agree");
        assertEquals(0.9, r.average().accuracy(), 1e-12);
        assertEquals(Evaluation.of(Ensemble.vote(complementaryMembers(truth)), data).accuracy(), r.voteAccuracy(), 1e-12);

        String text = r.toString();
        assertTrue(text.startsWith("Ensemble of 3 members on 10 examples (members disagree on 90.0% of them)"), text);
        assertTrue(text.contains("member 1          accuracy  70.00%   <- best member"), text);
        assertTrue(text.contains("average of probs  accuracy  90.00%   +20.00 points over the best member"), text);

        BufferedImage im = r.chart();
        assertTrue(im.getWidth() >= 400 && im.getHeight() >= 300);
        Path plots = Path.of("target", "plots");
        Files.createDirectories(plots);
        ImageIO.write(im, "png", plots.resolve("ensemble-report.png").toFile());
    }

    @Test
    void reportChecksTheClasses() {
        Dataset three = Dataset.ofLabels(rows(1), new int[]{2}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ensemble.report(List.of(new Table(new double[][]{{1, 0}})), three));
        assertTrue(e.getMessage().contains("2 class scores but the data set has 3 classes"), e.getMessage());
    }

    /** A member of two inputs, a row number and an offset, whose scores are the table's rows at row + offset. */
    static final class Shifted implements Model {
        final Table table;

        Shifted(double[][] out) { this.table = new Table(out); }

        @Override
        public INDArray forward(Inputs in, boolean training) { return table.forward(in.get(0).add(in.get(1)), training); }

        @Override
        public INDArray backward(INDArray gradOut) { throw new UnsupportedOperationException(); }
    }

    @Test
    void membersMayBeModelsOfSeveralInputs() {
        Shifted a = new Shifted(new double[][]{{0.2, 0.8}, {0.9, 0.1}, {0.4, 0.6}}), b = new Shifted(new double[][]{{0.6, 0.4}, {0.3, 0.7}, {1, 0}});
        Inputs in = Inputs.of(rows(2), Nd4j.ones(DataType.FLOAT, 2, 1));        // rows 1 and 2 of the tables
        assertRows(new double[][]{{0.6, 0.4}, {0.7, 0.3}}, Ensemble.average(a, b).predict(in));
        Dataset data = new Dataset(in, Dataset.oneHot(new int[]{0, 0}, 2), null);
        EnsembleReport r = Ensemble.report(List.of(a, b), data);
        assertArrayEquals(new double[]{0.5, 0.5}, r.memberAccuracies(), 1e-12);
        assertEquals(1.0, r.averageAccuracy(), 1e-12);
        assertEquals(1.0, Evaluation.of(Ensemble.average(a, b), data).accuracy(), 1e-12);
    }
}
