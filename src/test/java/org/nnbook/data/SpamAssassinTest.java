package org.nnbook.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The SpamAssassin corpus from the data cache (skipped when it has not been fetched; `binder/course test` fetches it). */
class SpamAssassinTest {

    @Test
    void sixThousandMailsInFiveGroupsWithSubjectsAndBodies() {
        Assumptions.assumeTrue(Files.isRegularFile(SpamAssassin.tarball()) || System.getenv("NNBOOK_REQUIRE_DATA") != null,
                "not fetched: datasets/fetch spam-assassin");
        List<SpamAssassin.Mail> mails = SpamAssassin.mails();
        assertEquals(6046, mails.size());
        Map<String, Long> groups = mails.stream().collect(Collectors.groupingBy(SpamAssassin.Mail::group, Collectors.counting()));
        assertEquals(Map.of("easy-ham-1", 2500L, "easy-ham-2", 1400L, "hard-ham-1", 250L, "spam-1", 500L, "spam-2", 1396L), groups);
        assertEquals(1896, mails.stream().filter(SpamAssassin.Mail::spam).count());
        SpamAssassin.Mail first = mails.stream().filter(m -> m.group().equals("spam-1")).findFirst().orElseThrow();
        assertEquals("Life Insurance - Why Pay More?", first.subject());
        assertTrue(first.headers().startsWith("From 12a1mailbot1@web.de"));
        assertFalse(first.body().isBlank());
        assertFalse(first.body().contains("Return-Path:"), "the body starts after the headers");
        long withSubject = mails.stream().filter(m -> !m.subject().isEmpty()).count();
        assertTrue(withSubject > 6000, withSubject + " mails with a subject");
    }

    @Test
    void aMissingOrCorruptTarballSaysWhatToRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        String before = System.getProperty("nnbook.data");
        try {
            System.setProperty("nnbook.data", dir.toString());
            var missing = assertThrows(DataFileException.class, SpamAssassin::mails);
            assertTrue(missing.getMessage().contains("spam-assassin"), missing.getMessage());
            Files.createDirectories(SpamAssassin.tarball().getParent());
            Files.write(SpamAssassin.tarball(), new byte[]{31, -117, 8, 0, 1, 2, 3});
            var corrupt = assertThrows(DataFileException.class, SpamAssassin::mails);
            assertTrue(corrupt.getMessage().contains("datasets/fetch spam-assassin"), corrupt.getMessage());
        } finally {
            if (before == null) System.clearProperty("nnbook.data");
            else System.setProperty("nnbook.data", before);
        }
    }
}
