package org.nnbook.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code manifest.txt} of {@code <cache>/debian-descriptions/}, written by {@code datasets/fetch
 * debian-descriptions}: which Debian release the texts come from and the SHA-256 and size of each file.
 * Debian updates its description files over time, so their checksums cannot be constants in the code:
 * the fetch records what it got (after checking it against the SHA-256 in Debian's signed InRelease), and
 * every read is checked against this record. Its lines are {@code key: value}, e.g.
 * <pre>
 * source: http://deb.debian.org/debian bookworm main
 * suite: oldstable
 * codename: bookworm
 * date: Sat, 11 Jul 2026 10:16:37 UTC
 * sha256: 62f59c3c...46c7f 32699363 Translation-en
 * </pre>
 * Lines starting with {@code #} are comments.
 */
final class DebianManifest {
    static final String FILE = "manifest.txt";
    private static final Pattern SHA = Pattern.compile("([0-9a-f]{64}) (\\d+) (\\S+)");

    private final Path path;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, String[]> files = new LinkedHashMap<>();   // name -> {sha256, bytes}

    private DebianManifest(Path path) { this.path = path; }

    /** Reads {@code dir/manifest.txt}; {@code fix} is added to every error. */
    static DebianManifest read(Path dir, String fix) {
        DebianManifest m = new DebianManifest(dir.resolve(FILE));
        String text;
        try {
            text = Files.readString(m.path);
        } catch (IOException e) {
            throw new DataFileException(m.path.toString(), "Cannot read " + m.path + " (" + e.getMessage() + "). " + fix, e);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int colon = line.indexOf(": ");
            if (colon <= 0) throw m.corrupt("line \"" + line + "\" is not 'key: value'", fix);
            String key = line.substring(0, colon), value = line.substring(colon + 2).strip();
            if (key.equals("sha256")) {
                Matcher s = SHA.matcher(value);
                if (!s.matches()) throw m.corrupt("line \"" + line + "\" is not 'sha256: <64 hex digits> <bytes> <file>'", fix);
                m.files.put(s.group(3), new String[]{s.group(1), s.group(2)});
            } else {
                m.fields.put(key, value);
            }
        }
        return m;
    }

    /**
     * The bytes of {@code dir/name}, checked against this manifest's SHA-256 and size.
     *
     * @throws DataFileException naming the file when the manifest has no line for it, or it differs
     */
    byte[] verified(String name, String fix) {
        String[] want = files.get(name);
        if (want == null) throw corrupt("it has no 'sha256:' line for " + name, fix);
        Path file = path.resolveSibling(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFileException(file.toString(), "Cannot read " + file + " (" + e.getMessage() + "). " + fix, e);
        }
        String found = IdxFile.sha256(bytes);
        if (!found.equals(want[0]))
            throw new DataFileException(file.toString(), file + " does not match " + path + ": expected SHA-256 " + want[0] + " ("
                    + want[1] + " bytes), found " + found + " (" + bytes.length + " bytes). The file is "
                    + (bytes.length < Long.parseLong(want[1]) ? "truncated" : "corrupt") + ". " + fix);
        return bytes;
    }

    /** A field such as {@code codename} or {@code date}, or "?" when the manifest has none. */
    String field(String key) { return fields.getOrDefault(key, "?"); }

    /** The release in words, e.g. "Debian bookworm (oldstable) 12.15, Release of Sat, 11 Jul 2026 10:16:37 UTC". */
    String release() {
        return field("origin") + " " + field("codename") + " (" + field("suite") + ") " + field("version") + ", Release of " + field("date");
    }

    private DataFileException corrupt(String what, String fix) {
        return new DataFileException(path.toString(), path + " is corrupt: " + what + ". " + fix);
    }
}
