package org.nnbook.search;

import org.nnbook.core.Seed;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Grid search and random search over a {@link SearchSpace}: each candidate combination is one
 * {@link Trial}, run with its own seed, and the results come back ranked.
 *
 * <pre>{@code
 * SearchResults grid = Search.grid(space).seed(42).run(trial);          // every combination
 * SearchResults rnd  = Search.random(space, 9).seed(42).run(trial);     // 9 random combinations
 * rnd                  // the ranked table
 * rnd.best()           // the best Params
 * rnd.chart("lr")      // score against the learning rate, log axis
 * }</pre>
 *
 * <p>Random search (Bergstra &amp; Bengio, 2012, "Random Search for Hyper-Parameter Optimization",
 * JMLR 13) usually beats a grid of the same size: when only a few hyper-parameters matter, a grid of
 * n trials tries just n^(1/d) values of each, while random search tries n different values of every
 * one.
 *
 * <p>Seeds: trial i (0-based) gets {@link #trialSeed(long, int) trialSeed(seed, i)}, so the same
 * search seed gives the same trials, and grid and random searches with the same seed give their
 * i-th trials the same seed. Just before each trial ND4J's generator is seeded with it, so weights
 * initialised inside the trial are reproducible. Random candidates are drawn with {@code seed} itself.
 * One line per trial is printed unless {@link #quiet()}.
 */
public final class Search {
    private final String name;
    private final SearchSpace space;
    private final int trials;          // random search only
    private long seed = 42;
    private boolean maximize = true;
    private boolean continueOnError;
    private PrintStream out = System.out;

    private Search(String name, SearchSpace space, int trials) {
        if (space == null) throw new IllegalArgumentException(name + " needs a SearchSpace, got null.");
        this.name = name;
        this.space = space;
        this.trials = trials;
    }

    /** Tries every combination of the space's grid values; fails now if the space cannot be gridded (says how to fix it). */
    public static Search grid(SearchSpace space) {
        Search s = new Search("Grid search", space, 0);
        space.grid(); // explains an empty space, or a continuous range without points, at once
        return s;
    }

    /** Tries {@code trials} combinations drawn at random (seeded by {@link #seed(long)}). */
    public static Search random(SearchSpace space, int trials) {
        if (trials < 1) throw new IllegalArgumentException("Search.random: trials must be >= 1, got " + trials + ".");
        Search s = new Search("Random search", space, trials);
        space.sample(1, 0); // explains an empty space at once
        return s;
    }

    /** The search seed (default 42): candidates and trial seeds derive from it. */
    public Search seed(long seed) { this.seed = seed; return this; }

    /** Lower scores are better (e.g. for "val_loss"); the default is higher is better. */
    public Search minimize() { this.maximize = false; return this; }

    /** A trial that throws is recorded as failed (score NaN, ranked last) instead of stopping the search. */
    public Search continueOnError() { this.continueOnError = true; return this; }

    /** No line per trial. */
    public Search quiet() { this.out = null; return this; }

    /** The combinations this search will try, in order. */
    public List<Params> candidates() { return trials == 0 ? space.grid() : space.sample(trials, seed); }

    /**
     * The seed of trial {@code i} (0-based) of a search seeded with {@code searchSeed}: the SplitMix64
     * mix of {@code searchSeed + (i + 1) * 0x9E3779B97F4A7C15}, so nearby seeds give unrelated streams.
     */
    public static long trialSeed(long searchSeed, int i) {
        long z = searchSeed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE; // non-negative, easier to read in tables
    }

    /** Runs a plain score function on every candidate. */
    public SearchResults runScores(Objective objective) {
        if (objective == null) throw new IllegalArgumentException(name + ".runScores needs a function (p, seed) -> score, got null.");
        return run((p, s) -> TrialResult.of(objective.score(p, s)));
    }

    /** Runs {@code trial} on every candidate and ranks the results. */
    public SearchResults run(Trial trial) {
        if (trial == null) throw new IllegalArgumentException(name + ".run needs a Trial (p, seed) -> TrialResult, got null.");
        List<Params> candidates = candidates();
        int n = candidates.size();
        print(String.format("%s: %d trials over %s, %s, seed %d", name, n, space.names(), maximize ? "higher is better" : "lower is better", seed));
        List<SearchResults.Entry> entries = new ArrayList<>();
        String metric = null;
        RuntimeException firstFailure = null;
        double best = Double.NaN;
        for (int i = 0; i < n; i++) {
            Params p = candidates.get(i);
            long s = trialSeed(seed, i);
            Seed.set(s);
            long t0 = System.nanoTime();
            TrialResult r;
            try {
                r = trial.run(p, s);
                if (r == null) throw new IllegalStateException("the trial returned null; return e.g. TrialResult.of(net, history)");
            } catch (RuntimeException e) {
                RuntimeException failure = new IllegalStateException("Trial " + (i + 1) + "/" + n + " (" + p + ") failed: " + e.getMessage(), e);
                if (!continueOnError) throw failure;
                if (firstFailure == null) firstFailure = failure;
                double sec = (System.nanoTime() - t0) / 1e9;
                entries.add(new SearchResults.Entry(i + 1, p, Double.NaN, sec, s, null, null, String.valueOf(e.getMessage())));
                print(String.format("trial %" + digits(n) + "d/%d  %s  FAILED: %s", i + 1, n, p, e.getMessage()));
                continue;
            }
            if (metric == null) metric = checkDirection(r.metric());
            else if (!metric.equals(r.metric()))
                throw new IllegalStateException("Trial " + (i + 1) + " reported '" + r.metric() + "' but the earlier trials reported '" + metric
                        + "'; every trial must be scored by the same metric.");
            double sec = (System.nanoTime() - t0) / 1e9;
            entries.add(new SearchResults.Entry(i + 1, p, r.score(), sec, s, r.history(), r.model(), null));
            if (Double.isFinite(r.score()) && (Double.isNaN(best) || (maximize ? r.score() > best : r.score() < best))) best = r.score();
            print(String.format("trial %" + digits(n) + "d/%d  %s  %s %.4f  (%.1f s)  best so far %.4f",
                    i + 1, n, p, metric, r.score(), sec, best));
        }
        if (metric == null) throw firstFailure; // every trial failed
        return new SearchResults(name, space, metric, maximize, seed, entries);
    }

    private String checkDirection(String metric) {
        String m = metric.toLowerCase();
        if (maximize && (m.contains("loss") || m.contains("error")))
            throw new IllegalStateException("The trials are scored by '" + metric + "', where lower is better, but " + name
                    + " maximises by default; call .minimize() on the Search, or score by accuracy.");
        if (!maximize && m.contains("acc"))
            throw new IllegalStateException("The trials are scored by '" + metric + "', where higher is better, but " + name
                    + " was told to minimize(); drop .minimize().");
        return metric;
    }

    private static int digits(int n) { return Integer.toString(n).length(); }

    private void print(String line) {
        if (out == null) return;
        out.println(line);
        out.flush();
    }

    @Override
    public String toString() {
        return name + "(" + (trials == 0 ? "" : trials + " trials, ") + "seed=" + seed + ", " + (maximize ? "maximize" : "minimize") + ", " + space + ")";
    }
}
