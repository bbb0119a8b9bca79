package org.nnbook.explain;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Does an attribution mean something? Delete the pixels it ranks highest first (set them to the blank
 * background) and watch the accuracy fall: the faster it falls, the more the attribution found what the
 * model uses. Pixel flipping (Bach et al., 2015, "On Pixel-Wise Explanations for Non-Linear Classifier
 * Decisions by Layer-Wise Relevance Propagation"; Samek et al., 2017, "Evaluating the Visualization of
 * What a Deep Neural Network Has Learned"); the "deletion" metric of Petsiuk, Das and Saenko, 2018 (RISE).
 * A random order is the yardstick. Shapes: x (N, C, H, W), attributions (N, H, W) or of x's shape (then
 * summed over the channels); a pixel is deleted on all channels.
 * <pre>{@code
 * double[] fractions = {0, 0.02, 0.05, 0.1, 0.2};
 * DeletionCurve.Curve byIg = DeletionCurve.of(lenet, images, labels, igMap, fractions, background);
 * DeletionCurve.Curve byChance = DeletionCurve.random(lenet, images, labels, fractions, background, 1);
 * }</pre>
 */
public final class DeletionCurve {
    private static final int BATCH = 1000;

    private DeletionCurve() {}

    /** Accuracy, and mean probability of the true class, after deleting each fraction of the pixels; {@link #area} the summary. */
    public record Curve(double[] fractions, double[] accuracy, double[] probability) {
        /** Area under the accuracy curve divided by the fractions' range (lower: the deletion order hurt the model faster). */
        public double area() { return DeletionCurve.area(fractions, accuracy); }
    }

    /** The curve when each image's pixels are deleted from the highest attribution down (ties in pixel order). */
    public static Curve of(Model model, INDArray x, int[] labels, INDArray attributions, double[] fractions, double fill) {
        check(model, x, labels, fractions);
        int n = (int) x.size(0), h = (int) x.size(2), w = (int) x.size(3);
        INDArray a = attributions;
        if (a != null && a.rank() == 4 && Arrays.equals(a.shape(), x.shape())) a = a.sum(1);
        if (a == null || a.rank() != 3 || a.size(0) != n || a.size(1) != h || a.size(2) != w)
            throw new IllegalArgumentException("DeletionCurve.of: attributions must be (N, H, W) = (" + n + ", " + h + ", " + w + ") or of x's shape "
                    + Arrays.toString(x.shape()) + ", got " + (attributions == null ? "null" : Arrays.toString(attributions.shape())) + ".");
        double[] flat = a.castTo(DataType.DOUBLE).reshape(n, (long) h * w).data().asDouble();
        int[][] order = new int[n][];
        for (int e = 0; e < n; e++) {
            int base = e * h * w;
            order[e] = IntStream.range(0, h * w).boxed()
                    .sorted(Comparator.comparingDouble((Integer p) -> -flat[base + p]).thenComparingInt(p -> p))
                    .mapToInt(Integer::intValue).toArray();
        }
        return curve(model, x, labels, order, fractions, fill);
    }

    /** The curve when each image's pixels are deleted in a random order (seeded): the yardstick. */
    public static Curve random(Model model, INDArray x, int[] labels, double[] fractions, double fill, long seed) {
        check(model, x, labels, fractions);
        int n = (int) x.size(0), pixels = (int) (x.size(2) * x.size(3));
        Random rnd = new Random(seed);
        int[][] order = new int[n][];
        for (int e = 0; e < n; e++) {
            int[] p = IntStream.range(0, pixels).toArray();
            for (int k = pixels - 1; k > 0; k--) {
                int j = rnd.nextInt(k + 1), t = p[k];
                p[k] = p[j];
                p[j] = t;
            }
            order[e] = p;
        }
        return curve(model, x, labels, order, fractions, fill);
    }

    /** Trapezoidal area under {@code values} over {@code fractions}, divided by the range of fractions. */
    public static double area(double[] fractions, double[] values) {
        if (fractions == null || values == null || fractions.length != values.length || fractions.length < 2)
            throw new IllegalArgumentException("DeletionCurve.area: needs as many values as fractions, at least 2.");
        double s = 0;
        for (int k = 1; k < fractions.length; k++) s += (fractions[k] - fractions[k - 1]) * (values[k] + values[k - 1]) / 2;
        return s / (fractions[fractions.length - 1] - fractions[0]);
    }

    private static void check(Model model, INDArray x, int[] labels, double[] fractions) {
        if (model == null) throw new IllegalArgumentException("DeletionCurve: the model is null.");
        Targets.require("DeletionCurve", x, labels);
        Targets.requireImages("DeletionCurve", x);
        if (fractions == null || fractions.length < 2)
            throw new IllegalArgumentException("DeletionCurve: give at least 2 fractions of pixels to delete, e.g. {0, 0.05, 0.1, 0.2}.");
        for (int k = 0; k < fractions.length; k++)
            if (!(fractions[k] >= 0 && fractions[k] <= 1) || k > 0 && fractions[k] <= fractions[k - 1])
                throw new IllegalArgumentException("DeletionCurve: fractions must rise from 0 to at most 1, got " + Arrays.toString(fractions) + ".");
    }

    private static Curve curve(Model model, INDArray x, int[] labels, int[][] order, double[] fractions, double fill) {
        int n = (int) x.size(0), c = (int) x.size(1), pixels = (int) (x.size(2) * x.size(3));
        double[] base = x.castTo(DataType.DOUBLE).reshape(n, (long) c * pixels).data().asDouble();
        double[] accuracy = new double[fractions.length], probability = new double[fractions.length];
        for (int f = 0; f < fractions.length; f++) {
            int k = (int) Math.round(fractions[f] * pixels);
            double right = 0, prob = 0;
            for (int first = 0; first < n; first += BATCH) {
                int last = Math.min(n, first + BATCH);
                double[] v = Arrays.copyOfRange(base, first * c * pixels, last * c * pixels);
                for (int e = first; e < last; e++)
                    for (int r = 0; r < k; r++)
                        for (int ch = 0; ch < c; ch++) v[((e - first) * c + ch) * pixels + order[e][r]] = fill;
                INDArray batch = Nd4j.create(v, new long[] {last - first, c, x.size(2), x.size(3)}, 'c').castTo(x.dataType());
                INDArray logits = model.predict(Inputs.of(batch));
                int[] truth = Arrays.copyOfRange(labels, first, last);
                Targets.requireScores("DeletionCurve", logits, truth);
                double[] p = Targets.probabilities(logits, truth);
                int[] predicted = logits.argMax(1).toIntVector();
                for (int e = 0; e < truth.length; e++) {
                    if (predicted[e] == truth[e]) right++;
                    prob += p[e];
                }
            }
            accuracy[f] = right / n;
            probability[f] = prob / n;
        }
        return new Curve(fractions.clone(), accuracy, probability);
    }
}
