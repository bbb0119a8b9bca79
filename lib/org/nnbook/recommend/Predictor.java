package org.nnbook.recommend;

/**
 * Anything that predicts ratings: a baseline, a trained model. {@code predict(users, items)[n]} is the
 * predicted rating of item {@code items[n]} by user {@code users[n]}.
 */
@FunctionalInterface
public interface Predictor {
    double[] predict(int[] users, int[] items);
}
