package org.nnbook.ensemble;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.ShapeException;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Softmax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Model fusion: several trained classifiers predicting together, usually better than the best of
 * them alone, because their mistakes differ (Dietterich, 2000, "Ensemble Methods in Machine
 * Learning"; Lakshminarayanan et al., 2017, "Simple and Scalable Predictive Uncertainty Estimation
 * using Deep Ensembles" — the same net trained from different seeds is enough).
 *
 * <pre>{@code
 * var ensemble = Ensemble.average(net1, net2, net3, net4, net5);
 * Evaluation.of(ensemble, test).accuracy();
 * Ensemble.report(List.of(net1, net2, net3, net4, net5), test)   // each member, both rules, the gain
 * }</pre>
 *
 * <p>Each member maps the inputs (N, ...) to scores (N, C): logits (as nets trained with CrossEntropy give)
 * are turned into probabilities by softmax; outputs that already are probabilities (every row
 * non-negative and summing to 1, e.g. a net ending with Softmax) are used as they are.
 * <ul>
 *   <li>{@link #average}: the mean of the members' probabilities, (N, C), rows summing to 1.</li>
 *   <li>{@link #vote}: each member votes for its argmax class. The score of class c is its share
 *       of the votes plus {@code (summed probability of c) / (M (M + 1))} for M members: a term
 *       smaller than one vote, so the majority always wins and a tie goes to the class with the
 *       larger summed probability.</li>
 * </ul>
 * An Ensemble is a {@link Model} for prediction only ({@code predict}, or {@code forward} with
 * {@code training} false); train each member with its own Trainer, then combine them. It has no
 * parameters of its own.
 */
public final class Ensemble implements Model {
    /** How the members' predictions are combined. */
    public enum Rule { AVERAGE, VOTE }

    private final Rule rule;
    private final List<Model> members;

    private Ensemble(Rule rule, List<? extends Model> members) {
        String call = "Ensemble." + (rule == Rule.AVERAGE ? "average" : "vote");
        if (members == null || members.isEmpty()) throw new IllegalArgumentException(call + " needs at least one member model.");
        for (int i = 0; i < members.size(); i++)
            if (members.get(i) == null) throw new IllegalArgumentException(call + ": member " + (i + 1) + " is null.");
        this.rule = rule;
        this.members = List.copyOf(members);
    }

    /** Averages the members' softmax probabilities. */
    public static Ensemble average(Model... members) { return average(members == null ? null : Arrays.asList(members)); }

    public static Ensemble average(List<? extends Model> members) { return new Ensemble(Rule.AVERAGE, members); }

    /** Majority vote of the members' argmax classes; ties broken by the summed probability. */
    public static Ensemble vote(Model... members) { return vote(members == null ? null : Arrays.asList(members)); }

    public static Ensemble vote(List<? extends Model> members) { return new Ensemble(Rule.VOTE, members); }

    /**
     * Each member's accuracy on {@code data}, the accuracy of averaging and of voting, and the gain
     * over the best member; each member predicts once, the accuracies come from Tribuo.
     */
    public static EnsembleReport report(List<? extends Model> members, Dataset data) { return EnsembleReport.of(average(members).members, data); }

    public Rule rule() { return rule; }

    public List<Model> members() { return members; }

    public int size() { return members.size(); }

    /** Scores (N, C) combined by the rule; the inputs as the members take them. Only evaluation mode ({@code training} false). */
    @Override
    public INDArray forward(Inputs inputs, boolean training) {
        if (training)
            throw new UnsupportedOperationException("An Ensemble only predicts (forward with training = false): train each member"
                    + " with its own Trainer, then combine the trained members with Ensemble." + (rule == Rule.AVERAGE ? "average" : "vote") + ".");
        return combine(rule, memberProbabilities(members, inputs));
    }

    /** The combined scores (N, C) for one input array x (N, ...), as a new array. */
    public INDArray predict(INDArray x) { return predict(Inputs.of(x)); }

    /** Always throws: an Ensemble is not trained as a whole. */
    @Override
    public INDArray backward(INDArray gradOut) {
        throw new UnsupportedOperationException("An Ensemble cannot be trained: it has no backward pass. Train each member with"
                + " its own Trainer (e.g. different seeds), then build Ensemble.average(members) from the trained ones.");
    }

    /** The members' parameters together (the ensemble itself has none to train). */
    @Override
    public long parameterCount() { return members.stream().mapToLong(Model::parameterCount).sum(); }

    /** The probabilities (N, C) of every member for {@code inputs}, checked to have one shape. */
    static List<INDArray> memberProbabilities(List<? extends Model> members, Inputs inputs) {
        List<INDArray> probs = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            INDArray out = members.get(m).predict(inputs);
            if (out.rank() != 2 || out.size(0) != inputs.size())
                throw new ShapeException("Ensemble: member " + (m + 1) + " gave shape " + Arrays.toString(out.shape()) + " for "
                        + inputs.size() + " rows; expected class scores (N, C).");
            if (m > 0 && out.size(1) != probs.get(0).size(1))
                throw new ShapeException("Ensemble: member " + (m + 1) + " gives " + out.size(1) + " class scores but member 1 gives "
                        + probs.get(0).size(1) + "; all members must predict the same classes.");
            probs.add(probabilities(out));
        }
        return probs;
    }

    /** {@code scores} as they are when they already are probabilities (rows non-negative, summing to 1), else their softmax. */
    static INDArray probabilities(INDArray scores) {
        INDArray s = scores.castTo(DataType.FLOAT);
        boolean isProbability = s.minNumber().doubleValue() >= -1e-6 && s.maxNumber().doubleValue() <= 1 + 1e-6
                && s.sum(1).subi(1).amaxNumber().doubleValue() <= 1e-3;
        return isProbability ? s : Softmax.probabilities(s);
    }

    /** Combines the members' probabilities (each (N, C)) by {@code rule}. */
    static INDArray combine(Rule rule, List<INDArray> probs) {
        int m = probs.size();
        INDArray sum = probs.get(0).dup();
        for (int i = 1; i < m; i++) sum.addi(probs.get(i));
        if (rule == Rule.AVERAGE) return sum.divi(m);
        int n = (int) sum.size(0), c = (int) sum.size(1);
        float[] votes = new float[n * c];
        for (INDArray p : probs) {
            int[] choice = p.argMax(1).toIntVector();
            for (int row = 0; row < n; row++) votes[row * c + choice[row]] += 1f / m;
        }
        // the tie-break term, below one vote (1/m): summed probability / (m (m + 1)) <= 1 / (m + 1)
        return Nd4j.create(votes, new long[]{n, c}, DataType.FLOAT).addi(sum.divi((double) m * (m + 1)));
    }

    @Override
    public String toString() {
        return "Ensemble." + (rule == Rule.AVERAGE ? "average" : "vote") + "(" + members.size() + " members, "
                + String.format("%,d", parameterCount()) + " parameters)";
    }
}
