package org.nnbook.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** chrF against sacreBLEU's published values (github.com/mjpost/sacrebleu at commit f615c72: README.md, test/test_chrf.py) and hand cases. */
class ChrFTest {

    @Test
    void readmeCorpusScoreWithTwoReferences() {
        assertEquals("chrF2 = 59.73", new ChrF().corpus(BleuTest.SYS, BleuTest.REFS_1, BleuTest.REFS_2).toString(), "README.md, Out[6]");
    }

    @Test
    void testChrfCasesWithBeta3AndEpsSmoothing() {
        // test_chrf.py test_cases: corpus_chrf(..., char_order=6, word_order=0, beta=3, eps_smoothing=True), EPSILON 1e-4.
        ChrF chrf = new ChrF(3, true);
        Object[][] cases = {
                {List.of("abcdefg"), List.of("hijklmnop"), 0.0}, {List.of("a"), List.of("b"), 0.0}, {List.of(""), List.of("b"), 0.0},
                {List.of(""), List.of("ref"), 0.0}, {List.of(""), List.of("reference"), 0.0}, {List.of("aa"), List.of("ab"), 8.3333},
                {List.of("a", "b"), List.of("a", "c"), 8.3333}, {List.of("a"), List.of("a"), 16.6667}, {List.of("a b c"), List.of("a b c"), 50.0},
                {List.of("a b c"), List.of("abc"), 50.0},
                {List.of(" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."),
                        List.of("risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."), 63.361730},
                {List.of(" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "),
                        List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."), 64.1302698},
                {List.of("Niemand hat die Absicht, eine Mauer zu errichten"), List.of("Niemand hat die Absicht, eine Mauer zu errichten"), 100.0}};
        for (Object[] c : cases) assertCase(chrf, c);
    }

    @Test
    void testChrfEffectiveOrderCases() {
        // test_chrf.py test_cases_effective_order: beta=3, eps_smoothing=False (sacreBLEU's default smoothing).
        ChrF chrf = new ChrF(3, false);
        Object[][] cases = {{List.of("a"), List.of("a"), 100.0}, {List.of(""), List.of("reference"), 0.0}, {List.of("a b c"), List.of("a b c"), 100.0},
                {List.of("a b c"), List.of("abc"), 100.0}, {List.of(""), List.of("c"), 0.0}, {List.of("a", "b"), List.of("a", "c"), 50.0},
                {List.of("aa"), List.of("ab"), 25.0}};
        for (Object[] c : cases) assertCase(chrf, c);
    }

    @Test
    void sentenceLevelCzechCases() {
        // test_chrf.py test_sentence_level_chrf: sentence_chrf(hyp, refs, eps_smoothing=True), beta 2.
        ChrF chrf = new ChrF(2, true);
        assertEquals(39.14078509, chrf.sentence("Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.",
                "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.").score(), 1e-4);
        assertEquals(31.22557079, chrf.sentence("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.",
                "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.").score(), 1e-4);
        assertEquals(57.15704367, chrf.sentence("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.",
                "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.").score(), 1e-4);
    }

    @Test
    void handCases() {
        ChrF chrf = new ChrF();
        // "abcde" / "abdce" (spaces removed): P_n = R_n = 1, 1/4, 0, 0, 0 for n = 1..5, no 6-gram: mean 1/4 each, F = 1/4.
        assertEquals(25.0, chrf.sentence("abc de", "abd ce").score(), 1e-12);
        assertEquals(100.0, chrf.sentence("le paquet", "le  paquet").score(), 1e-12, "white space does not count");
        assertEquals(0.0, chrf.sentence("xyz", "abc").score());
        // A prefix, half the reference: P_n = 1 and R_n = (9 - n) / (17 - n); F2 = 5 P R / (4 P + R) is close to R (recall weighs more).
        double r = 0;
        for (int n = 1; n <= 6; n++) r += (9.0 - n) / (17 - n) / 6;
        assertEquals(100 * 5 * r / (4 + r), chrf.sentence("abcdefgh", "abcdefghijklmnop").score(), 1e-10);
        assertEquals("ChrF(chrF2, character n-grams 1..6)", chrf.toString());
        assertThrows(IllegalArgumentException.class, () -> new ChrF(0, false));
        assertThrows(IllegalArgumentException.class, () -> chrf.corpus(List.of("a", "b"), List.of("a")));
    }

    @SuppressWarnings("unchecked")
    static void assertCase(ChrF chrf, Object[] c) {
        List<String> hyps = (List<String>) c[0], refs = (List<String>) c[1];
        assertEquals((double) c[2], chrf.corpus(hyps, refs).score(), 1e-4, hyps + " / " + refs);
    }
}
