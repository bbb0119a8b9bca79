package org.nnbook.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** MovieLens small from the data cache (skipped when it has not been fetched; `datasets/fetch movielens`), and its time split. */
class MovieLensTest {

    static void assumeFetched() {
        Assumptions.assumeTrue(Files.isRegularFile(MovieLens.dir().resolve("Rdata.rdx")) || System.getenv("NNBOOK_REQUIRE_DATA") != null,
                "not fetched: datasets/fetch movielens");
    }

    @Test
    void theRealFileHoldsGroupLensSmallSet() throws IOException {
        assumeFetched();
        RLazyLoadDb db = new RLazyLoadDb(MovieLens.dir().resolve("Rdata.rdx"));
        assertEquals(29, db.names().size(), db.names().toString());
        RObject df = db.get("movielens");
        assertArrayEquals(new String[] {"movieId", "title", "year", "genres", "userId", "rating", "timestamp"}, df.names());
        assertTrue(df.get("genres").isFactor());
        assertEquals("Animation|Children|Drama|Musical", df.get("genres").strings()[1]);
        assertEquals(51, db.get("murders").rows(), "another data frame of the same file");

        Ratings r = MovieLens.ratings();
        assertEquals(100_004, r.size());
        assertEquals(671, r.numUsers());
        assertEquals(9_066, r.numItems());
        assertTrue(IntStream.of(r.countsPerUser()).allMatch(c -> c >= 20), "every user has at least 20 ratings");
        for (float x : r.ratings()) assertTrue(x >= 0.5f && x <= 5f && x * 2 == Math.round(x * 2), "half stars: " + x);
        // the first line of ml-latest-small's ratings.csv: 1,31,2.5,1260759144 (movie 31 is "Dangerous Minds")
        assertEquals(0, r.users()[0]);
        assertEquals(2.5f, r.ratings()[0]);
        assertEquals(1260759144L, r.times()[0]);
        assertEquals("Dangerous Minds", r.titles()[r.items()[0]]);
        assertEquals(3.5436, r.mean(), 1e-4);
    }

    @Test
    void aMissingOrCorruptFileSaysWhatToRun(@TempDir Path dir) throws IOException {
        String before = System.getProperty("nnbook.data");
        try {
            System.setProperty("nnbook.data", dir.toString());
            var missing = assertThrows(DataFileException.class, MovieLens::ratings);
            assertTrue(missing.getMessage().contains("datasets/fetch movielens"), missing.getMessage());
            Files.createDirectories(MovieLens.dir());
            Files.write(MovieLens.dir().resolve("Rdata.rdx"), new byte[] {31, -117, 8, 0});
            Files.write(MovieLens.dir().resolve("Rdata.rdb"), new byte[] {0, 0, 0, 9});
            var corrupt = assertThrows(DataFileException.class, MovieLens::ratings);
            assertTrue(corrupt.getMessage().contains("Rdata.rd") && corrupt.getMessage().contains("datasets/fetch movielens"), corrupt.getMessage());
        } finally {
            if (before == null) System.clearProperty("nnbook.data");
            else System.setProperty("nnbook.data", before);
        }
    }

    /** Two users: user 0 rated items 0-4 at times 50, 10, 40, 20, 30; user 1 rated items 1 and 2 at times 5, 1. */
    static Ratings small() {
        return new Ratings(new int[] {0, 0, 0, 0, 0, 1, 1}, new int[] {0, 1, 2, 3, 4, 1, 2}, new float[] {5, 4, 3, 2, 1, 4, 2},
                new long[] {50, 10, 40, 20, 30, 5, 1}, 2, 5, new String[] {"A", "B", "C", "D", "E"});
    }

    @Test
    void theSplitByTimeHoldsOutEachUsersLatestRatings() {
        Ratings.TimeSplit s = small().splitByTime(0.4);
        // user 0: 5 ratings, 2 held out (items 0 and 2, times 50 and 40); user 1: 2 ratings, 1 held out (item 1, time 5)
        assertArrayEquals(new int[] {0, 2, 1}, s.later().items());
        assertArrayEquals(new int[] {0, 0, 1}, s.later().users());
        assertArrayEquals(new int[] {1, 3, 4, 2}, s.earlier().items());
        assertEquals(7, s.earlier().size() + s.later().size());
        assertArrayEquals(new int[] {3, 1}, s.earlier().countsPerUser());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1}, s.earlier().countsPerItem());
        assertEquals(1, small().findItem("B"));
        assertEquals(-1, small().findItem("Z"));
        assertArrayEquals(new long[] {7, 1}, small().dataset().y().shape());
        assertEquals(Arrays.asList(2, 1), Arrays.asList(small().dataset().inputs().count(), 1));
        assertThrows(IllegalArgumentException.class, () -> small().splitByTime(1));
    }
}
