package org.nnbook.recommend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.layers.Dense;
import org.nnbook.layers.Embedding;
import org.nnbook.layers.ReLU;

import java.util.List;

/**
 * Neural matrix factorisation, NeuMF (He, Liao, Zhang, Nie, Hu and Chua, 2017, "Neural Collaborative
 * Filtering"): two branches on their own embeddings of the user and the item, joined by one output layer.
 * <ul>
 *   <li>GMF, a generalised matrix factorisation: {@code g = p_u ⊙ q_i}, the element-wise product (f);</li>
 *   <li>MLP: the two vectors (2f each) side by side, {@code [p'_u, q'_i]} (4f), through
 *       Dense(4f, 2f), ReLU, Dense(2f, f), ReLU: {@code h} (f), so the network can learn interactions a dot product cannot express;</li>
 *   <li>output: {@code r̂ = Dense([g, h])} (2f → 1), its bias started at the mean rating.</li>
 * </ul>
 * The paper trains it on implicit feedback (clicked or not) with a log loss; here it predicts ratings,
 * trained with the squared error like {@link MatrixFactorization}. Inputs: user ids (N), item ids (N); output (N, 1).
 */
public final class NeuMF implements Model, Predictor {
    private final int f;
    private final Embedding pG, qG, pM, qM;
    private final Dense hidden1, hidden2, out;
    private final ReLU relu1 = new ReLU(), relu2 = new ReLU();
    private INDArray gu, gi;                       // the last batch's GMF vectors (N, f)

    /** NeuMF with {@code factors} = f predictive factors per branch; the output starts at {@code meanRating}. */
    public NeuMF(int numUsers, int numItems, int factors, double meanRating) {
        f = factors;
        pG = new Embedding(numUsers, f);
        qG = new Embedding(numItems, f);
        pM = new Embedding(numUsers, 2 * f);
        qM = new Embedding(numItems, 2 * f);
        for (Embedding e : List.of(pG, qG, pM, qM)) e.weight().value().muli(0.1);
        hidden1 = new Dense(4 * f, 2 * f);
        hidden2 = new Dense(2 * f, f);
        out = new Dense(2 * f, 1);
        out.bias().value().assign(meanRating);
    }

    /** The item vectors of the GMF branch (numItems, f). */
    public Parameter itemVectors() { return qG.weight(); }

    @Override
    public INDArray forward(Inputs in, boolean training) {
        INDArray users = in.get(0), items = in.get(1);
        gu = pG.forward(users, training);
        gi = qG.forward(items, training);
        INDArray g = gu.mul(gi);                                                       // GMF: p_u ⊙ q_i (N, f)
        INDArray joined = Nd4j.concat(1, pM.forward(users, training), qM.forward(items, training));   // (N, 4f)
        INDArray h = relu2.forward(hidden2.forward(relu1.forward(hidden1.forward(joined, training), training), training), training);
        return out.forward(Nd4j.concat(1, g, h), training);                            // (N, 1)
    }

    @Override
    public INDArray backward(INDArray gradOut) {
        INDArray d = out.backward(gradOut);                                            // (N, 2f): GMF's half, then MLP's
        INDArray dg = columns(d, 0, f), dh = columns(d, f, 2 * f);
        pG.backward(dg.mul(gi));                                                       // d(p ⊙ q)/dp = q
        qG.backward(dg.mul(gu));
        INDArray dJoined = hidden1.backward(relu1.backward(hidden2.backward(relu2.backward(dh))));
        pM.backward(columns(dJoined, 0, 2 * f));
        qM.backward(columns(dJoined, 2 * f, 4 * f));
        return null;                                                                   // ids take no gradient
    }

    private static INDArray columns(INDArray a, int from, int to) { return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup(); }

    @Override
    public List<Parameter> parameters() { return Parameters.of(pG, qG, pM, qM, hidden1, hidden2, out); }

    @Override
    public double[] predict(int[] users, int[] items) { return Recommenders.predict(this, users, items); }

    @Override
    public String toString() { return "NeuMF(" + f + " factors)"; }
}
