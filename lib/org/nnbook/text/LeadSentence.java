package org.nnbook.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lead baseline of summarisation: a text's first sentence taken as its summary. In news it is hard
 * to beat (the first sentence says what happened; See, Liu and Manning, 2017, report ROUGE-1/2/L
 * 40.3/17.7/36.6 for the first three sentences on CNN/Daily Mail, above their own model), so a learned
 * summariser is measured against it.
 *
 * <p>A sentence ends at {@code .}, {@code !} or {@code ?} followed by white space and then a capital
 * letter, a digit or an opening quote or bracket (so "e.g. a file" and "version 2.0" do not end one);
 * without such an end the whole text is its first sentence.
 */
public final class LeadSentence {
    private static final Pattern END = Pattern.compile("[.!?](?=\\s+[\\p{Lu}\\p{N}\"'(\\[])");

    private LeadSentence() {}

    /** The first sentence of {@code text}, stripped, with its final punctuation. */
    public static String of(String text) {
        if (text == null) throw new IllegalArgumentException("LeadSentence.of needs a text, got null.");
        Matcher m = END.matcher(text);
        return (m.find() ? text.substring(0, m.end()) : text).strip();
    }
}
