package org.nnbook.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The 50 real clips from the jar; the synthetic ones from the cache (skipped when not made), and the errors when they are missing or corrupt. */
class SpokenDigitsTest {

    @Test
    void fiftyRealClipsAt8kHz() {
        List<SpokenDigits.Clip> real = SpokenDigits.real();
        assertEquals(50, real.size());
        for (int i = 0; i < 50; i++) {
            SpokenDigits.Clip c = real.get(i);
            assertEquals(i % 10, c.digit());
            assertEquals(SpokenDigits.LANGUAGES.get(i / 10), c.language());
            assertEquals(8000, c.wav().sampleRate());
            assertTrue(c.wav().seconds() > 0.2 && c.wav().seconds() < 1, c.toString());
        }
        assertEquals("en/7.wav", real.get(7).name());
    }

    @Test
    void syntheticClipsFromTheCache() {
        Assumptions.assumeTrue(SpokenDigits.rows(DataCache.dir("spoken-digits").resolve("manifest.csv")) >= 50 * SpokenDigits.QUICK
                || System.getenv("NNBOOK_REQUIRE_DATA") != null, "not made: datasets/fetch spoken-digits-quick");
        List<SpokenDigits.Clip> clips = SpokenDigits.synthetic(2);
        assertEquals(100, clips.size());
        assertEquals(10, clips.stream().filter(c -> c.digit() == 4).count());
        assertEquals(20, clips.stream().filter(c -> c.language().equals("ru")).count());
        assertTrue(clips.stream().allMatch(c -> c.wav().sampleRate() == 8000 && c.wav().seconds() > 0.1));
    }

    @Test
    void missingOrCorruptClipsSayWhatToRun(@TempDir Path dir) throws IOException {
        String before = System.getProperty("nnbook.data"), fetch = System.getProperty("nnbook.fetch");
        try {
            System.setProperty("nnbook.data", dir.toString());
            System.setProperty("nnbook.fetch", "off");
            var missing = assertThrows(DataFileException.class, () -> SpokenDigits.synthetic(3));
            assertTrue(missing.getMessage().contains("manifest.csv") && missing.getMessage().contains("datasets/fetch spoken-digits-quick"), missing.getMessage());
            var full = assertThrows(DataFileException.class, () -> SpokenDigits.synthetic(40));
            assertTrue(full.getMessage().contains("datasets/fetch spoken-digits`"), full.getMessage());
            Path sd = Files.createDirectories(dir.resolve("spoken-digits"));
            StringBuilder manifest = new StringBuilder("file,digit,lang,accent,variant,speed,pitch,bytes,sha256\n");
            for (int i = 0; i < 50; i++)
                manifest.append(String.format("%s/%d/0000.wav,%d,%s,x,y,150,50,44,%s%n", SpokenDigits.LANGUAGES.get(i / 10), i % 10, i % 10,
                        SpokenDigits.LANGUAGES.get(i / 10), "0".repeat(64)));
            Files.writeString(sd.resolve("manifest.csv"), manifest);
            var absent = assertThrows(DataFileException.class, () -> SpokenDigits.synthetic(1));
            assertTrue(absent.getMessage().contains("en/0/0000.wav") && absent.getMessage().contains("datasets/fetch spoken-digits"), absent.getMessage());
            Files.createDirectories(sd.resolve("en/0"));
            Files.write(sd.resolve("en/0/0000.wav"), new byte[44]);
            var corrupt = assertThrows(DataFileException.class, () -> SpokenDigits.synthetic(1));
            assertTrue(corrupt.getMessage().contains("is corrupt") && corrupt.getMessage().contains("en/0/0000.wav"), corrupt.getMessage());
            assertEquals(sd.resolve("en/0/0000.wav").toString(), corrupt.file());
            assertThrows(IllegalArgumentException.class, () -> SpokenDigits.synthetic(41));
        } finally {
            restore("nnbook.data", before);
            restore("nnbook.fetch", fetch);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }
}
