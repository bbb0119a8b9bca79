package org.nnbook.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * How {@link BytePairEncoding#train} learns its merges, fast enough for megabytes of text.
 *
 * <p>The text is counted once as distinct words with their frequencies; a pair's count is the sum, over
 * the words that hold it, of (occurrences in the word x the word's frequency). After a merge only the
 * words that held the merged pair change, so only their pairs are recounted (each pair keeps the list of
 * words it was ever seen in). The most frequent pair comes from a priority queue in which every change
 * of count pushes a fresh entry; an entry whose count is no longer the pair's count is stale and skipped.
 */
final class BpeTrainer {
    private record Candidate(long pair, int count) {}

    private BpeTrainer() {}

    static int[][] learn(Map<String, Integer> wordCounts, int merges) {
        // Words in sorted order, so that the result does not depend on a HashMap's iteration order.
        List<String> sorted = new ArrayList<>(wordCounts.keySet());
        sorted.sort(null);
        int[][] sym = new int[sorted.size()][];
        int[] len = new int[sorted.size()], freq = new int[sorted.size()], seen = new int[sorted.size()];
        Map<Long, Integer> count = new HashMap<>();
        Map<Long, List<Integer>> where = new HashMap<>();
        for (int w = 0; w < sym.length; w++) {
            byte[] b = sorted.get(w).getBytes(StandardCharsets.UTF_8);
            sym[w] = new int[b.length];
            for (int i = 0; i < b.length; i++) sym[w][i] = BytePairEncoding.FIRST_BYTE + (b[i] & 0xFF);
            len[w] = b.length;
            freq[w] = wordCounts.get(sorted.get(w));
            for (int i = 0; i + 1 < len[w]; i++) {
                long p = BytePairEncoding.pair(sym[w][i], sym[w][i + 1]);
                count.merge(p, freq[w], Integer::sum);
                List<Integer> ws = where.computeIfAbsent(p, k -> new ArrayList<>());
                if (ws.isEmpty() || ws.get(ws.size() - 1) != w) ws.add(w);
            }
        }
        // Most frequent first; ties: smallest pair (left id, then right id: both are positive ints).
        PriorityQueue<Candidate> queue = new PriorityQueue<>((x, y) -> x.count != y.count ? Integer.compare(y.count, x.count) : Long.compare(x.pair, y.pair));
        count.forEach((p, c) -> queue.add(new Candidate(p, c)));
        int[][] out = new int[merges][];
        int k = 0;
        while (k < merges && !queue.isEmpty()) {
            Candidate best = queue.poll();
            if (best.count <= 0 || count.getOrDefault(best.pair, 0) != best.count) continue;      // stale entry
            int left = (int) (best.pair >>> 32), right = (int) best.pair, id = BytePairEncoding.FIRST_MERGE + k;
            out[k++] = new int[]{left, right};
            Set<Long> changed = new HashSet<>();
            for (int w : where.remove(best.pair)) {
                if (seen[w] == id) continue;             // listed twice
                seen[w] = id;
                int[] s = sym[w];
                if (!holds(s, len[w], left, right)) continue;
                for (int i = 0; i + 1 < len[w]; i++) changed.add(add(count, s[i], s[i + 1], -freq[w]));
                len[w] = apply(s, len[w], left, right, id);
                for (int i = 0; i + 1 < len[w]; i++) {
                    long p = add(count, s[i], s[i + 1], freq[w]);
                    changed.add(p);
                    if (s[i] == id || s[i + 1] == id) where.computeIfAbsent(p, q -> new ArrayList<>()).add(w);
                }
            }
            count.remove(best.pair);
            changed.remove(best.pair);
            for (long p : changed) {
                Integer c = count.get(p);
                if (c != null && c > 0) queue.add(new Candidate(p, c));
                else count.remove(p);
            }
        }
        return k == merges ? out : java.util.Arrays.copyOf(out, k);
    }

    private static long add(Map<Long, Integer> count, int left, int right, int delta) {
        long p = BytePairEncoding.pair(left, right);
        count.merge(p, delta, Integer::sum);
        return p;
    }

    private static boolean holds(int[] s, int n, int left, int right) {
        for (int i = 0; i + 1 < n; i++) if (s[i] == left && s[i + 1] == right) return true;
        return false;
    }

    /** Glues every (left, right) in s[0, n), left to right, into {@code id}; returns the new length. */
    static int apply(int[] s, int n, int left, int right, int id) {
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && s[i] == left && s[i + 1] == right) { s[j++] = id; i++; }
            else s[j++] = s[i];
        }
        return j;
    }
}
