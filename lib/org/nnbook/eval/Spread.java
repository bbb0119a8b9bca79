package org.nnbook.eval;

import java.util.Arrays;

/**
 * The spread of one result over several runs (seeds): mean, sample standard deviation, minimum and
 * maximum. {@code toString} gives "mean ± std" in percent, for accuracies.
 * <pre>{@code
 * Spread s = Spread.of(0.91, 0.93, 0.92);     // "92.0 ± 1.0"
 * }</pre>
 */
public record Spread(double mean, double std, double min, double max, int runs) {

    /** The spread of {@code values} (at least one); the standard deviation is 0 for a single run. */
    public static Spread of(double... values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("Spread.of needs at least one value.");
        double mean = Arrays.stream(values).average().orElseThrow(), ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
        return new Spread(mean, std, Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow(), values.length);
    }

    /** "mean ± std" of accuracies in percent, one decimal, e.g. "92.0 ± 1.0". */
    @Override
    public String toString() { return String.format("%.1f ± %.1f", 100 * mean, 100 * std); }
}
