package org.nnbook.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ROUGE against rouge-score's published values (github.com/google-research/google-research, rouge/rouge_scorer_test.py,
 * whose "ground truth" comes from runs of the original ROUGE-1.5.5, on the first two lines of rouge/testdata/target.txt
 * and prediction.txt) and hand cases. rouge-score's score(target, prediction) is Rouge.score(prediction, target) here.
 */
class RougeTest {
    // rouge/testdata/target.txt and prediction.txt, lines 1 and 2 (random strings made to exercise the tokeniser).
    static final String TARGET_0 = "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr"
            + " q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n";
    static final String TARGET_1 = "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer"
            + " HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw"
            + " p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n";
    static final String PREDICTION_0 = "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n";
    static final String PREDICTION_1 = "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed"
            + " nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n";

    @Test
    void againstRouge155FromRougeScorerTest() {
        Rouge.Result r0 = Rouge.score(PREDICTION_0, TARGET_0), r1 = Rouge.score(PREDICTION_1, TARGET_1);
        assertScore(r0.rouge1(), 0.68750, 0.40741, 0.51163);          // testRouge1AgainstRouge155
        assertScore(r1.rouge1(), 0.65385, 0.40476, 0.50000);
        assertScore(r0.rouge2(), 0.53333, 0.30769, 0.39024);          // testRouge2AgainstRouge155
        assertScore(r1.rouge2(), 0.48000, 0.29268, 0.36364);
        assertScore(r0.rougeL(), 0.68750, 0.40741, 0.51163);          // testRougeLAgainstRouge155
        assertScore(r1.rougeL(), 0.65385, 0.40476, 0.50000);
    }

    @Test
    void withStemmingAgainstRouge155FromRougeScorerTest() {
        // testRouge1AgainstRouge155WithStemming, testRouge2AgainstRouge155WithStemming (ROUGE-1.5.5 -m)
        assertScore(Rouge.score(PREDICTION_0, TARGET_0, true).rouge1(), 0.68750, 0.40741, 0.51163);
        assertScore(Rouge.score(PREDICTION_1, TARGET_1, true).rouge1(), 0.69231, 0.42857, 0.52941);
        assertScore(Rouge.score(PREDICTION_0, TARGET_0, true).rouge2(), 0.53333, 0.30769, 0.39024);
        assertScore(Rouge.score(PREDICTION_1, TARGET_1, true).rouge2(), 0.48000, 0.29268, 0.36364);
        assertEquals(List.of("the", "relat", "fli", "are", "gener"), Rouge.tokens("The relational flies are generalizations", true));
    }

    @Test
    void porterStemmerEqualsNltks() throws Exception {
        // porter-nltk.tsv: 2,126 words (Moby Dick's and the paper's examples) stemmed by NLTK 3.10.3 (porter-nltk.py beside it).
        var in = RougeTest.class.getResourceAsStream("porter-nltk.tsv");
        assertNotNull(in, "porter-nltk.tsv is missing from the test resources");
        int n = 0;
        for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\t");
            assertEquals(f[1], PorterStemmer.stem(f[0]), f[0]);
            n++;
        }
        assertEquals(2126, n);
    }

    @Test
    void smallCasesFromRougeScorerTest() {
        assertScore(Rouge.score("testing", "testing one two").rouge1(), 1, 1 / 3.0, 1 / 2.0);              // testRouge1
        assertScore(Rouge.score("testing one", "testing one two").rouge2(), 1, 1 / 2.0, 2 / 3.0);          // testRouge2
        assertScore(Rouge.score("testing one", "testing one two").rougeL(), 1, 2 / 3.0, 4 / 5.0);          // testRougeLConsecutive
        assertScore(Rouge.score("testing two", "testing one two").rougeL(), 1, 2 / 3.0, 4 / 5.0);          // testRougeLNonConsecutive
        assertScore(Rouge.score("testing one", "testing one two").rouge1(), 1, 2 / 3.0, 4 / 5.0);          // testMultipleRougeTypes
        Rouge.Result empty = Rouge.score("", "testing one two");                                            // testRougeEmpty
        for (Rouge.Score s : List.of(empty.rouge1(), empty.rouge2(), empty.rougeL())) assertScore(s, 0, 0, 0);
        // testLcsTable: ref [1, 2, 3, 4, 5], candidate [2, 5, 3, 4]: LCS 3 (2, 3, 4); [8, 9]: 0.
        assertEquals(3, Rouge.lcsLength(List.of("1", "2", "3", "4", "5"), List.of("2", "5", "3", "4")));
        assertEquals(0, Rouge.lcsLength(List.of("1", "2", "3", "4", "5"), List.of("8", "9")));
    }

    @Test
    void handCasesTokensAndMean() {
        assertEquals(List.of("the", "cat", "s", "3", "lives", "caf"), Rouge.tokens("The CAT's 3 lives—café!", false));
        // "the cat sat on the mat" / "the cat was on the mat": unigrams 5 of 6 shared; bigrams: the cat, on the, the mat = 3 of 5;
        // LCS = the cat on the mat = 5.
        Rouge.Result r = Rouge.score("the cat sat on the mat", "the cat was on the mat");
        assertScore(r.rouge1(), 5 / 6.0, 5 / 6.0, 5 / 6.0);
        assertScore(r.rouge2(), 3 / 5.0, 3 / 5.0, 3 / 5.0);
        assertScore(r.rougeL(), 5 / 6.0, 5 / 6.0, 5 / 6.0);
        // clipping: "the the the" / "the cat": 1 shared unigram; order matters for L but not for 1: "b a" / "a b".
        assertScore(Rouge.score("the the the", "the cat").rouge1(), 1 / 3.0, 1 / 2.0, 0.4);
        assertScore(Rouge.score("b a", "a b").rougeL(), 0.5, 0.5, 0.5);
        Rouge.Result m = Rouge.mean(List.of("the cat sat on the mat", "b a"), List.of("the cat was on the mat", "a b"), false);
        assertEquals((5 / 6.0 + 0.5) / 2, m.rougeL().f1(), 1e-12);
        assertEquals((5 / 6.0 + 1) / 2, m.rouge1().recall(), 1e-12);
        assertEquals("ROUGE-1 = 91.67 ROUGE-2 = 30.00 ROUGE-L = 66.67 (F1 x 100; recall 91.67/30.00/66.67)", m.toString());
        assertThrows(IllegalArgumentException.class, () -> Rouge.mean(List.of("a"), List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> Rouge.rougeN(List.of("a"), List.of("a"), 0));
    }

    static void assertScore(Rouge.Score s, double p, double r, double f) {
        assertEquals(p, s.precision(), 5e-6, "precision " + s);
        assertEquals(r, s.recall(), 5e-6, "recall " + s);
        assertEquals(f, s.f1(), 5e-6, "F1 " + s);
    }
}
