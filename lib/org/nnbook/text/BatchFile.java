package org.nnbook.text;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Translation batches in a file, so that another framework (src/bench/python/translate_torch.py) trains
 * on exactly the batches nnbook trains on, in the same order, and translates the same sentences.
 * All numbers are little-endian int32:
 * <pre>
 *   "NNBATCH1"                                  8 ASCII bytes
 *   B                                            number of batches
 *   B times: N S T, source (N·S), targetIn (N·T), targetOut (N·T)      row-major; the source mask is source != PAD
 *   K, then K batch indices                      the batch of each training step ({@link TokenBatches#order})
 *   M, then M times: length L, L ids             sentences to translate (source ids without EOS)
 * </pre>
 * Translations come back as a text file, one line per sentence: its ids separated by spaces ({@link #writeIds}).
 */
public final class BatchFile {
    private static final byte[] MAGIC = "NNBATCH1".getBytes(StandardCharsets.US_ASCII);

    /** What a file holds. */
    public record Contents(List<TokenBatches.Batch> batches, int[] order, List<int[]> sentences) {}

    private BatchFile() {}

    public static void write(Path file, List<TokenBatches.Batch> batches, int[] order, List<int[]> sentences) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(MAGIC);
            writeInt(out, batches.size());
            for (TokenBatches.Batch b : batches) {
                writeInt(out, b.rows());
                writeInt(out, (int) b.source().size(1));
                writeInt(out, (int) b.targetIn().size(1));
                for (INDArray a : List.of(b.source(), b.targetIn(), b.targetOut())) for (int id : a.reshape(a.length()).toIntVector()) writeInt(out, id);
            }
            writeInt(out, order.length);
            for (int k : order) {
                if (k < 0 || k >= batches.size()) throw new IllegalArgumentException("BatchFile: step order names batch " + k + " of " + batches.size() + ".");
                writeInt(out, k);
            }
            writeInt(out, sentences.size());
            for (int[] s : sentences) {
                writeInt(out, s.length);
                for (int id : s) writeInt(out, id);
            }
        }
    }

    public static Contents read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException(file + " is not a batch file (it does not start with NNBATCH1).");
            int count = readInt(in);
            List<TokenBatches.Batch> batches = new ArrayList<>();
            for (int b = 0; b < count; b++) {
                int n = readInt(in), s = readInt(in), t = readInt(in);
                int[] src = ints(in, n * s), tin = ints(in, n * t), tout = ints(in, n * t);
                float[] mask = new float[src.length];
                for (int i = 0; i < src.length; i++) mask[i] = src[i] == BytePairEncoding.PAD ? 0 : 1;
                batches.add(new TokenBatches.Batch(Nd4j.createFromArray(src).reshape(n, s), Nd4j.createFromArray(mask).reshape(n, s).castTo(Nd4j.defaultFloatingPointType()),
                        Nd4j.createFromArray(tin).reshape(n, t), Nd4j.createFromArray(tout).reshape(n, t)));
            }
            int[] order = ints(in, readInt(in));
            int m = readInt(in);
            List<int[]> sentences = new ArrayList<>();
            for (int i = 0; i < m; i++) sentences.add(ints(in, readInt(in)));
            return new Contents(batches, order, sentences);
        }
    }

    /** One line per sequence, its ids separated by spaces. */
    public static void writeIds(Path file, List<int[]> sequences) throws IOException {
        List<String> lines = sequences.stream().map(s -> String.join(" ", Arrays.stream(s).mapToObj(Integer::toString).toList())).toList();
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The sequences of a {@link #writeIds} file (an empty line is an empty sequence). */
    public static List<int[]> readIds(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(line -> line.isBlank() ? new int[0] : Arrays.stream(line.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray()).toList();
    }

    private static void writeInt(DataOutputStream out, int v) throws IOException { out.writeInt(Integer.reverseBytes(v)); }

    private static int readInt(DataInputStream in) throws IOException { return Integer.reverseBytes(in.readInt()); }

    private static int[] ints(DataInputStream in, int n) throws IOException {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = readInt(in);
        return a;
    }
}
