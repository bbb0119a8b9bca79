package org.nnbook.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The characters of a text, each given an id: what a character-level language model reads and writes.
 * Id 0 is {@link #UNKNOWN} ('�'), for a character the vocabulary was not built from (e.g. one that
 * occurs only in the validation text); ids 1.. are the text's distinct characters in Unicode order.
 *
 * <pre>{@code
 * CharVocabulary vocab = CharVocabulary.of(MobyDick.training());
 * int[] ids = vocab.encode("Call me Ishmael.");
 * String back = vocab.decode(ids);       // "Call me Ishmael."
 * }</pre>
 *
 * Characters are Java chars (UTF-16 units): enough for texts in the Basic Multilingual Plane, which
 * is every text of the course.
 */
public final class CharVocabulary {
    public static final char UNKNOWN = '\uFFFD';
    private final char[] chars;                       // id -> character
    private final Map<Character, Integer> ids = new HashMap<>();

    private CharVocabulary(char[] chars) {
        this.chars = chars;
        for (int i = 0; i < chars.length; i++) ids.put(chars[i], i);
    }

    /** The vocabulary of {@code text}'s distinct characters (plus UNKNOWN, id 0). */
    public static CharVocabulary of(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("CharVocabulary needs a non-empty text.");
        char[] distinct = text.chars().filter(c -> c != UNKNOWN).distinct().sorted().collect(StringBuilder::new,
                StringBuilder::appendCodePoint, StringBuilder::append).toString().toCharArray();
        char[] all = new char[distinct.length + 1];
        all[0] = UNKNOWN;
        System.arraycopy(distinct, 0, all, 1, distinct.length);
        return new CharVocabulary(all);
    }

    /** Number of ids, UNKNOWN included: the size of the model's embedding and output layers. */
    public int size() { return chars.length; }

    /** The id of {@code c}; 0 (UNKNOWN) for a character not in the vocabulary. */
    public int id(char c) { return ids.getOrDefault(c, 0); }

    /** The character of {@code id}. */
    public char charOf(int id) {
        if (id < 0 || id >= chars.length)
            throw new IllegalArgumentException("Character id " + id + " is outside the vocabulary's 0.." + (chars.length - 1) + ".");
        return chars[id];
    }

    /** The id of each character of {@code text}. */
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) out[i] = id(text.charAt(i));
        return out;
    }

    /** The characters of {@code ids}. */
    public String decode(int... ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) sb.append(charOf(id));
        return sb.toString();
    }

    /** How many characters of {@code text} are not in the vocabulary (and would be read as UNKNOWN). */
    public long unknownCount(String text) { return text.chars().filter(c -> !ids.containsKey((char) c)).count(); }

    @Override
    public String toString() {
        String shown = new String(Arrays.copyOfRange(chars, 1, chars.length)).replace("\n", "\\n");
        return "CharVocabulary(" + size() + " ids: UNKNOWN, " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown) + ")";
    }
}
