package org.nnbook.exercise;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Seed;
import org.nnbook.data.Augment;
import org.nnbook.data.Dataset;
import org.nnbook.data.MinMaxScaler;
import org.nnbook.data.Scaler;
import org.nnbook.data.Split;
import org.nnbook.data.Standardizer;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.SGD;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.nnbook.exercise.ArrayChecks.*;

/**
 * The checks of notebook 02, preparing data: standardisation with the training split's statistics
 * (against {@link Standardizer}), the majority-class baseline behind the raw penguins' accuracy, an
 * honestly scaled breast-cancer classifier that must reach a test accuracy, and a horizontal flip of
 * digit images (against {@link Augment#flipHorizontal(double)}).
 */
public final class Exercises02 {
    /** Exercise 2.3's training budget (the check's SGD learning rate, epochs, batch size) and its test-accuracy bar. */
    static final double LR = 0.05, BAR = 0.95;
    static final int EPOCHS = 10, BATCH = 16;

    private Exercises02() {}

    /**
     * Exercise 2.1: {@code standardize(train, x)} returns x (N, F) with each feature standardised by the
     * mean and population standard deviation that feature has in {@code train}, like
     * {@code Standardizer.fit(train).apply(x)}, without changing either argument. Checked on 4 features of
     * very different scales, where x has other statistics than train.
     */
    public static Verdict standardize(BinaryOperator<INDArray> answer) {
        return Exercise.check("Exercise 2.1 (standardising with the training statistics)", () -> {
            Random rnd = new Random(21);
            double[] mean = {0, 100, -5, 3000}, std = {1, 20, 0.1, 500};
            INDArray train = gaussian(rnd, 40, 4, 0, 1).mul(Nd4j.createFromArray(std)).add(Nd4j.createFromArray(mean));
            INDArray x = gaussian(rnd, 10, 4, 1, 1.5).mul(Nd4j.createFromArray(std)).add(Nd4j.createFromArray(mean));
            INDArray trainCopy = train.dup(), xCopy = x.dup();
            INDArray got = answer.apply(trainCopy, xCopy);
            INDArray expected = Standardizer.fit(train).apply(x);
            String shape = shapeProblem(got, "result", expected, "it has x's shape");
            if (shape != null) return Exercise.notYet(shape, "scaling changes the values, not the shape.");
            boolean inPlace = !close(trainCopy, train) || !close(xCopy, x);
            String changed = "your code changed its argument " + (!close(trainCopy, train) ? "train" : "x") + " in place.";
            String inPlaceHint = "ND4J's methods ending in i (subi, divi, ...) overwrite their array; the others return a new one.";
            if (close(got, expected))
                return inPlace ? Exercise.notYet("your result is right, but " + changed, inPlaceHint)
                        : Exercise.right("equal to Standardizer.fit(train).apply(x) on 4 features whose spreads range from 0.1 to 500.");
            INDArray both = Nd4j.vstack(train, x);
            if (close(got, scaled(x, x.mean(0), x.std(false, 0))))
                return Exercise.notYet("you measured μ and σ on x, the data being scaled, not on train.", "validation and test data stand for the future: their statistics are unknown when we train.");
            if (close(got, scaled(x, both.mean(0), both.std(false, 0))))
                return Exercise.notYet("you measured μ and σ on train and x together: x's statistics leak into them.", "which data may a scaler learn from?");
            if (close(got, x.sub(train.meanNumber()).div(train.stdNumber())))
                return Exercise.notYet("you used one mean and one σ for all 4 features together.", "grams and millimetres each need their own: one μ and σ per column.");
            if (close(got, x.sub(train.mean(0))))
                return Exercise.notYet("you centred x, but did not divide by σ.", "z = (x − μ) / σ.");
            if (close(got, scaled(x, train.mean(0), train.std(true, 0))))
                return Exercise.notYet("you divided by the sample standard deviation (N − 1); Standardizer uses the population one.", "divide by N, not N − 1 (see the flag of ND4J's std).");
            if (close(got, scaled(x, train.mean(0), train.var(false, 0))))
                return Exercise.notYet("you divided by the variance σ², not by σ.", "σ is the square root of the variance.");
            if (inPlace) return Exercise.notYet("your result is wrong, and " + changed, inPlaceHint);
            return Exercise.notYet(firstDifference(got, expected, "result"), "z = (x − μ) / σ, with μ and σ of each feature measured on train.");
        });
    }

    private static INDArray scaled(INDArray x, INDArray mean, INDArray std) { return x.sub(mean).div(std); }

