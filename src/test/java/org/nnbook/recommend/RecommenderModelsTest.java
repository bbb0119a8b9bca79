package org.nnbook.recommend;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Inputs;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.data.Ratings;
import org.nnbook.loss.MeanSquaredError;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Matrix factorisation and NeuMF: the formula, gradient checks in double precision, and learning a low-rank rating matrix. */
class RecommenderModelsTest {
    static final INDArray USERS = Nd4j.createFromArray(0, 1, 4, 4, 2), ITEMS = Nd4j.createFromArray(2, 6, 0, 2, 2);
    static final INDArray Y = Nd4j.createFromArray(new double[][] {{4}, {2.5}, {5}, {3}, {1}});

    /** The ratings of USERS and ITEMS, as the training set whose counts the penalty reads (user 4 twice, item 2 three times). */
    static Ratings batchAsRatings() {
        return new Ratings(USERS.toIntVector(), ITEMS.toIntVector(), new float[] {4, 2.5f, 5, 3, 1}, new long[5], 5, 7, new String[7]);
    }

    @Test
    void matrixFactorisationPredictsMuPlusBiasesPlusTheDotProduct() {
        Seed.set(1);
        MatrixFactorization mf = new MatrixFactorization(5, 7, 4, 3.5);
        mf.parameters().get(2).value().putScalar(4, 0, 0.25);                        // b_u of user 4
        mf.parameters().get(3).value().putScalar(2, 0, -0.5);                        // b_i of item 2
        INDArray p = mf.userVectors().value(), q = mf.itemVectors().value();
        double expected = 3.5 + 0.25 - 0.5 + p.getRow(4).mul(q.getRow(2)).sumNumber().doubleValue();
        assertEquals(expected, mf.predict(new int[] {4}, new int[] {2})[0], 1e-5);
        assertArrayEquals(new long[] {5, 1}, mf.forward(Inputs.of(USERS, ITEMS), false).shape());
        assertEquals(5 * 4 + 7 * 4 + 5 + 7 + 1, mf.parameterCount());
    }

    @Test
    void matrixFactorisationPassesTheGradientCheck() {
        Seed.set(2);
        MatrixFactorization mf = new MatrixFactorization(5, 7, 3, 3.5);
        mf.castTo(DataType.DOUBLE);
        GradientCheck.of(mf).check(new MeanSquaredError(), Inputs.of(USERS, ITEMS), Y).requirePassed();
        NeuMF nn = new NeuMF(5, 7, 2, 3.5);
        nn.castTo(DataType.DOUBLE);
        GradientCheck.of(nn).check(new MeanSquaredError(), Inputs.of(USERS, ITEMS), Y).requirePassed();
    }

    /**
     * With regularization, backward adds the gradient of (1/N) Σ_n λ (|p_u|² / n_u + |q_i|² / n_i) + λ_b (b_u² / n_u + b_i² / n_i):
     * compared here with central differences of that objective plus the squared error, in double precision.
     */
    @Test
    void theRegularisationGradientIsTheGradientOfThePenalty() {
        Seed.set(3);
        double lambda = 0.7, lambdaBias = 0.3;
        Ratings counts = batchAsRatings();
        MatrixFactorization mf = new MatrixFactorization(5, 7, 3, 3.5).regularization(lambda, lambdaBias, counts);
        mf.castTo(DataType.DOUBLE);
        for (Parameter p : mf.parameters()) p.value().addi(Nd4j.randn(DataType.DOUBLE, p.value().shape()).muli(0.3));
        MeanSquaredError mse = new MeanSquaredError();
        mf.zeroGrad();
        mse.forward(mf.forward(Inputs.of(USERS, ITEMS), true), Y);
        mf.backward(mse.backward());
        int[] nu = counts.countsPerUser(), ni = counts.countsPerItem();
        int[] us = USERS.toIntVector(), is = ITEMS.toIntVector();
        java.util.function.DoubleSupplier objective = () -> {
            double j = new MeanSquaredError().forward(mf.forward(Inputs.of(USERS, ITEMS), false), Y);
            INDArray p = mf.userVectors().value(), q = mf.itemVectors().value(), bu = mf.parameters().get(2).value(), bi = mf.parameters().get(3).value();
            for (int n = 0; n < us.length; n++)
                j += (lambda * p.getRow(us[n]).norm2Number().doubleValue() * p.getRow(us[n]).norm2Number().doubleValue()
                        + lambdaBias * bu.getDouble(us[n], 0) * bu.getDouble(us[n], 0)) / nu[us[n]] / us.length
                        + (lambda * q.getRow(is[n]).norm2Number().doubleValue() * q.getRow(is[n]).norm2Number().doubleValue()
                        + lambdaBias * bi.getDouble(is[n], 0) * bi.getDouble(is[n], 0)) / ni[is[n]] / us.length;
            return j;
        };
        double eps = 1e-6;
        for (Parameter p : mf.parameters()) {
            INDArray v = p.value();
            for (long k = 0; k < v.length(); k++) {
                double x = v.getDouble(k);
                v.putScalar(k, x + eps);
                double up = objective.getAsDouble();
                v.putScalar(k, x - eps);
                double down = objective.getAsDouble();
                v.putScalar(k, x);
                double numeric = (up - down) / (2 * eps), analytic = p.grad().getDouble(k);
                assertEquals(numeric, analytic, 1e-7 + 1e-6 * Math.abs(numeric), p.name() + "[" + k + "]");
            }
        }
    }

