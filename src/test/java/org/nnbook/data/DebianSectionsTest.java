package org.nnbook.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Reading the sections file against its manifest, its errors, and the real fetched file (skipped when absent). */
class DebianSectionsTest {
    @TempDir
    Path tmp;

    static void write(Path dir, String sections, String manifestSections) throws IOException {
        Files.writeString(dir.resolve("Sections"), sections);
        byte[] b = manifestSections.getBytes(StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("manifest.txt"), "# test\ncodename: testy\nsha256: " + IdxFile.sha256(b) + " " + b.length + " Sections\n");
    }

    @Test
    void readsPackageAndSectionVerifiedByTheManifest() throws IOException {
        String text = "alpha utils\nbeta-doc doc\npython3-gamma python\n";
        write(tmp, text, text);
        assertEquals(Map.of("alpha", "utils", "beta-doc", "doc", "python3-gamma", "python"), DebianSections.read(tmp));
    }

    @Test
    void aCorruptOrMalformedFileIsAnErrorNamingIt() throws IOException {
        write(tmp, "alpha utils\nbeta doc\n", "alpha utils\nbeta docs\n");
        var e = assertThrows(DataFileException.class, () -> DebianSections.read(tmp));
        assertTrue(e.getMessage().contains("Sections") && e.getMessage().contains("datasets/fetch debian-descriptions"), e.getMessage());
        write(tmp, "alpha utils extra\n", "alpha utils extra\n");
        e = assertThrows(DataFileException.class, () -> DebianSections.read(tmp));
        assertTrue(e.getMessage().contains("package section"), e.getMessage());
    }

    @Test
    void theRealFileLabelsMostDescriptions() {
        Path dir = DebianDescriptions.dir();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("Sections")), "no fetched Sections in " + dir);
        Map<String, String> s = DebianSections.read(dir);
        assertTrue(s.size() > 50_000, s.size() + " packages");
        assertEquals("python", s.get("python3-numpy"));
        assertEquals("libdevel", s.get("libc6-dev"));
    }
}
