package org.nnbook.search;

import org.nnbook.core.Model;
import org.nnbook.train.History;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a {@link Search}: every trial with its hyper-parameters, score and time, ranked
 * best first. Printing it gives the table; {@link #chart()} and {@link #chart(String)} draw it.
 *
 * <pre>{@code
 * Random search: 9 trials, ranked by val_accuracy (higher is better), seed 42
 * rank  trial       lr  hidden  val_accuracy  seconds
 *    1      6   0.0118      32        0.9230      1.4
 *    2      7   0.0223     128        0.9225      1.0
 *    3      5  0.00128     128        0.9100      1.0
 * ...
 * best: lr=0.0118, hidden=32  ->  val_accuracy 0.9230 (trial 6)
 * }</pre>
 *
 * Failed trials (see {@link Search#continueOnError()}) and non-finite scores rank last. Ties keep
 * the run order.
 */
public final class SearchResults {

    /** One trial: its number (1-based, run order), values, score, seconds, seed, and what it kept (may be null). */
    public record Entry(int trial, Params params, double score, double seconds, long seed, History history, Model model, String error) {
        public boolean failed() { return error != null; }
    }

    private final String name;
    private final SearchSpace space;
    private final String metric;
    private final boolean maximize;
    private final long seed;
    private final List<Entry> inOrder;
    private final List<Entry> ranked;

    SearchResults(String name, SearchSpace space, String metric, boolean maximize, long seed, List<Entry> entries) {
        this.name = name;
        this.space = space;
        this.metric = metric;
        this.maximize = maximize;
        this.seed = seed;
        this.inOrder = List.copyOf(entries);
        Comparator<Entry> byScore = Comparator.comparingDouble(Entry::score);
        if (maximize) byScore = byScore.reversed();
        Comparator<Entry> order = Comparator.comparing((Entry e) -> !Double.isFinite(e.score())).thenComparing(byScore)
                .thenComparingInt(Entry::trial);
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(order);
        this.ranked = List.copyOf(sorted);
    }

    /** "Grid search" or "Random search". */
    public String name() { return name; }

    /** What the trials were scored by, e.g. "val_accuracy". */
    public String metric() { return metric; }

    /** True when higher scores are better. */
    public boolean maximizes() { return maximize; }

    public SearchSpace space() { return space; }

    /** Number of trials run. */
    public int size() { return inOrder.size(); }

    /** The trials, best first. */
    public List<Entry> ranked() { return ranked; }

    /** The trials in the order they ran. */
    public List<Entry> inOrder() { return inOrder; }

    /** The {@code k} best trials (fewer if there are fewer). */
    public List<Entry> top(int k) { return ranked.subList(0, Math.max(0, Math.min(k, ranked.size()))); }

    /** The best trial. */
    public Entry bestTrial() { return ranked.get(0); }

    /** The hyper-parameters of the best trial. */
    public Params best() { return bestTrial().params(); }

    /** The score of the best trial. */
    public double bestScore() { return bestTrial().score(); }

    /**
     * The models of the {@code k} best trials, best first, e.g. for {@code Ensemble.average(results.topModels(5))}.
     * The trials must have returned their models ({@code TrialResult.of(net, history)}).
     */
    public List<Model> topModels(int k) {
        List<Model> models = new ArrayList<>();
        for (Entry e : top(k)) {
            if (e.model() == null)
                throw new IllegalStateException("Trial " + e.trial() + " (" + e.params() + ") kept no model; return TrialResult.of(net, history) "
                        + "from the trial to keep it.");
            models.add(e.model());
        }
        return models;
    }

    /** The best score after each trial, in run order: how fast the search found its best. */
    public double[] bestSoFar() {
        double[] b = new double[inOrder.size()];
        double best = Double.NaN;
        for (int i = 0; i < b.length; i++) {
            double s = inOrder.get(i).score();
            if (Double.isFinite(s) && (Double.isNaN(best) || (maximize ? s > best : s < best))) best = s;
            b[i] = best;
        }
        return b;
    }

    /** The score of every trial in run order, the best highlighted, with the best-so-far line. */
    public BufferedImage chart() { return SearchCharts.perTrial(this); }

    /**
     * The score against the values of hyper-parameter {@code name}, the best highlighted; the x axis is
     * logarithmic for a log-uniform range (and for positive number choices spanning 50x or more).
     */
    public BufferedImage chart(String name) { return SearchCharts.against(this, name); }

    /** The best score so far against the trial number, one line per search: which found a good setting sooner. */
    public static BufferedImage compare(SearchResults... results) { return SearchCharts.compare(results); }

    /** The ranked table, then the best setting. */
    @Override
    public String toString() {
        List<String> names = space.names();
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("rank", "trial"));
        head.addAll(names);
        head.add(metric);
        head.add("seconds");
        rows.add(head.toArray(String[]::new));
        for (int r = 0; r < ranked.size(); r++) {
            Entry e = ranked.get(r);
            List<String> row = new ArrayList<>(List.of(Integer.toString(r + 1), Integer.toString(e.trial())));
            for (String n : names) row.add(Params.format(e.params().get(n)));
            row.add(e.failed() ? "failed" : String.format("%.4f", e.score()));
            row.add(String.format("%.1f", e.seconds()));
            rows.add(row.toArray(String[]::new));
        }
        int[] width = new int[head.size()];
        for (String[] row : rows) for (int c = 0; c < row.length; c++) width[c] = Math.max(width[c], row[c].length());
        StringBuilder sb = new StringBuilder(String.format("%s: %d trials, ranked by %s (%s is better), seed %d%n",
                name, size(), metric, maximize ? "higher" : "lower", seed));
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) sb.append(c == 0 ? "" : "  ").append(String.format("%" + width[c] + "s", row[c]));
            sb.append('\n');
        }
        sb.append(String.format("best: %s  ->  %s %.4f (trial %d)", best(), metric, bestScore(), bestTrial().trial()));
        for (Entry e : ranked) if (e.failed()) sb.append(String.format("%ntrial %d failed: %s", e.trial(), e.error()));
        return sb.toString();
    }
}
