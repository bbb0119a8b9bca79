package org.nnbook.robust;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.data.Dataset;

import java.util.Arrays;

/**
 * Membership inference: was this example in the training set? (Shokri, Stronati, Song and Shmatikov,
 * 2017, "Membership Inference Attacks Against Machine Learning Models".) The loss-threshold attack of
 * Yeom, Giacomelli, Fredrikson and Jha (2018, "Privacy Risk in Machine Learning: Analyzing the
 * Connection to Overfitting") needs no shadow models: a model fits its training examples better than
 * others, so "member" is guessed when an example's loss is below a threshold τ (Yeom et al.: the mean
 * training loss). How much it leaks is measured over all thresholds by the AUC: the probability that a
 * member's loss is below a non-member's (0.5: no leak; 1: every member told apart).
 */
public final class MembershipInference {
    private MembershipInference() {}

    /** The cross-entropy −log softmax(z)_y of each example of {@code data} (one-hot targets) under {@code model}'s scores z. */
    public static double[] losses(Model model, Dataset data) {
        if (model == null || data == null || data.size() == 0)
            throw new IllegalArgumentException("MembershipInference.losses needs a model and some data, got " + model + " and " + data + ".");
        int[] labels = data.labels();
        double[] out = new double[data.size()];
        for (int from = 0; from < data.size(); from += Robustness.BATCH) {
            int to = Math.min(data.size(), from + Robustness.BATCH);
            double[][] z = model.predict(Inputs.of(data.x().get(NDArrayIndex.interval(from, to)).dup())).toDoubleMatrix();
            for (int i = 0; i < z.length; i++) {
                double max = Arrays.stream(z[i]).max().orElseThrow(), sum = 0;
                for (double v : z[i]) sum += Math.exp(v - max);
                out[from + i] = max + Math.log(sum) - z[i][labels[from + i]];     // log Σ exp z − z_y, computed stably
            }
        }
        return out;
    }

    /** The AUC of the attack "lower loss = member": P(member's loss &lt; non-member's), ties counting half (Mann-Whitney). */
    public static double auc(double[] memberLosses, double[] nonMemberLosses) {
        require(memberLosses, nonMemberLosses, "auc");
        double[] members = memberLosses.clone(), non = nonMemberLosses.clone();
        Arrays.sort(members);
        Arrays.sort(non);
        double wins = 0;
        int below = 0, equalFrom;
        for (double m : members) {                                 // count non-members with a loss > m, and = m
            while (below < non.length && non[below] < m) below++;
            equalFrom = below;
            int above = equalFrom;
            while (above < non.length && non[above] == m) above++;
            wins += (non.length - above) + 0.5 * (above - equalFrom);
        }
        return wins / ((double) members.length * non.length);
    }

    /** The balanced accuracy of guessing "member" when the loss is below {@code threshold}: (TPR + TNR) / 2. */
    public static double accuracy(double[] memberLosses, double[] nonMemberLosses, double threshold) {
        require(memberLosses, nonMemberLosses, "accuracy");
        double tpr = Arrays.stream(memberLosses).filter(l -> l < threshold).count() / (double) memberLosses.length;
        double tnr = Arrays.stream(nonMemberLosses).filter(l -> l >= threshold).count() / (double) nonMemberLosses.length;
        return (tpr + tnr) / 2;
    }

    /** Yeom et al.'s threshold: the mean loss on the training set. */
    public static double yeomThreshold(double[] trainingLosses) {
        if (trainingLosses == null || trainingLosses.length == 0)
            throw new IllegalArgumentException("MembershipInference.yeomThreshold needs the training losses, got none.");
        return Arrays.stream(trainingLosses).average().orElseThrow();
    }

    private static void require(double[] members, double[] non, String who) {
        if (members == null || non == null || members.length == 0 || non.length == 0)
            throw new IllegalArgumentException("MembershipInference." + who + " needs the losses of some members and some non-members, got "
                    + (members == null ? "null" : members.length) + " and " + (non == null ? "null" : non.length) + ".");
        for (double[] a : new double[][] {members, non})
            for (double v : a)
                if (Double.isNaN(v)) throw new IllegalArgumentException("MembershipInference." + who + ": a loss is NaN; check the model's outputs.");
    }
}
