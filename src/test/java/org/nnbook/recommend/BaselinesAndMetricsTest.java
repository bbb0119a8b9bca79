package org.nnbook.recommend;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Ratings;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The bias baseline in closed form, RMSE, precision/recall/NDCG at k on hand-worked cases, similar items and the chart. */
class BaselinesAndMetricsTest {

    /** User 0 rated items 0, 1 (5, 3); user 1 rated items 0, 2 (4, 2). */
    static Ratings four() {
        return new Ratings(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 2}, new float[] {5, 3, 4, 2}, new long[4], 2, 4,
                new String[] {"a", "b", "c", "d"});
    }

    @Test
    void biasesAreShrunkMeansOfResiduals() {
        Ratings r = four();
        assertArrayEquals(new double[] {3.5, 3.5}, BiasBaseline.globalMean(r).predict(new int[] {0, 1}, new int[] {0, 3}));
        // λ = 0 fits the 4 ratings exactly (3 free numbers and a consistent system: b_u0 - b_u1 = 1)
        BiasBaseline exact = BiasBaseline.fit(r, 0);
        double[] fitted = exact.predict(r.users(), r.items());
        for (int n = 0; n < 4; n++) assertEquals(r.ratings()[n], fitted[n], 0.02, "rating " + n);
        // λ large: every bias shrinks to 0; item 3 (no ratings) keeps bias 0
        BiasBaseline shrunk = BiasBaseline.fit(r, 1e6);
        for (double b : shrunk.itemBiases()) assertEquals(0, b, 1e-5);
        assertEquals(0, BiasBaseline.fit(r, 2).itemBiases()[3]);
        // one sweep by hand for λ = 2: b_i = Σ (r − μ − b_u) / (λ + n_i) with b_u = 0 first: item 1: (3 − 3.5) / 3
        BiasBaseline two = BiasBaseline.fit(r, 2);
        assertTrue(two.itemBiases()[0] > 0 && two.itemBiases()[1] < 0 && two.itemBiases()[2] < 0, java.util.Arrays.toString(two.itemBiases()));
        assertEquals(3.5, two.mean());
    }

    @Test
    void rmseAndErrorByCount() {
        Ratings r = four();
        Predictor three = (u, i) -> new double[] {3, 3, 3, 3};
        assertEquals(Math.sqrt((4 + 0 + 1 + 1) / 4.0), RecommenderMetrics.rmse(three, r), 1e-12);
        // item counts in "train" (r itself): items 0: 2, 1: 1, 2: 1; groups [0, 2) and [2, ∞)
        double[][] byCount = RecommenderMetrics.rmseByItemCount(three, r, r, new int[] {0, 2});
        assertArrayEquals(new double[] {Math.sqrt(0.5), Math.sqrt(2.5)}, byCount[0], 1e-12);
        assertArrayEquals(new double[] {2, 2}, byCount[1]);
        double[][] byUser = RecommenderMetrics.rmseByUserCount(three, r, r, new int[] {0, 5});
        assertTrue(Double.isNaN(byUser[0][1]), "an empty group is NaN");
    }

    @Test
    void topKSkipsExcludedItemsAndBreaksTiesByNumber() {
        assertArrayEquals(new int[] {3, 0, 2}, RecommenderMetrics.topK(new double[] {5, 1, 5, 9, 7}, new boolean[] {false, false, false, false, true}, 3));
        assertArrayEquals(new int[] {1}, RecommenderMetrics.topK(new double[] {5, 1}, new boolean[] {true, false}, 3));
    }

    @Test
    void precisionRecallAndNdcgOnAWorkedExample() {
        // 6 items; user 0 saw item 0 in training; in the test it rated items 1 (5 stars), 2 (4.5) and 3 (2: not relevant)
        Ratings seen = new Ratings(new int[] {0}, new int[] {0}, new float[] {4}, new long[1], 1, 6, new String[6]);
        Ratings test = new Ratings(new int[] {0, 0, 0}, new int[] {1, 2, 3}, new float[] {5, 4.5f, 2}, new long[3], 1, 6, new String[6]);
        // scores rank the unseen items 1..5 as 3, 1, 4, 2, 5: the top 2 are items 3 (not relevant) and 1 (relevant)
        Predictor scores = (u, i) -> new double[] {100, 9, 7, 10, 8, 6};
        RecommenderMetrics.Ranking r = RecommenderMetrics.ranking(scores, seen, test, 2, 4.0);
        assertEquals(1, r.users());
        assertEquals(0.5, r.precision(), 1e-12);
        assertEquals(0.5, r.recall(), 1e-12);
        double dcg = 1 / (Math.log(3) / Math.log(2)), ideal = 1 + 1 / (Math.log(3) / Math.log(2));
        assertEquals(dcg / ideal, r.ndcg(), 1e-12);
        RecommenderMetrics.Ranking perfect = RecommenderMetrics.ranking((u, i) -> new double[] {0, 9, 8, 1, 1, 1}, seen, test, 2, 4.0);
        assertEquals(1, perfect.ndcg(), 1e-12);
        assertEquals(1, perfect.recall(), 1e-12);
    }

    @Test
    void similarItemsByCosine() {
        var q = Nd4j.createFromArray(new float[][] {{1, 0}, {2, 0.1f}, {0, 1}, {-1, 0}, {1, 0.02f}});
        assertEquals(1, SimilarItems.cosines(q, 0)[0], 1e-6);
        assertEquals(-1, SimilarItems.cosines(q, 0)[3], 1e-6);
        assertArrayEquals(new int[] {4, 1}, SimilarItems.nearest(q, 0, 2, new boolean[] {true, true, true, true, true}));
        assertArrayEquals(new int[] {4, 2}, SimilarItems.nearest(q, 0, 2, new boolean[] {true, false, true, true, true}));
    }

    @Test
    void groupedBarsDrawAndRejectRepeatedLabels() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("a", new double[] {1, 0.9});
        m.put("b", new double[] {Double.NaN, 0.8});
        BufferedImage img = RecommenderCharts.groupedBars("t", "x", "y", List.of("0", "1+"), m);
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
        assertThrows(IllegalArgumentException.class, () -> RecommenderCharts.groupedBars("t", "x", "y", List.of("0", "0"), m));
    }

    @Test
    void squaredErrorDifferenceGroupsThePersons() {
        Ratings r = four();                                                   // persons 0 (5, 3) and 1 (4, 2)
        Predictor three = (us, its) -> new double[] {3, 3, 3, 3}, exact = (us, its) -> new double[] {5, 3, 4, 2};
        RecommenderMetrics.Paired p = RecommenderMetrics.squaredErrorDifference(three, exact, r);
        // differences: 4, 0, 1, 1; person sums 4 and 2, mean 1.5; deviations 4 - 3 = 1 and 2 - 3 = -1
        assertEquals(1.5, p.meanDifference(), 1e-12);
        assertEquals(Math.sqrt(2.0 / 1 * 2) / 4, p.standardError(), 1e-12);
        assertEquals(4, p.ratings());
        assertEquals(2, p.persons());
        assertEquals(1.5 / (Math.sqrt(4.0) / 4), p.z(), 1e-12);
        assertEquals(-1.5, RecommenderMetrics.squaredErrorDifference(exact, three, r).meanDifference(), 1e-12);
        assertTrue(p.toString().contains("1.5000"), p.toString());
    }
}
