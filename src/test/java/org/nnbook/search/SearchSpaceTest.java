package org.nnbook.search;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SearchSpaceTest {

    private static SearchSpace mixed() {
        return new SearchSpace()
                .choice("hidden", 64, 128, 256)
                .logUniform("lr", 1e-4, 1e-1, 4)
                .intRange("layers", 1, 2)
                .choice("act", "relu", "tanh");
    }

    @Test
    void gridIsExactlyTheCartesianProduct() {
        List<Params> grid = mixed().grid();
        assertEquals(3 * 4 * 2 * 2, grid.size());
        Set<Params> expected = new HashSet<>();
        for (int h : new int[]{64, 128, 256})
            for (double lr : new double[]{1e-4, 1e-3, 1e-2, 1e-1})
                for (int l : new int[]{1, 2})
                    for (String a : new String[]{"relu", "tanh"})
                        expected.add(new Params(Map.of("hidden", h, "lr", lr, "layers", l, "act", a)));
        Set<Params> got = new HashSet<>();
        for (Params p : grid) {
            // log-spaced points are computed through exp/log: compare after rounding to 12 significant digits
            double lr = Double.parseDouble(String.format("%.12g", p.getDouble("lr")));
            got.add(new Params(Map.of("hidden", p.get("hidden"), "lr", lr, "layers", p.get("layers"), "act", p.get("act"))));
        }
        assertEquals(expected, got);
        assertEquals(grid.size(), new HashSet<>(grid).size(), "no combination twice");
    }

    @Test
    void gridVariesTheFirstNameSlowest() {
        List<Params> grid = new SearchSpace().choice("a", 1, 2).choice("b", "x", "y", "z").grid();
        assertEquals("a=1, b=x", grid.get(0).toString());
        assertEquals("a=1, b=y", grid.get(1).toString());
        assertEquals("a=2, b=x", grid.get(3).toString());
        assertEquals(List.of("a", "b"), grid.get(0).names());
    }

    @Test
    void gridPointsOfRanges() {
        assertEquals(List.of(0.0, 0.5, 1.0), new SearchSpace().uniform("d", 0, 1, 3).get("d").gridValues());
        assertEquals(List.of(1, 2, 3, 4), new SearchSpace().intRange("k", 1, 4).get("k").gridValues());
        assertEquals(List.of(16, 181, 347, 512), new SearchSpace().intRange("h", 16, 512, 4).get("h").gridValues());
        List<Object> lr = new SearchSpace().logUniform("lr", 1e-4, 1e-2, 3).get("lr").gridValues();
        assertEquals(1e-3, (double) lr.get(1), 1e-15);
    }

    @Test
    void gridRejectsAContinuousRangeWithoutPoints() {
        SearchSpace space = new SearchSpace().choice("hidden", 64, 128).logUniform("lr", 1e-4, 1e-1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, space::grid);
        assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("logUniform(\"lr\", 1e-4, 0.1, 4)")
                && e.getMessage().contains("Search.random"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Search.grid(space), "fails when the search is made, not after trials");
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().uniform("p", 0, 1).grid());
    }

    @Test
    void randomSamplesAreReproducibleBySeed() {
        SearchSpace space = new SearchSpace().logUniform("lr", 1e-4, 1e-1).choice("hidden", 64, 128, 256).uniform("drop", 0, 0.5);
        assertEquals(space.sample(20, 7), space.sample(20, 7));
        assertNotEquals(space.sample(20, 7), space.sample(20, 8));
    }

    @Test
    void randomSamplesRespectTheRanges() {
        SearchSpace space = new SearchSpace().uniform("u", -1, 2).intRange("k", 3, 5).choice("c", "a", "b").logUniform("lr", 1e-5, 1e-2);
        Set<Integer> ks = new HashSet<>();
        Set<String> cs = new HashSet<>();
        for (Params p : space.sample(500, 1)) {
            double u = p.getDouble("u"), lr = p.getDouble("lr");
            assertTrue(u >= -1 && u < 2, "u = " + u);
            assertTrue(lr >= 1e-5 && lr <= 1e-2, "lr = " + lr);
            assertInstanceOf(Double.class, p.get("u"));
            assertInstanceOf(Integer.class, p.get("k"));
            ks.add(p.getInt("k"));
            cs.add(p.getString("c"));
        }
        assertEquals(Set.of(3, 4, 5), ks, "both ends of an integer range are included");
        assertEquals(Set.of("a", "b"), cs);
    }

    @Test
    void logUniformSpreadsEvenlyOverTheDecades() {
        int n = 3000;
        int[] perDecade = new int[3];
        for (Params p : new SearchSpace().logUniform("lr", 1e-4, 1e-1).sample(n, 3))
            perDecade[(int) Math.floor(Math.log10(p.getDouble("lr")) + 4)]++;
        for (int d = 0; d < 3; d++)
            assertEquals(1.0 / 3, (double) perDecade[d] / n, 0.04, "decade 1e-" + (4 - d) + ": " + perDecade[d] + " of " + n);
        // a plain uniform range would put ~90% of the draws in the top decade
        int top = 0;
        for (Params p : new SearchSpace().uniform("lr", 1e-4, 1e-1).sample(n, 3)) if (p.getDouble("lr") >= 1e-2) top++;
        assertTrue(top > 0.85 * n, "uniform top decade " + top);
    }

    @Test
    void emptySpaceIsExplained() {
        SearchSpace empty = new SearchSpace();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, empty::grid);
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> empty.sample(3, 1));
        assertThrows(IllegalArgumentException.class, () -> Search.grid(empty));
        assertThrows(IllegalArgumentException.class, () -> Search.random(empty, 5));
    }

    @Test
    void badDeclarationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().choice("h"));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().uniform("u", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().intRange("k", 5, 2));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace().uniform("u", 0, 1, 1));
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class, () -> new SearchSpace().logUniform("lr", 0, 1));
        assertTrue(log.getMessage().contains("low > 0"), log.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new SearchSpace().choice("h", 1, 2).intRange("h", 1, 3));
        assertTrue(dup.getMessage().contains("already"), dup.getMessage());
        IllegalArgumentException mixedTypes = assertThrows(IllegalArgumentException.class, () -> new SearchSpace().choice("x", 1, 2.5));
        assertTrue(mixedTypes.getMessage().contains("Integer") && mixedTypes.getMessage().contains("Double"), mixedTypes.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> mixed().get("dropout"));
        assertTrue(unknown.getMessage().contains("[hidden, lr, layers, act]"), unknown.getMessage());
    }

    @Test
    void describesItself() {
        String s = mixed().toString();
        assertTrue(s.contains("lr: log-uniform range [1e-4, 0.1], 4 grid points"), s);
        assertTrue(s.contains("hidden: choice of [64, 128, 256]"), s);
    }
}
