package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class TokenBatchesTest {
    private static final int PAD = BytePairEncoding.PAD, BOS = BytePairEncoding.BOS, EOS = BytePairEncoding.EOS;

    /** n random pairs of ids in [3, 50), lengths 1..maxLen; the source's first id is the pair's number + 1000 so it can be found again. */
    private static List<int[]>[] pairs(int n, int maxLen, long seed) {
        Random r = new Random(seed);
        List<int[]> src = new ArrayList<>(), tgt = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = r.ints(1 + r.nextInt(maxLen), 3, 50).toArray(), t = r.ints(1 + r.nextInt(maxLen), 3, 50).toArray();
            s[0] = 1000 + i;
            src.add(s);
            tgt.add(t);
        }
        @SuppressWarnings("unchecked") List<int[]>[] both = new List[]{src, tgt};
        return both;
    }

    @Test
    void everyPairOnceWithEosBosAndShiftWithinTheBudget() {
        var p = pairs(300, 20, 1);
        List<TokenBatches.Batch> batches = TokenBatches.of(p[0], p[1], 120, 7);
        Set<Integer> seen = new HashSet<>();
        for (var b : batches) {
            assertTrue(b.rows() * Math.max(b.source().size(1), b.targetIn().size(1)) <= 120 || b.rows() == 1, b.toString());
            int[][] src = b.source().toIntMatrix(), in = b.targetIn().toIntMatrix(), out = b.targetOut().toIntMatrix();
            float[][] mask = b.sourceMask().toFloatMatrix();
            for (int r = 0; r < b.rows(); r++) {
                int i = src[r][0] - 1000;
                assertTrue(seen.add(i), "pair " + i + " twice");
                int[] s = p[0].get(i), t = p[1].get(i);
                assertArrayEquals(s, Arrays.copyOf(src[r], s.length));
                assertEquals(EOS, src[r][s.length]);
                for (int c = 0; c < src[r].length; c++) {
                    assertEquals(c <= s.length ? 1f : 0f, mask[r][c]);
                    if (c > s.length) assertEquals(PAD, src[r][c]);
                }
                assertEquals(BOS, in[r][0]);
                assertArrayEquals(t, Arrays.copyOfRange(in[r], 1, t.length + 1));
                assertArrayEquals(t, Arrays.copyOf(out[r], t.length));
                assertEquals(EOS, out[r][t.length]);
                for (int c = t.length + 1; c < out[r].length; c++) assertEquals(PAD, out[r][c]);
            }
        }
        assertEquals(300, seen.size());
        assertTrue(TokenBatches.paddingOverhead(batches) < 2.0, "sorting by length keeps padding low: " + TokenBatches.paddingOverhead(batches));
    }

    @Test
    void sameSeedSameBatchesOtherSeedOthers() {
        var p = pairs(200, 15, 2);
        var a = TokenBatches.of(p[0], p[1], 100, 3);
        var b = TokenBatches.of(p[0], p[1], 100, 3);
        var c = TokenBatches.of(p[0], p[1], 100, 4);
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) assertEquals(a.get(k).source(), b.get(k).source());
        boolean differ = false;
        for (int k = 0; k < Math.min(a.size(), c.size()); k++) differ |= !a.get(k).source().equals(c.get(k).source());
        assertTrue(differ);
    }

    @Test
    void orderVisitsEveryBatchOncePerEpoch() {
        int[] order = TokenBatches.order(7, 25, 5);
        assertEquals(25, order.length);
        for (int e = 0; e < 3; e++)
            assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6}, Arrays.stream(order, 7 * e, 7 * e + 7).sorted().toArray());
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6}, Arrays.copyOf(order, 7), "the first epoch takes the batches as made");
        assertFalse(Arrays.equals(Arrays.copyOfRange(order, 7, 14), Arrays.copyOfRange(order, 14, 21)), "a new permutation each epoch");
    }

    @Test
    void batchFileRoundTrip(@TempDir Path dir) throws Exception {
        var p = pairs(50, 10, 3);
        var batches = TokenBatches.of(p[0], p[1], 60, 1);
        int[] order = TokenBatches.order(batches.size(), 2 * batches.size() + 3, 1);
        List<int[]> sentences = List.of(new int[]{5, 6, 7}, new int[0], new int[]{9});
        Path f = dir.resolve("b.bin");
        BatchFile.write(f, batches, order, sentences);
        var back = BatchFile.read(f);
        assertArrayEquals(order, back.order());
        assertEquals(batches.size(), back.batches().size());
        for (int k = 0; k < batches.size(); k++) {
            assertEquals(batches.get(k).source(), back.batches().get(k).source());
            assertEquals(batches.get(k).sourceMask(), back.batches().get(k).sourceMask());
            assertEquals(batches.get(k).targetIn(), back.batches().get(k).targetIn());
            assertEquals(batches.get(k).targetOut(), back.batches().get(k).targetOut());
        }
        assertEquals(3, back.sentences().size());
        for (int i = 0; i < 3; i++) assertArrayEquals(sentences.get(i), back.sentences().get(i));
        Path ids = dir.resolve("ids.txt");
        BatchFile.writeIds(ids, sentences);
        var idsBack = BatchFile.readIds(ids);
        for (int i = 0; i < 3; i++) assertArrayEquals(sentences.get(i), idsBack.get(i));
    }

    @Test
    void stripCutsBosAndAfterEos() {
        assertArrayEquals(new int[]{5, 6}, Translator.strip(new int[]{BOS, 5, 6, EOS, 7}));
        assertArrayEquals(new int[]{5, 6}, Translator.strip(new int[]{5, 6}));
        assertArrayEquals(new int[0], Translator.strip(new int[]{BOS, EOS}));
    }
}
