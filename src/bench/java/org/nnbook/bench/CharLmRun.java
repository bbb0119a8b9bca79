package org.nnbook.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Seed;
import org.nnbook.data.MobyDick;
import org.nnbook.kernels.BlasThreads;
import org.nnbook.optim.Adam;
import org.nnbook.text.CharLanguageModel;
import org.nnbook.text.CharLanguageModelTraining;
import org.nnbook.text.CharVocabulary;
import org.nnbook.text.TextStreams;
import org.nnbook.data.Dataset;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The JVM half of {@code binder/bench-lm}: notebook 09's LSTM language model on Moby Dick, trained by
 * {@link CharLanguageModelTraining} exactly as the notebook trains it, and the id streams written to a
 * file so that {@code src/bench/python/char_lm_torch.py} trains PyTorch's LSTM on the very same batches.
 *
 * <pre>
 * java -cp ... org.nnbook.bench.CharLmRun [--ids-out FILE] [--steps 300] [--hidden 128] [--embed 32] [--streams 64]
 *      [--window 64] [--eval-every 50] [--eval-chars 30000] [--lr 1e-2] [--clip 1] [--seed 9] [--cell LSTM] [--no-train]
 * </pre>
 *
 * The ids file: three little-endian int32 (vocabulary size V, training length, validation length), then
 * the training ids and the validation ids, one byte each (V ≤ 256). Prints a {@code BATCHES} line (the
 * training batches' count and checksum, which {@code binder/bench-lm} compares with PyTorch's), tab-separated {@code CURVE}
 * lines (step, validation bpc) and one {@code RESULT} line: framework, setting, final validation bpc on
 * the whole validation text, training characters per second.
 */
public final class CharLmRun {
    private CharLmRun() {}

    public static void main(String[] args) throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int steps = 300, hidden = 128, embed = 32, streams = 64, window = 64, evalEvery = 50, evalChars = 30_000, seed = 9;
        double lr = 1e-2, clip = 1;
        String cell = "LSTM";
        Path idsOut = null;
        boolean train = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ids-out" -> idsOut = Path.of(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                case "--embed" -> embed = Integer.parseInt(args[++i]);
                case "--streams" -> streams = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--eval-every" -> evalEvery = Integer.parseInt(args[++i]);
                case "--eval-chars" -> evalChars = Integer.parseInt(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--clip" -> clip = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Integer.parseInt(args[++i]);
                case "--cell" -> cell = args[++i].toUpperCase(Locale.ROOT);
                case "--no-train" -> train = false;
                default -> throw new IllegalArgumentException("CharLmRun: unknown option " + args[i] + " (see the class comment).");
            }
        }
        String trainText = MobyDick.training(), valText = MobyDick.validation();
        CharVocabulary vocab = CharVocabulary.of(trainText);
        int[] trainIds = vocab.encode(trainText), valIds = vocab.encode(valText);
        if (idsOut != null) write(idsOut, vocab.size(), trainIds, valIds);
        System.out.printf("BATCHES\t%s%n", fingerprint(TextStreams.of(trainIds, streams, window)));
        if (!train) return;
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "?");
        int blas = BlasThreads.fromEnvironment();
        if (blas > 0) threads += "+" + blas;
        System.out.printf("INFO\tnnbook %s embed=%d hidden=%d streams=%d window=%d steps=%d lr=%s clip=%s threads=%s load=%s%n", cell, embed, hidden,
                streams, window, steps, lr, clip, threads, load());
        Seed.set(seed);
        CharLanguageModel model = new CharLanguageModel(vocab, CharLanguageModel.Cell.valueOf(cell), embed, hidden);
        var curve = new CharLanguageModelTraining(model, new Adam(lr).clipGradNorm(clip)).streams(streams).window(window)
                .evalEvery(evalEvery).evalChars(evalChars).quiet().fit(trainIds, valIds, steps);
        for (int k = 0; k < curve.steps().length; k++) System.out.printf(Locale.ROOT, "CURVE\tnnbook\t%d\t%.4f%n", curve.steps()[k], curve.validationBpc()[k]);
        double bpc = model.bitsPerChar(valIds, CharLanguageModelTraining.EVAL_STREAMS, window);
        System.out.printf(Locale.ROOT, "RESULT\tnnbook\tOMP_NUM_THREADS=%s\t%.4f\t%.0f\t%d%n", threads, bpc, curve.charsPerSecond(), model.parameterCount());
    }

    /**
     * The training batches in one line, "count checksum", which char_lm_torch.py prints for its own: the number of
     * rows and Σ (position + 1) · id over the rows of x then of y, row-major, in batch order.
     */
    static String fingerprint(Dataset batches) {
        long sum = 0, pos = 0;
        for (INDArray a : new INDArray[]{batches.x(), batches.y()})
            for (int id : a.reshape(a.length()).toIntVector()) sum += ++pos * id;
        return batches.size() + " " + sum;
    }

    private static void write(Path file, int vocabSize, int[] trainIds, int[] valIds) throws IOException {
        if (vocabSize > 256) throw new IllegalArgumentException("CharLmRun writes ids as bytes; this vocabulary has " + vocabSize + " ids.");
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            for (int v : new int[]{vocabSize, trainIds.length, valIds.length}) out.writeInt(Integer.reverseBytes(v));
            for (int id : trainIds) out.writeByte(id);
            for (int id : valIds) out.writeByte(id);
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