    /**
     * Exercise 2.2: the validation accuracy of a model that always answers the most common class of
     * {@code parts}' validation split, as a fraction: the baseline the raw penguins' network (its
     * history {@code raw}) did not beat.
     */
    public static Verdict majorityBaseline(DoubleSupplier answer, Split parts, History raw) {
        return Exercise.check("Exercise 2.2 (the majority baseline)", () -> {
            Dataset val = parts.validation();
            int[] counts = counts(val);
            int top = 0;
            for (int k = 0; k < counts.length; k++) if (counts[k] > counts[top]) top = k;
            double share = counts[top] / (double) val.size(), a = answer.getAsDouble(), rawAcc = raw.last("val_accuracy");
            String name = val.classNames().get(top);
            if (Math.abs(a - share) < 1e-3) {
                String same = Math.abs(rawAcc - share) < 1e-6 ? String.format("exactly the raw network's validation accuracy: it learned to answer %s, and nothing else.", name)
                        : String.format("the raw network reached %.3f.", rawAcc);
                return Exercise.right(String.format("%.4f (%d of %d validation penguins are %s), %s", share, counts[top], val.size(), name, same));
            }
            int[] train = counts(parts.train()), test = counts(parts.test());
            int n = parts.train().size() + val.size() + parts.test().size(), allTop = 0;
            for (int k = 0; k < counts.length; k++) allTop = Math.max(allTop, train[k] + counts[k] + test[k]);
            String what = String.format("your answer is %.4f, which is not the validation split's baseline.", a);
            if (a > 1 && Math.abs(a / 100 - share) < 1e-3) return Exercise.notYet(String.format("your answer %.2f looks like a percentage.", a), "give an accuracy as a fraction, between 0 and 1.");
            if (Math.abs(a - allTop / (double) n) < 1e-3)
                return Exercise.notYet(String.format("%.4f is the most common species' share of all %d penguins.", a, n), "the raw network was measured on the validation split only.");
            if (Math.abs(a - 1.0 / counts.length) < 1e-3)
                return Exercise.notYet(what + String.format(" 1/%d is what guessing at random scores.", counts.length), "always giving the same answer does better when one class is the most common.");
            for (int k = 0; k < counts.length; k++)
                if (k != top && Math.abs(a - counts[k] / (double) val.size()) < 1e-3)
                    return Exercise.notYet(String.format("%.4f is the share of %s, not of the most common species.", a, val.classNames().get(k)), "which species would a lazy model always answer?");
            if (Math.abs(a - rawAcc) < 1e-6)
                return Exercise.notYet(what + " It is the raw network's accuracy, read from its history.", "compute the baseline from the labels of parts.validation(), then compare.");
            return Exercise.notYet(what, "count the penguins of each species in parts.validation().labels().");
        });
    }

    /**
     * Exercise 2.3: a scaler fitted on {@code parts}' training split only, and a network of 30 features to 2
     * classes that, trained by the check on the scaled training split (cross-entropy, SGD(0.05),
     * 10 epochs, batch 16, seed 0), classifies at least 95 % of the scaled test split right.
     */
    public static Verdict cancerClassifier(Supplier<? extends Scaler> scaler, Supplier<? extends Model> network, Split parts) {
        return Exercise.check("Exercise 2.3 (an honest breast-cancer classifier)", () -> {
            Scaler s = scaler.get();
            if (s == null) return Exercise.notYet("your scaler is null.", "the features range from below 0.01 to above 1,000: see what that did to the raw penguins.");
            INDArray train = parts.train().x(), z = s.apply(train).castTo(DataType.DOUBLE);
            String fit = fittedOn(z, train, parts);
            if (fit != null) return Exercise.notYet(fit, "a Standardizer or a MinMaxScaler (section 1); which part of the data may it learn its statistics from?");
            Seed.set(0);
            Model net = network.get();
            if (net == null) return Exercise.notYet("your network is null.", "return one from your method.");
            Dataset trainS = s.apply(parts.train()), testS = s.apply(parts.test());
            INDArray out = net.predict(Inputs.of(trainS.x().get(NDArrayIndex.interval(0, 2), NDArrayIndex.all())));
            if (!shapeOf(out).equals("(2, 2)"))
                return Exercise.notYet("your network turns 2 tumours (2, 30) into " + shapeOf(out) + "; it must give a score per class, (2, 2).", "malignant or benign: two classes, two logits.");
            Trainer t = new Trainer(net, new CrossEntropy(), new SGD(LR)).epochs(EPOCHS).batchSize(BATCH).seed(0).quiet();
            try {
                t.fit(trainS);
            } catch (IllegalStateException e) {
                return Exercise.notYet("training failed: " + firstLine(e), "are the scaled features of a moderate size?");
            }
            double acc = t.evaluate(testS).get("accuracy");
            String run = String.format("after %d epochs of SGD(%s), your network classifies %.1f %% of the %d test tumours right", EPOCHS, LR, 100 * acc, testS.size());
            if (acc >= BAR) return Exercise.right(run + String.format(", with a scaler fitted on the %d training tumours only (bar: %.0f %%).", train.size(0), 100 * BAR));
            return Exercise.notYet(run + String.format("; the bar is %.0f %%.", 100 * BAR), "the scaler is right; does your network have a hidden layer with a non-linearity, and enough units?");
        });
    }

