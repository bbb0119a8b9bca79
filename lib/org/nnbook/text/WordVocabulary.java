package org.nnbook.text;

import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.data.Dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words and their ids, for models that read a text word by word (an e-mail, a review). Id 0 is
 * {@link #PAD}, the padding after a short text; id 1 is {@link #UNKNOWN}, every word the vocabulary does
 * not hold; ids 2.. are the most frequent words of the texts it was built from, most frequent first.
 *
 * <pre>{@code
 * List<List<String>> docs = texts.stream().map(WordVocabulary::tokens).toList();
 * WordVocabulary vocab = WordVocabulary.of(docs, 10_000, 2);      // at most 10,000 ids, words seen twice or more
 * Dataset data = vocab.dataset(docs, labels, List.of("ham", "spam"), 200);   // ids (N, T) + mask (N, T)
 * }</pre>
 *
 * <p>{@link #tokens} is the tokeniser: lower case, runs of letters and digits, and each '$' and '!'
 * as a word of its own (they say much about spam). Build the vocabulary from the training texts only.
 */
public final class WordVocabulary {
    public static final String PAD = "<pad>", UNKNOWN = "<unk>";
    private final List<String> words;                 // id -> word
    private final Map<String, Integer> ids = new HashMap<>();

    private WordVocabulary(List<String> words) {
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) ids.put(words.get(i), i);
    }

    /** The words of {@code text}: lower case, runs of letters and digits, and '$' and '!' one by one. */
    public static List<String> tokens(String text) {
        if (text == null) throw new IllegalArgumentException("WordVocabulary.tokens needs a text, got null.");
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) { word.append(c); continue; }
            if (word.length() > 0) { out.add(word.toString().toLowerCase(Locale.ROOT)); word.setLength(0); }
            if (c == '$' || c == '!') out.add(String.valueOf(c));
        }
        if (word.length() > 0) out.add(word.toString().toLowerCase(Locale.ROOT));
        return out;
    }

    /**
     * The vocabulary of {@code documents} (each a list of tokens): PAD, UNKNOWN, then the words seen at
     * least {@code minCount} times, most frequent first (ties in alphabetical order), {@code maxSize} ids in all at most.
     */
    public static WordVocabulary of(Collection<? extends List<String>> documents, int maxSize, int minCount) {
        if (documents == null || documents.isEmpty()) throw new IllegalArgumentException("WordVocabulary needs at least one document.");
        if (maxSize < 3) throw new IllegalArgumentException("WordVocabulary: maxSize must be >= 3 (PAD, UNKNOWN and a word), got " + maxSize + ".");
        if (minCount < 1) throw new IllegalArgumentException("WordVocabulary: minCount must be >= 1, got " + minCount + ".");
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> doc : documents) for (String w : doc) counts.merge(w, 1, Integer::sum);
        List<String> words = new ArrayList<>(List.of(PAD, UNKNOWN));
        counts.entrySet().stream().filter(e -> e.getValue() >= minCount && !e.getKey().equals(PAD) && !e.getKey().equals(UNKNOWN))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxSize - 2L).forEach(e -> words.add(e.getKey()));
        return new WordVocabulary(words);
    }

    /** Number of ids, PAD and UNKNOWN included: the size of a model's embedding. */
    public int size() { return words.size(); }

    /** The id of {@code word}; 1 (UNKNOWN) for a word not in the vocabulary. */
    public int id(String word) { return ids.getOrDefault(word, 1); }

    /** The word of {@code id}. */
    public String word(int id) {
        if (id < 0 || id >= words.size())
            throw new IllegalArgumentException("Word id " + id + " is outside the vocabulary's 0.." + (words.size() - 1) + ".");
        return words.get(id);
    }

    /** The id of each token. */
    public int[] encode(List<String> tokens) { return tokens.stream().mapToInt(this::id).toArray(); }

    /**
     * Documents as a padded batch for a recurrent classifier: ids (N, T) int32 with a mask (N, T), 1 at the
     * first min(length, maxLength) tokens of each document and 0 after (longer documents are cut),
     * and y the class ids (N). T is the longest kept length. An empty document reads as one UNKNOWN word.
     */
    public Dataset dataset(List<? extends List<String>> documents, int[] labels, List<String> classNames, int maxLength) {
        if (documents.size() != labels.length)
            throw new IllegalArgumentException("WordVocabulary.dataset: " + documents.size() + " documents but " + labels.length + " labels.");
        if (maxLength < 1) throw new IllegalArgumentException("WordVocabulary.dataset: maxLength must be >= 1, got " + maxLength + ".");
        int t = 1;
        for (List<String> d : documents) t = Math.max(t, Math.min(d.size(), maxLength));
        int[][] x = new int[documents.size()][t];
        float[][] mask = new float[documents.size()][t];
        for (int n = 0; n < x.length; n++) {
            List<String> d = documents.get(n);
            int len = Math.min(d.size(), maxLength);
            for (int i = 0; i < len; i++) { x[n][i] = id(d.get(i)); mask[n][i] = 1; }
            if (len == 0) { x[n][0] = 1; mask[n][0] = 1; }
        }
        return Dataset.ofClassIds(Nd4j.createFromArray(x), labels, classNames).withMask(Nd4j.createFromArray(mask));
    }

    @Override
    public String toString() {
        return "WordVocabulary(" + size() + " ids: " + String.join(", ", words.subList(0, Math.min(12, words.size()))) + (size() > 12 ? ", ..." : "") + ")";
    }
}
