package org.nnbook.exercise;

import java.util.function.Supplier;

/**
 * How the checks of this package make their verdicts: {@link #check} runs a check of a student's
 * answer and turns what can go wrong in the student's code — an unfinished starter, an exception, a
 * null — into a "not yet" with a message, never into an error of the notebook.
 *
 * <pre>{@code
 * public static Verdict sigmoidBackward(DoubleUnaryOperator answer) {
 *     return Exercise.check("Exercise 1.2 (backward of the sigmoid)", () -> {
 *         for (double z : new double[]{-3, -0.5, 0, 0.5, 2, 6}) {
 *             double expected = ..., got = answer.applyAsDouble(z);
 *             if (Math.abs(got - expected) > 1e-9)
 *                 return Exercise.notYet(String.format("at z = %.1f your gradient is %.4f, the right one is %.4f.", z, got, expected),
 *                         "σ'(z) = σ(z)(1 − σ(z)).");
 *         }
 *         return Exercise.right("right on 6 inputs, from z = −3 to 6.");
 *     });
 * }
 * }</pre>
 *
 * <p>Strict checks ({@link #strict()}: the system property {@code nnbook.exercises=strict}, or the
 * environment variable {@code NNBOOK_EXERCISES=strict}) throw an {@link AssertionError} for a verdict
 * that is not right: the tests run the solutions edition of every notebook that way.
 */
public final class Exercise {
    private Exercise() {}

    /** The outcome of a check before it is tied to its exercise: right or not, with the message (and hint). */
    public record Outcome(boolean passed, String message) {}

    /** A right answer; {@code what} says what was checked, e.g. "right on 200 random inputs". */
    public static Outcome right(String what) { return new Outcome(true, what); }

    /** A wrong answer: what is wrong, then a hint that does not give the solution away. */
    public static Outcome notYet(String what, String hint) {
        return new Outcome(false, hint == null || hint.isBlank() ? what : what + "\n  Hint: " + hint);
    }

    /**
     * Runs {@code check} on a student's answer and returns its verdict for {@code exercise}. An
     * unfinished starter ({@link UnsupportedOperationException}), any other exception, or a check
     * that returns null become a "not yet" verdict that says what happened. With {@link #strict()}
     * checks, a verdict that is not right throws.
     */
    public static Verdict check(String exercise, Supplier<Outcome> check) {
        Verdict v;
        try {
            Outcome o = check.get();
            v = o == null ? new Verdict(exercise, false, "the check got no answer.") : new Verdict(exercise, o.passed(), o.message());
        } catch (UnsupportedOperationException e) {
            v = new Verdict(exercise, false, "the cell above still holds the starter (" + e.getMessage() + "): write your answer there and run it, then this cell.");
        } catch (RuntimeException | StackOverflowError e) {
            v = new Verdict(exercise, false, "your code threw " + e + (e.getStackTrace().length > 0 ? " (at " + e.getStackTrace()[0] + ")" : "") + ".");
        }
        if (!v.passed() && strict()) throw new AssertionError(v.toString());
        return v;
    }

    /** Whether a verdict that is not right is an error (the solutions edition's tests), not just a message. */
    public static boolean strict() {
        String v = System.getProperty("nnbook.exercises", System.getenv("NNBOOK_EXERCISES"));
        return v != null && v.trim().equalsIgnoreCase("strict");
    }
}
