package org.nnbook.search;

import org.junit.jupiter.api.Test;
import org.nnbook.train.History;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SearchTest {
    static final Path PLOTS = Path.of("target", "plots");

    /** A made-up score with its peak at lr = 1e-2 and hidden = 128: no training needed. */
    static double score(Params p) {
        double d = Math.log10(p.getDouble("lr")) + 2;
        return 0.95 - 0.1 * d * d - (p.getInt("hidden") == 128 ? 0 : 0.02);
    }

    static SearchSpace space() {
        return new SearchSpace().logUniform("lr", 1e-4, 1e-1, 4).choice("hidden", 64, 128, 256);
    }

    @Test
    void gridRunsEveryCombinationOnce() {
        List<Params> seen = new ArrayList<>();
        SearchResults r = Search.grid(space()).quiet().runScores((p, seed) -> { seen.add(p); return score(p); });
        assertEquals(12, r.size());
        assertEquals(space().grid(), seen);
        assertEquals(seen, r.inOrder().stream().map(SearchResults.Entry::params).toList());
    }

    @Test
    void resultsAreRankedBestFirst() {
        SearchResults r = Search.random(space(), 15).seed(3).quiet().runScores((p, seed) -> score(p));
        List<SearchResults.Entry> ranked = r.ranked();
        for (int i = 1; i < ranked.size(); i++) assertTrue(ranked.get(i - 1).score() >= ranked.get(i).score());
        double max = r.inOrder().stream().mapToDouble(SearchResults.Entry::score).max().orElseThrow();
        assertEquals(max, r.bestScore());
        assertEquals(ranked.get(0).params(), r.best());
        assertEquals(3, r.top(3).size());
        assertEquals(max, r.bestSoFar()[r.size() - 1]);

        SearchResults low = Search.random(space(), 15).seed(3).minimize().quiet().runScores((p, seed) -> -score(p));
        assertEquals(-max, low.bestScore());
        assertEquals(r.best(), low.best());
        for (int i = 1; i < low.size(); i++) assertTrue(low.ranked().get(i - 1).score() <= low.ranked().get(i).score());
    }

    @Test
    void bestOfTheGridIsTheKnownPeak() {
        SearchResults r = Search.grid(space()).quiet().runScores((p, seed) -> score(p));
        assertEquals(1e-2, r.best().getDouble("lr"), 1e-12);
        assertEquals(128, r.best().getInt("hidden"));
        assertEquals(0.95, r.bestScore(), 1e-9);
    }

    @Test
    void tiesKeepTheRunOrderAndNaNRanksLast() {
        SearchResults r = Search.grid(new SearchSpace().choice("k", 1, 2, 3, 4)).quiet()
                .runScores((p, seed) -> p.getInt("k") == 2 ? Double.NaN : 0.5);
        assertEquals(List.of(1, 3, 4, 2), r.ranked().stream().map(SearchResults.Entry::trial).toList());
    }

    @Test
    void trialSeedsAreDerivedFromTheSearchSeed() {
        List<Long> a = new ArrayList<>(), b = new ArrayList<>(), grid = new ArrayList<>();
        Search.random(space(), 6).seed(11).quiet().runScores((p, seed) -> { a.add(seed); return 0; });
        Search.random(space(), 6).seed(11).quiet().runScores((p, seed) -> { b.add(seed); return 0; });
        Search.grid(space()).seed(11).quiet().runScores((p, seed) -> { grid.add(seed); return 0; });
        assertEquals(a, b);
        assertEquals(6, new HashSet<>(a).size(), "every trial its own seed");
        assertEquals(a, grid.subList(0, 6), "trial i gets the same seed in grid and random search");
        assertEquals(Search.trialSeed(11, 0), a.get(0));
        assertNotEquals(Search.trialSeed(11, 0), Search.trialSeed(12, 0));
        a.forEach(s -> assertTrue(s >= 0));
    }

    @Test
    void sameSeedSameSearch() {
        SearchResults x = Search.random(space(), 8).seed(5).quiet().runScores((p, seed) -> score(p) + seed % 1000 * 1e-6);
        SearchResults y = Search.random(space(), 8).seed(5).quiet().runScores((p, seed) -> score(p) + seed % 1000 * 1e-6);
        assertEquals(x.ranked().stream().map(SearchResults.Entry::params).toList(), y.ranked().stream().map(SearchResults.Entry::params).toList());
        assertEquals(x.bestScore(), y.bestScore());
    }

    @Test
    void printsOneLinePerTrial() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true));
        try {
            Search.random(space(), 4).runScores((p, seed) -> score(p));
        } finally {
            System.setOut(old);
        }
        List<String> lines = buf.toString().lines().toList();
        assertEquals(5, lines.size(), buf.toString()); // a header, then one per trial
        assertTrue(lines.get(1).startsWith("trial 1/4  lr=") && lines.get(1).contains("best so far"), lines.get(1));
    }

    @Test
    void tableListsRankParamsScoreAndSeconds() {
        SearchResults r = Search.grid(space()).quiet().runScores((p, seed) -> score(p));
        String t = r.toString();
        List<String> lines = t.lines().toList();
        assertTrue(lines.get(0).startsWith("Grid search: 12 trials, ranked by score (higher is better)"), t);
        assertTrue(lines.get(1).matches("rank\\s+trial\\s+lr\\s+hidden\\s+score\\s+seconds"), t);
        assertTrue(lines.get(2).matches("\\s+1\\s+8\\s+0.01\\s+128\\s+0.9500\\s+[0-9.]+"), lines.get(2));
        assertEquals(1 + 1 + 12 + 1, lines.size(), t);
        assertTrue(lines.get(lines.size() - 1).startsWith("best: lr=0.01, hidden=128  ->  score 0.9500 (trial 8)"), t);
    }

    @Test
    void aFailingTrialNamesItsParameters() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Search.grid(space()).quiet()
                .runScores((p, seed) -> p.getDouble("learning_rate")));
        assertTrue(e.getMessage().startsWith("Trial 1/12 (lr=1e-4, hidden=64) failed"), e.getMessage());
        assertTrue(e.getMessage().contains("[lr, hidden]"), "the cause lists the names: " + e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void continueOnErrorRecordsFailuresLast() {
        SearchResults r = Search.grid(space()).quiet().continueOnError().runScores((p, seed) -> {
            if (p.getDouble("lr") > 0.05) throw new IllegalStateException("The training loss became NaN");
            return score(p);
        });
        assertEquals(12, r.size());
        List<SearchResults.Entry> last = r.ranked().subList(9, 12);
        last.forEach(e -> assertTrue(e.failed() && Double.isNaN(e.score()) && e.params().getDouble("lr") > 0.05));
        assertTrue(r.toString().contains("failed: The training loss became NaN"), r.toString());
        assertThrows(IllegalStateException.class, () -> Search.grid(space()).quiet().continueOnError()
                .runScores((p, seed) -> { throw new IllegalStateException("always"); }), "every trial failed");
    }

    @Test
    void scoreDirectionMustFitTheMetric() {
        History h = new History();
        h.add(Map.of("loss", 0.5, "val_loss", 0.4, "val_accuracy", 0.9));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Search.grid(space()).quiet().run((p, seed) -> TrialResult.of(h, "val_loss")));
        assertTrue(e.getMessage().contains(".minimize()"), e.getMessage());
        assertEquals(0.4, Search.grid(space()).quiet().minimize().run((p, seed) -> TrialResult.of(h, "val_loss")).bestScore());
        assertThrows(IllegalStateException.class, () -> Search.grid(space()).quiet().minimize().run((p, seed) -> TrialResult.of(h)));
        IllegalArgumentException noVal = assertThrows(IllegalArgumentException.class, () -> TrialResult.of(h, "val_f1"));
        assertTrue(noVal.getMessage().contains("fit(train, val)"), noVal.getMessage());
        IllegalStateException nul = assertThrows(IllegalStateException.class, () -> Search.grid(space()).quiet().run((p, seed) -> null));
        assertTrue(nul.getMessage().contains("returned null"), nul.getMessage());
    }

    @Test
    void topModelsNeedTrialsThatKeptThem() {
        SearchResults r = Search.grid(space()).quiet().runScores((p, seed) -> score(p));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.topModels(3));
        assertTrue(e.getMessage().contains("TrialResult.of(net, history)"), e.getMessage());
    }

    @Test
    void randomSearchNeedsTrials() {
        assertThrows(IllegalArgumentException.class, () -> Search.random(space(), 0));
        assertThrows(IllegalArgumentException.class, () -> Search.grid(space()).run(null));
    }

    @Test
    void chartsAreImages() throws IOException {
        SearchSpace space = new SearchSpace().logUniform("lr", 1e-4, 1e-1).choice("hidden", 64, 128, 256).choice("act", "relu", "tanh");
        Objective f = (p, seed) -> score(p) - (p.getString("act").equals("tanh") ? 0.01 : 0);
        SearchResults rnd = Search.random(space, 16).seed(1).quiet().runScores(f);
        SearchResults grid = Search.grid(space().logUniform("x", 1, 10, 2).choice("act", "relu", "tanh")).quiet()
                .runScores((p, seed) -> score(p));
        Files.createDirectories(PLOTS);
        for (var e : Map.of("search-per-trial", rnd.chart(), "search-vs-lr", rnd.chart("lr"), "search-vs-hidden", rnd.chart("hidden"),
                "search-vs-act", rnd.chart("act"), "search-compare", SearchResults.compare(grid, rnd)).entrySet()) {
            BufferedImage im = e.getValue();
            assertTrue(im.getWidth() >= 400 && im.getHeight() >= 300, e.getKey());
            ImageIO.write(im, "png", PLOTS.resolve(e.getKey() + ".png").toFile());
        }
        SearchResults one = Search.grid(new SearchSpace().choice("k", 3)).quiet().runScores((p, seed) -> 0.5);
        for (BufferedImage im : List.of(one.chart(), one.chart("k"), SearchResults.compare(one))) assertTrue(im.getWidth() >= 400, "a single trial draws too");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> rnd.chart("dropout"));
        assertTrue(unknown.getMessage().contains("[lr, hidden, act]"), unknown.getMessage());
    }
}
