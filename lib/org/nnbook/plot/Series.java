package org.nnbook.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One curve of a line chart ({@link Charts#lines(String, String, String, List)}): its name in the
 * legend, its values y (one per epoch or step, or one per x), whether it is drawn dashed, and its
 * colour, an index into {@link Charts#COLORS}.
 *
 * <pre>{@code
 * Charts.lines("Under- and over-fitting", "epoch", "loss", List.of(
 *         Series.of("tiny net: training", under.get("loss")).colour(0),
 *         Series.dashed("tiny net: validation", under.get("val_loss")).colour(0),
 *         Series.of("big net: training", over.get("loss")).colour(1),
 *         Series.dashed("big net: validation", over.get("val_loss")).colour(1)))
 * }</pre>
 *
 * <p>A series without a colour of its own ({@link #AUTO}) takes the next colour of {@link Charts#COLORS}
 * in the order of the list, skipping the colours that other series of the chart ask for.
 *
 * @param name   the legend entry; unique within one chart
 * @param values the y values; NaN leaves a gap
 * @param dashed drawn dashed (e.g. validation curves) rather than solid
 * @param colour index into {@link Charts#COLORS}, or {@link #AUTO}
 */
public record Series(String name, double[] values, boolean dashed, int colour) {
    /** The colour of a series that has none of its own: the next free one of the chart. */
    public static final int AUTO = -1;

    public Series {
        if (name == null || values == null)
            throw new IllegalArgumentException("Series needs a name and values, got " + (name == null ? "name = null" : "values = null") + ".");
        if (colour < AUTO || colour >= Charts.COLORS.length)
            throw new IllegalArgumentException("Series '" + name + "': colour must be an index into Charts.COLORS (0 to "
                    + (Charts.COLORS.length - 1) + ") or Series.AUTO, got " + colour + ".");
    }

    /** A solid line in the next free colour. */
    public static Series of(String name, double[] values) { return new Series(name, values, false, AUTO); }

    /** A dashed line in the next free colour. */
    public static Series dashed(String name, double[] values) { return new Series(name, values, true, AUTO); }

    /** This series in colour {@code Charts.COLORS[index]}: give a curve and its validation curve the same one. */
    public Series colour(int index) { return new Series(name, values, dashed, index); }

    /** Solid lines, one per entry of {@code series}, in its order. */
    static List<Series> solid(Map<String, double[]> series) {
        List<Series> list = new ArrayList<>();
        series.forEach((name, values) -> list.add(of(name, values)));
        return list;
    }
}