    /** Ratings from a rank-2 matrix plus biases and noise; 60 users x 50 items, 40 % observed. */
    static Ratings lowRank(long seed) {
        Random rnd = new Random(seed);
        int users = 60, items = 50;
        double[][] a = new double[users][2], b = new double[items][2];
        for (double[] r : a) { r[0] = rnd.nextGaussian(); r[1] = rnd.nextGaussian(); }
        for (double[] r : b) { r[0] = rnd.nextGaussian(); r[1] = rnd.nextGaussian(); }
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int u = 0; u < users; u++) for (int i = 0; i < items; i++) if (rnd.nextDouble() < 0.4) pairs.add(new int[] {u, i});
        int n = pairs.size();
        int[] us = new int[n], is = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int k = 0; k < n; k++) {
            int u = pairs.get(k)[0], i = pairs.get(k)[1];
            us[k] = u;
            is[k] = i;
            r[k] = (float) (3 + 0.3 * (u % 3 - 1) + 0.8 * (a[u][0] * b[i][0] + a[u][1] * b[i][1]) + 0.1 * rnd.nextGaussian());
            t[k] = rnd.nextInt(1000);
        }
        String[] titles = new String[items];
        java.util.Arrays.setAll(titles, i -> "item " + i);
        return new Ratings(us, is, r, t, users, items, titles);
    }

    @Test
    void bothModelsLearnALowRankMatrixThatBiasesCannot() {
        Ratings all = lowRank(5);
        Ratings.TimeSplit s = all.splitByTime(0.2);
        double biases = RecommenderMetrics.rmse(BiasBaseline.fit(s.earlier(), 1), s.later());
        Seed.set(6);
        MatrixFactorization mf = new MatrixFactorization(all.numUsers(), all.numItems(), 4, s.earlier().mean()).regularization(0.5, 0.5, s.earlier());
        new Trainer(mf, new MeanSquaredError(), new Adam(0.02)).epochs(60).batchSize(64).quiet().fit(s.earlier().dataset());
        double mfRmse = RecommenderMetrics.rmse(mf, s.later());
        Seed.set(7);
        NeuMF nn = new NeuMF(all.numUsers(), all.numItems(), 4, s.earlier().mean());
        new Trainer(nn, new MeanSquaredError(), new Adam(0.01)).epochs(60).batchSize(64).quiet().fit(s.earlier().dataset());
        double nnRmse = RecommenderMetrics.rmse(nn, s.later());
        assertTrue(mfRmse < 0.6 * biases, "matrix factorisation " + mfRmse + " vs biases " + biases);
        assertTrue(nnRmse < 0.8 * biases, "NeuMF " + nnRmse + " vs biases " + biases);
    }

    @Test
    void neuMfStartsNearTheMeanRating() {
        Seed.set(8);
        NeuMF nn = new NeuMF(5, 7, 4, 3.5);
        double[] y = nn.predict(USERS.toIntVector(), ITEMS.toIntVector());
        for (double v : y) assertEquals(3.5, v, 0.3);
        assertEquals(7, nn.itemVectors().value().size(0));
        assertThrows(IllegalArgumentException.class, () -> new MatrixFactorization(5, 7, 2, 3).regularization(-1, batchAsRatings()));
    }
}
