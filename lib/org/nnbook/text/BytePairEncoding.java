package org.nnbook.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level byte-pair encoding (BPE): a subword tokeniser that starts from the 256 byte values of UTF-8
 * and learns to glue the most frequent adjacent pair into a new symbol, again and again (Sennrich, Haddow
 * and Birch, "Neural Machine Translation of Rare Words with Subword Units", ACL 2016; bytes as the base
 * symbols as in GPT-2, Radford et al. 2019). Any valid Unicode text encodes, and decodes back exactly.
 *
 * <pre>{@code
 * BytePairEncoding bpe = BytePairEncoding.train(texts, 4000);   // learn 4,000 merges
 * int[] ids = bpe.encode("Le paquet fournit", true, true);       // BOS, ..., EOS
 * bpe.tokens("Le paquet fournit");                               // [Le, ▁paquet, ▁fournit]
 * bpe.decode(ids);                                               // "Le paquet fournit"
 * bpe.save(Path.of("bpe.txt"));
 * }</pre>
 *
 * <p><b>Ids.</b> 0 = {@link #PAD}, 1 = {@link #BOS} (begin of sequence), 2 = {@link #EOS} (end of sequence);
 * 3..258 = the bytes 0..255 (byte b is id 3 + b); 259 + k = the k-th merge. {@link #vocabSize()} is
 * 259 + the number of merges: the size of a model's embedding.
 *
 * <p><b>Words.</b> Text is first cut into words and merges never cross a word (GPT-2's rule, without its
 * English contractions): a word is an optional single space followed by a run of letters (with their
 * combining marks), or by a run of digits, or by a run of other characters that are not ASCII white space
 * (so a no-break space is punctuation here); a run of ASCII white space is a word of its own, except that
 * when it ends in a space before a word, that space goes with the word ({@code "a  b"} is "a", " ", " b").
 * The words cover the text exactly, so decoding concatenates their bytes and restores every space, tab
 * and newline.
 * Text with an unpaired surrogate is not valid Unicode and is rejected.
 *
 * <p><b>Saved form</b> (UTF-8 text): the line {@code nnbook-bpe 1} (format name and version), the line
 * {@code merges N}, then N lines {@code left right}, the two ids that merge k glues into id 259 + k.
 */
public final class BytePairEncoding {
    public static final int PAD = 0, BOS = 1, EOS = 2, FIRST_BYTE = 3, FIRST_MERGE = 259;
    static final String FORMAT = "nnbook-bpe";
    static final int VERSION = 1;
    static final Pattern WORD = Pattern.compile(" ?[\\p{L}\\p{M}]+| ?\\p{N}+| ?[^\\s\\p{L}\\p{M}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final int[][] merges;                      // merge k: {left, right}
    private final Map<Long, Integer> rank = new HashMap<>();     // pair -> merge number
    private final byte[][] bytes;                      // id -> its bytes (empty for the special ids)
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BytePairEncoding(int[][] merges) {
        this.merges = merges;
        bytes = new byte[FIRST_MERGE + merges.length][];
        for (int i = 0; i < FIRST_BYTE; i++) bytes[i] = new byte[0];
        for (int b = 0; b < 256; b++) bytes[FIRST_BYTE + b] = new byte[]{(byte) b};
        for (int k = 0; k < merges.length; k++) {
            byte[] l = bytes[merges[k][0]], r = bytes[merges[k][1]], m = new byte[l.length + r.length];
            System.arraycopy(l, 0, m, 0, l.length);
            System.arraycopy(r, 0, m, l.length, r.length);
            bytes[FIRST_MERGE + k] = m;
            rank.put(pair(merges[k][0], merges[k][1]), k);
        }
    }

    /**
     * Learns {@code merges} merges from {@code texts} (for translation, the source and target texts
     * together). Stops early when no word has two symbols left. Ties between equally frequent pairs go to
     * the smallest left id, then the smallest right id, so training is deterministic.
     */
    public static BytePairEncoding train(List<String> texts, int merges) {
        if (texts == null || texts.isEmpty()) throw new IllegalArgumentException("BytePairEncoding.train needs at least one text, got none.");
        if (merges < 0) throw new IllegalArgumentException("BytePairEncoding.train: merges must be >= 0, got " + merges + ".");
        Map<String, Integer> counts = new HashMap<>();
        for (String t : texts) for (String w : words(t)) counts.merge(w, 1, Integer::sum);
        return new BytePairEncoding(BpeTrainer.learn(counts, merges));
    }

    /** The words of {@code text} (see the class comment); checks that the text is valid Unicode. */
    public static List<String> words(String text) {
        checkUnicode(text);
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** The ids of {@code text}, without BOS and EOS. */
    public int[] encode(String text) { return encode(text, false, false); }

    /** The ids of {@code text}, after {@link #BOS} when {@code addBos} and followed by {@link #EOS} when {@code addEos}. */
    public int[] encode(String text, boolean addBos, boolean addEos) {
        List<String> ws = words(text);
        int[][] parts = new int[ws.size()][];
        int n = (addBos ? 1 : 0) + (addEos ? 1 : 0);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = cache.size() < 200_000 ? cache.computeIfAbsent(ws.get(i), this::encodeWord) : encodeWord(ws.get(i));
            n += parts[i].length;
        }
        int[] ids = new int[n];
        int at = 0;
        if (addBos) ids[at++] = BOS;
        for (int[] p : parts) { System.arraycopy(p, 0, ids, at, p.length); at += p.length; }
        if (addEos) ids[at] = EOS;
        return ids;
    }

    /** One word: its bytes, then the earliest-learnt merge present glued everywhere in it, until none applies. */
    private int[] encodeWord(String word) {
        byte[] b = word.getBytes(StandardCharsets.UTF_8);
        int[] s = new int[b.length];
        for (int i = 0; i < b.length; i++) s[i] = FIRST_BYTE + (b[i] & 0xFF);
        int n = s.length;
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) best = Math.min(best, rank.getOrDefault(pair(s[i], s[i + 1]), Integer.MAX_VALUE));
            if (best == Integer.MAX_VALUE) break;
            n = BpeTrainer.apply(s, n, merges[best][0], merges[best][1], FIRST_MERGE + best);
        }
        return Arrays.copyOf(s, n);
    }

    /**
     * The text of {@code ids}; PAD, BOS and EOS are skipped. Ids a model produced need not form valid
     * UTF-8 (a character cut between two tokens): such bytes decode to U+FFFD.
     */
    public String decode(int[] ids) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) out.writeBytes(bytesOf(id));
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The pieces of {@code text} as a reader sees them: each token's text with a space shown as '▁' and a
     * token that is not whole UTF-8 (part of a character) as its bytes, e.g. {@code <E2><80>}.
     */
    public List<String> tokens(String text) { return Arrays.stream(encode(text)).mapToObj(this::token).toList(); }

    /** The display form of one id (see {@link #tokens}); {@code <pad>}, {@code <bos>}, {@code <eos>} for the special ids. */
    public String token(int id) {
        byte[] b = bytesOf(id);
        if (id < FIRST_BYTE) return List.of("<pad>", "<bos>", "<eos>").get(id);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString().replace(' ', '▁');
        } catch (java.nio.charset.CharacterCodingException e) {
            StringBuilder s = new StringBuilder();
            for (byte x : b) s.append(String.format("<%02X>", x & 0xFF));
            return s.toString();
        }
    }

    private byte[] bytesOf(int id) {
        if (id < 0 || id >= bytes.length)
            throw new IllegalArgumentException("Token id " + id + " is outside this BytePairEncoding's 0.." + (bytes.length - 1)
                    + ": were the ids made by another tokeniser, or the model's output layer sized differently?");
        return bytes[id];
    }

    /** Number of ids: 3 special ids + 256 bytes + the merges. */
    public int vocabSize() { return bytes.length; }

    /** The merges in the order learnt: merge k glues {@code merges().get(k)[0]} and {@code [1]} into id 259 + k. */
    public List<int[]> merges() { return Arrays.stream(merges).map(int[]::clone).toList(); }

    /** Writes the merges to {@code file} in the saved form of the class comment. */
    public void save(Path file) throws IOException {
        StringBuilder s = new StringBuilder(FORMAT + " " + VERSION + "\nmerges " + merges.length + "\n");
        for (int[] m : merges) s.append(m[0]).append(' ').append(m[1]).append('\n');
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    /** Reads a BytePairEncoding written by {@link #save}; a missing, foreign, newer or damaged file is an error naming it. */
    public static BytePairEncoding load(Path file) throws IOException { return BpeFile.read(file); }

    /** Throws when {@code text} is null or has an unpaired surrogate (not valid Unicode, so not encodable as UTF-8). */
    static void checkUnicode(String text) {
        if (text == null) throw new IllegalArgumentException("BytePairEncoding needs a text, got null.");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) { i++; continue; }
            if (Character.isSurrogate(c))
                throw new IllegalArgumentException(String.format("The text has an unpaired surrogate U+%04X at index %d: it is not valid Unicode"
                        + " and has no UTF-8 bytes. Fix how the text was read or cut (a substring that splits an emoji does this).", (int) c, i));
        }
    }

    static long pair(int left, int right) { return ((long) left << 32) | right; }

    @Override
    public String toString() {
        return "BytePairEncoding(" + vocabSize() + " ids: 3 special, 256 bytes, " + merges.length + " merges)";
    }
}
