package org.nnbook.search;

/**
 * The plainest kind of trial: a score for the hyper-parameters {@code p} and a seed, e.g.
 * {@code (p, seed) -> trainAndScore(p.getDouble("lr"), seed)}. Run it with {@link Search#runScores}.
 * To keep the trained models and their training curves, write a {@link Trial} instead.
 */
@FunctionalInterface
public interface Objective {
    double score(Params p, long seed);
}
