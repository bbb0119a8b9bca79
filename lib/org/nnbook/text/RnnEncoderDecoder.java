package org.nnbook.text;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.ShapeException;
import org.nnbook.data.SequenceTasks;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.GRU;
import org.nnbook.layers.MultiHeadAttention;

import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent encoder-decoder (Cho et al., 2014; Sutskever, Vinyals and Le, 2014), with or without
 * attention (Bahdanau, Cho and Bengio, 2015; in the form of Luong, Pham and Manning, 2015).
 *
 * <ul>
 *   <li><b>Encoder</b>: the source ids (N, S) → Embedding → GRU over every step → states (N, S, H);
 *       its state after the last real token is the <b>context</b> c (N, H), the whole source in one vector.</li>
 *   <li><b>Decoder</b>, fed the answer so far (teacher forcing: begin + the target, (N, T)): Embedding,
 *       with c beside every step's vector, → GRU → states s (N, T, H).</li>
 *   <li><b>Without attention</b>: logits = Dense(s). Everything the decoder knows of the source is c.</li>
 *   <li><b>With attention</b>: each decoder state also asks every encoder state how relevant it is
 *       (one-head scaled dot-product attention, {@link MultiHeadAttention}) and takes their weighted
 *       mean a (N, T, H); logits = Dense([s, a]). The weights, one row per output step, are
 *       {@link #attention} — where the model looked.</li>
 * </ul>
 * Ids 0 are padding (masks are made from them); the loss is {@code new SparseCrossEntropy(0)} on the
 * logits (N, T, V). The source must be padded at the end. Decode with {@link #greedy} or {@link #beam}.
 */
public final class RnnEncoderDecoder implements Model {
    private final int vocabSize, hidden, embed;
    private final boolean attends;
    private final Embedding sourceEmbedding, targetEmbedding;
    private final GRU encoder, decoder;
    private final MultiHeadAttention attention;
    private final Dense out;
    private int[] lastReal;                 // per example, the position of its last real source token
    private long sourceSteps;

    public RnnEncoderDecoder(int vocabSize, int embed, int hidden, boolean attention) {
        if (vocabSize < 4 || embed < 1 || hidden < 1)
            throw new IllegalArgumentException("RnnEncoderDecoder needs vocabSize >= 4 (padding, begin, end and a token), embed >= 1 and hidden >= 1; got "
                    + vocabSize + ", " + embed + ", " + hidden + ".");
        this.vocabSize = vocabSize;
        this.embed = embed;
        this.hidden = hidden;
        this.attends = attention;
        sourceEmbedding = new Embedding(vocabSize, embed);
        targetEmbedding = new Embedding(vocabSize, embed);
        encoder = new GRU(embed, hidden);
        decoder = new GRU(embed + hidden, hidden);
        this.attention = attention ? new MultiHeadAttention(hidden, 1) : null;
        out = new Dense(attention ? 2 * hidden : hidden, vocabSize);
    }

    public boolean attends() { return attends; }

    /** Logits (N, T, V) for source ids (N, S) and the decoder's input ids (N, T), both padded with 0 at the end. */
    @Override
    public INDArray forward(Inputs inputs, boolean training) {
        if (inputs.count() != 2)
            throw new IllegalArgumentException(this + " takes two inputs, the source ids (N, S) and the decoder's input ids (N, T); got " + inputs + ".");
        INDArray source = inputs.get(0), target = inputs.get(1);
        if (source.rank() != 2 || target.rank() != 2)
            throw new ShapeException(this + " expects ids (N, S) and (N, T), got " + inputs + ".");
        INDArray sourceMask = realTokens(source), targetMask = realTokens(target);
        lastReal = lastRealPositions(sourceMask);
        INDArray states = encoder.forward(sourceEmbedding.forward(source, training), sourceMask, training);   // (N, S, H)
        sourceSteps = states.size(1);
        INDArray context = Nd4j.create(states.dataType(), states.size(0), hidden);
        for (int i = 0; i < lastReal.length; i++)
            context.putRow(i, states.get(NDArrayIndex.point(i), NDArrayIndex.point(lastReal[i]), NDArrayIndex.all()));
        long targetSteps = target.size(1);
        INDArray e = targetEmbedding.forward(target, training);                                          // (N, T, E)
        INDArray repeated = Nd4j.create(e.dataType(), e.size(0), targetSteps, hidden);                  // c beside every step
        for (int t = 0; t < targetSteps; t++) repeated.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(context);
        INDArray beside = Nd4j.concat(2, e, repeated);
        INDArray s = decoder.forward(beside, targetMask, training);                                      // (N, T, H)
        if (!attends) return out.forward(s, training);
        INDArray a = attention.forward(s, states, sourceMask, training);                                  // (N, T, H)
        return out.forward(Nd4j.concat(2, s, a), training);
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        if (lastReal == null) throw new IllegalStateException(this + ": backward called before forward.");
        INDArray dz = out.backward(gradOut), ds, dStates;
        if (attends) {
            ds = dz.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup();
            ds.addi(attention.backward(dz.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)).dup()));
            dStates = attention.memoryGradient().dup();
        } else {
            ds = dz;
            dStates = null;
        }
        INDArray dBeside = decoder.backward(ds);                                                          // (N, T, E + H)
        targetEmbedding.backward(dBeside.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, embed)).dup());
        INDArray dContext = dBeside.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(embed, embed + hidden)).sum(1);   // (N, H): c was beside every step
        if (dStates == null) dStates = Nd4j.zeros(dContext.dataType(), dContext.size(0), sourceSteps, hidden);
        for (int i = 0; i < lastReal.length; i++) {
            INDArray at = dStates.get(NDArrayIndex.point(i), NDArrayIndex.point(lastReal[i]), NDArrayIndex.all());
            at.addi(dContext.getRow(i));
        }
        sourceEmbedding.backward(encoder.backward(dStates));
        return null;                                                                                      // ids have no gradient
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        p.addAll(sourceEmbedding.parameters());
        p.addAll(targetEmbedding.parameters());
        p.addAll(encoder.parameters());
        p.addAll(decoder.parameters());
        if (attends) p.addAll(attention.parameters());
        p.addAll(out.parameters());
        return p;
    }

    /** The model's answer to one source (ids without padding), the likeliest token at every step, without begin and end. */
    public int[] greedy(int[] source, int maxLength) {
        return strip(BeamSearch.greedy(nextToken(source), SequenceTasks.BOS, SequenceTasks.EOS, maxLength + 1));
    }

    /** Beam search of the given width (GNMT length penalty α); the best answer, without begin and end. */
    public int[] beam(int[] source, int maxLength, int width, double alpha) {
        return strip(BeamSearch.search(nextToken(source), SequenceTasks.BOS, SequenceTasks.EOS, maxLength + 1, width, alpha).get(0).tokens());
    }

    /**
     * Where the model looked: the attention weights (answer steps, source tokens) while it produced
     * {@code answer} for {@code source} (row t: the weights used to predict the answer's token t, and the end after it).
     */
    public double[][] attention(int[] source, int[] answer) {
        if (!attends) throw new IllegalStateException(this + " has no attention to show; make it with attention = true.");
        int[] in = new int[answer.length + 1];
        in[0] = SequenceTasks.BOS;
        System.arraycopy(answer, 0, in, 1, answer.length);
        predict(Inputs.of(ids(source), ids(in)));
        INDArray w = attention.lastWeights();                                                             // (1, 1, T, S)
        double[][] rows = new double[in.length][];
        for (int t = 0; t < in.length; t++) rows[t] = w.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.point(t), NDArrayIndex.all()).toDoubleVector();
        return rows;
    }

    /** For BeamSearch: log-softmax of the logits at the last position, for each prefix after this source. */
    private BeamSearch.NextToken nextToken(int[] source) {
        return prefixes -> {
            int b = prefixes.size(), len = prefixes.get(0).length;
            int[][] src = new int[b][], tgt = new int[b][];
            for (int i = 0; i < b; i++) { src[i] = source; tgt[i] = prefixes.get(i); }
            INDArray logits = predict(Inputs.of(Nd4j.createFromArray(src), Nd4j.createFromArray(tgt)));
            INDArray last = logits.get(NDArrayIndex.all(), NDArrayIndex.point(len - 1), NDArrayIndex.all()).castTo(DataType.DOUBLE);
            double[][] lp = new double[b][];
            for (int i = 0; i < b; i++) {
                double[] z = last.getRow(i).toDoubleVector();
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) max = Math.max(max, v);
                for (double v : z) sum += Math.exp(v - max);
                double log = max + Math.log(sum);
                for (int k = 0; k < z.length; k++) z[k] -= log;
                z[SequenceTasks.PAD] = Double.NEGATIVE_INFINITY;                         // never padding or a second begin
                z[SequenceTasks.BOS] = Double.NEGATIVE_INFINITY;
                lp[i] = z;
            }
            return lp;
        };
    }

    private static int[] strip(int[] tokens) {
        int n = tokens.length;
        if (n > 0 && tokens[n - 1] == SequenceTasks.EOS) n--;
        return java.util.Arrays.copyOf(tokens, n);
    }

    private static INDArray ids(int[] row) { return Nd4j.createFromArray(new int[][]{row}); }

    /** 1 at ids other than 0, as (N, T) in the default floating-point type. */
    private INDArray realTokens(INDArray ids) {
        return ids.castTo(DataType.DOUBLE).neq(0).castTo(Nd4j.defaultFloatingPointType());
    }

    /** Per row, the position of the last 1 of a mask padded at the end; a row without one is an error. */
    private int[] lastRealPositions(INDArray mask) {
        int[] last = new int[(int) mask.size(0)];
        double[][] m = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < last.length; i++) {
            int n = 0;
            for (double v : m[i]) n += v != 0 ? 1 : 0;
            if (n == 0) throw new IllegalArgumentException(this + ": source row " + i + " is all padding (ids 0); every source needs a token.");
            for (int t = 0; t < n; t++)
                if (m[i][t] == 0) throw new IllegalArgumentException(this + ": source row " + i + " has padding (id 0) before its last token; pad at the end.");
            last[i] = n - 1;
        }
        return last;
    }

    @Override
    public String toString() {
        return "RnnEncoderDecoder(vocab " + vocabSize + ", embed " + embed + ", GRU " + hidden + (attends ? ", attention)" : ", no attention)");
    }
}
