package org.nnbook.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.data.Dataset;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a classifier does on a data set: accuracy, macro-F1, per-class precision / recall / F1
 * and the confusion matrix, all computed by Tribuo's {@link LabelEvaluator}.
 *
 * <pre>{@code
 * Evaluation ev = Evaluation.of(net, Mnist.test());
 * ev.accuracy();          // 0.97...
 * ev.mostConfused(3);     // [4 -> 9: 12, 7 -> 2: 9, ...]
 * ev                      // prints the per-class table and the confusion matrix
 * }</pre>
 *
 * The model's {@code predict} of the data set's inputs (one array or several, with the padding
 * mask if there is one) gives scores (N, C) — logits or probabilities, either works — and its
 * prediction for a row is the argmax. Prediction runs in batches (1,000 rows by default) so memory
 * stays low. Scores that are NaN or infinite (weights that diverged) are an error, not an accuracy.
 * Tribuo sees the predictions through a {@code Model<Label>} adapter.
 */
public final class Evaluation {
    /** Rows per forward pass in {@link #of(Model, Dataset)}. */
    public static final int BATCH = 1000;

    private final int[] truth;
    private final int[] predicted;
    private final List<String> classNames;
    private final LabelEvaluation tribuo;
    private final List<Label> labels = new ArrayList<>();

    private Evaluation(int[] truth, int[] predicted, float[] scores, List<String> classNames) {
        this.truth = truth;
        this.predicted = predicted;
        this.classNames = List.copyOf(classNames);
        classNames.forEach(n -> labels.add(new Label(n)));
        LabelFactory factory = new LabelFactory();
        var data = new MutableDataset<Label>(new SimpleDataSourceProvenance("nnbook Dataset, " + truth.length + " rows", factory), factory);
        String[] row = {PredictionsModel.ROW};
        for (int i = 0; i < truth.length; i++) data.add(new ArrayExample<>(labels.get(truth[i]), row, new double[]{i}));
        var provenance = new ModelProvenance(PredictionsModel.class.getName(), OffsetDateTime.now(), data.getProvenance(), new EmptyTrainerProvenance());
        var model = new PredictionsModel(provenance, data.getFeatureIDMap(), this.classNames, predicted, scores);
        this.tribuo = new LabelEvaluator().evaluate(model, data);
        this.tribuo.getConfusionMatrix().setLabelOrder(labels);
    }

    /** Evaluates {@code model} on {@code data} (inputs (N, ...), y one-hot (N, C) or class ids (N)), predicting 1,000 rows at a time. */
    public static Evaluation of(Model model, Dataset data) { return of(model, data, BATCH); }

