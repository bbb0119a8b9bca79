package org.nnbook.search;

/**
 * One run of a search: builds a model from the hyper-parameters {@code p}, trains it with
 * {@code seed}, and returns its validation score (with, ideally, the model and its History).
 *
 * <pre>{@code
 * Trial trial = (p, seed) -> {
 *     var net = Sequential.of(new Dense(784, p.getInt("hidden")), new ReLU(), new Dense(p.getInt("hidden"), 10));
 *     var history = new Trainer(net, new CrossEntropy(), new Adam(p.getDouble("lr")))
 *             .epochs(3).seed(seed).quiet().fit(train, val);
 *     return TrialResult.of(net, history);          // scored by the last val_accuracy
 * };
 * }</pre>
 *
 * The search calls {@code Seed.set(seed)} just before calling, so layers built
 * inside the trial start from reproducible weights; pass {@code seed} to the Trainer for the shuffling.
 */
@FunctionalInterface
public interface Trial {
    TrialResult run(Params p, long seed);
}
