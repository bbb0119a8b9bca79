package org.nnbook.train;

import org.nnbook.core.Model;

/**
 * The weights the Trainer falls back on when a step's loss is not finite: the last ones known to give
 * a finite loss. Those at the start of training count once the first step's loss is finite; those at
 * the end of an epoch once the next epoch's first step's is. Two {@link Snapshot}s, made once and reused.
 */
final class LastGoodWeights {
    private final Model model;
    private Snapshot good, candidate;
    private int goodEpoch, candidateEpoch = -1;

    LastGoodWeights(Model model) { this.model = model; }

    /** Training starts: the current weights are the good ones until an epoch ends. */
    void start() {
        if (good == null) good = new Snapshot(model); else good.take();
        goodEpoch = 0;
        candidateEpoch = -1;
    }

    /** Epoch {@code epoch} (1-based) has ended and another follows: its weights are a candidate. */
    void epochEnded(int epoch) {
        if (candidate == null) candidate = new Snapshot(model); else candidate.take();
        candidateEpoch = epoch;
    }

    /** The first step after the candidate was taken gave a finite loss: the candidate becomes the good weights. */
    void confirm() {
        if (candidateEpoch < 0) return;
        Snapshot spare = good;
        good = candidate;
        candidate = spare;
        goodEpoch = candidateEpoch;
        candidateEpoch = -1;
    }

    /** Puts the good weights back; says which they are, e.g. "of epoch 3". */
    String restore() {
        good.restore();
        return goodEpoch == 0 ? "from before training" : "of epoch " + goodEpoch;
    }
}
