package org.nnbook.data;

import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Toy sequence-to-sequence tasks, where the answer is known and only the mechanism is being tested:
 * reverse a string of random digits, or copy it. Reversing is the classic case for attention
 * (Bahdanau, Cho and Bengio, 2015): the first output needs the last input, which an encoder that must
 * squeeze the whole string into one vector remembers worst as strings grow.
 *
 * <p>Ids: {@link #PAD} 0 (padding), {@link #BOS} 1 (begin), {@link #EOS} 2 (end), then the digits
 * 0..k−1 as ids 3..k+2. A data set of n examples holds two inputs, the source (n, maxLength) and
 * the decoder's input, begin + the answer (n, maxLength + 1), both padded at the end with 0; and
 * the targets, the answer + end (n, maxLength + 1), padded with 0, for
 * {@code new SparseCrossEntropy(SequenceTasks.PAD)} to ignore.
 * <pre>{@code
 * Dataset train = SequenceTasks.reverse(5_000, 4, 12, 10, 1);   // 5,000 strings of 4-12 digits 0-9, seed 1
 * }</pre>
 */
public final class SequenceTasks {
    private SequenceTasks() {}

    public static final int PAD = 0, BOS = 1, EOS = 2, FIRST_DIGIT = 3;

    /** n strings of minLength..maxLength random digits (0..digits−1) and each reversed. */
    public static Dataset reverse(int n, int minLength, int maxLength, int digits, long seed) {
        return make(n, minLength, maxLength, digits, seed, true);
    }

    /** As {@link #reverse}, the answer the string itself. */
    public static Dataset copy(int n, int minLength, int maxLength, int digits, long seed) {
        return make(n, minLength, maxLength, digits, seed, false);
    }

    /** Ids in a vocabulary of {@code digits} digits: 3 + digits. */
    public static int vocabSize(int digits) { return FIRST_DIGIT + digits; }

    /** The token of each id, for display: "·" (padding), "<s>", "</s>", "0", "1", … */
    public static List<String> tokens(int digits) {
        List<String> t = new ArrayList<>(List.of("·", "<s>", "</s>"));
        for (int d = 0; d < digits; d++) t.add(String.valueOf(d));
        return t;
    }

    /** The digits of a row of ids, up to the end or padding: {3, 5, 2, 0} → "02". */
    public static String show(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == EOS || id == PAD) break;
            sb.append(id == BOS ? "" : String.valueOf(id - FIRST_DIGIT));
        }
        return sb.toString();
    }

    private static Dataset make(int n, int minLength, int maxLength, int digits, long seed, boolean reverse) {
        if (n < 1) throw new IllegalArgumentException("SequenceTasks: n must be >= 1 example, got " + n + ".");
        if (minLength < 1 || maxLength < minLength)
            throw new IllegalArgumentException("SequenceTasks: lengths need 1 <= minLength <= maxLength, got " + minLength + ", " + maxLength + ".");
        if (digits < 2 || digits > 1000) throw new IllegalArgumentException("SequenceTasks: digits must be in [2, 1000], got " + digits + ".");
        Random random = new Random(seed);
        float[][] source = new float[n][maxLength], decoderIn = new float[n][maxLength + 1], target = new float[n][maxLength + 1];
        for (int i = 0; i < n; i++) {
            int len = minLength + random.nextInt(maxLength - minLength + 1);
            int[] s = new int[len];
            for (int t = 0; t < len; t++) s[t] = FIRST_DIGIT + random.nextInt(digits);
            decoderIn[i][0] = BOS;
            for (int t = 0; t < len; t++) {
                int answer = reverse ? s[len - 1 - t] : s[t];
                source[i][t] = s[t];
                decoderIn[i][t + 1] = answer;
                target[i][t] = answer;
            }
            target[i][len] = EOS;
        }
        return new Dataset(Inputs.of(Nd4j.createFromArray(source), Nd4j.createFromArray(decoderIn)), Nd4j.createFromArray(target), null);
    }
}
