package org.nnbook.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * One file in the IDX format of LeCun's MNIST distribution: a 4-byte magic number
 * {@code 00 00 TT DD} (TT the element type, 0x08 = unsigned byte ... 0x0E = double; DD the number of
 * dimensions), DD big-endian 32-bit sizes, then the elements in row-major order.
 *
 * <p>{@link #read} accepts the file raw or gzipped (told apart by the gzip magic {@code 1f 8b}),
 * checks the header, that the data is exactly as long as the header says, and the SHA-256 of the
 * decompressed bytes. Any problem is a {@link DataFileException} naming the file, what was expected
 * and what was found.
 *
 * <p>Format: http://yann.lecun.com/exdb/mnist/ (section "The IDX file format").
 */
public final class IdxFile {
    private final String source;
    private final int type;
    private final int[] dims;
    private final byte[] bytes; // the whole decompressed file, header included
    private final int offset;   // where the data starts

    private IdxFile(String source, int type, int[] dims, byte[] bytes, int offset) {
        this.source = source;
        this.type = type;
        this.dims = dims;
        this.bytes = bytes;
        this.offset = offset;
    }

    /**
     * Reads and checks {@code file}. {@code sha256} is the expected SHA-256 (hex) of the decompressed
     * bytes, or null to skip that check.
     */
    public static IdxFile read(Path file, String sha256) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file.toString(), "Data file not found: " + file + ".", e);
        } catch (IOException e) {
            throw new DataFileException(file.toString(), "Cannot read data file " + file + ": " + e + ".", e);
        }
        return parse(file.toString(), raw, sha256);
    }

    /** As {@link #read(Path, String)} from a stream (e.g. a class-path resource); {@code source} names it in messages. */
    public static IdxFile read(InputStream in, String source, String sha256) {
        try (in) {
            return parse(source, in.readAllBytes(), sha256);
        } catch (IOException e) {
            throw new DataFileException(source, "Cannot read data file " + source + ": " + e + ".", e);
        }
    }

    private static IdxFile parse(String source, byte[] raw, String sha256) {
        byte[] b = isGzip(raw) ? gunzip(source, raw) : raw;
        if (b.length < 4 || b[0] != 0 || b[1] != 0 || elementSize(b[2]) == 0 || b[3] < 1)
            throw new DataFileException(source, source + " is not an IDX file: expected it to start with 00 00 TT DD"
                    + " (TT an IDX type 08..0E, DD >= 1 dimensions) or with the gzip magic 1f 8b, found "
                    + hex(b, 4) + ". The file is corrupt or of another format.");
        int rank = b[3];
        int offset = 4 + 4 * rank;
        if (b.length < offset)
            throw new DataFileException(source, source + " is truncated: its header needs " + offset + " bytes, found " + b.length + ".");
        int[] dims = new int[rank];
        long expected = elementSize(b[2]);
        for (int d = 0; d < rank; d++) {
            dims[d] = bigEndianInt(b, 4 + 4 * d);
            if (dims[d] < 0 || expected > Integer.MAX_VALUE)
                throw new DataFileException(source, source + " is corrupt: its header has impossible dimensions, found "
                        + hex(Arrays.copyOfRange(b, 4, offset), 4 * rank) + ".");
            expected *= dims[d];
        }
        long found = b.length - offset;
        if (found < expected)
            throw new DataFileException(source, source + " is truncated: its header promises dimensions " + Arrays.toString(dims)
                    + ", i.e. " + expected + " bytes of data, but only " + found + " bytes follow.");
        if (found > expected)
            throw new DataFileException(source, source + " is corrupt: its header promises dimensions " + Arrays.toString(dims)
                    + ", i.e. " + expected + " bytes of data, but " + found + " bytes follow.");
        if (sha256 != null) {
            String actual = sha256(b);
            if (!actual.equalsIgnoreCase(sha256))
                throw new DataFileException(source, source + " is corrupt or not the expected file: expected SHA-256 "
                        + sha256 + " of its decompressed bytes, found " + actual + ".");
        }
        return new IdxFile(source, b[2] & 0xFF, dims, b, offset);
    }

    /** The file or resource this was read from. */
    public String source() { return source; }

    /** The IDX element type code: 0x08 unsigned byte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double. */
    public int type() { return type; }

    /** The dimensions from the header, e.g. [60000, 28, 28]. */
    public int[] dims() { return dims.clone(); }

    /** The first dimension: the number of items. */
    public int count() { return dims[0]; }

    /** The element at flat index {@code i} of an unsigned-byte file, in [0, 255]. */
    public int unsignedByte(long i) { return bytes[offset + Math.toIntExact(i)] & 0xFF; }

    /** A copy of the data bytes (big-endian elements, header removed). */
    public byte[] data() { return Arrays.copyOfRange(bytes, offset, bytes.length); }

    /** Unsigned-byte data scaled by {@code scale} into {@code out[0 .. length)} (used for pixels: scale 1/255). */
    void unsignedBytesTo(float[] out, float scale) {
        for (int i = 0; i < out.length; i++) out[i] = (bytes[offset + i] & 0xFF) * scale;
    }

    /** Hex SHA-256 of {@code b}. */
    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java has no SHA-256", e);
        }
    }

    private static boolean isGzip(byte[] b) { return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b; }

    private static byte[] gunzip(String source, byte[] raw) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new DataFileException(source, source + " is truncated: its gzip stream ends early (" + raw.length
                    + " compressed bytes, expected more).", e);
        } catch (IOException e) {
            throw new DataFileException(source, source + " is corrupt: it starts like a gzip file but cannot be decompressed (" + e.getMessage() + ").", e);
        }
    }

    private static int elementSize(byte type) {
        switch (type) {
            case 0x08: case 0x09: return 1;
            case 0x0B: return 2;
            case 0x0C: case 0x0D: return 4;
            case 0x0E: return 8;
            default: return 0;
        }
    }

    private static int bigEndianInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static String hex(byte[] b, int n) {
        return b.length == 0 ? "an empty file" : HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(n, b.length));
    }

    @Override
    public String toString() { return "IdxFile(" + source + ", type 0x" + Integer.toHexString(type) + ", dims " + Arrays.toString(dims) + ")"; }
}
