package org.nnbook.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Sums the steps of an epoch into its logs: means weighted by each step's number of predictions. */
final class EpochTotals {
    private double objective, penalty, gradNorm;
    private long predictions, correct;
    private int steps;

    void add(StepResult s) {
        objective += s.objective() * s.predictions();
        penalty += s.penalty() * s.predictions();
        gradNorm += s.gradNorm();
        predictions += s.predictions();
        correct += s.correct();
        steps++;
    }

    /** loss (the objective), then accuracy, penalty and grad_norm where they apply. */
    Map<String, Double> logs(boolean classification, boolean penalised, boolean clipped) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", objective / predictions);
        if (classification) logs.put("accuracy", (double) correct / predictions);
        if (penalised) logs.put("penalty", penalty / predictions);
        if (clipped) logs.put("grad_norm", gradNorm / steps);
        return logs;
    }
}
