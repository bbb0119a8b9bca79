package org.nnbook.exercise;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.MinMaxScaler;
import org.nnbook.data.Scaler;
import org.nnbook.data.Split;
import org.nnbook.data.Splits;
import org.nnbook.data.Standardizer;
import org.nnbook.data.Tabular;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.train.History;

import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.exercise.Exercises01Test.assertNotYet;
import static org.nnbook.exercise.Exercises01Test.assertRight;
import static org.nnbook.exercise.Exercises01Test.strict;

/** Exercises 2.1–2.4: the right answers pass, typical wrong ones fail with a message that says what is wrong. */
class Exercises02Test {

    // ---- 2.1: standardising with the training statistics ---------------------------------------------------

    @Test
    void standardizeRightAnswerPasses() {
        // the solution of 2.1.jsh
        assertRight(Exercises02.standardize((train, x) -> x.sub(train.mean(0)).div(train.std(false, 0))));
    }

    @Test
    void standardizeTypicalMistakesFail() {
        assertNotYet(Exercises02.standardize((train, x) -> x.sub(x.mean(0)).div(x.std(false, 0))), "on x, the data being scaled");
        assertNotYet(Exercises02.standardize((train, x) -> x.sub(train.meanNumber()).div(train.stdNumber())), "one mean and one σ for all 4 features");
        assertNotYet(Exercises02.standardize((train, x) -> x.sub(train.mean(0)).div(train.std(true, 0))), "sample standard deviation (N − 1)");
        assertNotYet(Exercises02.standardize((train, x) -> x.sub(train.mean(0))), "did not divide by σ");
        assertNotYet(Exercises02.standardize((train, x) -> x.subi(train.mean(0)).divi(train.std(false, 0))), "changed its argument x in place");
        INDArray[] kept = new INDArray[1];
        assertNotYet(Exercises02.standardize((train, x) -> {
            kept[0] = Nd4j.vstack(train, x);
            return x.sub(kept[0].mean(0)).div(kept[0].std(false, 0));
        }), "train and x together");
    }

