package org.nnbook.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each Debian package's section ({@code libs}, {@code python}, {@code games}, {@code science}, ...: the
 * archive's own grouping of its ~63,000 packages into ~60 topics), from the {@code Section} field of
 * {@code main/binary-amd64/Packages}. {@code datasets/fetch debian-descriptions} writes it, with the
 * descriptions, as {@code <cache>/debian-descriptions/Sections}: one line {@code package section} per
 * package, sorted; {@code manifest.txt} records its SHA-256 and every read is checked against it. With
 * {@link DebianDescriptions.Pair#pkg()} it labels a description with its section, a text classification
 * task in the very domain of the descriptions (datasets/README.md).
 * <pre>{@code
 * Map<String, String> section = DebianSections.load();
 * section.get("python3-numpy");        // "python"
 * }</pre>
 */
public final class DebianSections {
    static final String FILE = "Sections";

    private DebianSections() {}

    /** Package name → section, from the data cache; fetches it first in a notebook (see {@link DataFetch}). */
    public static Map<String, String> load() {
        Path dir = DebianDescriptions.dir();
        if (!Files.isRegularFile(dir.resolve(FILE)) || !Files.isRegularFile(dir.resolve(DebianManifest.FILE)))
            DataFetch.find(DataFetch.DEBIAN_DESCRIPTIONS, () -> Files.isRegularFile(dir.resolve(FILE)) ? dir : null, dir.resolve(FILE), "");
        return read(dir);
    }

    /** Package name → section from {@code dir/Sections}, checked against {@code dir/manifest.txt}. */
    public static Map<String, String> read(Path dir) {
        DebianManifest manifest = DebianManifest.read(dir, DebianDescriptions.REFETCH);
        String text = new String(manifest.verified(FILE, DebianDescriptions.REFETCH), StandardCharsets.UTF_8);
        Map<String, String> sections = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split(" ");
            if (f.length != 2)
                throw new DataFileException(dir.resolve(FILE).toString(), dir.resolve(FILE) + ": the line \"" + line
                        + "\" is not 'package section'. " + DebianDescriptions.REFETCH);
            sections.put(f[0], f[1]);
        }
        return Collections.unmodifiableMap(sections);
    }
}
