package org.nnbook.ensemble;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Model;
import org.nnbook.data.Dataset;
import org.nnbook.eval.Evaluation;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an ensemble gains on a data set: the accuracy of each member, of averaging their
 * probabilities and of their majority vote, and the gain of each rule over the best single member
 * (made by {@link Ensemble#report}). Gains are fractions: 0.004 is 0.4 percentage points.
 *
 * <p>{@link #disagreement()} — the share of examples on which the members do not all agree — says
 * how much room there is: members that make the same mistakes cannot correct each other.
 */
public final class EnsembleReport {
    private final List<Evaluation> members;
    private final Evaluation average;
    private final Evaluation vote;
    private final double disagreement;

    private EnsembleReport(List<Evaluation> members, Evaluation average, Evaluation vote, double disagreement) {
        this.members = List.copyOf(members);
        this.average = average;
        this.vote = vote;
        this.disagreement = disagreement;
    }

    /** Every member predicts {@code data} once, 1,000 rows at a time; both rules combine those predictions. */
    static EnsembleReport of(List<? extends Model> models, Dataset data) {
        if (data == null || data.size() == 0) throw new IllegalArgumentException("Ensemble.report needs a non-empty data set.");
        int n = data.size(), m = models.size(), c = data.numClasses();
        int[][] predicted = new int[m][n];
        int[] byAverage = new int[n], byVote = new int[n];
        int disagree = 0;
        for (int from = 0; from < n; from += Evaluation.BATCH) {
            int to = Math.min(n, from + Evaluation.BATCH);
            List<INDArray> probs = Ensemble.memberProbabilities(models, data.range(from, to).inputs());
            if (probs.get(0).size(1) != c)
                throw new IllegalArgumentException("Ensemble.report: the members give " + probs.get(0).size(1) + " class scores but the data set has "
                        + c + " classes; evaluate on data with the classes the members were trained on.");
            for (int k = 0; k < m; k++) System.arraycopy(probs.get(k).argMax(1).toIntVector(), 0, predicted[k], from, to - from);
            System.arraycopy(Ensemble.combine(Ensemble.Rule.AVERAGE, probs).argMax(1).toIntVector(), 0, byAverage, from, to - from);
            System.arraycopy(Ensemble.combine(Ensemble.Rule.VOTE, probs).argMax(1).toIntVector(), 0, byVote, from, to - from);
        }
        for (int i = 0; i < n; i++)
            for (int k = 1; k < m; k++)
                if (predicted[k][i] != predicted[0][i]) { disagree++; break; }
        int[] truth = data.labels();
        List<Evaluation> each = new ArrayList<>();
        for (int[] p : predicted) each.add(Evaluation.of(truth, p, data.classNames()));
        return new EnsembleReport(each, Evaluation.of(truth, byAverage, data.classNames()),
                Evaluation.of(truth, byVote, data.classNames()), (double) disagree / n);
    }

    /** Number of members. */
    public int size() { return members.size(); }

    /** The accuracy of each member, in order. */
    public double[] memberAccuracies() { return members.stream().mapToDouble(Evaluation::accuracy).toArray(); }

    /** The index (0-based) of the most accurate member (the first, on a tie). */
    public int bestMember() {
        double[] a = memberAccuracies();
        int best = 0;
        for (int k = 1; k < a.length; k++) if (a[k] > a[best]) best = k;
        return best;
    }

    public double bestMemberAccuracy() { return memberAccuracies()[bestMember()]; }

    public double meanMemberAccuracy() { return Arrays.stream(memberAccuracies()).average().orElse(Double.NaN); }

    /** Accuracy of averaging the members' probabilities. */
    public double averageAccuracy() { return average.accuracy(); }

    /** Accuracy of the majority vote. */
    public double voteAccuracy() { return vote.accuracy(); }

    /** Averaging's accuracy minus the best member's (positive: the ensemble is better). */
    public double averageGain() { return averageAccuracy() - bestMemberAccuracy(); }

    /** Voting's accuracy minus the best member's. */
    public double voteGain() { return voteAccuracy() - bestMemberAccuracy(); }

    /** Fraction of examples on which the members' predictions are not all the same. */
    public double disagreement() { return disagreement; }

    /** The full evaluation of member {@code k} (0-based). */
    public Evaluation member(int k) { return members.get(k); }

    /** The full evaluation of averaging, e.g. for {@code Charts.confusion}. */
    public Evaluation average() { return average; }

    /** The full evaluation of voting. */
    public Evaluation vote() { return vote; }

    /** The accuracy of each member and of both rules, with the best member's level as a dashed line. */
    public BufferedImage chart() { return EnsembleChart.of(this); }

    /** One line per member, then both rules with their gain over the best member. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format("Ensemble of %d members on %,d examples (members disagree on %.1f%% of them)%n",
                size(), average.size(), 100 * disagreement));
        double[] acc = memberAccuracies();
        int best = bestMember();
        for (int k = 0; k < acc.length; k++)
            sb.append(String.format("  member %-3d        accuracy %6.2f%%%s%n", k + 1, 100 * acc[k], k == best ? "   <- best member" : ""));
        sb.append(String.format("  mean of members   accuracy %6.2f%%%n", 100 * meanMemberAccuracy()));
        sb.append(String.format("  average of probs  accuracy %6.2f%%   %+.2f points over the best member%n", 100 * averageAccuracy(), 100 * averageGain()));
        sb.append(String.format("  majority vote     accuracy %6.2f%%   %+.2f points over the best member", 100 * voteAccuracy(), 100 * voteGain()));
        return sb.toString();
    }
}
