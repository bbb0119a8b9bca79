package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** The committed Moby Dick: its chapters, the held-out split, and clear errors for a bad file. */
class MobyDickTest {
    @TempDir
    Path dir;

    @Test
    void theBookItsChaptersAndTheHeldOutOnes() {
        String text = MobyDick.text();
        assertEquals(1_190_317, text.length());
        assertTrue(text.startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael."));
        List<MobyDick.Chapter> chapters = MobyDick.chapters();
        assertEquals(135, chapters.size());
        assertEquals("Loomings.", chapters.get(0).title());
        assertEquals(135, chapters.get(134).number());
        assertEquals(text, String.join("", chapters.stream().map(MobyDick.Chapter::text).toList()), "the chapters are the whole book");
        String training = MobyDick.training(), validation = MobyDick.validation();
        assertEquals(text.length(), training.length() + validation.length());
        assertEquals(13, chapters.stream().filter(MobyDick.Chapter::heldOut).count());
        assertTrue(validation.startsWith("CHAPTER 10. "), validation.substring(0, 40));
        double share = validation.length() / (double) text.length();
        assertTrue(share > 0.07 && share < 0.13, "validation share " + share);
    }

    @Test
    void aCorruptOrMissingFileSaysSo() throws IOException {
        String before = System.getProperty("nnbook.mobydick");
        try {
            System.setProperty("nnbook.mobydick", dir.toString());
            var missing = assertThrows(DataFileException.class, MobyDick::text);
            assertTrue(missing.getMessage().contains("make-moby-dick"), missing.getMessage());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(MobyDick.FILE)))) {
                out.write("CHAPTER 1. Loomings.\n\nCall me Bob.".getBytes(StandardCharsets.UTF_8));
            }
            var wrong = assertThrows(DataFileException.class, MobyDick::text);
            assertTrue(wrong.getMessage().contains("SHA-256"), wrong.getMessage());
            Files.write(dir.resolve(MobyDick.FILE), new byte[]{1, 2, 3});
            var notGzip = assertThrows(DataFileException.class, MobyDick::text);
            assertTrue(notGzip.getMessage().contains("gzip"), notGzip.getMessage());
        } finally {
            if (before == null) System.clearProperty("nnbook.mobydick");
            else System.setProperty("nnbook.mobydick", before);
        }
    }
}
