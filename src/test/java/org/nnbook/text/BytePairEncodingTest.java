package org.nnbook.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnbook.data.MobyDick;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** Byte-level BPE: exact round trips, merges computed by hand, determinism, speed on a book, the saved form and its errors. */
class BytePairEncodingTest {
    static final List<String> TRICKY = List.of("", " ", "   ", "\t\n\r\n", "a", "  two  spaces  ", "trailing ", " leading",
            "Le paquet fournit l'outil « dpkg » — voilà.", "naïve café", "cafe\u0301 (combining acute)", "日本語のテキスト",
            "emoji 👍🏽 and 👨‍👩‍👧 family", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math", "mixed\u00A0no-break\u3000ideographic space", "tabs\tin\ttext\n\nnew paragraph",
            "12,345.67 numbers 2026", "\u0000control\u0007chars\u007F", "x".repeat(500), "\uFEFFbyte order mark", "Ελληνικά και русский");

    static BytePairEncoding small() {
        return BytePairEncoding.train(List.of("the quick brown fox jumps over the lazy dog", "the dog sleeps; the fox runs."), 30);
    }

    static int b(char c) { return BytePairEncoding.FIRST_BYTE + c; }

    @Test
    void everyTrickyStringRoundTripsExactly() {
        BytePairEncoding bpe = BytePairEncoding.train(TRICKY, 200);
        BytePairEncoding untrained = BytePairEncoding.train(List.of(""), 10);
        for (String s : TRICKY) {
            assertEquals(s, bpe.decode(bpe.encode(s)), s);
            assertEquals(s, small().decode(small().encode(s, true, true)), s);
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, untrained.encode(s).length, "no merges: one id per byte");
            assertEquals(s, String.join("", BytePairEncoding.words(s)), "the words cover the text");
        }
        assertEquals(List.of("a", " ", " b"), BytePairEncoding.words("a  b"));
        assertEquals(List.of("Le", " paquet", " (", "v", "2", ")", "\n", "\n", "fin", ".", " "), BytePairEncoding.words("Le paquet (v2)\n\nfin. "));
        assertEquals(List.of("café\u0301", " 42"), BytePairEncoding.words("café\u0301 42"), "combining marks stay with their letters");
    }

    @Test
    void randomCodePointsAcrossUnicodeRoundTrip() {
        BytePairEncoding bpe = small();
        Random r = new Random(3);
        for (int t = 0; t < 300; t++) {
            StringBuilder s = new StringBuilder();
            for (int i = r.nextInt(40); i > 0; i--) {
                int cp = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(128);
                    case 1 -> r.nextInt(0x800);
                    case 2 -> r.nextInt(0x10000);
                    default -> 0x10000 + r.nextInt(0x100000);
                };
                if (cp >= 0xD800 && cp <= 0xDFFF) cp = ' ';          // surrogates are not code points of text
                s.appendCodePoint(cp);
            }
            assertEquals(s.toString(), bpe.decode(bpe.encode(s.toString())));
        }
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        BytePairEncoding bpe = small();
        for (String bad : List.of("a\uD83Db", "end\uD83D", "\uDC4Dstart", "\uDC4D\uD83D")) {
            var e = assertThrows(IllegalArgumentException.class, () -> bpe.encode(bad));
            assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.train(List.of("ok", "x\uDC00"), 5));
        assertThrows(IllegalArgumentException.class, () -> bpe.encode(null));
    }

    @Test
    void mergesOfSennrichsExampleComputedByHand() {
        // Sennrich et al. (2016), section 3.2: low x5, lower x2, newest x6, widest x3 (here the space goes with the word).
        String text = "low" + " low".repeat(4) + " lower".repeat(2) + " newest".repeat(6) + " widest".repeat(3);
        BytePairEncoding bpe = BytePairEncoding.train(List.of(text), 5);
        // pairs: es 9 and st 9 (tie: smallest left id, e < s); then (es)t 9; lo 7 and ow 7 (l < o); (lo)w 7;
        // then ' '(low) 6, ' 'n 6, ne 6, ew 6, w(est) 6: smallest left id is the space (32), then n (110) < 262.
        int[][] expected = {{b('e'), b('s')}, {259, b('t')}, {b('l'), b('o')}, {261, b('w')}, {b(' '), b('n')}};
        assertEquals(5, bpe.merges().size());
        for (int k = 0; k < 5; k++) assertArrayEquals(expected[k], bpe.merges().get(k), "merge " + k);
        assertEquals(259 + 5, bpe.vocabSize());
        assertEquals(List.of("low", "▁", "low", "▁n", "e", "w", "est"), bpe.tokens("low low newest"), "' '+low was not merged yet");
        assertArrayEquals(new int[]{1, 262, 263, b('e'), b('w'), 260, 2}, bpe.encode("low newest", true, true));
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<E2>"), List.of(bpe.token(0), bpe.token(1), bpe.token(2), bpe.token(b('\u00E2'))));
        assertEquals("low newest", bpe.decode(new int[]{1, 262, 263, b('e'), b('w'), 260, 2, 0, 0}), "special ids are skipped");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bpe.decode(new int[]{264})).getMessage().contains("outside"));
    }

    @Test
    void trainingStopsWhenNothingIsLeftToMergeAndIsDeterministic() {
        BytePairEncoding tiny = BytePairEncoding.train(List.of("ab ab"), 100);
        assertEquals(List.of("ab", "▁ab"), tiny.tokens("ab ab"));
        assertEquals(2, tiny.merges().size(), "ab, then ' '(ab): nothing left");
        List<String> texts = List.of("the dog sleeps; the fox runs.", "le chien dort ; le renard court.");
        assertEquals(BytePairEncoding.train(texts, 40).merges().stream().map(m -> m[0] + "," + m[1]).toList(),
                BytePairEncoding.train(texts, 40).merges().stream().map(m -> m[0] + "," + m[1]).toList());
        assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.train(List.of(), 5));
        assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.train(List.of("a"), -1));
    }

    @Test
    void fastTrainingAndEncodingEqualThePlainAlgorithm() {
        // The plain algorithm, as the notebook teaches it: recount every pair of every word, merge the most frequent
        // (ties: smallest left id, then right id) everywhere, repeat; encoding applies the merges in the order learnt.
        String text = String.join("", MobyDick.chapters().get(1).text(), MobyDick.chapters().get(2).text()).substring(0, 20_000);
        Map<String, Integer> counts = new HashMap<>();
        for (String w : BytePairEncoding.words(text)) counts.merge(w, 1, Integer::sum);
        Map<String, List<Integer>> words = new HashMap<>();
        for (String w : counts.keySet()) words.put(w, new ArrayList<>(toBytes(w)));
        List<int[]> plain = new ArrayList<>();
        for (int k = 0; k < 150; k++) {
            TreeMap<Long, Integer> pairs = new TreeMap<>();
            words.forEach((w, s) -> { for (int i = 0; i + 1 < s.size(); i++) pairs.merge(BytePairEncoding.pair(s.get(i), s.get(i + 1)), counts.get(w), Integer::sum); });
            long best = pairs.entrySet().stream().max(Comparator.<Map.Entry<Long, Integer>>comparingInt(Map.Entry::getValue)
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
            int left = (int) (best >>> 32), right = (int) best, id = 259 + k;
            plain.add(new int[]{left, right});
            for (List<Integer> s : words.values())
                for (int i = 0; i + 1 < s.size(); i++) if (s.get(i) == left && s.get(i + 1) == right) { s.set(i, id); s.remove(i + 1); }
        }
        BytePairEncoding fast = BytePairEncoding.train(List.of(text), 150);
        for (int k = 0; k < 150; k++) assertArrayEquals(plain.get(k), fast.merges().get(k), "merge " + k);
        for (String w : words.keySet()) assertArrayEquals(words.get(w).stream().mapToInt(Integer::intValue).toArray(), fast.encode(w), w);
    }

    static List<Integer> toBytes(String w) {
        List<Integer> out = new ArrayList<>();
        for (byte x : w.getBytes(StandardCharsets.UTF_8)) out.add(BytePairEncoding.FIRST_BYTE + (x & 0xFF));
        return out;
    }

    @Test
    void trainsFourThousandMergesOnABookAndEncodesIt() {
        List<String> chapters = new ArrayList<>();
        for (var c : MobyDick.chapters()) if (!c.heldOut()) chapters.add(c.text());
        long bytes = chapters.stream().mapToLong(c -> c.getBytes(StandardCharsets.UTF_8).length).sum();
        long t0 = System.nanoTime();
        BytePairEncoding bpe = BytePairEncoding.train(chapters, 4000);
        long t1 = System.nanoTime();
        String all = String.join("", chapters);
        int[] ids = bpe.encode(all);
        long t2 = System.nanoTime();
        bpe.encode(all);
        long t3 = System.nanoTime();
        System.out.printf("BPE: 4000 merges on %,d bytes in %.2f s; encoded %,d bytes to %,d ids in %.2f s (%.2f s cached)%n",
                bytes, (t1 - t0) / 1e9, bytes, ids.length, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        assertEquals(259 + 4000, bpe.vocabSize());
        assertEquals(all, bpe.decode(ids));
        assertTrue(ids.length < bytes / 3, "4,000 merges compress English more than 3 bytes per id: " + ids.length);
        assertTrue(bpe.tokens(" whale").size() == 1, bpe.tokens(" whale").toString());
    }

    @Test
    void savesAndLoadsAndEachBadFileSaysWhatIsWrong(@TempDir Path dir) throws IOException {
        BytePairEncoding bpe = small();
        Path f = dir.resolve("bpe.txt");
        bpe.save(f);
        assertTrue(Files.readString(f).startsWith("nnbook-bpe 1\nmerges 30\n"));
        BytePairEncoding back = BytePairEncoding.load(f);
        assertEquals(bpe.toString(), back.toString());
        assertEquals("BytePairEncoding(289 ids: 3 special, 256 bytes, 30 merges)", back.toString());
        for (String s : TRICKY) assertArrayEquals(bpe.encode(s), back.encode(s));

        assertError(dir.resolve("missing.txt"), "does not exist");
        List<String> lines = Files.readAllLines(f);
        assertError(write(dir, "foreign.txt", "{\"vocab\": {}}\n"), "is not a BPE file");
        assertError(write(dir, "empty.txt", ""), "is not a BPE file");
        assertError(write(dir, "newer.txt", "nnbook-bpe 2\nmerges 0\n"), "newer than this nnbook reads");
        assertError(write(dir, "truncated.txt", String.join("\n", lines.subList(0, 12))), "is truncated");
        assertError(write(dir, "header.txt", "nnbook-bpe 1\nmerge 3\n"), "line 2 should be 'merges N'");
        List<String> bad = new ArrayList<>(lines);
        bad.set(5, "3 x");
        assertError(write(dir, "corrupt.txt", String.join("\n", bad)), "corrupt at line 6");
        bad.set(5, "3 400");
        assertError(write(dir, "future-id.txt", String.join("\n", bad)), "corrupt at line 6");
        assertError(write(dir, "longer.txt", String.join("\n", lines) + "\n3 4\n"), "more lines");
        Files.write(dir.resolve("binary.bin"), new byte[]{(byte) 0x89, 'P', 'N', 'G', (byte) 0xFF, 0});
        assertError(dir.resolve("binary.bin"), "is not a BPE file");
    }

    static Path write(Path dir, String name, String text) throws IOException { return Files.writeString(dir.resolve(name), text); }

    static void assertError(Path file, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> BytePairEncoding.load(file));
        assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(file.toString()), e.getMessage());
    }
}