    /** Null when z, the scaled training split, has the statistics of a scaler fitted on it; else on what it seems fitted. */
    private static String fittedOn(INDArray z, INDArray train, Split parts) {
        double[] mean = z.mean(0).toDoubleVector(), std = z.std(false, 0).toDoubleVector(), min = z.min(0).toDoubleVector(), max = z.max(0).toDoubleVector();
        boolean standardised = true, minMax = max[0] - min[0] > 1e-3;
        for (int j = 0; j < mean.length; j++) {
            standardised &= Math.abs(mean[j]) < 1e-3 && Math.abs(std[j] - 1) < 1e-3;
            minMax &= Math.abs(min[j] - min[0]) < 1e-3 && Math.abs(max[j] - max[0]) < 1e-3;
        }
        if (standardised || minMax) return null;
        INDArray all = Nd4j.vstack(parts.train().x(), parts.test().x()), test = parts.test().x();
        if (close(z, Standardizer.fit(all).apply(train)) || close(z, MinMaxScaler.fit(all, 0, 1).apply(train)))
            return String.format("your scaler was fitted on all %d tumours, the test split's too: its statistics leaked into training.", all.size(0));
        if (close(z, Standardizer.fit(test).apply(train)) || close(z, MinMaxScaler.fit(test, 0, 1).apply(train)))
            return "your scaler was fitted on the test split.";
        int j = 0;                  // the feature furthest from mean 0 and deviation 1
        for (int k = 1; k < mean.length; k++) if (Math.abs(mean[k]) + Math.abs(std[k] - 1) > Math.abs(mean[j]) + Math.abs(std[j] - 1)) j = k;
        return String.format("on the training split, your scaled feature %d has mean %.3f, standard deviation %.3f, range [%.3f, %.3f]; a scaler fitted"
                + " on that split gives every feature mean 0 and deviation 1 (Standardizer), or the same range [lo, hi] (MinMaxScaler).", j, mean[j], std[j], min[j], max[j]);
    }

    /**
     * Exercise 2.4: a horizontal flip (left and right swapped) of MNIST rows (N, 784), each a 28 × 28
     * image stored row by row, without changing the argument. Checked against
     * {@code Augment.flipHorizontal(1.0)} on 3 random images.
     */
    public static Verdict flipHorizontal(UnaryOperator<INDArray> answer) {
        return Exercise.check("Exercise 2.4 (a horizontal flip)", () -> {
            INDArray x = gaussian(new Random(24), 3, 784, 0.5, 0.3), copy = x.dup();
            INDArray got = answer.apply(copy);
            INDArray expected = Augment.flipHorizontal(1.0).apply(x, new Random(0));
            String shape = shapeProblem(got, "result", expected, "it must be rows of 784 pixels, like the input,");
            if (shape != null) return Exercise.notYet(shape, "reshape gives the 28 × 28 view and back.");
            boolean inPlace = !close(copy, x);
            if (close(got, expected))
                return inPlace ? Exercise.notYet("your flip is right, but it changed its argument: the original images are gone.", "write the flipped pixels into a new array.")
                        : Exercise.right("each row of pixels reversed, as Augment.flipHorizontal does, on 3 random 28 × 28 images.");
            if (close(got, x)) return Exercise.notYet("your images come back unchanged.", "a horizontal flip moves pixel (row r, column c) somewhere else.");
            if (close(got, moved(x, (r, c) -> (27 - r) * 28 + c)))
                return Exercise.notYet("you swapped top and bottom: that is a vertical flip.", "a horizontal flip keeps every row of pixels where it is.");
            if (close(got, moved(x, (r, c) -> 783 - r * 28 - c)))
                return Exercise.notYet("your images are also upside down: reversing all 784 pixels turns an image by 180°.", "a horizontal flip keeps every row of pixels where it is.");
            if (close(got, moved(x, (r, c) -> c * 28 + r)))
                return Exercise.notYet("you mirrored the images along their diagonal: rows became columns.", "a horizontal flip keeps every row of pixels where it is.");
            double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector(), e = expected.castTo(DataType.DOUBLE).reshape(expected.length()).toDoubleVector();
            int i = 0;
            while (i < e.length - 1 && Math.abs(g[i] - e[i]) <= 1e-5 * (1 + Math.abs(e[i]))) i++;
            return Exercise.notYet(String.format("in image %d, your pixel at row %d, column %d is %.4f; it should be %.4f.", i / 784, i % 784 / 28, i % 28, g[i], e[i]),
                    "the columns are numbered 0 to 27: from which column must column 0 take its pixel, and column 27?");
        });
    }
}
