package org.nnbook.compress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnbook.core.Parameter;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.io.ModelIO;
import org.nnbook.layers.Dense;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.optim.Momentum;
import org.nnbook.optim.Optimizer;
import org.nnbook.train.Trainer;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.compress.Fixtures.*;

class PruningTest {
    @TempDir
    Path dir;

    private static Parameter w(Sequential net, int layer) { return ((Dense) net.get(layer)).weight(); }

    @Test
    void layerwiseRemovesTheSmallestMagnitudesOfEachLayer() {
        Sequential net = mlp(1);
        double[] before = values(w(net, 0).value());
        double[] bias = values(net.get(0).parameters().get(1).value());
        Masks masks = Pruning.layerwise(net, 0.75);
        assertArrayEquals(before, values(w(net, 0).value()), "computing masks changes no weight");
        masks.apply();
        double[] after = values(w(net, 0).value());
        assertEquals(Math.round(0.75 * 256), Arrays.stream(after).filter(v -> v == 0).count());
        double smallestKept = Arrays.stream(after).filter(v -> v != 0).map(Math::abs).min().orElseThrow();
        for (int i = 0; i < before.length; i++)
            if (after[i] == 0) assertTrue(Math.abs(before[i]) <= smallestKept, "pruned " + before[i] + " but kept " + smallestKept);
            else assertEquals(before[i], after[i]);
        assertArrayEquals(new long[]{64, 128, 12}, masks.kept());
        assertEquals(0.75, masks.sparsity(), 0.01);
        assertArrayEquals(bias, values(net.get(0).parameters().get(1).value()), "biases are not pruned");
    }

    @Test
    void perLayerFractionsGlobalAndMagnitudeThresholds() {
        Sequential net = mlp(2);
        assertArrayEquals(new long[]{128, 128, 48}, Pruning.layerwise(net, 0.5, 0.75, 0.0).kept());
        // global: one threshold for all; the layers' kept counts differ but the total is right
        Masks global = Pruning.global(net, 0.6);
        assertEquals(Math.round(0.4 * (256 + 512 + 48)), Arrays.stream(global.kept()).sum());
        double[] all = new double[256 + 512 + 48];
        int k = 0;
        for (int l : new int[]{0, 2, 4}) for (double v : values(w(net, l).value())) all[k++] = Math.abs(v);
        Arrays.sort(all);
        double t = all[(int) Math.round(0.6 * all.length) - 1];
        Masks byMagnitude = Pruning.magnitude(net, t);
        assertArrayEquals(global.kept(), byMagnitude.kept(), "global fraction = global magnitude at its threshold");
        Masks perLayer = Pruning.magnitude(net, 0.0, 10.0, t);
        assertEquals(256, perLayer.kept()[0]);
        assertEquals(0, perLayer.kept()[1]);
        assertThrows(IllegalArgumentException.class, () -> Pruning.layerwise(net, 1.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pruning.layerwise(net, 0.5, 0.5));
        assertTrue(e.getMessage().contains("3 weight tensors") && e.getMessage().contains("one per weight tensor"), e.getMessage());
    }

    @Test
    void pruningAgainNeverRevivesAZero() {
        Sequential net = mlp(3);
        Pruning.layerwise(net, 0.8).apply();
        Masks lower = Pruning.layerwise(net, 0.3);
        assertArrayEquals(Pruning.layerwise(net, 0.8).kept(), lower.kept(), "the zeros stay pruned even when asked for less");
    }

    /** Masks hold through training with Adam and with momentum: the optimizers' moments would revive pruned weights without the callback. */
    @Test
    void masksHoldThroughTraining() {
        Dataset data = blobs(300, 4);
        for (Optimizer opt : new Optimizer[]{new Adam(1e-2), new Momentum(0.05, 0.9)}) {
            Sequential net = mlp(4);
            new Trainer(net, new CrossEntropy(), opt).epochs(2).quiet().fit(data);
            Masks masks = Pruning.layerwise(net, 0.7).apply();
            long[] kept = masks.kept();
            INDArray mask = masks.get(w(net, 2)).dup();
            new Trainer(net, new CrossEntropy(), opt).epochs(3).quiet().callbacks(masks.callback()).fit(data);
            assertArrayEquals(kept, WeightCounts.of(net).nonZeroPerTensor(), opt + ": every pruned weight is still zero");
            assertEquals(mask, w(net, 2).value().neq(0).castTo(mask.dataType()), "and the same ones");
            // without the callback they grow back
            new Trainer(net, new CrossEntropy(), opt).epochs(1).quiet().fit(data);
            assertTrue(WeightCounts.of(net).nonZero() > Arrays.stream(kept).sum(), opt + " revives pruned weights without the masks");
        }
    }

    @Test
    void aSavedPrunedModelKeepsItsZerosAndItsMasks() {
        Sequential net = mlp(5);
        Masks masks = Pruning.global(net, 0.9).apply();
        ModelIO.save(net, dir.resolve("pruned.nnb"));
        Sequential back = ModelIO.load(dir.resolve("pruned.nnb"), Sequential.class);
        Masks recovered = Masks.fromZeros(back);
        for (int i = 0; i < masks.all().size(); i++) assertEquals(masks.all().get(i), recovered.all().get(i));
        new Trainer(back, new CrossEntropy(), new Adam(1e-2)).epochs(2).quiet().callbacks(recovered.callback()).fit(blobs(200, 5));
        assertArrayEquals(masks.kept(), WeightCounts.of(back).nonZeroPerTensor(), "retraining the loaded model keeps its zeros");
    }

    @Test
    void weightCountsPerLayerAndOverall() {
        Sequential net = mlp(6);
        Pruning.layerwise(net, 0.5, 0.75, 0.25).apply();
        WeightCounts c = WeightCounts.of(net);
        assertArrayEquals(new long[]{128, 128, 36}, c.nonZeroPerTensor());
        assertEquals(816, c.total());
        assertEquals(292, c.nonZero());
        assertEquals(816 / 292.0, c.compression(), 1e-12);
        assertEquals(3, c.rows().size());
        assertEquals("0.W", c.rows().get(0).path());
        assertTrue(c.toString().contains("Dense(8 -> 32)") && c.toString().contains("2.8x fewer"), c.toString());
    }
}
