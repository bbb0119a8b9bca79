package org.nnbook.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Parsing Debian's Translation format, on the made-up stanzas in src/test/resources/org/nnbook/data/debian-descriptions/. */
class TranslationFileTest {
    static final String FIX = "Run `datasets/fetch debian-descriptions` again.";

    static byte[] resource(String name) {
        try (InputStream in = TranslationFileTest.class.getResourceAsStream("debian-descriptions/" + name)) {
            assertNotNull(in, "test resource debian-descriptions/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<TranslationFile.Stanza> parse(String text, String lang) {
        return TranslationFile.parse(text.getBytes(StandardCharsets.UTF_8), lang, "Translation-" + lang, FIX);
    }

    private static DataFileException error(String text) {
        return assertThrows(DataFileException.class, () -> parse(text, "en"));
    }

    @Test
    void stanzasSynopsesAndParagraphs() {
        var en = TranslationFile.parse(resource("Translation-en"), "en", "Translation-en", FIX);
        assertEquals(8, en.size());
        var alpha = en.get(0);
        assertEquals("alpha-tools", alpha.pkg());
        assertEquals("11111111111111111111111111111111", alpha.md5());
        assertEquals("tools for counting apples", alpha.synopsis(), "whitespace normalised");
        assertEquals(List.of(new TranslationFile.Paragraph("Alpha counts apples in a basket and prints the total.", false),
                new TranslationFile.Paragraph("It also counts pears.", false)), alpha.paragraphs(),
                "continuation lines joined by one space, cut into paragraphs at ' .'");
        assertEquals(List.of(), en.get(6).paragraphs(), "zeta: a synopsis and no long description");
        var delta = en.get(4).paragraphs();
        assertEquals(new TranslationFile.Paragraph("Features: * a big hand * a small hand", true), delta.get(1), "a bulleted list");
        assertTrue(en.get(7).paragraphs().get(1).list(), "a verbatim line (two leading spaces) makes the paragraph a list");
        assertEquals("Eta folds paper into boats.", en.get(7).paragraphs().get(0).text());
        var fr = TranslationFile.parse(resource("Translation-fr"), "fr", "Translation-fr", FIX);
        assertEquals(7, fr.size());
        assertEquals("Fonctionnalités : * une grande aiguille * une petite aiguille", fr.get(4).paragraphs().get(1).text());
    }

    @Test
    void otherFieldsTabsAndExtraDotsAreHandled() {
        var s = parse("Package: p\nDescription-md5: 0123456789abcdef0123456789abcdef\nVersion: 1\nDescription-en: a\ttool \n"
                + " One\t two.\n .\n .\n Three.\n .\n", "en");
        assertEquals(1, s.size());
        assertEquals("a tool", s.get(0).synopsis());
        assertEquals(List.of("One two.", "Three."), s.get(0).paragraphs().stream().map(TranslationFile.Paragraph::text).toList(),
                "empty paragraphs (two ' .' in a row, a trailing one) are not kept");
    }

    @Test
    void aTruncatedFileIsAnError() {
        DataFileException e = error("Package: p\nDescription-md5: 0123456789abcdef0123456789abcdef\nDescription-en: a tool\n Some te");
        assertTrue(e.getMessage().startsWith("Translation-en is truncated: it does not end with a newline (its last line is \" Some te\")"), e.getMessage());
        assertTrue(e.getMessage().endsWith(FIX), e.getMessage());
        assertEquals("Translation-en", e.file());
        DataFileException cut = error("Package: p\nDescription-md5: 0123456789abcdef0123456789abcdef\nDescription-en: a\n\nPackage: q\n");
        assertTrue(cut.getMessage().contains("the stanza at line 5 (Package: q) has no Description-md5 field"), cut.getMessage());
        assertTrue(error("").getMessage().contains("is empty"));
    }

    @Test
    void malformedLinesFieldsAndBytesAreErrorsNamingTheLine() {
        String head = "Package: p\nDescription-md5: 0123456789abcdef0123456789abcdef\nDescription-en: a\n";
        assertTrue(error(head + "garbage without a colon\n").getMessage()
                .contains("Translation-en: line 4 (\"garbage without a colon\") is neither 'Field: value' nor a continuation line"));
        assertTrue(error(" starts with a space\n").getMessage().contains("line 1 (\" starts with a space\") is a continuation line with no field before it"));
        assertTrue(error("Package: p\nDescription-md5: 12345\nDescription-en: a\n").getMessage()
                .contains("has Description-md5 \"12345\", expected 32 hex digits"));
        assertTrue(error("Package: p\nDescription-md5: 0123456789abcdef0123456789abcdef\nDescription-fr: a\n").getMessage()
                .contains("has no Description-en field"), "a French file read as English");
        byte[] latin1 = (head + " caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        DataFileException e = assertThrows(DataFileException.class, () -> TranslationFile.parse(latin1, "en", "Translation-en", FIX));
        assertTrue(e.getMessage().startsWith("Translation-en is not UTF-8 text"), e.getMessage());
    }

    @Test
    void cleanNormalisesWhitespace() {
        assertEquals("a b c", TranslationFile.clean("  a \t b\u00a0\u00a0c \n"));
        assertEquals("", TranslationFile.clean(" \t "));
    }
}
