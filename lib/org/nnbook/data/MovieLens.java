package org.nnbook.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * MovieLens small (GroupLens, {@code ml-latest-small} as of October 2016): 100,004 ratings from 0.5 to 5
 * stars in half stars, of 9,066 movies by 671 users, each user with at least 20 ratings, made from
 * 1995 to 2016 (F. M. Harper and J. A. Konstan, 2015, "The MovieLens Datasets: History and Context").
 *
 * <p>It comes as R's data frame {@code movielens} of the package dslabs (Debian's {@code r-cran-dslabs}
 * 0.7.4), kept in the data cache as the package's lazy-load database {@code movielens/Rdata.rdb} and
 * {@code .rdx}, filled by {@code datasets/fetch movielens} (in a notebook, on first use), checked by
 * SHA-256 and read with {@link RLazyLoadDb}. Users are numbered by their MovieLens id (1 → 0), movies
 * by increasing MovieLens id. Licence (non-commercial use, no redistribution): {@code datasets/README.md}.
 */
public final class MovieLens {
    static final Map<String, String> SHA = Map.of(
            "Rdata.rdb", "7f740c8802abcf5de56096417560b2d5be317c59f30d50c9d37548695952aa3b",
            "Rdata.rdx", "97e59cc21906407fe85a369cd92a765ea050e69346d4043545471972bd02a6b3");
    static final String REFETCH = "Delete it and run `datasets/fetch movielens` (from the nnbook repository root) again.";

    private MovieLens() {}

    /** The folder in the data cache. */
    public static Path dir() { return DataCache.dir("movielens"); }

    /** Every rating, in the data frame's order (by user, then by movie id). */
    public static Ratings ratings() {
        Path rdx = dir().resolve("Rdata.rdx");
        DataFetch.find(DataFetch.MOVIELENS, () -> Files.isRegularFile(rdx) && Files.isRegularFile(dir().resolve("Rdata.rdb")) ? rdx : null, rdx, "");
        for (var e : SHA.entrySet()) verify(dir().resolve(e.getKey()), e.getValue());
        return fromDataFrame(new RLazyLoadDb(rdx).get("movielens"));
    }

    /** Ratings from a data frame with columns userId, movieId, rating, timestamp and title (as dslabs's {@code movielens}). */
    static Ratings fromDataFrame(RObject df) {
        int[] userId = df.get("userId").ints(), movieId = df.get("movieId").ints(), time = df.get("timestamp").ints();
        double[] rating = df.get("rating").doubles();
        String[] title = df.get("title").strings();
        TreeMap<Integer, Integer> itemOf = new TreeMap<>();
        int maxUser = 0;
        for (int i = 0; i < userId.length; i++) {
            itemOf.put(movieId[i], 0);
            maxUser = Math.max(maxUser, userId[i]);
        }
        int next = 0;
        for (var e : itemOf.entrySet()) e.setValue(next++);
        String[] titles = new String[itemOf.size()];
        int n = userId.length;
        int[] users = new int[n], items = new int[n];
        float[] ratings = new float[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            users[i] = userId[i] - 1;
            items[i] = itemOf.get(movieId[i]);
            ratings[i] = (float) rating[i];
            times[i] = time[i];
            titles[items[i]] = title[i];
        }
        return new Ratings(users, items, ratings, times, maxUser, titles.length, titles);
    }

    static void verify(Path file, String sha) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            String found = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            if (!found.equals(sha))
                throw new DataFileException(file.toString(), file + " is corrupt or not the expected file: expected SHA-256 " + sha
                        + ", found " + found + ". " + REFETCH);
        } catch (IOException e) {
            throw new DataFileException(file.toString(), file + " cannot be read (" + e.getMessage() + "). " + REFETCH, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
