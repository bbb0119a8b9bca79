package org.nnbook.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sound read from a WAV file: its sample rate and its samples as numbers in [-1, 1).
 *
 * <p>Reads the plain RIFF/WAVE format: a {@code fmt } chunk of format 1 (PCM) with 16 bits per sample,
 * then a {@code data} chunk of little-endian signed 16-bit samples; other chunks ({@code LIST}, ...) are
 * skipped. Several channels are averaged into one. Anything else (8-bit or float samples, compressed
 * formats, a file cut short) is an {@link IOException} that names the file and what was found.
 */
public record Wav(int sampleRate, float[] samples) {

    /** Length in seconds. */
    public double seconds() { return samples.length / (double) sampleRate; }

    /** Reads a 16-bit PCM WAV file. */
    public static Wav read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Reads a 16-bit PCM WAV stream; {@code name} is used in error messages. */
    public static Wav read(InputStream in, String name) throws IOException {
        return parse(in.readAllBytes(), name);
    }

    /** Parses the bytes of a WAV file; {@code name} is used in error messages. */
    public static Wav parse(byte[] bytes, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE"))
            throw new IOException(name + " is not a WAV file: it does not start with RIFF....WAVE (" + bytes.length + " bytes).");
        int channels = 0, rate = 0, bits = 0, format = -1;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = new String(bytes, pos, 4, java.nio.charset.StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16) throw new IOException(name + ": its fmt chunk has " + size + " bytes, at least 16 expected.");
                if (body + 16 > bytes.length)
                    throw new IOException(name + " is truncated inside its fmt chunk: 16 bytes needed, " + (bytes.length - body) + " follow.");
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                if (format == 0xFFFE && size >= 26) format = b.getShort(body + 24) & 0xffff;   // WAVE_FORMAT_EXTENSIBLE: the sub-format
            } else if (id.equals("data")) {
                if (format < 0) throw new IOException(name + ": its data chunk comes before any fmt chunk.");
                if (format != 1 || bits != 16)
                    throw new IOException(name + ": only 16-bit PCM WAV is read here, but it is " + describe(format, bits)
                            + ". Convert it, e.g. `sox in.wav -b 16 -e signed-integer out.wav`.");
                if (channels < 1) throw new IOException(name + ": its fmt chunk says " + channels + " channels.");
                if (body + size > bytes.length)
                    throw new IOException(name + " is truncated: its data chunk announces " + size + " bytes but only "
                            + (bytes.length - body) + " follow.");
                int frames = (int) (size / (2L * channels));
                float[] out = new float[frames];
                for (int i = 0; i < frames; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) sum += b.getShort(body + 2 * (i * channels + c));
                    out[i] = sum / channels / 32768f;
                }
                return new Wav(rate, out);
            }
            pos = body + (int) size + (int) (size & 1);               // chunks are padded to an even length
        }
        throw new IOException(name + " is truncated or incomplete: no data chunk" + (format < 0 ? " and no fmt chunk" : "") + " found.");
    }

    private static String describe(int format, int bits) {
        String f = switch (format) {
            case 1 -> "PCM";
            case 3 -> "IEEE float";
            case 6 -> "A-law";
            case 7 -> "mu-law";
            default -> "format " + format;
        };
        return f + " with " + bits + " bits per sample";
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        for (int i = 0; i < 4; i++) if (bytes[at + i] != tag.charAt(i)) return false;
        return true;
    }

    /** Writes 16-bit PCM mono WAV bytes (samples clipped to [-1, 1]); for tests and for saving an augmented clip. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * samples.length)
         .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
         .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16)
         .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * samples.length);
        for (float s : samples) b.putShort((short) Math.round(Math.max(-1, Math.min(32767 / 32768.0, s)) * 32768));
        return b.array();
    }
}
