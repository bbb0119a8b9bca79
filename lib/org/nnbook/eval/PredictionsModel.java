package org.nnbook.eval;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Tribuo face of an nnbook network, for {@code LabelEvaluator}: a {@link Model} whose examples
 * carry one feature, {@code row}, the row number in the evaluated data set, and whose prediction for
 * a row is the class the network gave it (computed beforehand, in batches, by {@link Evaluation}).
 */
final class PredictionsModel extends Model<Label> {
    static final String ROW = "row";
    private static final long serialVersionUID = 1L;

    private final int[] predicted;
    private final float[] scores;
    private final List<String> classNames;

    PredictionsModel(ModelProvenance provenance, ImmutableFeatureMap features, List<String> classNames,
                     int[] predicted, float[] scores) {
        super("nnbook", provenance, features, Evaluation.labelInfo(classNames), false);
        this.predicted = predicted;
        this.scores = scores;
        this.classNames = classNames;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        var feature = example.lookup(ROW);
        if (feature == null) throw new IllegalArgumentException("Example has no '" + ROW + "' feature: " + example);
        int row = (int) feature.getValue();
        Label label = new Label(classNames.get(predicted[row]), scores[row]);
        return new Prediction<>(label, 1, example);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) { return Map.of(); }

    @Override
    public Optional<org.tribuo.Excuse<Label>> getExcuse(Example<Label> example) { return Optional.empty(); }

    @Override
    protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
        return new PredictionsModel(newProvenance, featureIDMap, classNames, predicted, scores);
    }
}
