package org.nnbook.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nnbook.core.Layer;
import org.nnbook.core.Model;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.data.Scaler;
import org.nnbook.data.Split;
import org.nnbook.data.Splits;
import org.nnbook.data.Standardizer;
import org.nnbook.data.Tabular;
import org.nnbook.ensemble.Ensemble;
import org.nnbook.ensemble.EnsembleReport;
import org.nnbook.eval.Evaluation;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.History;
import org.nnbook.train.Trainer;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A real (small) search on the iris flowers, then an ensemble of its best models. */
class SearchEndToEndTest {
    static Dataset train, val, test;

    @BeforeAll
    static void data() {
        Split s = Splits.stratified(Tabular.iris(), 0.6, 0.2, 42);
        Scaler scaler = Standardizer.fit(s.train());
        train = scaler.apply(s.train());
        val = scaler.apply(s.validation());
        test = scaler.apply(s.test());
    }

    static final Trial TRIAL = (p, seed) -> {
        int hidden = p.getInt("hidden");
        Layer net = Sequential.of(new Dense(4, hidden), new ReLU(), new Dense(hidden, 3));
        History h = new Trainer(net, new CrossEntropy(), new Adam(p.getDouble("lr")))
                .epochs(p.getInt("epochs")).batchSize(16).seed(seed).quiet().fit(train, val);
        return TrialResult.of(net, h);
    };

    static SearchSpace space() {
        return new SearchSpace().logUniform("lr", 1e-4, 1e-1).choice("hidden", 4, 16).intRange("epochs", 10, 30);
    }

    @Test
    void aRandomSearchTrainsRanksAndReproduces() throws IOException {
        SearchResults r = Search.random(space(), 6).seed(7).run(TRIAL);
        System.out.println(r);
        assertEquals(6, r.size());
        for (int i = 1; i < r.size(); i++) assertTrue(r.ranked().get(i - 1).score() >= r.ranked().get(i).score());
        assertEquals("val_accuracy", r.metric());
        assertTrue(r.bestScore() >= 0.9, "the best of 6 settings should classify iris: " + r);
        for (SearchResults.Entry e : r.inOrder()) {
            assertEquals(e.params().getInt("epochs"), e.history().size());
            assertEquals(e.history().last("val_accuracy"), e.score());
            assertNotNull(e.model());
        }
        // the worst trial is clearly worse than the best: the ranking means something
        assertTrue(r.ranked().get(r.size() - 1).score() < r.bestScore(), r.toString());

        // a trial re-run with its own seed gives the same score: the search seeded ND4J before building the net
        SearchResults.Entry best = r.bestTrial();
        Seed.set(best.seed());
        assertEquals(best.score(), TRIAL.run(best.params(), best.seed()).score());

        Files.createDirectories(SearchTest.PLOTS);
        ImageIO.write(r.chart(), "png", SearchTest.PLOTS.resolve("search-iris-per-trial.png").toFile());
        ImageIO.write(r.chart("lr"), "png", SearchTest.PLOTS.resolve("search-iris-vs-lr.png").toFile());
    }

    @Test
    void theBestModelsMakeAnEnsemble() {
        SearchResults r = Search.random(new SearchSpace().logUniform("lr", 3e-3, 3e-2).choice("hidden", 16).choice("epochs", 30), 3)
                .seed(1).quiet().run(TRIAL);
        List<Model> top = r.topModels(3);
        Ensemble avg = Ensemble.average(top);
        double acc = Evaluation.of(avg, test).accuracy();
        assertTrue(acc >= 0.85, "ensemble test accuracy " + acc);
        EnsembleReport report = Ensemble.report(top, test);
        System.out.println(report);
        assertEquals(acc, report.averageAccuracy(), 1e-12);
        assertEquals(Evaluation.of(Ensemble.vote(top), test).accuracy(), report.voteAccuracy(), 1e-12);
        assertEquals(3, report.memberAccuracies().length);
    }
}