    /** As {@link #of(Model, Dataset)} with another batch size. */
    public static Evaluation of(Model model, Dataset data, int batchSize) {
        int n = data.size(), c = data.numClasses();
        if (n == 0) throw new IllegalArgumentException("Evaluation: the data set is empty.");
        int[] predicted = new int[n];
        float[] scores = new float[n];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            INDArray yHat = model.predict(data.range(from, to).inputs());
            if (yHat.rank() != 2 || yHat.size(0) != to - from || yHat.size(1) != c)
                throw new IllegalArgumentException("Evaluation: the model's predict gave shape " + Arrays.toString(yHat.shape())
                        + " for " + (to - from) + " rows, expected scores (" + (to - from) + ", " + c + ") — one column per class"
                        + " of the data set. Does the last layer have " + c + " outputs?");
            requireFinite(yHat, from);
            int[] best = yHat.argMax(1).toIntVector();
            for (int i = 0; i < best.length; i++) {
                predicted[from + i] = best[i];
                scores[from + i] = yHat.getFloat(i, best[i]);
            }
        }
        return new Evaluation(data.labels(), predicted, scores, data.classNames());
    }

    /** Throws when a score of {@code yHat} (rows {@code from}, ...) is NaN or infinite: its argmax would be a meaningless class. */
    private static void requireFinite(INDArray yHat, int from) {
        double[] v = yHat.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        int c = (int) yHat.size(1), badRows = 0, firstBad = -1;
        for (int row = 0; row < v.length / c; row++)
            for (int k = 0; k < c; k++)
                if (!Double.isFinite(v[row * c + k])) {
                    if (firstBad < 0) firstBad = from + row;
                    badRows++;
                    break;
                }
        if (badRows > 0)
            throw new IllegalStateException("Evaluation: the model's outputs are not finite (NaN or infinite scores in " + badRows + " of rows "
                    + from + "-" + (from + v.length / c - 1) + ", the first at row " + firstBad + "): its weights probably diverged during"
                    + " training, so an accuracy would mean nothing. Train again with a lower learning rate (or with gradient clipping),"
                    + " or evaluate a model saved before it diverged.");
    }

    /** Evaluates given predictions: {@code truth[i]} and {@code predicted[i]} are class indices into {@code classNames}. */
    public static Evaluation of(int[] truth, int[] predicted, List<String> classNames) {
        if (truth.length != predicted.length || truth.length == 0)
            throw new IllegalArgumentException("Evaluation: " + truth.length + " true labels and " + predicted.length
                    + " predictions; expected the same number, at least one.");
        for (int i = 0; i < truth.length; i++)
            if (truth[i] < 0 || truth[i] >= classNames.size() || predicted[i] < 0 || predicted[i] >= classNames.size())
                throw new IllegalArgumentException("Evaluation: row " + i + " has true class " + truth[i] + " and prediction "
                        + predicted[i] + "; expected both in [0, " + classNames.size() + ").");
        return new Evaluation(truth.clone(), predicted.clone(), new float[truth.length], classNames);
    }

    static ImmutableOutputInfo<Label> labelInfo(List<String> classNames) {
        Map<Label, Integer> ids = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) ids.put(new Label(classNames.get(i)), i);
        return new LabelFactory().constructInfoForExternalModel(ids);
    }

    /** Fraction of rows predicted right. */
    public double accuracy() { return tribuo.accuracy(); }

    /** The unweighted mean over classes of F1. */
    public double macroF1() { return tribuo.macroAveragedF1(); }

    /** Of the rows predicted as class {@code cls}, the fraction that are {@code cls}. */
    public double precision(int cls) { return tribuo.precision(label(cls)); }

    /** Of the rows of class {@code cls}, the fraction predicted as {@code cls}. */
    public double recall(int cls) { return tribuo.recall(label(cls)); }

    /** Harmonic mean of precision and recall of class {@code cls}. */
    public double f1(int cls) { return tribuo.f1(label(cls)); }

    /** Number of rows whose true class is {@code cls}. */
    public long support(int cls) { return Math.round(tribuo.getConfusionMatrix().support(label(cls))); }

    /** Counts [true class][predicted class]: row t, column p = rows of class t predicted as p. */
    public long[][] confusionMatrix() {
        int c = labels.size();
        long[][] m = new long[c][c];
        var cm = tribuo.getConfusionMatrix();
        for (int t = 0; t < c; t++)
            for (int p = 0; p < c; p++) m[t][p] = Math.round(cm.confusion(labels.get(p), labels.get(t)));
        return m;
    }

    /** The predicted class of every row. */
    public int[] predictions() { return predicted.clone(); }

    /** The true class of every row. */
    public int[] truth() { return truth.clone(); }

    /** The rows predicted wrong, in order. */
    public int[] misclassified() {
        return java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] != predicted[i]).toArray();
    }

    /** The {@code k} most frequent mistakes (true class, predicted class, count), most frequent first. */
    public List<Confusion> mostConfused(int k) {
        long[][] m = confusionMatrix();
        List<Confusion> all = new ArrayList<>();
        for (int t = 0; t < m.length; t++)
            for (int p = 0; p < m.length; p++)
                if (t != p && m[t][p] > 0) all.add(new Confusion(classNames.get(t), classNames.get(p), t, p, m[t][p]));
        all.sort(Comparator.comparingLong(Confusion::count).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    public List<String> classNames() { return classNames; }

    /** Number of rows evaluated. */
    public int size() { return truth.length; }

    /** Tribuo's evaluation, for everything else it offers. */
    public LabelEvaluation tribuo() { return tribuo; }

    private Label label(int cls) {
        if (cls < 0 || cls >= labels.size())
            throw new IndexOutOfBoundsException("Class " + cls + " is outside [0, " + labels.size() + ").");
        return labels.get(cls);
    }

    /** A kind of mistake: rows of class {@code trueClass} predicted as {@code predictedClass}, {@code count} times. */
    public record Confusion(String trueName, String predictedName, int trueClass, int predictedClass, long count) {
        @Override
        public String toString() { return trueName + " -> " + predictedName + ": " + count; }
    }

    /** The per-class table (precision, recall, F1, support), accuracy, macro averages and the confusion matrix. */
    @Override
    public String toString() { return EvaluationReport.format(this); }
}
