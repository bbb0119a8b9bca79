package org.nnbook.text;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * BLEU against sacreBLEU's published values (github.com/mjpost/sacrebleu at commit f615c72: README.md,
 * test/test_bleu.py, test/test_sentence_bleu.py), cases computed by hand, and the 13a tokeniser.
 */
class BleuTest {
    // sacreBLEU's README and test/test_bleu.py (_hyps, _refs): two reference streams.
    static final List<String> SYS = List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
    static final List<String> REFS_1 = List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first.");
    static final List<String> REFS_2 = List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog.");

    @Test
    void readmeAndTestBleuCorpusValues() {
        Bleu.Score s = Bleu.corpus(SYS, REFS_1, REFS_2);
        assertEquals(48.530827, s.score(), 1e-8, "test_bleu.py test_corpus_bleu, default settings");
        assertEquals("BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)", s.toString(), "README.md, Out[3]");
        assertEquals(0.0, Bleu.corpus(List.of("", "", ""), REFS_1, REFS_2).score(), "test_corpus_bleu: empty hypotheses are kept and score 0");
        // README, "Variable Number of References": the first sentence has no first reference.
        List<String> refs1 = Arrays.asList(null, "It was not unexpected.", "The man bit him first.");
        assertEquals("BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)", Bleu.corpus(SYS, refs1, REFS_2).toString());
        List<String> empty1 = List.of("", "It was not unexpected.", "The man bit him first.");
        assertEquals(29.44, Bleu.corpus(SYS, empty1, REFS_2).score(), 0.005, "README: '' works like None there");
    }

    @Test
    void statisticsAndScoringFromTestBleu() {
        // test_case_statistics: no punctuation, so 13a tokenises as 'none' does.
        Bleu.Score s = Bleu.corpus(List.of("am I am a character sequence"), List.of("I am a symbol string sequence a a"));
        assertArrayEquals(new int[]{4, 2, 1, 0}, s.matches());
        assertArrayEquals(new int[]{6, 5, 4, 3}, s.totals());
        // test_case_scoring: compute_bleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11) = 0.8375922397 (no zero count, so every smoothing agrees).
        assertEquals(83.75922397, Bleu.fromCounts(new int[]{9, 7, 5, 3}, new int[]{10, 8, 6, 4}, 11, 11, false).score(), 1e-7);
        // test_raw_bleu: no n-gram in common -> 0 (issue #141), a perfect match -> 100.
        assertEquals(0.0, Bleu.corpus(List.of("this is a test", "another test"), List.of("ref1", "ref2")).score());
        assertEquals(100.0, Bleu.corpus(List.of("this is a test"), List.of("this is a test")).score(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Bleu.fromCounts(new int[3], new int[4], 1, 1, false));
    }

    @Test
    void sentenceBleuFromTestSentenceBleu() {
        // test_sentence_bleu.py: issue #98, smoothing 'exp', tokeniser 13a, effective order -> 8.493 (to 1e-3).
        Bleu.Score s = Bleu.sentence("Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;", "producţia de zahăr brut se exprimă în zahăr alb;");
        assertEquals(8.493, s.score(), 1e-3);
        assertEquals(0.0, Bleu.sentence("this is a cat", "okay thanks").score(), "test_cases_zero_bleu, issue #141");
        // test_bleu.py test_case_effective_order (smoothing does not matter when only unigrams exist): BP = e^(1 - 2/1).
        assertEquals(100 * 0.3678794411714425, Bleu.sentence("test", "a test").score(), 1e-8);
        assertEquals(100.0, Bleu.sentence("a test", "a test").score(), 1e-12);
    }

    @Test
    void casesComputedByHand() {
        // "this is a fest" / "this is a test": p = 3/4, 2/3, 1/2, and 0/1 smoothed by 'exp' to 1/(2 * 1); BP = 1.
        assertEquals(100 * Math.pow(0.75 * (2.0 / 3) * 0.5 * 0.5, 0.25), Bleu.corpus(List.of("this is a fest"), List.of("this is a test")).score(), 1e-10);
        // "a little test" / "a test", sentence level: p1 = 2/3, p2 = 0/2 -> 1/(2 * 2), p3 = 1/(4 * 1) ; hyp longer: BP = 1.
        assertEquals(100 * Math.pow((2.0 / 3) * 0.25 * 0.25, 1.0 / 3), Bleu.sentence("a little test", "a test").score(), 1e-10);
        // Brevity: "the cat sat" / "the cat sat on the mat": every n-gram matches (p = 1; no 4-gram: total 0 ends the orders,
        // whose precision 0 is floored by sacreBLEU's log, so corpus BLEU is ~0 while sentence BLEU is BP = e^(1 - 6/3)).
        Bleu.Score shortOne = Bleu.sentence("the cat sat", "the cat sat on the mat");
        assertEquals(100 * Math.exp(-1), shortOne.score(), 1e-10);
        assertEquals(Math.exp(-1), shortOne.bp(), 1e-15);
        assertEquals(0.5, shortOne.ratio(), 1e-15);
        assertEquals(0.0, Bleu.corpus(List.of("the cat sat"), List.of("the cat sat on the mat")).score(), 1e-300);
        // Two references: clipped at the most times any one reference holds the word; the closest length (shorter on a tie).
        Bleu.Score two = Bleu.corpus(List.of("the the the the"), List.of("the cat"), List.of("the the mat sat down"));
        assertEquals(2, two.matches()[0]);
        assertEquals(5, two.refLen(), "|4 - 2| = 2 > |4 - 5| = 1");
        assertEquals(2, Bleu.corpus(List.of("a b c d"), List.of("a b"), List.of("a b c d e f")).refLen(), "a tie at distance 2: the shorter");
    }

    @Test
    void tokenizer13a() {
        // mteval-v13a rules; expected outputs from running sacreBLEU's Tokenizer13a (commit f615c72) on these lines.
        assertEquals("Hello , world !", Bleu.tokenize13a("Hello, world!"));
        assertEquals("It's 3.14 , or 1,000.5 - 2 - 3 a . b . c . . .", Bleu.tokenize13a("It's 3.14, or 1,000.5 - 2-3 a.b.c..."));
        assertEquals("He said \" no \" & left < x >", Bleu.tokenize13a("He said &quot;no&quot; &amp; left &lt;x&gt;"));
        assertEquals("linebreak and newline here", Bleu.tokenize13a("line-\nbreak and\nnewline <skipped> here"));
        assertEquals("$ 5 ( approx . ) [ sic ] { x } @ user # tag 50 % a / b", Bleu.tokenize13a("$5 (approx.) [sic] {x} @user #tag 50% a/b"));
        assertEquals("café . Ünïcode , 日本語。", Bleu.tokenize13a("café. Ünïcode, 日本語。"));
        assertEquals("tabs and nbsp wide", Bleu.tokenize13a("tabs\tand\u00A0nbsp\u3000wide"), "Python's white space, wider than Java's \\s");
        assertEquals("", Bleu.tokenize13a(""));
    }

    @Test
    void mismatchedInputsSayWhatToDo() {
        var e = assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(SYS, List.of("one reference")));
        assertTrue(e.getMessage().contains("3 hypotheses but a reference list of 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of("x"), Arrays.asList((String) null)));
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(SYS));
    }
}
