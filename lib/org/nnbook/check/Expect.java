package org.nnbook.check;

/**
 * The checks a notebook ends with: each prints a ✓ line when it holds and throws an
 * {@link AssertionError} that says what was expected when it does not, so a notebook that learned
 * nothing fails its test.
 */
public final class Expect {
    private Expect() {}

    /** {@code actual >= min}, e.g. {@code Expect.atLeast("test accuracy", acc, 0.975)}. */
    public static void atLeast(String what, double actual, double min) {
        check(actual >= min, String.format("%s = %.4f, expected at least %.4f", what, actual, min));
    }

    /** {@code actual <= max}. */
    public static void atMost(String what, double actual, double max) {
        check(actual <= max, String.format("%s = %.4g, expected at most %.4g", what, actual, max));
    }

    /** The last value of a series is below its first by at least {@code fraction} of it. */
    public static void decreased(String what, double first, double last, double fraction) {
        check(last <= first * (1 - fraction), String.format("%s went from %.4f to %.4f, expected a drop of at least %.0f%%",
                what, first, last, fraction * 100));
    }

    /** A general condition with its description. */
    public static void that(String what, boolean condition) { check(condition, what); }

    private static void check(boolean ok, String message) {
        if (!ok) throw new AssertionError("Check failed: " + message);
        System.out.println("✓ " + message);
    }
}
