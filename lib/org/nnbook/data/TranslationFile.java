package org.nnbook.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parser for one Debian i18n {@code Translation-xx} file (what apt keeps as
 * {@code dists/<release>/main/i18n/Translation-en}): UTF-8 text, stanzas separated by empty lines, each
 * <pre>
 * Package: hello
 * Description-md5: 0123456789abcdef0123456789abcdef
 * Description-en: example package that greets the world
 *  The first paragraph of the long description, wrapped
 *  on lines that start with one space.
 *  .
 *  A second paragraph; " ." (a space and a dot) is an empty line.
 *    verbatim lines start with two spaces or more (lists, code)
 * </pre>
 * (Debian Policy 5.6.13 and the DDTP's Translation format). The synopsis is the text after
 * {@code Description-xx:}; the long description is the continuation lines, cut into paragraphs at the
 * {@code " ."} lines. Each paragraph's whitespace is normalised (its lines joined by one space, runs of
 * spaces and tabs made one space); a paragraph with a verbatim line or a bulleted line ({@code *}, {@code -},
 * {@code +}, {@code o} or {@code 1.} first) is marked as a {@code list}.
 *
 * <p>Anything else is an error naming the file and the line: a line that is neither a {@code Field: value}
 * nor a continuation, a stanza without Package, Description-md5 or Description-xx, an md5 that is not 32 hex
 * digits, bytes that are not UTF-8, or a file that does not end with a newline (truncated).
 */
final class TranslationFile {
    /** One paragraph of a long description: its text, whitespace normalised, and whether it is a list or verbatim block. */
    record Paragraph(String text, boolean list) {}

    /** One stanza: the package, the md5 of the English description, the synopsis and the long description's paragraphs. */
    record Stanza(String pkg, String md5, String synopsis, List<Paragraph> paragraphs) {}

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern BULLET = Pattern.compile("\\s*([*+o-]|\\d{1,2}[.)])\\s");

    private TranslationFile() {}

    /** Normalises whitespace: runs of spaces, tabs and line breaks become one space; the ends are stripped. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                space = b.length() > 0;
            } else {
                if (space) b.append(' ');
                space = false;
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The stanzas of {@code bytes}, a Translation file in language {@code lang} ("en", "fr"), in file order.
     *
     * @param file the file's name, for messages
     * @param fix  what to do about a corrupt file, added to the error
     * @throws DataFileException when the text is not a well-formed Translation file (see the class comment)
     */
    static List<Stanza> parse(byte[] bytes, String lang, String file, String fix) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, file + " is not UTF-8 text (" + e.getMessage() + "): it is corrupt. " + fix, e);
        }
        if (text.isEmpty())
            throw new DataFileException(file, file + " is empty, expected Debian's Translation-" + lang + " stanzas. " + fix);
        if (!text.endsWith("\n"))
            throw new DataFileException(file, file + " is truncated: it does not end with a newline (its last line is \""
                    + shorten(text.substring(text.lastIndexOf('\n') + 1)) + "\"). " + fix);
        String field = "Description-" + lang;
        List<Stanza> stanzas = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String pkg = null, md5 = null, synopsis = null, last = null;
        List<String> body = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {                                   // end of a stanza (or of the file)
                if (pkg != null || md5 != null || synopsis != null)
                    stanzas.add(stanza(pkg, md5, synopsis, body, field, file, start + 1, fix));
                pkg = md5 = synopsis = last = null;
                body = new ArrayList<>();
                start = i + 1;
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (last == null) throw malformed(file, i, line, "a continuation line with no field before it", fix);
                if (last.equals(field)) body.add(line);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw malformed(file, i, line, "neither 'Field: value' nor a continuation line (one leading space)", fix);
            last = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (last.equals("Package")) pkg = value;
            else if (last.equals("Description-md5")) md5 = value;
            else if (last.equals(field)) synopsis = clean(value);
        }
        return stanzas;
    }

    private static Stanza stanza(String pkg, String md5, String synopsis, List<String> body, String field, String file, int line, String fix) {
        String missing = pkg == null ? "Package" : md5 == null ? "Description-md5" : synopsis == null ? field : null;
        if (missing != null)
            throw new DataFileException(file, file + ": the stanza at line " + line + (pkg == null ? "" : " (Package: " + pkg + ")")
                    + " has no " + missing + " field; every stanza has Package, Description-md5 and " + field + ". The file is corrupt. " + fix);
        if (!MD5.matcher(md5).matches())
            throw new DataFileException(file, file + ": the stanza at line " + line + " (Package: " + pkg + ") has Description-md5 \""
                    + shorten(md5) + "\", expected 32 hex digits. The file is corrupt. " + fix);
        List<Paragraph> paragraphs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String l : body) {
            if (l.strip().equals(".")) { flush(lines, paragraphs); continue; }
            lines.add(l);
        }
        flush(lines, paragraphs);
        return new Stanza(pkg, md5, synopsis, List.copyOf(paragraphs));
    }

    private static void flush(List<String> lines, List<Paragraph> out) {
        if (lines.isEmpty()) return;
        boolean list = lines.stream().anyMatch(l -> l.startsWith("  ") || l.startsWith(" \t") || BULLET.matcher(l).lookingAt());
        String text = clean(String.join(" ", lines));
        if (!text.isEmpty()) out.add(new Paragraph(text, list));
        lines.clear();
    }

    private static DataFileException malformed(String file, int i, String line, String what, String fix) {
        return new DataFileException(file, file + ": line " + (i + 1) + " (\"" + shorten(line) + "\") is " + what
                + ", expected Debian's Translation format. The file is corrupt. " + fix);
    }

    private static String shorten(String s) { return s.length() <= 60 ? s : s.substring(0, 57) + "..."; }
}