    @Test
    void standardizeStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises02.standardize((train, x) -> { throw new UnsupportedOperationException("your code here"); }), "starter");
        strict(() -> Exercises02.standardize((train, x) -> x.sub(train.mean(0))));
    }

    // ---- 2.2: the majority baseline -----------------------------------------------------------------------

    /** The notebook's penguin split, 68 validation penguins of which 31 Adelie; and a raw run stuck at that share. */
    static final Split PENGUINS = Splits.stratified(Tabular.penguins(), 0.6, 0.2, 1);

    static History rawRun(double valAccuracy) {
        History h = new History();
        h.add(Map.of("loss", 1.0, "val_accuracy", valAccuracy));
        return h;
    }

    static double majorityShare(Dataset d) {
        int[] counts = new int[d.numClasses()];
        for (int label : d.labels()) counts[label]++;
        return Arrays.stream(counts).max().getAsInt() / (double) d.size();
    }

    @Test
    void majorityBaselineRightAnswerPasses() {
        // the solution of 2.2.jsh
        double share = majorityShare(PENGUINS.validation());
        assertEquals(31 / 68.0, share, 1e-12);
        assertRight(Exercises02.majorityBaseline(() -> share, PENGUINS, rawRun(31 / 68.0)));
        assertTrue(Exercises02.majorityBaseline(() -> share, PENGUINS, rawRun(31 / 68.0)).message().contains("31 of 68"));
    }

    @Test
    void majorityBaselineTypicalMistakesFail() {
        History raw = rawRun(31 / 68.0);
        assertNotYet(Exercises02.majorityBaseline(() -> 100 * 31 / 68.0, PENGUINS, raw), "looks like a percentage");
        assertNotYet(Exercises02.majorityBaseline(() -> 151 / 342.0, PENGUINS, raw), "share of all 342 penguins");
        assertNotYet(Exercises02.majorityBaseline(() -> 1 / 3.0, PENGUINS, raw), "guessing at random");
        assertNotYet(Exercises02.majorityBaseline(() -> 24 / 68.0, PENGUINS, raw), "not of the most common species");
        assertNotYet(Exercises02.majorityBaseline(() -> 0.5, PENGUINS, rawRun(0.5)), "raw network's accuracy, read from its history");
    }

    @Test
    void majorityBaselineStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises02.majorityBaseline(() -> { throw new UnsupportedOperationException("your code here"); }, PENGUINS, rawRun(0.4)), "starter");
        strict(() -> Exercises02.majorityBaseline(() -> 1 / 3.0, PENGUINS, rawRun(31 / 68.0)));
    }

    // ---- 2.3: an honest breast-cancer classifier ------------------------------------------------------------

    static final Dataset CANCER = Tabular.breastCancer();
    static final Split CANCER_PARTS = Splits.stratified(CANCER, 0.8, 0);

    static Sequential mlp() { return Sequential.of(new Dense(30, 16), new ReLU(), new Dense(16, 2)); }

    @Test
    void cancerClassifierRightAnswerPasses() {
        // the solution of 2.3.jsh
        assertRight(Exercises02.cancerClassifier(() -> Standardizer.fit(CANCER_PARTS.train()), Exercises02Test::mlp, CANCER_PARTS));
        assertRight(Exercises02.cancerClassifier(() -> MinMaxScaler.fit(CANCER_PARTS.train()), Exercises02Test::mlp, CANCER_PARTS));
    }

    @Test
    void cancerClassifierTypicalMistakesFail() {
        assertNotYet(Exercises02.cancerClassifier(() -> Standardizer.fit(CANCER), Exercises02Test::mlp, CANCER_PARTS), "fitted on all 569 tumours");
        assertNotYet(Exercises02.cancerClassifier(() -> MinMaxScaler.fit(CANCER), Exercises02Test::mlp, CANCER_PARTS), "fitted on all 569 tumours");
        assertNotYet(Exercises02.cancerClassifier(() -> Standardizer.fit(CANCER_PARTS.test()), Exercises02Test::mlp, CANCER_PARTS), "fitted on the test split");
        Scaler none = new Scaler() {
            public INDArray apply(INDArray x) { return x; }
            public INDArray inverse(INDArray z) { return z; }
        };
        assertNotYet(Exercises02.cancerClassifier(() -> none, Exercises02Test::mlp, CANCER_PARTS), "your scaled feature", "mean 0 and deviation 1");
        assertNotYet(Exercises02.cancerClassifier(() -> null, Exercises02Test::mlp, CANCER_PARTS), "scaler is null");
        assertNotYet(Exercises02.cancerClassifier(() -> Standardizer.fit(CANCER_PARTS.train()), () -> Sequential.of(new Dense(30, 1)), CANCER_PARTS),
                "(2, 1)", "(2, 2)");
    }

    @Test
    void cancerClassifierStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises02.cancerClassifier(() -> { throw new UnsupportedOperationException("your code here"); }, Exercises02Test::mlp, CANCER_PARTS), "starter");
        strict(() -> Exercises02.cancerClassifier(() -> Standardizer.fit(CANCER), Exercises02Test::mlp, CANCER_PARTS));
    }

    // ---- 2.4: a horizontal flip -----------------------------------------------------------------------------

    /** Pixel (r, c) of each 28 × 28 image from flat pixel source(r, c): the right flip and typical wrong ones. */
    static UnaryOperator<INDArray> remap(java.util.function.IntBinaryOperator source) {
        return images -> {
            INDArray out = images.dup();
            for (int n = 0; n < images.size(0); n++)
                for (int r = 0; r < 28; r++)
                    for (int c = 0; c < 28; c++) out.putScalar(n, r * 28 + c, images.getDouble(n, source.applyAsInt(r, c)));
            return out;
        };
    }

    @Test
    void flipHorizontalRightAnswerPasses() {
        // the solution of 2.4.jsh
        assertRight(Exercises02.flipHorizontal(remap((r, c) -> r * 28 + 27 - c)));
    }

    @Test
    void flipHorizontalTypicalMistakesFail() {
        assertNotYet(Exercises02.flipHorizontal(remap((r, c) -> (27 - r) * 28 + c)), "vertical flip");
        assertNotYet(Exercises02.flipHorizontal(remap((r, c) -> 783 - (r * 28 + c))), "turns an image by 180°");
        assertNotYet(Exercises02.flipHorizontal(remap((r, c) -> c * 28 + r)), "along their diagonal");
        assertNotYet(Exercises02.flipHorizontal(remap((r, c) -> r * 28 + Math.max(0, 26 - c))), "row 0, column 0", "numbered 0 to 27");
        assertNotYet(Exercises02.flipHorizontal(images -> images.reshape(images.size(0), 28, 28)), "result has shape (3, 28, 28)", "(3, 784)");
        assertNotYet(Exercises02.flipHorizontal(images -> images.assign(remap((r, c) -> r * 28 + 27 - c).apply(images))), "changed its argument");
    }

    @Test
    void flipHorizontalStarterIsNotYetAndStrictModeThrows() {
        assertNotYet(Exercises02.flipHorizontal(images -> { throw new UnsupportedOperationException("your code here"); }), "starter");
        strict(() -> Exercises02.flipHorizontal(remap((r, c) -> (27 - r) * 28 + c)));
    }
}
