package org.nnbook.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ratings of items by users: row {@code n} says that user {@code users[n]} gave item {@code items[n]}
 * the rating {@code ratings[n]} at time {@code times[n]} (seconds since 1970). Users and items are
 * numbered 0, 1, ... ({@code numUsers}, {@code numItems} in all, also those without a rating in this
 * part); {@code titles[i]} names item {@code i}.
 *
 * <p>{@link #splitByTime(double)} holds out each user's latest ratings, as a recommender is used: it
 * learns from the past and is judged on what the user rated next.
 */
public record Ratings(int[] users, int[] items, float[] ratings, long[] times, int numUsers, int numItems, String[] titles) {

    public Ratings {
        int n = users.length;
        if (items.length != n || ratings.length != n || times.length != n)
            throw new IllegalArgumentException("users, items, ratings and times need one entry per rating; got " + n + ", " + items.length
                    + ", " + ratings.length + ", " + times.length + ".");
        if (titles.length != numItems) throw new IllegalArgumentException(numItems + " items but " + titles.length + " titles.");
        for (int i = 0; i < n; i++)
            if (users[i] < 0 || users[i] >= numUsers || items[i] < 0 || items[i] >= numItems)
                throw new IllegalArgumentException("Rating " + i + ": user " + users[i] + " or item " + items[i] + " outside [0, " + numUsers
                        + ") x [0, " + numItems + ").");
    }

    /** Number of ratings. */
    public int size() { return users.length; }

    /** The mean rating. */
    public double mean() {
        double s = 0;
        for (float r : ratings) s += r;
        return s / size();
    }

    /** How many ratings each user has here (numUsers). */
    public int[] countsPerUser() { return counts(users, numUsers); }

    /** How many ratings each item has here (numItems). */
    public int[] countsPerItem() { return counts(items, numItems); }

    private static int[] counts(int[] ids, int n) {
        int[] c = new int[n];
        for (int id : ids) c[id]++;
        return c;
    }

    /** The ratings at rows {@code rows}, in that order. */
    public Ratings subset(int[] rows) {
        int[] u = new int[rows.length], it = new int[rows.length];
        float[] r = new float[rows.length];
        long[] t = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            u[k] = users[rows[k]];
            it[k] = items[rows[k]];
            r[k] = ratings[rows[k]];
            t[k] = times[rows[k]];
        }
        return new Ratings(u, it, r, t, numUsers, numItems, titles);
    }

    /** The first part of each user's ratings and the rest, by time. */
    public record TimeSplit(Ratings earlier, Ratings later) {}

    /**
     * Each user's ratings in time order (ties by row), the latest {@code fraction} of them (at least one,
     * when the user has two or more) held out as {@code later}, the rest {@code earlier}.
     */
    public TimeSplit splitByTime(double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction + ".");
        List<List<Integer>> byUser = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) byUser.add(new ArrayList<>());
        for (int i = 0; i < size(); i++) byUser.get(users[i]).add(i);
        List<Integer> early = new ArrayList<>(), late = new ArrayList<>();
        for (List<Integer> rows : byUser) {
            rows.sort(Comparator.<Integer>comparingLong(i -> times[i]).thenComparingInt(i -> i));
            int held = rows.size() < 2 ? 0 : Math.max(1, (int) Math.round(fraction * rows.size()));
            early.addAll(rows.subList(0, rows.size() - held));
            late.addAll(rows.subList(rows.size() - held, rows.size()));
        }
        return new TimeSplit(subset(sorted(early)), subset(sorted(late)));
    }

    private static int[] sorted(List<Integer> rows) { return rows.stream().mapToInt(Integer::intValue).sorted().toArray(); }

    /** The ratings as a data set for the Trainer: inputs (user ids (N), item ids (N)), targets the ratings (N, 1). */
    public Dataset dataset() {
        Inputs in = Inputs.of(Nd4j.createFromArray(users), Nd4j.createFromArray(items));
        return new Dataset(in, Nd4j.createFromArray(ratings).reshape(size(), 1).castTo(DataType.FLOAT), null);
    }

    /** The item whose title starts with {@code prefix} and that has the most ratings here (-1 if none). */
    public int findItem(String prefix) {
        int[] c = countsPerItem();
        return IntStream.range(0, numItems).filter(i -> titles[i] != null && titles[i].startsWith(prefix))
                .boxed().max(Comparator.comparingInt(i -> c[i])).orElse(-1);
    }

    @Override
    public String toString() {
        return String.format("Ratings(%,d ratings, %,d users, %,d items, mean %.3f)", size(), numUsers, numItems, mean());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ratings r && Arrays.equals(users, r.users) && Arrays.equals(items, r.items) && Arrays.equals(ratings, r.ratings)
                && Arrays.equals(times, r.times) && numUsers == r.numUsers && numItems == r.numItems;
    }

    @Override
    public int hashCode() { return Arrays.hashCode(users) * 31 + Arrays.hashCode(items); }
}
