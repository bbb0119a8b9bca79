package org.nnbook.data;

import org.nnbook.audio.Wav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spoken digits 0-9 in English, French, Spanish, Italian and Russian (label: the digit, whatever the
 * language), for notebook 10.
 * <ul>
 *   <li>{@link #synthetic(int)}: made by espeak-ng and sox (8 kHz, 16-bit) with many accents, voice
 *       variants, speeds and pitches, by {@code datasets/fetch spoken-digits} into
 *       {@code <cache>/spoken-digits/}; its {@code manifest.csv} lists each clip with its SHA-256, checked
 *       on every read.</li>
 *   <li>{@link #real()}: 50 recordings of real people, Asterisk's telephone prompts {@code digits/0-9.wav}
 *       (8 kHz), one speaker per language, packed in the jar and checked against their SHA-256 sums.
 *       Licence and authors: {@code datasets/spoken-digits-real/ATTRIBUTION.md}.</li>
 * </ul>
 */
public final class SpokenDigits {
    /** The languages, in the order of the data. */
    public static final List<String> LANGUAGES = List.of("en", "fr", "es", "it", "ru");
    /** Clips per language and digit: the full set, and the quick one (its first clips). */
    public static final int FULL = 40, QUICK = 10;
    static final String REAL_SUMS_SHA = "5aeda2e6b093269fb7b4098832206de6e4c16cbbbcf194ae298ad7b3f2ed566a";

    /** One clip: where it came from, the digit said, its language, who said it (voice), and the sound. */
    public record Clip(String name, int digit, String language, String voice, Wav wav) {
        @Override
        public String toString() { return name + " (digit " + digit + ", " + language + ", " + voice + ", " + String.format("%.2f s)", wav.seconds()); }
    }

    private SpokenDigits() {}

    /**
     * The first {@code perClass} synthetic clips of every language and digit (5 · 10 · perClass clips),
     * ordered by clip number, language, digit. Made first when they are missing and fetching is on
     * (see {@link DataFetch}); otherwise the error names the command that makes them.
     */
    public static List<Clip> synthetic(int perClass) {
        if (perClass < 1 || perClass > FULL)
            throw new IllegalArgumentException("perClass must be 1 to " + FULL + " (the clips per language and digit of the full set), got " + perClass);
        Path dir = DataCache.dir("spoken-digits"), manifest = dir.resolve("manifest.csv");
        DataFetch.Set set = perClass <= QUICK ? DataFetch.SPOKEN_DIGITS_QUICK : DataFetch.SPOKEN_DIGITS;
        DataFetch.find(set, () -> rows(manifest) >= 50 * perClass ? manifest : null, manifest,
                "It lists the clips (" + 50 * perClass + " needed, " + Math.max(0, rows(manifest)) + " there).");
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException(manifest.toString(), "cannot read " + manifest + ": " + e.getMessage(), e);
        }
        List<Clip> clips = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");        // file,digit,lang,accent,variant,speed,pitch,bytes,sha256
            if (f.length != 9)
                throw new DataFileException(manifest.toString(), manifest + ": a line of " + f.length + " fields, 9 expected: " + line + ". " + remake());
            int number = Integer.parseInt(f[0].substring(f[0].lastIndexOf('/') + 1, f[0].length() - 4));
            if (number >= perClass) continue;
            Path file = dir.resolve(f[0]);
            byte[] bytes = readChecked(file, f[8], remake());
            clips.add(new Clip(f[0], Integer.parseInt(f[1]), f[2], f[3] + "+" + f[4] + " speed " + f[5] + " pitch " + f[6], wav(bytes, file.toString())));
        }
        if (clips.size() != 50 * perClass)
            throw new DataFileException(manifest.toString(), manifest + " lists " + clips.size() + " clips numbered below " + perClass + ", not " + 50 * perClass + ". " + remake());
        return clips;
    }

    /** The 50 real recordings, ordered by language ({@link #LANGUAGES}) and digit. */
    public static List<Clip> real() {
        String where = "the nnbook jar's org/nnbook/data/spoken-digits-real/";
        byte[] sums = resource("SHA256SUMS", where);
        if (!IdxFile.sha256(sums).equals(REAL_SUMS_SHA))
            throw new DataFileException(where + "SHA256SUMS", where + "SHA256SUMS is not the expected list (SHA-256 " + REAL_SUMS_SHA + "). Rebuild the jar.");
        Map<String, String> sha = new HashMap<>();
        for (String line : new String(sums, StandardCharsets.US_ASCII).split("\n"))
            if (!line.isBlank()) sha.put(line.substring(66).strip(), line.substring(0, 64));
        String[] speakers = {"Allison Smith (en_US)", "June Wallack (fr_CA)", "Allison Smith (es_MX)", "Carlo Flora (it_IT)", "IvrvoiceRU (ru_RU)"};
        List<Clip> clips = new ArrayList<>();
        for (int l = 0; l < LANGUAGES.size(); l++)
            for (int d = 0; d < 10; d++) {
                String name = LANGUAGES.get(l) + "/" + d + ".wav";
                byte[] bytes = resource(name, where);
                if (!IdxFile.sha256(bytes).equals(sha.get(name)))
                    throw new DataFileException(where + name, where + name + " is corrupt: its SHA-256 is not " + sha.get(name) + ". Rebuild the jar.");
                clips.add(new Clip(name, d, LANGUAGES.get(l), speakers[l], wav(bytes, where + name)));
            }
        return clips;
    }

    private static byte[] resource(String name, String where) {
        try (InputStream in = SpokenDigits.class.getResourceAsStream("spoken-digits-real/" + name)) {
            if (in == null) throw new DataFileException(where + name, where + name + " is missing from the class path. Rebuild the jar (mvn package).");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataFileException(where + name, "cannot read " + where + name + ": " + e.getMessage(), e);
        }
    }

    static byte[] readChecked(Path file, String sha, String fix) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFileException(file.toString(), "cannot read " + file + " (" + e + "). " + fix, e);
        }
        String found = IdxFile.sha256(bytes);
        if (!found.equals(sha))
            throw new DataFileException(file.toString(), file + " is corrupt: the manifest says SHA-256 " + sha + ", found " + found + ". " + fix);
        return bytes;
    }

    private static Wav wav(byte[] bytes, String name) {
        try {
            return Wav.parse(bytes, name);
        } catch (IOException e) {
            throw new DataFileException(name, e.getMessage(), e);
        }
    }

    private static String remake() {
        return "Delete " + DataCache.dir("spoken-digits") + " and make the clips again with `datasets/fetch spoken-digits`.";
    }

    /** Lines of the manifest after its header, or -1 when there is none. */
    static int rows(Path manifest) {
        if (!Files.isRegularFile(manifest)) return -1;
        try (var lines = Files.lines(manifest)) {
            return (int) lines.count() - 1;
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
