package org.nnbook.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Debian's package descriptions in English and their French translations (the DDTP's i18n
 * {@code Translation-en} and {@code Translation-fr} of {@code main}), for translation and summarisation.
 * Made by {@code datasets/fetch debian-descriptions} into {@code <cache>/debian-descriptions/} (46 MB of
 * text from a 9 MB download); every read is checked against the SHA-256 and sizes its {@code manifest.txt}
 * records, together with the Debian release. Each description is under the licence of its package;
 * fetched, never committed (datasets/README.md). Parsing and cleaning: {@link TranslationFile}.
 *
 * <p>The two files are joined on {@code Description-md5} (the md5 of the English description that a
 * French one translates; a French one whose English text has since changed has no partner and is unused).
 * Three kinds of pairs, each source kept once (the first in the file's order, which is by package name):
 * <ul>
 *   <li>{@link #shortPairs()}: English synopsis → French synopsis (19,209 from bookworm 12.15; datasets/README.md has every count);</li>
 *   <li>{@link #paragraphPairs()}: the long descriptions' paragraphs, aligned one to one (the i-th with the
 *       i-th) where English and French have the same number of paragraphs; a pair is dropped when either
 *       side is a list or verbatim block, has more than {@value #MAX_WORDS} words, or one side is more than
 *       {@value #MAX_RATIO} times as long as the other in characters (a sign of misalignment);</li>
 *   <li>{@link #summaries()}: English long description (its paragraphs joined by a space) → its English synopsis.</li>
 * </ul>
 * {@link #summary()} prints the counts and what was dropped.
 *
 * <p>Split by package: packages that share a description (one md5) or a package that has several are one
 * group (a connected component), and a group goes wholly to train (80 %), validation (10 %) or test (10 %)
 * by a seeded hash of its first package name: the same seed gives the same parts, and a package keeps its
 * part when Debian's files change. As every source text is kept once, no English text is in two parts.
 */
public final class DebianDescriptions {
    /** A part of the split. */
    public enum Part { TRAIN, VALIDATION, TEST }

    /** A source text, its target, the package it comes from and the part of the split that package is in. */
    public record Pair(String source, String target, String pkg, Part part) {
        @Override
        public String toString() { return source + "  ->  " + target; }
    }

    /** The seed of {@link #load()}. */
    public static final long SEED = 42;
    public static final double TRAIN_FRACTION = 0.8, VALIDATION_FRACTION = 0.1;
    /** Paragraph pairs longer than this, in words on either side, are dropped. */
    public static final int MAX_WORDS = 100;
    /** Paragraph pairs whose lengths in characters differ by more than this factor are dropped. */
    public static final double MAX_RATIO = 3.0;
    static final String EN = "Translation-en", FR = "Translation-fr";
    static final String REFETCH = "Run `datasets/fetch debian-descriptions` (from the nnbook repository root) again: it fetches"
            + " again whatever does not match its manifest.";

    private final String release;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<Pair> shortPairs = new ArrayList<>(), paragraphPairs = new ArrayList<>(), summaries = new ArrayList<>();

    /** The pairs from the data cache, split with seed {@link #SEED}; fetches them first in a notebook (see {@link DataFetch}). */
    public static DebianDescriptions load() { return load(SEED); }

    /** The pairs from the data cache, split with {@code seed}. */
    public static DebianDescriptions load(long seed) {
        Path dir = dir();
        Path missing = firstMissing(dir);
        if (missing != null) DataFetch.find(DataFetch.DEBIAN_DESCRIPTIONS, () -> firstMissing(dir) == null ? dir : null, missing, "");
        return read(dir, seed);
    }

    /** The pairs from {@code dir}, which holds Translation-en, Translation-fr and manifest.txt, split with {@code seed}. */
    public static DebianDescriptions read(Path dir, long seed) {
        DebianManifest manifest = DebianManifest.read(dir, REFETCH);
        var en = TranslationFile.parse(manifest.verified(EN, REFETCH), "en", dir.resolve(EN).toString(), REFETCH);
        var fr = TranslationFile.parse(manifest.verified(FR, REFETCH), "fr", dir.resolve(FR).toString(), REFETCH);
        return new DebianDescriptions(manifest.release(), en, fr, seed);
    }

    /** The folder in the data cache. */
    public static Path dir() { return DataCache.dir("debian-descriptions"); }

    /** The first of manifest.txt, Translation-en and Translation-fr that is not in {@code dir}, or null. */
    static Path firstMissing(Path dir) {
        return List.of(DebianManifest.FILE, EN, FR).stream().map(dir::resolve).filter(f -> !Files.isRegularFile(f)).findFirst().orElse(null);
    }

    DebianDescriptions(String release, List<TranslationFile.Stanza> en, List<TranslationFile.Stanza> fr, long seed) {
        this.release = release;
        PackageGroups groups = new PackageGroups();
        Map<String, TranslationFile.Stanza> english = new LinkedHashMap<>(), french = new HashMap<>();
        for (var s : en) { groups.link(s.pkg(), s.md5()); english.putIfAbsent(s.md5(), s); }
        for (var s : fr) { groups.link(s.pkg(), s.md5()); french.putIfAbsent(s.md5(), s); }
        count("English descriptions", english.size());
        count("French descriptions", french.size());
        count("French without English", (int) french.keySet().stream().filter(m -> !english.containsKey(m)).count());
        Set<String> seenShort = new HashSet<>(), seenParagraph = new HashSet<>(), seenSummary = new HashSet<>();
        for (var e : english.values()) {
            Part part = groups.part(e.pkg(), seed);
            if (!e.paragraphs().isEmpty()) {
                String text = String.join(" ", e.paragraphs().stream().map(TranslationFile.Paragraph::text).toList());
                if (seenSummary.add(text)) summaries.add(new Pair(text, e.synopsis(), e.pkg(), part));
            }
            var f = french.get(e.md5());
            if (f == null) continue;
            count("in both", 1);
            if (seenShort.add(e.synopsis())) shortPairs.add(new Pair(e.synopsis(), f.synopsis(), e.pkg(), part));
            if (e.paragraphs().size() != f.paragraphs().size()) { count("unequal paragraph counts", 1); continue; }
            for (int i = 0; i < e.paragraphs().size(); i++) {
                var a = e.paragraphs().get(i);
                var b = f.paragraphs().get(i);
                String drop = a.list() || b.list() ? "lists or verbatim"
                        : words(a.text()) > MAX_WORDS || words(b.text()) > MAX_WORDS ? "over " + MAX_WORDS + " words"
                        : a.text().length() > MAX_RATIO * b.text().length() || b.text().length() > MAX_RATIO * a.text().length()
                        ? "length ratio over " + MAX_RATIO : !seenParagraph.add(a.text()) ? "repeated" : null;
                if (drop != null) count("paragraphs dropped: " + drop, 1);
                else paragraphPairs.add(new Pair(a.text(), b.text(), e.pkg(), part));
            }
        }
    }

    private void count(String what, int n) { counts.merge(what, n, Integer::sum); }

    private static int words(String s) { return s.isEmpty() ? 0 : s.split(" ").length; }

    /** English synopsis → French synopsis, every part. */
    public List<Pair> shortPairs() { return Collections.unmodifiableList(shortPairs); }

    /** English paragraph → French paragraph, every part. */
    public List<Pair> paragraphPairs() { return Collections.unmodifiableList(paragraphPairs); }

    /** English long description → English synopsis, every part. */
    public List<Pair> summaries() { return Collections.unmodifiableList(summaries); }

    /** The pairs of {@code pairs} in {@code part}, in order, e.g. {@code DebianDescriptions.of(d.shortPairs(), Part.TRAIN)}. */
    public static List<Pair> of(List<Pair> pairs, Part part) { return pairs.stream().filter(p -> p.part() == part).toList(); }

    /** {@code n} pairs drawn at random (seeded) from {@code pairs}, for display. */
    public static List<Pair> sample(List<Pair> pairs, int n, long seed) {
        List<Pair> copy = new ArrayList<>(pairs);
        Collections.shuffle(copy, new Random(seed));
        return List.copyOf(copy.subList(0, Math.min(n, copy.size())));
    }

    /** What the files hold and what was dropped, by name (e.g. "English descriptions", "paragraphs dropped: lists or verbatim"). */
    public Map<String, Integer> counts() { return Collections.unmodifiableMap(counts); }

    /** The Debian release the texts come from, e.g. "Debian bookworm (oldstable) 12.15, Release of Sat, 11 Jul 2026 10:16:37 UTC". */
    public String release() { return release; }

    /** A table of the pairs in each part, then the other counts, for display. */
    public String summary() {
        StringBuilder b = new StringBuilder(toString()).append('\n');
        b.append(String.format(Locale.ROOT, "%-16s %9s %11s %9s %9s%n", "", "train", "validation", "test", "total"));
        Map<String, List<Pair>> kinds = new LinkedHashMap<>();
        kinds.put("short pairs", shortPairs);
        kinds.put("paragraph pairs", paragraphPairs);
        kinds.put("summaries", summaries);
        kinds.forEach((name, pairs) -> b.append(String.format(Locale.ROOT, "%-16s %,9d %,11d %,9d %,9d%n", name,
                of(pairs, Part.TRAIN).size(), of(pairs, Part.VALIDATION).size(), of(pairs, Part.TEST).size(), pairs.size())));
        counts.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s: %,d%n", k, v)));
        return b.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DebianDescriptions(%s: %,d short pairs, %,d paragraph pairs, %,d summaries)", release,
                shortPairs.size(), paragraphPairs.size(), summaries.size());
    }
}
