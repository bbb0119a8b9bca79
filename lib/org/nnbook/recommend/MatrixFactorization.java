package org.nnbook.recommend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Inputs;
import org.nnbook.core.Model;
import org.nnbook.core.Parameter;
import org.nnbook.core.Parameters;
import org.nnbook.data.Ratings;
import org.nnbook.layers.Embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Matrix factorisation with biases (Koren, Bell and Volinsky, 2009, "Matrix Factorization Techniques
 * for Recommender Systems"): the rating of item i by user u is predicted as
 * {@code r̂ = μ + b_u + b_i + p_u · q_i}, a global offset, a user's and an item's bias, and the dot
 * product of a user vector and an item vector of {@code dim} numbers each. Ratings ≈ μ + b + P Qᵀ:
 * the rating matrix approximated by one of rank {@code dim}.
 *
 * <p>Inputs: user ids (N) and item ids (N); output (N, 1). P, Q, b_u, b_i are {@link Embedding}s
 * (vectors started from N(0, 0.1²), biases from 0); μ starts at the given mean rating.
 * Backward, for g = dL/dr̂ (N, 1): {@code dp_u = g q_i}, {@code dq_i = g p_u}, {@code db_u = db_i = g},
 * {@code dμ = Σ g}.
 */
public final class MatrixFactorization implements Model, Predictor {
    private final Embedding p, q, bu, bi;
    private final Parameter mu;
    private INDArray pu, qi, bU, bI;              // the last batch's vectors (N, dim) and biases (N, 1)
    private double lambda, biasRatio;
    private int[] userCounts, itemCounts;          // ratings per user and per item in the training data
    private INDArray userScale, itemScale;         // 2λ / (N n_u), 2λ / (N n_i) per row (N, 1)

    public MatrixFactorization(int numUsers, int numItems, int dim, double meanRating) {
        p = new Embedding(numUsers, dim);
        q = new Embedding(numItems, dim);
        bu = new Embedding(numUsers, 1);
        bi = new Embedding(numItems, 1);
        p.weight().value().muli(0.1);
        q.weight().value().muli(0.1);
        bu.weight().value().assign(0);
        bi.weight().value().assign(0);
        mu = new Parameter("mu", Nd4j.zeros(p.weight().value().dataType(), 1, 1).addi(meanRating)).regularized(false);
    }

    /**
     * Regularises as Koren et al.'s objective, {@code Σ (r − r̂)² + λ (Σ_u (|p_u|² + b_u²) + Σ_i (|q_i|² + b_i²))}
     * over the ratings of {@code train}: the penalty of each user (item) is spread over that user's (item's)
     * n ratings, {@code λ (|p_u|² + b_u²) / n_u} with each one, so an epoch adds it once. A movie rated
     * twice is then held close to 0 (and predicted by the mean), while one rated 300 times may move far;
     * the biases are shrunk as in {@link BiasBaseline} with the same λ. Vectors are only changed when
     * used (a penalty on the whole table at every step, {@code Trainer.penalty}, would with Adam shrink
     * the vectors of the items not in the batch at the learning rate's pace). The penalty's gradient
     * joins backward; the logged loss is the squared error alone. Returns this model.
     */
    public MatrixFactorization regularization(double lambda, Ratings train) { return regularization(lambda, lambda, train); }

    /** The same with one λ for the vectors and another for the biases (which need less: one number each). */
    public MatrixFactorization regularization(double lambda, double lambdaBias, Ratings train) {
        if (!(lambda >= 0) || !(lambdaBias >= 0)) throw new IllegalArgumentException("lambda must be >= 0, got " + lambda + " and " + lambdaBias + ".");
        this.lambda = lambda;
        this.biasRatio = lambda == 0 ? 0 : lambdaBias / lambda;
        this.userCounts = train.countsPerUser();
        this.itemCounts = train.countsPerItem();
        return this;
    }

    /** The user vectors P (numUsers, dim). */
    public Parameter userVectors() { return p.weight(); }

    /** The item vectors Q (numItems, dim). */
    public Parameter itemVectors() { return q.weight(); }

    @Override
    public INDArray forward(Inputs in, boolean training) {
        INDArray users = in.get(0), items = in.get(1);
        if (training && lambda > 0) {
            userScale = Recommenders.penaltyScale(users, userCounts, lambda, p.weight().value().dataType());
            itemScale = Recommenders.penaltyScale(items, itemCounts, lambda, p.weight().value().dataType());
        }
        pu = p.forward(users, training);
        qi = q.forward(items, training);
        INDArray dot = pu.mul(qi).sum(true, 1);                                    // p_u · q_i, (N, 1)
        bU = bu.forward(users, training);
        bI = bi.forward(items, training);
        return dot.add(bU).addi(bI).addi(mu.value());
    }

    @Override
    public INDArray backward(INDArray g) {
        INDArray dp = qi.mul(g), dq = pu.mul(g), dbu = g, dbi = g;                 // dp_u = g q_i, dq_i = g p_u ((N, dim) times (N, 1))
        if (lambda > 0) {                                                          // + d/dp of λ |p_u|² / (N n_u), and so on
            dp.addi(pu.mul(userScale));
            dq.addi(qi.mul(itemScale));
            dbu = g.add(bU.mul(userScale).muli(biasRatio));
            dbi = g.add(bI.mul(itemScale).muli(biasRatio));
        }
        p.backward(dp);
        q.backward(dq);
        bu.backward(dbu);
        bi.backward(dbi);
        mu.grad().addi(g.sum(true, 0));
        return null;                                                               // ids take no gradient
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(Parameters.of(p, q, bu, bi));
        all.add(mu);
        return all;
    }

    @Override
    public double[] predict(int[] users, int[] items) { return Recommenders.predict(this, users, items); }

    @Override
    public String toString() { return "MatrixFactorization(dim " + p.dim() + ")"; }
}
