package org.nnbook.text;

import java.util.Map;

/**
 * The Porter stemmer (Porter, "An algorithm for suffix stripping", Program 14(3), 1980) in the variant that
 * NLTK's {@code PorterStemmer()} uses by default (mode NLTK_EXTENSIONS: Porter's own later changes plus NLTK's),
 * which is what rouge-score's {@code use_stemmer=True} calls: "relational" and "relate" both become "relat",
 * "flies" becomes "fli". For lower-case ASCII words, as {@link Rouge#tokens} gives.
 *
 * <p>Each step is a list of (suffix, replacement, condition on the stem before the suffix); the first suffix
 * of the list that the word ends with decides: the replacement if the condition holds, else the word stays.
 * The conditions use the measure m of a stem, the number of vowel-consonant changes in it ("tr" 0,
 * "trouble" 1, "troubles" 2), where y is a vowel after a consonant.
 */
final class PorterStemmer {
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("sky", "sky"), Map.entry("skies", "sky"),
            Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"), Map.entry("news", "news"),
            Map.entry("innings", "inning"), Map.entry("inning", "inning"), Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"), Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));
    private static final String[][] STEP2 = {{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
            {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"},
            {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},
            {"iviti", "ive"}, {"biliti", "ble"}, {"fulli", "ful"}};
    private static final String[][] STEP3 = {{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""}};
    private static final String[] STEP4 = {"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
            "ism", "ate", "iti", "ous", "ive", "ize"};

    private PorterStemmer() {}

    static String stem(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        if (IRREGULAR.containsKey(w)) return IRREGULAR.get(w);
        if (w.length() <= 2) return w;
        return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(w))))))));
    }

    private static String step1a(String w) {
        if (w.endsWith("ies") && w.length() == 4) return w.substring(0, 1) + "ie";       // dies -> die, ties -> tie
        if (w.endsWith("sses")) return cut(w, 4) + "ss";
        if (w.endsWith("ies")) return cut(w, 3) + "i";
        if (w.endsWith("ss")) return w;
        return w.endsWith("s") ? cut(w, 1) : w;
    }

    private static String step1b(String w) {
        if (w.endsWith("ied")) return cut(w, 3) + (w.length() == 4 ? "ie" : "i");
        if (w.endsWith("eed")) return measure(cut(w, 3)) > 0 ? cut(w, 1) : w;
        String s;
        if (w.endsWith("ed") && hasVowel(cut(w, 2))) s = cut(w, 2);
        else if (w.endsWith("ing") && hasVowel(cut(w, 3))) s = cut(w, 3);
        else return w;
        if (s.endsWith("at") || s.endsWith("bl") || s.endsWith("iz")) return s + "e";
        if (endsDoubleConsonant(s)) return "lsz".indexOf(s.charAt(s.length() - 1)) < 0 ? cut(s, 1) : s;
        return measure(s) == 1 && endsCvc(s) ? s + "e" : s;
    }

    /** y -> i after a consonant that is not the first letter: happy -> happi, but enjoy and by stay. */
    private static String step1c(String w) {
        return w.endsWith("y") && w.length() > 2 && consonant(w, w.length() - 2) ? cut(w, 1) + "i" : w;
    }

    private static String step2(String w) {
        if (w.endsWith("alli") && measure(cut(w, 4)) > 0) return step2(cut(w, 4) + "al");
        if (w.endsWith("logi")) return measure(cut(w, 3)) > 0 ? cut(w, 4) + "log" : w;
        for (String[] r : STEP2) if (w.endsWith(r[0])) return measure(cut(w, r[0].length())) > 0 ? cut(w, r[0].length()) + r[1] : w;
        return w;
    }

    private static String step3(String w) {
        for (String[] r : STEP3) if (w.endsWith(r[0])) return measure(cut(w, r[0].length())) > 0 ? cut(w, r[0].length()) + r[1] : w;
        return w;
    }

    private static String step4(String w) {
        for (String suffix : STEP4) {
            if (!w.endsWith(suffix)) continue;
            String s = cut(w, suffix.length());
            boolean ok = measure(s) > 1 && (!suffix.equals("ion") || s.endsWith("s") || s.endsWith("t"));
            return ok ? s : w;
        }
        return w;
    }

    private static String step5a(String w) {
        if (!w.endsWith("e")) return w;
        String s = cut(w, 1);
        int m = measure(s);
        return m > 1 || (m == 1 && !endsCvc(s)) ? s : w;
    }

    private static String step5b(String w) { return w.endsWith("ll") && measure(cut(w, 1)) > 1 ? cut(w, 1) : w; }

    private static String cut(String w, int n) { return w.substring(0, w.length() - n); }

    /** A letter other than a, e, i, o, u, and other than a y after a consonant. */
    private static boolean consonant(String w, int i) {
        char c = w.charAt(i);
        if ("aeiou".indexOf(c) >= 0) return false;
        return c != 'y' || i == 0 || !consonant(w, i - 1);
    }

    /** m in [C](VC){m}[V]: how many times a vowel is followed by a consonant. */
    private static int measure(String s) {
        int m = 0;
        for (int i = 1; i < s.length(); i++) if (!consonant(s, i - 1) && consonant(s, i)) m++;
        return m;
    }

    private static boolean hasVowel(String s) {
        for (int i = 0; i < s.length(); i++) if (!consonant(s, i)) return true;
        return false;
    }

    private static boolean endsDoubleConsonant(String w) {
        int n = w.length();
        return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && consonant(w, n - 1);
    }

    /** Consonant-vowel-consonant at the end, the last not w, x or y (hop, wil); NLTK adds a two-letter vowel-consonant word. */
    private static boolean endsCvc(String w) {
        int n = w.length();
        if (n == 2) return !consonant(w, 0) && consonant(w, 1);
        return n >= 3 && consonant(w, n - 3) && !consonant(w, n - 2) && consonant(w, n - 1) && "wxy".indexOf(w.charAt(n - 1)) < 0;
    }
}
