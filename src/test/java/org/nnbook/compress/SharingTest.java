package org.nnbook.compress;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnbook.check.GradientCheck;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.eval.Evaluation;
import org.nnbook.layers.Dense;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.compress.Fixtures.*;

/** k-means weight sharing and its fine-tuning (Deep Compression, section 3). */
class SharingTest {

    @Test
    void kMeansFindsClearClustersAndOnlyLowersTheError() {
        Random r = new Random(1);
        double[] v = new double[300];
        for (int i = 0; i < v.length; i++) v[i] = new double[]{-2, 0.5, 3}[i % 3] + 0.05 * r.nextGaussian();
        KMeans.Result km = KMeans.fit(v, 3, 100);
        assertArrayEquals(new double[]{-2, 0.5, 3}, km.centroids(), 0.02);
        for (int i = 0; i < v.length; i++) assertEquals(i % 3, km.assignments()[i]);
        assertTrue(km.iterations() < 100, "converged");
        // more centroids never fit worse; each value goes to its nearest centroid
        double[] w = r.doubles(500).map(x -> x * x * x).toArray();
        double previous = Double.MAX_VALUE;
        for (int k : new int[]{2, 4, 8, 16}) {
            KMeans.Result f = KMeans.fit(w, k, 100);
            double sse = 0;
            double[] q = f.quantized();
            for (int i = 0; i < w.length; i++) {
                sse += (w[i] - q[i]) * (w[i] - q[i]);
                for (double c : f.centroids()) assertTrue(Math.abs(w[i] - q[i]) <= Math.abs(w[i] - c) + 1e-12);
            }
            assertTrue(sse < previous, k + " centroids: " + sse + " vs " + previous);
            previous = sse;
        }
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new double[0], 2, 10));
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(v, 0, 10));
    }

    @Test
    void sharedWeightsTakeAtMostTwoToTheBitsValuesAndKeepTheZeros() {
        Sequential net = mlp(21);
        Masks masks = Pruning.layerwise(net, 0.6).apply();
        SharedWeights shared = SharedWeights.of(net, 3);
        for (int t = 0; t < 3; t++) {
            double[] w = values(((Dense) net.get(2 * t)).weight().value());
            long distinct = Arrays.stream(w).filter(x -> x != 0).distinct().count();
            assertTrue(distinct <= 8, "tensor " + t + " has " + distinct + " distinct non-zero values");
            int[] a = shared.assignments(t);
            for (int i = 0; i < w.length; i++) assertEquals(w[i] == 0, a[i] < 0, "pruned weights belong to no cluster");
        }
        assertArrayEquals(masks.kept(), WeightCounts.of(net).nonZeroPerTensor());
        assertEquals(3 * 8 + 32 + 16 + 3, shared.parameters().stream().mapToLong(p -> p.size()).sum(), "centroids and biases are what trains");
    }

    /** The centroid gradient is the sum of its cluster's weight gradients: exact, so a finite-difference check in double precision holds it. */
    @Test
    void centroidGradientsPassAGradientCheck() {
        Sequential net = mlp(22);
        Pruning.layerwise(net, 0.5).apply();
        SharedWeights shared = SharedWeights.of(net, 2);
        GradientCheck.Result r = GradientCheck.of(shared).check(gaussian(22, 5, 8).castTo(DataType.DOUBLE));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void fineTuningTheCentroidsKeepsTheSharingAndHelps() {
        Dataset data = blobs(600, 23);
        Sequential net = mlp(23);
        new Trainer(net, new CrossEntropy(), new Adam(1e-2)).epochs(4).quiet().fit(data);
        Pruning.layerwise(net, 0.7).apply();
        SharedWeights shared = SharedWeights.of(net, 1);
        double before = new Trainer(net, new CrossEntropy(), new Adam(1e-2)).quiet().evaluate(data).get("loss");
        new Trainer(shared, new CrossEntropy(), new Adam(1e-2)).epochs(3).quiet().fit(data);
        Sequential tuned = (Sequential) shared.model();
        double after = new Trainer(tuned, new CrossEntropy(), new Adam(1e-2)).quiet().evaluate(data).get("loss");
        assertTrue(after < before, "fine-tuned loss " + after + " vs " + before);
        for (int l : new int[]{0, 2, 4})
            assertTrue(Arrays.stream(values(((Dense) tuned.get(l)).weight().value())).filter(x -> x != 0).distinct().count() <= 2);
        assertTrue(Evaluation.of(tuned, data).accuracy() > 0.6);
    }
}
