package org.nnbook.text;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the saved form of {@link BytePairEncoding} (see its class comment), checking each line. */
final class BpeFile {
    private BpeFile() {}

    static BytePairEncoding read(Path file) throws IOException {
        try {
            return read(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("BPE file " + file + " does not exist: save one with BytePairEncoding.save, or check the path.", e);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + " is not a BPE file (not UTF-8 text): expected one written by BytePairEncoding.save.", e);
        }
    }

    static BytePairEncoding read(Path file, List<String> lines) {
        String expected = "expected a file written by BytePairEncoding.save, which starts with the line '"
                + BytePairEncoding.FORMAT + " " + BytePairEncoding.VERSION + "'";
        if (lines.isEmpty() || !lines.get(0).startsWith(BytePairEncoding.FORMAT + " "))
            throw new IllegalArgumentException(file + " is not a BPE file: " + expected + ", found "
                    + (lines.isEmpty() ? "an empty file" : "'" + shorten(lines.get(0)) + "'") + ".");
        int version;
        try {
            version = Integer.parseInt(lines.get(0).substring(BytePairEncoding.FORMAT.length() + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " has a damaged header '" + shorten(lines.get(0)) + "': " + expected + ".");
        }
        if (version > BytePairEncoding.VERSION)
            throw new IllegalArgumentException(file + " is BPE format version " + version + ", newer than this nnbook reads (version "
                    + BytePairEncoding.VERSION + "): update nnbook to read it.");
        if (version < 1) throw new IllegalArgumentException(file + " has an unknown BPE format version " + version + ": " + expected + ".");
        int n;
        try {
            if (lines.size() < 2 || !lines.get(1).startsWith("merges ")) throw new NumberFormatException();
            n = Integer.parseInt(lines.get(1).substring(7).trim());
            if (n < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " is corrupt: line 2 should be 'merges N' with N >= 0, found '"
                    + (lines.size() < 2 ? "" : shorten(lines.get(1))) + "'. Save the tokeniser again.");
        }
        if (lines.size() < 2 + n)
            throw new IllegalArgumentException(file + " is truncated: its header announces " + n + " merges but it holds "
                    + (lines.size() - 2) + ". Save the tokeniser again (was the copy interrupted?).");
        int[][] merges = new int[n][];
        for (int k = 0; k < n; k++) {
            String line = lines.get(2 + k);
            String[] f = line.trim().split(" ");
            int maxId = BytePairEncoding.FIRST_MERGE + k - 1;       // merge k may use the bytes and the merges before it
            try {
                if (f.length != 2) throw new NumberFormatException();
                int l = Integer.parseInt(f[0]), r = Integer.parseInt(f[1]);
                if (l < BytePairEncoding.FIRST_BYTE || r < BytePairEncoding.FIRST_BYTE || l > maxId || r > maxId) throw new NumberFormatException();
                merges[k] = new int[]{l, r};
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " is corrupt at line " + (3 + k) + ": expected two ids between "
                        + BytePairEncoding.FIRST_BYTE + " and " + maxId + " separated by a space, found '" + shorten(line) + "'. Save the tokeniser again.");
            }
        }
        for (int k = 2 + n; k < lines.size(); k++)
            if (!lines.get(k).isBlank())
                throw new IllegalArgumentException(file + " is corrupt: it holds more lines than the " + n + " merges its header announces (line "
                        + (k + 1) + "). Save the tokeniser again.");
        return new BytePairEncoding(merges);
    }

    private static String shorten(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }
}
