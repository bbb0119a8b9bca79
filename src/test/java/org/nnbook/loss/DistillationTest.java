package org.nnbook.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Layer;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Augment;
import org.nnbook.data.Batch;
import org.nnbook.data.DataLoader;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Dropout;
import org.nnbook.layers.ReLU;
import org.nnbook.optim.SGD;
import org.nnbook.train.Trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Distillation}: its value on inputs worked out by hand and against a plain-Java reference, the
 * cases it reduces to (T = 1 is cross-entropy against the teacher's probabilities less their entropy,
 * α = 0 is cross-entropy on the labels), the T² scaling (at high T the gradient tends to the paper's
 * logit matching, (z − v) / (N C)), α mixing, a double-precision gradient check, and the teacher of the
 * Trainer's loop: it sees the student's exact batch, shuffled and augmented, in evaluation mode, and
 * never changes.
 */
class DistillationTest {

    private static INDArray randn(Random r, int n, int c, double scale) {
        double[][] a = new double[n][c];
        for (double[] row : a) for (int k = 0; k < c; k++) row[k] = scale * r.nextGaussian();
        return Nd4j.createFromArray(a);
    }

    /** The formula in plain Java loops: α T² mean KL(p ‖ q) + (1 − α) mean CE(y, softmax(z)). */
    private static double reference(double[][] z, double[][] v, int[] labels, double t, double alpha) {
        double kl = 0, ce = 0;
        for (int n = 0; n < z.length; n++) {
            double[] p = softmax(v[n], t), q = softmax(z[n], t), s = softmax(z[n], 1);
            for (int c = 0; c < p.length; c++) if (p[c] > 0) kl += p[c] * Math.log(p[c] / q[c]);
            ce -= Math.log(s[labels[n]]);
        }
        return alpha * t * t * kl / z.length + (1 - alpha) * ce / z.length;
    }

    private static double[] softmax(double[] z, double t) {
        double max = Arrays.stream(z).max().orElseThrow(), sum = 0;
        double[] e = new double[z.length];
        for (int c = 0; c < z.length; c++) sum += e[c] = Math.exp((z[c] - max) / t);
        for (int c = 0; c < z.length; c++) e[c] /= sum;
        return e;
    }

    /** The loss with fixed teacher logits, as an ordinary Loss: what GradientCheck drives. */
    private static Loss withTeacherLogits(Distillation kd, INDArray v) {
        return new Loss() {
            public double forward(INDArray yHat, INDArray y) { return kd.forward(yHat, y, v); }

            public INDArray backward() { return kd.backward(); }
        };
    }

