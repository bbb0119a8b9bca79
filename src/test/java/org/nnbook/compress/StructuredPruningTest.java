package org.nnbook.compress;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnbook.core.Sequential;
import org.nnbook.layers.BatchNorm;
import org.nnbook.layers.Conv2D;
import org.nnbook.layers.Dense;
import org.nnbook.layers.ReLU;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.compress.Fixtures.*;

class StructuredPruningTest {

    /** Removing a ReLU unit is the same as zeroing its incoming weights and bias: the smaller net computes what the masked one does. */
    @Test
    void removedNeuronsAreNeuronsThatOutputZero() {
        Sequential net = mlp(41);
        Sequential small = StructuredPruning.units(net, 0.5);
        assertEquals("Dense(8 -> 16)", small.get(0).toString());
        assertEquals("Dense(16 -> 8)", small.get(2).toString());
        assertEquals("Dense(8 -> 3)", small.get(4).toString());
        for (int l : new int[]{0, 2}) {
            Dense d = (Dense) net.get(l);
            int[] keep = StructuredPruning.strongest(d, d.outFeatures() / 2);
            for (int u = 0; u < d.outFeatures(); u++) {
                if (Arrays.binarySearch(keep, u) >= 0) continue;
                d.weight().value().getColumn(u).assign(0);
                d.bias().value().getColumn(u).assign(0);
            }
        }
        INDArray x = gaussian(41, 6, 8);
        assertTrue(small.predict(x).equalsWithEps(net.predict(x), 1e-5), small.predict(x) + " vs " + net.predict(x));
    }

    @Test
    void theStrongestUnitsStay() {
        Dense d = new Dense(3, 4);
        d.weight().set(org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][]{{1, -5, 0.1f, 2}, {1, 0, 0.1f, -2}, {1, 1, 0.1f, 0}}));
        assertArrayEquals(new int[]{1, 3}, StructuredPruning.strongest(d, 2), "L1 norms 3, 6, 0.3, 4");
    }

    @Test
    void filtersOfAConvolutionAndTheDenseAfterTheFlatten() {
        Sequential cnn = cnn(42);
        Sequential small = StructuredPruning.units(cnn, 0.5);
        assertEquals(2, ((Conv2D) small.get(0)).outChannels());
        assertEquals(2, ((Conv2D) small.get(3)).inChannels());
        assertEquals(3, ((Conv2D) small.get(3)).outChannels());
        assertEquals("Dense(12 -> 5)", small.get(7).toString());
        // the same as the original with the removed filters' weights and biases at zero
        Conv2D c1 = (Conv2D) cnn.get(0), c2 = (Conv2D) cnn.get(3);
        Dense d = (Dense) cnn.get(7);
        for (Object[] layer : new Object[][]{{c1, StructuredPruning.strongest(c1, 2)}, {c2, StructuredPruning.strongest(c2, 3)}}) {
            Conv2D c = (Conv2D) layer[0];
            for (int u = 0; u < c.outChannels(); u++)
                if (Arrays.binarySearch((int[]) layer[1], u) < 0) {
                    c.weight().value().get(NDArrayIndex.point(u)).assign(0);
                    c.bias().value().reshape(-1).getScalar(u).assign(0);
                }
        }
        int[] keep = StructuredPruning.strongest(d, 5);
        for (int u = 0; u < 10; u++) if (Arrays.binarySearch(keep, u) < 0) { d.weight().value().getColumn(u).assign(0); d.bias().value().getColumn(u).assign(0); }
        INDArray x = images(42, 5);
        assertTrue(small.predict(x).equalsWithEps(cnn.predict(x), 1e-5), small.predict(x) + " vs " + cnn.predict(x));
    }

    @Test
    void clearErrors() {
        assertThrows(IllegalArgumentException.class, () -> StructuredPruning.units(mlp(1), 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StructuredPruning.units(Sequential.of(new Dense(4, 8), new BatchNorm(8), new ReLU(), new Dense(8, 2)), 0.5));
        assertTrue(e.getMessage().contains("mixes or normalises"), e.getMessage());
    }
}
