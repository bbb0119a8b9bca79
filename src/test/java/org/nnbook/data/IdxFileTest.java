package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxFileTest {
    @TempDir
    Path tmp;

    /** An unsigned-byte IDX file of the given dimensions holding 0, 1, 2, ... */
    static byte[] idx(int... dims) {
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + n);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        for (int i = 0; i < n; i++) b.put((byte) i);
        return b.array();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) { gz.write(b); }
        return out.toByteArray();
    }

    @Test
    void readsRawAndGzippedAlike() throws IOException {
        byte[] raw = idx(3, 2, 2);
        Path a = Files.write(tmp.resolve("a-idx3-ubyte"), raw);
        Path b = Files.write(tmp.resolve("b-idx3-ubyte.gz"), gzip(raw));
        String sha = IdxFile.sha256(raw);
        IdxFile fa = IdxFile.read(a, sha), fb = IdxFile.read(b, sha);
        assertArrayEquals(new int[]{3, 2, 2}, fa.dims());
        assertEquals(3, fb.count());
        assertEquals(0x08, fb.type());
        assertArrayEquals(fa.data(), fb.data());
        assertEquals(11, fb.unsignedByte(11));
    }

    @Test
    void checksumMismatchNamesFileExpectedAndFound() throws IOException {
        byte[] raw = idx(4, 3);
        String sha = IdxFile.sha256(raw);
        raw[raw.length - 1] ^= 1; // one flipped bit in the data
        Path f = Files.write(tmp.resolve("flipped-idx2-ubyte"), raw);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, sha));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected SHA-256 " + sha), e.getMessage());
        assertTrue(e.getMessage().contains("found " + IdxFile.sha256(raw)), e.getMessage());
        assertEquals(f.toString(), e.file());
    }

    @Test
    void truncatedRawFileSaysHowManyBytesWereExpected() throws IOException {
        byte[] raw = idx(10, 4);
        Path f = Files.write(tmp.resolve("short-idx2-ubyte"), Arrays.copyOf(raw, raw.length - 7));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, IdxFile.sha256(raw)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("40 bytes") && e.getMessage().contains("33 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void truncatedGzipFileIsAnErrorNotGarbage() throws IOException {
        byte[] gz = gzip(idx(100, 28));
        Path f = Files.write(tmp.resolve("short-idx2-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, null));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void headerOnlyFileIsTruncated() throws IOException {
        Path f = Files.write(tmp.resolve("header-idx3-ubyte"), Arrays.copyOf(idx(2, 2, 2), 10));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, null));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("16 bytes"), e.getMessage());
    }

    @Test
    void badMagicShowsTheBytesFound() throws IOException {
        Path f = Files.writeString(tmp.resolve("page.html"), "<html>Not found</html>");
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, null));
        assertTrue(e.getMessage().contains("not an IDX file") && e.getMessage().contains("3c 68 74 6d"), e.getMessage());
        Path empty = Files.write(tmp.resolve("empty"), new byte[0]);
        e = assertThrows(DataFileException.class, () -> IdxFile.read(empty, null));
        assertTrue(e.getMessage().contains("an empty file"), e.getMessage());
    }

    @Test
    void extraBytesAreCorruption() throws IOException {
        byte[] raw = idx(2, 2);
        Path f = Files.write(tmp.resolve("long-idx2-ubyte"), Arrays.copyOf(raw, raw.length + 3));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, null));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("7 bytes follow"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = tmp.resolve("nowhere-idx1-ubyte");
        DataFileException e = assertThrows(DataFileException.class, () -> IdxFile.read(f, null));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(f.toString()), e.getMessage());
    }
}