    @Test
    void aCaseWorkedOutByHand() {
        // T = 2, teacher logits (2 ln 3, 0) → p = (3/4, 1/4); student logits (0, 0) → q = (1/2, 1/2); label class 0
        Distillation kd = new Distillation(2, 0.5);
        INDArray z = Nd4j.createFromArray(new double[][]{{0, 0}}), v = Nd4j.createFromArray(new double[][]{{2 * Math.log(3), 0}});
        double kl = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);                  // 0.1308
        double loss = kd.forward(z, Dataset.oneHot(new int[]{0}, 2).castTo(DataType.DOUBLE), v);
        assertEquals(0.5 * 4 * kl + 0.5 * Math.log(2), loss, 1e-12);
        // α T (q − p) = 0.5·2·(−1/4, 1/4); (1 − α)(softmax(z) − y) = 0.5·(−1/2, 1/2)
        assertArrayEquals(new double[]{-0.5, 0.5}, kd.backward().toDoubleVector(), 1e-12);
    }

    @Test
    void matchesThePlainFormulaForManyTemperaturesAndWeights() {
        Random r = new Random(3);
        INDArray z = randn(r, 7, 5, 3), v = randn(r, 7, 5, 4);
        int[] labels = r.ints(7, 0, 5).toArray();
        INDArray y = Dataset.oneHot(labels, 5).castTo(DataType.DOUBLE);
        for (double t : new double[]{0.5, 1, 2, 5, 20})
            for (double a : new double[]{0, 0.3, 0.9, 1}) {
                double got = new Distillation(t, a).forward(z, y, v);
                assertEquals(reference(z.toDoubleMatrix(), v.toDoubleMatrix(), labels, t, a), got, 1e-10, "T = " + t + ", alpha = " + a);
            }
    }

    @Test
    void atTemperatureOneItIsCrossEntropyAgainstTheTeachersProbabilitiesLessTheirEntropy() {
        Random r = new Random(4);
        INDArray z = randn(r, 6, 4, 2), v = randn(r, 6, 4, 2), y = Dataset.oneHot(new int[]{0, 1, 2, 3, 0, 1}, 4).castTo(DataType.DOUBLE);
        INDArray p = Distillation.softmax(v, 1);
        double entropy = -p.mul(org.nd4j.linalg.ops.transforms.Transforms.log(p, true)).sumNumber().doubleValue() / 6;
        Distillation kd = new Distillation(1, 1);
        CrossEntropy ce = new CrossEntropy();
        assertEquals(ce.forward(z, p) - entropy, kd.forward(z, y, v), 1e-12);
        assertTrue(kd.backward().equalsWithEps(ce.backward(), 1e-12), "the same gradient as the cross-entropy with soft targets");
        assertTrue(p.equalsWithEps(org.nnbook.layers.Softmax.probabilities(v), 1e-12), "softmax at T = 1 is the usual softmax");
    }

    @Test
    void alphaZeroIsCrossEntropyOnTheLabelsAndNeverAsksTheTeacher() {
        Random r = new Random(5);
        INDArray z = randn(r, 5, 3, 2), y = Dataset.oneHot(new int[]{0, 2, 1, 1, 0}, 3).castTo(DataType.DOUBLE);
        CrossEntropy ce = new CrossEntropy();
        Distillation kd = new Distillation(new CountingTeacher(3), 4, 0);
        assertEquals(ce.forward(z, y), kd.forward(z, new Batch(randn(r, 5, 3, 1), y)), 1e-12);
        assertTrue(kd.backward().equalsWithEps(ce.backward(), 1e-12));
        assertEquals(0, ((CountingTeacher) kd.teacher()).calls);
    }

    @Test
    void alphaMixesTheTwoTermsLinearly() {
        Random r = new Random(6);
        INDArray z = randn(r, 4, 3, 2), v = randn(r, 4, 3, 3), y = Nd4j.createFromArray(2, 0, 1, 1);
        Distillation soft = new Distillation(3, 1), hard = new Distillation(3, 0), mixed = new Distillation(3, 0.7);
        double ls = soft.forward(z, y, v), lh = hard.forward(z, y, v), lm = mixed.forward(z, y, v);
        assertEquals(0.7 * ls + 0.3 * lh, lm, 1e-12);
        assertTrue(mixed.backward().equalsWithEps(soft.backward().mul(0.7).addi(hard.backward().mul(0.3)), 1e-12));
    }

    @Test
    void theFactorTSquaredKeepsTheGradientsSizeAndAtHighTemperatureMatchesLogits() {
        Random r = new Random(7);
        int n = 6, c = 5;
        INDArray z = randn(r, n, c, 1), v = randn(r, n, c, 1);
        z.subi(z.mean(true, 1));                  // zero-mean logits, as in the paper's section 2.1
        v.subi(v.mean(true, 1));
        INDArray y = Nd4j.createFromArray(0, 1, 2, 3, 4, 0);
        double[] norms = new double[3];
        double[] temperatures = {2, 20, 200};
        for (int i = 0; i < 3; i++) {
            Distillation kd = new Distillation(temperatures[i], 1);
            kd.forward(z, y, v);
            norms[i] = kd.backward().norm2Number().doubleValue();
        }
        // without T² the gradient would shrink 100-fold from T = 2 to T = 20; with it, it tends to a limit
        assertTrue(norms[1] / norms[0] > 0.5 && norms[1] / norms[0] < 2, Arrays.toString(norms));
        Distillation hot = new Distillation(1000, 1);      // the limit holds to O(|z| / T)
        double loss = hot.forward(z, y, v);
        INDArray matching = z.sub(v).divi((double) n * c);     // dL/dz of (1/2N) Σ (z − v)² / C: matching logits
        assertTrue(hot.backward().equalsWithEps(matching, 5e-3 * matching.amaxNumber().doubleValue()), "high-T limit: (z − v) / (N C)");
        double squares = z.sub(v).norm2Number().doubleValue();
        assertEquals(squares * squares / (2.0 * n * c), loss, 5e-3 * loss);
    }

    @Test
    void classIdsAndOneHotRowsGiveTheSame() {
        Random r = new Random(8);
        INDArray z = randn(r, 5, 4, 2), v = randn(r, 5, 4, 2);
        int[] labels = {3, 0, 1, 2, 2};
        Distillation a = new Distillation(4, 0.6), b = new Distillation(4, 0.6);
        INDArray oneHot = Dataset.oneHot(labels, 4).castTo(DataType.DOUBLE), ids = Nd4j.createFromArray(labels);
        assertEquals(a.forward(z, oneHot, v), b.forward(z, ids, v), 1e-12);
        assertTrue(a.backward().equalsWithEps(b.backward(), 1e-12));
        assertEquals(a.countCorrect(z, oneHot), b.countCorrect(z, ids));
    }

    @Test
    void gradientCheckInDoublePrecision() {
        Random r = new Random(9);
        INDArray v = randn(r, 6, 4, 3), y = Dataset.oneHot(new int[]{0, 1, 2, 3, 1, 2}, 4).castTo(DataType.DOUBLE);
        for (double t : new double[]{1, 4, 20})
            for (double a : new double[]{0, 0.5, 1}) {
                GradientCheck.Result loss = GradientCheck.checkLoss(withTeacherLogits(new Distillation(t, a), v), randn(r, 6, 4, 2), y);
                assertTrue(loss.passed(), "T = " + t + ", alpha = " + a + ":\n" + loss);
            }
        Seed.set(9);
        var student = Sequential.of(new Dense(5, 7), new ReLU(), new Dense(7, 4));
        GradientCheck.Result net = GradientCheck.of(student).check(withTeacherLogits(new Distillation(3, 0.8), v), randn(r, 6, 5, 1), y);
        assertTrue(net.passed(), net.toString());
    }

    // --- the teacher of the Trainer's loop --------------------------------------------------------------------

    /** Records (as plain Java copies) every input it sees and the mode it was run in; passes x through. */
    static final class Recorder implements Layer {
        final List<double[][]> inputs = new ArrayList<>();
        final List<Boolean> modes = new ArrayList<>();

        public INDArray forward(INDArray x, boolean training) {
            inputs.add(x.castTo(DataType.DOUBLE).toDoubleMatrix());
            modes.add(training);
            return x;
        }

        public INDArray backward(INDArray gradOut) { return gradOut; }
    }

    /** A teacher that counts how often it is asked. */
    static final class CountingTeacher implements Layer {
        final int classes;
        int calls;

        CountingTeacher(int classes) { this.classes = classes; }

        public INDArray forward(INDArray x, boolean training) {
            calls++;
            return Nd4j.zeros(x.dataType(), x.size(0), classes);
        }

        public INDArray backward(INDArray gradOut) { throw new AssertionError("nobody calls the teacher's backward"); }
    }

    @Test
    void theTeacherSeesTheStudentsExactBatchShuffledAndAugmentedInEvaluationModeAndNeverChanges() {
        Seed.set(10);
        Random r = new Random(10);
        int n = 40;
        Dataset train = Dataset.ofLabels(Nd4j.rand(DataType.FLOAT, n, 16), r.ints(n, 0, 3).toArray(), 3);   // 4×4 images
        Recorder seenByStudent = new Recorder(), seenByTeacher = new Recorder();
        Sequential teacher = Sequential.of(seenByTeacher, new Dense(16, 12), new ReLU(), new Dropout(0.5), new Dense(12, 3));
        Sequential student = Sequential.of(seenByStudent, new Dense(16, 3));
        List<INDArray> before = teacher.parameters().stream().map(p -> p.value().dup()).toList();
        Augment shift = Augment.shift(1);
        new Trainer(student, new Distillation(teacher, 4, 0.9), new SGD(0.1)).epochs(3).batchSize(8).seed(77).augment(shift).quiet().fit(train);

        assertEquals(15, seenByStudent.inputs.size(), "3 epochs of 5 batches");
        assertEquals(seenByStudent.inputs.size(), seenByTeacher.inputs.size(), "the teacher is asked once per student batch");
        DataLoader same = new DataLoader(train, 8, true, 77).transform(shift);      // the Trainer's own batches, made again
        List<double[][]> expected = new ArrayList<>();
        for (int e = 0; e < 3; e++) for (Batch b : same) expected.add(b.x().castTo(DataType.DOUBLE).toDoubleMatrix());
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Arrays.deepEquals(seenByStudent.inputs.get(i), seenByTeacher.inputs.get(i)), "batch " + i + ": teacher and student differ");
            assertTrue(Arrays.deepEquals(expected.get(i), seenByTeacher.inputs.get(i)), "batch " + i + " is not the loader's shuffled, augmented batch");
        }
        double[][] firstRowsInOrder = train.range(0, 8).x().castTo(DataType.DOUBLE).toDoubleMatrix();
        assertFalse(Arrays.deepEquals(firstRowsInOrder, seenByTeacher.inputs.get(0)), "the batches are shuffled and augmented, not the data's first rows");
        assertFalse(Arrays.deepEquals(seenByTeacher.inputs.get(0), seenByTeacher.inputs.get(5)), "each epoch brings other batches");

        assertTrue(seenByStudent.modes.stream().allMatch(m -> m), "the student trains");
        assertTrue(seenByTeacher.modes.stream().noneMatch(m -> m), "the teacher runs in evaluation mode (no dropout)");
        List<Parameter> ps = teacher.parameters();
        for (int i = 0; i < ps.size(); i++) {
            assertEquals(before.get(i), ps.get(i).value(), "the teacher's " + ps.get(i).name() + " changed");
            assertEquals(0, ps.get(i).grad().amaxNumber().doubleValue(), "the teacher's " + ps.get(i).name() + " got a gradient");
        }
    }

    @Test
    void theTrainerEvaluatesWithTheTeacherAndCountsAccuracyAgainstTheLabels() {
        Seed.set(11);
        Random r = new Random(11);
        Dataset data = Dataset.ofLabels(Nd4j.rand(DataType.FLOAT, 30, 5), r.ints(30, 0, 3).toArray(), 3);
        Sequential teacher = Sequential.of(new Dense(5, 3)), student = Sequential.of(new Dense(5, 3));
        var logs = new Trainer(student, new Distillation(teacher, 2, 0.5), new SGD(0.1)).quiet().evaluate(data);
        INDArray z = student.predict(data.x()), v = teacher.predict(data.x());
        assertEquals(new Distillation(2, 0.5).forward(z, data.y(), v), logs.get("loss"), 1e-5);
        long right = new CrossEntropy().countCorrect(z, data.y());
        assertEquals(right / 30.0, logs.get("accuracy"), 1e-12);
    }

    @Test
    void mistakesSayWhatToDo() {
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 3), y = Nd4j.createFromArray(0, 1);
        var noInputs = assertThrows(IllegalStateException.class, () -> new Distillation(2, 0.5).forward(z, y));
        assertTrue(noInputs.getMessage().contains("forward(yHat, y, teacherLogits)"), noInputs.getMessage());
        var noTeacher = assertThrows(IllegalStateException.class, () -> new Distillation(2, 0.5).forward(z, new Batch(z, y)));
        assertTrue(noTeacher.getMessage().contains("no teacher"), noTeacher.getMessage());
        var shapes = assertThrows(ShapeException.class, () -> new Distillation(2, 0.5).forward(z, y, Nd4j.zeros(DataType.DOUBLE, 2, 4)));
        assertTrue(shapes.getMessage().contains("same number of classes"), shapes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Distillation(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Distillation(2, 1.5));
        assertThrows(IllegalStateException.class, () -> new Distillation(2, 0.5).backward());
        assertEquals("Distillation(temperature=4.0, alpha=0.9, teacher of 15 parameters)", new Distillation(new Dense(4, 3), 4, 0.9).toString());
    }
}
