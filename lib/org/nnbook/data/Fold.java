package org.nnbook.data;

/**
 * Fold {@code index} (0-based) of a k-fold cross-validation ({@link Splits#kFold}): train on
 * {@code train}, measure on {@code validation}. Across the k folds each example is in exactly one
 * validation part.
 */
public record Fold(int index, Dataset train, Dataset validation) {
    @Override
    public String toString() { return "Fold(" + index + ": train " + train.size() + ", validation " + validation.size() + ")"; }
}
