package org.nnbook.train;

/**
 * What one training (or evaluation) step measured: the data loss (mean over its predictions), the
 * weight penalty, the gradient norm before clipping (NaN when not clipping), how many predictions
 * the loss is over (rows, or tokens that are not padding) and how many of them were right.
 */
record StepResult(double loss, double penalty, double gradNorm, long predictions, long correct) {

    /** The objective being minimised: data loss plus penalty. */
    double objective() { return loss + penalty; }

    /** Whether the objective is a finite number (when it is not, no update was made). */
    boolean finite() { return Double.isFinite(objective()); }
}
