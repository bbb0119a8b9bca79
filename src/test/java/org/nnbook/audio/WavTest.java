package org.nnbook.audio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** 16-bit PCM WAV: a round trip, channels averaged, skipped chunks, and clear errors for everything else. */
class WavTest {

    @Test
    void roundTrip() throws IOException {
        float[] s = {0, 0.5f, -0.5f, -1, 32767 / 32768f};
        Wav w = Wav.parse(new Wav(8000, s).toBytes(), "test.wav");
        assertEquals(8000, w.sampleRate());
        assertArrayEquals(s, w.samples());
        assertEquals(5 / 8000.0, w.seconds(), 1e-12);
    }

    /** A WAV file with the given format fields and an extra LIST chunk before the data. */
    static byte[] wav(int format, int channels, int bits, short[] data, int announced) {
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + 12 + 8 + 2 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(0).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(8000)
         .putInt(8000 * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});                    // odd size: padded
        b.put("data".getBytes()).putInt(announced);
        for (short v : data) b.putShort(v);
        return b.array();
    }

    @Test
    void stereoIsAveragedAndOtherChunksSkipped() throws IOException {
        Wav w = Wav.parse(wav(1, 2, 16, new short[] {16384, 0, -16384, -16384}, 8), "stereo.wav");
        assertArrayEquals(new float[] {0.25f, -0.5f}, w.samples());
    }

    @Test
    void errorsNameTheFileAndTheProblem() {
        var notWav = assertThrows(IOException.class, () -> Wav.parse("hello world, not a wav".getBytes(), "a.txt"));
        assertTrue(notWav.getMessage().contains("a.txt") && notWav.getMessage().contains("RIFF"), notWav.getMessage());
        var floats = assertThrows(IOException.class, () -> Wav.parse(wav(3, 1, 32, new short[4], 8), "f.wav"));
        assertTrue(floats.getMessage().contains("IEEE float") && floats.getMessage().contains("sox"), floats.getMessage());
        var eight = assertThrows(IOException.class, () -> Wav.parse(wav(1, 1, 8, new short[4], 8), "u8.wav"));
        assertTrue(eight.getMessage().contains("8 bits"), eight.getMessage());
        var cut = assertThrows(IOException.class, () -> Wav.parse(wav(1, 1, 16, new short[4], 800), "cut.wav"));
        assertTrue(cut.getMessage().contains("truncated") && cut.getMessage().contains("800"), cut.getMessage());
        byte[] whole = new Wav(8000, new float[10]).toBytes();
        var noData = assertThrows(IOException.class, () -> Wav.parse(Arrays.copyOf(whole, 30), "short.wav"));
        assertTrue(noData.getMessage().contains("short.wav") && noData.getMessage().contains("truncated"), noData.getMessage());
    }
}
