package org.nnbook.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Herman Melville's "Moby Dick; or, The Whale" (1851): the 135 chapters, 1.19 million characters of
 * UTF-8 text (83 distinct characters), for character-level language models.
 *
 * <p>{@link #training()} and {@link #validation()} split the book by whole chapters: every tenth chapter
 * (10, 20, ..., 130) is held out, 13 chapters and about 10 % of the text, so that the validation text
 * is prose the model has never seen rather than the other half of a sentence it trained on.
 *
 * <p>The text is {@code datasets/moby-dick/moby-dick.txt.gz}, read from the class path at
 * {@code org/nnbook/data/moby-dick/}, or from the folder named by the system property
 * {@code nnbook.mobydick} when set. Every read is checked against the SHA-256 of the decompressed text.
 * Source and licence (the text is in the public domain; the npm package that carries it dedicates
 * its data under PDDL 1.0 / CC0): {@code datasets/README.md}.
 */
public final class MobyDick {
    static final String SHA = "fe282a57094ed62e7144fb7c804a9748fc1c909bf3b49d06e7276015f9f67240";
    static final String FILE = "moby-dick.txt.gz";
    static final String FIX = "The text comes from datasets/moby-dick/ (made by datasets/make-moby-dick); rebuild the jar with"
            + " `mvn package` from the repository root, or set -Dnnbook.mobydick=<that folder>.";
    private static final Pattern HEADING = Pattern.compile("^CHAPTER (\\d+)\\. (.*)$", Pattern.MULTILINE);

    /** One chapter: its number, its title (e.g. "Loomings.") and its text, heading line included. */
    public record Chapter(int number, String title, String text) {
        /** Whether the chapter belongs to the validation text (every tenth). */
        public boolean heldOut() { return number % 10 == 0; }
    }

    private MobyDick() {}

    /** The whole book. */
    public static String text() {
        byte[] gz = read();
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new DataFileException(FILE, FILE + " is not a readable gzip file (" + e.getMessage() + "). " + FIX, e);
        }
        String found = IdxFile.sha256(bytes);
        if (!found.equals(SHA))
            throw new DataFileException(FILE, FILE + " is corrupt or not the expected text: expected SHA-256 " + SHA + " of the text, found "
                    + found + ". " + FIX);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The 135 chapters in order. */
    public static List<Chapter> chapters() {
        String text = text();
        Matcher m = HEADING.matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[]{m.start(), Integer.parseInt(m.group(1))});
            titles.add(m.group(2).strip());
        }
        List<Chapter> chapters = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            chapters.add(new Chapter(starts.get(i)[1], titles.get(i), text.substring(starts.get(i)[0], end)));
        }
        return chapters;
    }

    /** The training text: every chapter but the tenth ones, in order. */
    public static String training() { return join(false); }

    /** The validation text: chapters 10, 20, ..., 130, in order. */
    public static String validation() { return join(true); }

    private static String join(boolean heldOut) {
        return chapters().stream().filter(c -> c.heldOut() == heldOut).map(Chapter::text).collect(Collectors.joining());
    }

    private static byte[] read() {
        String dir = System.getProperty("nnbook.mobydick");
        try {
            if (dir != null && !dir.isBlank()) {
                Path p = Path.of(dir, FILE);
                if (!Files.isRegularFile(p)) throw new DataFileException(p.toString(), "Text not found: " + p + ". " + FIX);
                return Files.readAllBytes(p);
            }
            try (InputStream in = MobyDick.class.getResourceAsStream("moby-dick/" + FILE)) {
                if (in == null)
                    throw new DataFileException(FILE, "The text is missing from the class path: no resource org/nnbook/data/moby-dick/" + FILE + ". " + FIX);
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new DataFileException(FILE, "Cannot read " + FILE + ": " + e + ". " + FIX, e);
        }
    }
}
