package org.nnbook.exercise;

/**
 * What a check says about an answer: right or not, and in plain words why (with a hint when it is not
 * right; never the solution). A notebook shows it as the check cell's value:
 * <pre>
 * ✓ Exercise 1.2 (backward of the sigmoid): right on 200 random inputs.
 * ✗ Exercise 1.2 (backward of the sigmoid) — not yet: at z = 2.0 your gradient is 0.88, the right one is 0.10.
 *   Hint: σ'(z) = σ(z)(1 − σ(z)); is your σ the logistic function?
 * </pre>
 *
 * @param exercise the exercise's number and title, e.g. "Exercise 1.2 (backward of the sigmoid)"
 * @param passed   whether the answer is right
 * @param message  what was checked (when right), or what is wrong and a hint (when not)
 */
public record Verdict(String exercise, boolean passed, String message) {

    public Verdict {
        if (exercise == null || message == null) throw new IllegalArgumentException("A verdict needs an exercise and a message.");
    }

    /** The verdict as the notebook shows it. */
    @Override
    public String toString() { return (passed ? "✓ " + exercise + ": " : "✗ " + exercise + " — not yet: ") + message; }
}
