package org.nnbook.data;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.data.DebianDescriptions.Part;

/**
 * Joining, aligning and splitting on the made-up stanzas of src/test/resources/org/nnbook/data/debian-descriptions/
 * (with a manifest written here), every error of reading the cache, and the real fetched files (skipped when
 * absent; `binder/course test` fetches them).
 */
class DebianDescriptionsTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        System.clearProperty("nnbook.data");
        System.clearProperty("nnbook.fetch");
    }

    /** The test stanzas in {@code dir}, with a manifest that matches them. */
    static Path snippet(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder m = new StringBuilder("# test\norigin: Debian\nsuite: stable\ncodename: testy\nversion: 0.1\ndate: Mon, 01 Jan 2024 00:00:00 UTC\n");
        for (String name : List.of("Translation-en", "Translation-fr", "Sections")) {
            byte[] b = name.equals("Sections") ? "alpha utils\nbeta doc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : TranslationFileTest.resource(name);
            Files.write(dir.resolve(name), b);
            m.append("sha256: ").append(IdxFile.sha256(b)).append(' ').append(b.length).append(' ').append(name).append('\n');
        }
        Files.writeString(dir.resolve("manifest.txt"), m);
        return dir;
    }

    private static List<String> sources(List<DebianDescriptions.Pair> pairs) { return pairs.stream().map(DebianDescriptions.Pair::source).toList(); }

    @Test
    void joinsOnMd5AndAlignsParagraphsOneToOne() throws IOException {
        var d = DebianDescriptions.read(snippet(tmp), 42);
        assertEquals("Debian testy (stable) 0.1, Release of Mon, 01 Jan 2024 00:00:00 UTC", d.release());
        assertEquals(List.of("tools for counting apples", "tools for counting oranges", "documentation for gamma", "a small clock",
                "a kettle that sings"), sources(d.shortPairs()), "one per English synopsis with a French partner, the shared md5 once");
        assertEquals("outils pour compter les pommes", d.shortPairs().get(0).target());
        assertEquals(List.of("Alpha counts apples in a basket and prints the total.", "It also counts pears.", "Beta counts oranges.",
                "This package contains the documentation.", "Gamma draws circles.", "Delta shows the time."), sources(d.paragraphPairs()));
        assertEquals(List.of("Alpha compte les pommes d'un panier et affiche le total.", "Il compte aussi les poires.",
                "Beta compte les oranges.", "Ce paquet contient la documentation.", "Gamma dessine des cercles.", "Delta affiche l'heure."),
                d.paragraphPairs().stream().map(DebianDescriptions.Pair::target).toList());
        assertEquals(List.of("Alpha counts apples in a basket and prints the total. It also counts pears.", "Beta counts oranges. This package"
                + " contains the documentation.", "Gamma draws circles. This package contains the documentation.", "Delta shows the time."
                + " Features: * a big hand * a small hand", "Epsilon boils water. It sings when done.", "Eta folds paper into boats. Run it"
                + " as: eta --fold"), sources(d.summaries()), "every English long description; zeta has none");
        assertEquals("a paper boat", d.summaries().get(5).target());
        Map<String, Integer> want = new HashMap<>(Map.of("English descriptions", 7, "French descriptions", 6, "French without English", 1,
                "in both", 5, "paragraphs dropped: repeated", 1, "paragraphs dropped: lists or verbatim", 1, "unequal paragraph counts", 1));
        assertEquals(want, d.counts());
        assertTrue(d.summary().contains("short pairs"), d.summary());
    }

    @Test
    void longAndMismatchedParagraphsAreDropped() {
        String md5 = "0123456789abcdef0123456789abcdef";
        String many = String.join(" ", java.util.Collections.nCopies(DebianDescriptions.MAX_WORDS + 1, "word"));
        var en = new TranslationFile.Stanza("p", md5, "s", List.of(para("Short one."), para(many), para("A fairly ordinary sentence of text.")));
        var fr = new TranslationFile.Stanza("p", md5, "s", List.of(para("Une courte."), para("Trop long."), para("Non.")));
        var d = new DebianDescriptions("r", List.of(en), List.of(fr), 1);
        assertEquals(List.of("Short one."), sources(d.paragraphPairs()));
        assertEquals(1, d.counts().get("paragraphs dropped: over 100 words"));
        assertEquals(1, d.counts().get("paragraphs dropped: length ratio over 3.0"));
    }

    private static TranslationFile.Paragraph para(String text) { return new TranslationFile.Paragraph(text, false); }

    @Test
    void theSplitKeepsEachPackageGroupInOnePartForEverySeed() throws IOException {
        Path dir = snippet(tmp);
        boolean moved = false;
        for (long seed = 0; seed < 40; seed++) {
            var d = DebianDescriptions.read(dir, seed);
            Map<String, Part> partOf = new HashMap<>();
            for (var pairs : List.of(d.shortPairs(), d.paragraphPairs(), d.summaries()))
                for (var p : pairs) assertEquals(p.part(), partOf.merge(p.pkg(), p.part(), (a, b) -> a), p.pkg() + " in two parts, seed " + seed);
            assertEquals(partOf.get("alpha-tools"), partOf.get("beta-tools"), "alpha-tools and beta-tools share a description: one group");
            assertEquals(d.shortPairs().stream().filter(p -> p.part() == Part.TRAIN).toList(), DebianDescriptions.of(d.shortPairs(), Part.TRAIN));
            assertEquals(sources(d.shortPairs()), sources(DebianDescriptions.read(dir, seed).shortPairs()));
            assertEquals(d.shortPairs(), DebianDescriptions.read(dir, seed).shortPairs(), "the same seed, the same parts");
            moved |= partOf.get("delta") != DebianDescriptions.read(dir, 0).shortPairs().get(3).part();
        }
        assertTrue(moved, "the seed changes the split");
    }

    @Test
    void aMissingFileNamesTheFetchCommand() throws IOException {
        System.setProperty("nnbook.data", tmp.toString());
        System.setProperty("nnbook.fetch", "off");
        var e = assertThrows(DataFileException.class, DebianDescriptions::load);
        Path manifest = tmp.resolve("debian-descriptions").resolve("manifest.txt");
        assertEquals(manifest.toString(), e.file());
        assertTrue(e.getMessage().startsWith("Debian descriptions file not found: " + manifest), e.getMessage());
        assertTrue(e.getMessage().contains(" debian-descriptions`"), e.getMessage());
        snippet(tmp.resolve("debian-descriptions"));
        Files.delete(tmp.resolve("debian-descriptions/Translation-fr"));
        var fr = assertThrows(DataFileException.class, DebianDescriptions::load);
        assertEquals(tmp.resolve("debian-descriptions/Translation-fr").toString(), fr.file());
        snippet(tmp.resolve("debian-descriptions"));
        assertEquals(5, DebianDescriptions.load().shortPairs().size(), "load() reads the cache's folder");
    }

    @Test
    void aCorruptOrTruncatedFileOrManifestIsAnErrorNamingTheFile() throws IOException {
        Path dir = snippet(tmp);
        Path en = dir.resolve("Translation-en");
        byte[] b = Files.readAllBytes(en);
        b[20] ^= 1;
        Files.write(en, b);
        var corrupt = assertThrows(DataFileException.class, () -> DebianDescriptions.read(dir, 1));
        assertEquals(en.toString(), corrupt.file());
        assertTrue(corrupt.getMessage().startsWith(en + " does not match " + dir.resolve("manifest.txt") + ": expected SHA-256 "), corrupt.getMessage());
        assertTrue(corrupt.getMessage().contains("The file is corrupt. Run `datasets/fetch debian-descriptions`"), corrupt.getMessage());

        Files.write(en, Arrays.copyOf(b, b.length - 30));
        var truncated = assertThrows(DataFileException.class, () -> DebianDescriptions.read(dir, 1));
        assertTrue(truncated.getMessage().contains("The file is truncated. Run `datasets/fetch debian-descriptions`"), truncated.getMessage());

        snippet(dir);
        Files.writeString(dir.resolve("manifest.txt"), "suite: stable\nsha256: nonsense\n");
        var manifest = assertThrows(DataFileException.class, () -> DebianDescriptions.read(dir, 1));
        assertEquals(dir.resolve("manifest.txt").toString(), manifest.file());
        assertTrue(manifest.getMessage().contains("is corrupt: line \"sha256: nonsense\" is not 'sha256: <64 hex digits> <bytes> <file>'"),
                manifest.getMessage());
        Files.writeString(dir.resolve("manifest.txt"), "suite: stable\n");
        assertTrue(assertThrows(DataFileException.class, () -> DebianDescriptions.read(dir, 1)).getMessage()
                .contains("it has no 'sha256:' line for Translation-en"));
    }

    /** datasets/fetch reads the same manifest: a copy that matches it is not fetched again (so no network is used here). */
    @Test
    void theFetchScriptAcceptsAVerifiedCopyWithoutDownloading() throws Exception {
        snippet(tmp.resolve("debian-descriptions"));
        Path script = Path.of("datasets", "fetch").toAbsolutePath();
        String text = Files.readString(script);
        assertTrue(text.contains("debian-descriptions) fetch_debian_descriptions ;;") && text.matches("(?s).*all\\) [^\n]*fetch_debian_descriptions.*"),
                "datasets/fetch knows the set, and 'all' fetches it");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "debian-descriptions").redirectErrorStream(true);
        pb.environment().put("NNBOOK_DATA", tmp.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("Debian descriptions: already in " + tmp.resolve("debian-descriptions") + " (testy, Release of Mon, 01 Jan 2024"
                + " 00:00:00 UTC; checksums verified against manifest.txt), nothing to do."), out);
    }

    /** The real files: the counts of bookworm (12.15: 19,209 / 27,466 / 60,594), with room for Debian's updates. */
    @Test
    void theFetchedFilesGiveTheExpectedCounts() {
        Assumptions.assumeTrue(DebianDescriptions.firstMissing(DebianDescriptions.dir()) == null || System.getenv("NNBOOK_REQUIRE_DATA") != null,
                "not fetched: datasets/fetch debian-descriptions");
        var d = DebianDescriptions.load();
        System.out.println(d.summary());
        assertTrue(d.release().startsWith("Debian "), d.release());
        assertBetween(15_000, 25_000, d.shortPairs().size(), "short pairs");
        assertBetween(20_000, 40_000, d.paragraphPairs().size(), "paragraph pairs");
        assertBetween(45_000, 80_000, d.summaries().size(), "summaries");
        Map<String, Part> pkgPart = new HashMap<>();
        for (var pairs : List.of(d.shortPairs(), d.paragraphPairs(), d.summaries())) {
            Map<String, Part> textPart = new HashMap<>();
            for (var p : pairs) {
                assertEquals(p.part(), pkgPart.merge(p.pkg(), p.part(), (a, b) -> a), "package " + p.pkg() + " in two parts");
                assertEquals(p.part(), textPart.merge(p.source(), p.part(), (a, b) -> a), "text in two parts: " + p.source());
                assertFalse(p.source().isBlank() || p.target().isBlank() || p.source().contains("  ") || p.target().contains("\n"), p.toString());
            }
            double test = DebianDescriptions.of(pairs, Part.TEST).size() / (double) pairs.size();
            assertBetween(0.07, 0.13, test, "the test part's share");
        }
        assertEquals(3, DebianDescriptions.sample(d.shortPairs(), 3, 1).size());
    }

    private static void assertBetween(double lo, double hi, double x, String what) {
        assertTrue(x >= lo && x <= hi, what + ": " + x + ", expected in [" + lo + ", " + hi + "]");
    }
}
