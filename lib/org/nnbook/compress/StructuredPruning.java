package org.nnbook.compress;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.core.Layer;
import org.nnbook.core.Sequential;
import org.nnbook.layers.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Structured pruning: whole neurons of a Dense layer, or whole filters of a Conv2D, go, and the
 * matrices become smaller — unlike magnitude pruning ({@link Pruning}), whose zeros a dense matrix
 * product still multiplies, so that only sparse kernels could turn them into speed.
 *
 * <p>A unit's importance is the L1 norm of its incoming weights, Σ|w| over its column of a Dense's
 * W (in, out) or over its filter of a Conv2D's W (O, C, k, k) (Li, Kadav, Durdanovic, Samet and
 * Graf, 2017, "Pruning Filters for Efficient ConvNets"). The fraction {@code fraction} of units with
 * the smallest norms (in the original model) goes from every Dense or Conv2D except the last (the outputs are the classes),
 * with its bias; the next Dense or Conv2D loses the matching inputs: rows of W, input channels of a
 * kernel, or, after a Flatten, the rows of each removed channel's H·W block (the (N, C, H, W) →
 * (N, C·H·W) order). Between two such layers only layers that act on each unit separately may sit
 * (ReLU, Tanh, Sigmoid, Dropout, pooling, Flatten); the model is not changed, a smaller copy is
 * returned, to be retrained (Li et al. retrain for a few epochs).
 */
public final class StructuredPruning {
    private StructuredPruning() {}

    /** A copy of {@code net} with the fraction {@code fraction} (0 to 1) of each hidden Dense's neurons and Conv2D's filters removed. */
    public static Sequential units(Sequential net, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("StructuredPruning: the fraction of units to remove is from 0 to less than 1, got " + fraction + ".");
        List<Layer> layers = new ArrayList<>(Copies.of(net).layers());
        int last = -1;
        for (int i = 0; i < layers.size(); i++) if (layers.get(i) instanceof Dense || layers.get(i) instanceof Conv2D) last = i;
        for (int i = 0; i < last; i++) {
            Layer l = layers.get(i);
            if (!(l instanceof Dense || l instanceof Conv2D)) continue;
            int next = i + 1, spatial = 1;
            while (!(layers.get(next) instanceof Dense || layers.get(next) instanceof Conv2D)) {
                Layer between = layers.get(next);
                if (!(between instanceof ReLU || between instanceof Tanh || between instanceof Sigmoid || between instanceof Dropout
                        || between instanceof MaxPool2D || between instanceof AvgPool2D || between instanceof Flatten))
                    throw new IllegalArgumentException("StructuredPruning: " + between + " between " + l + " and the next weight layer mixes or"
                            + " normalises units; only activations, dropout, pooling and Flatten are supported there.");
                next++;
            }
            int units = l instanceof Dense d ? d.outFeatures() : ((Conv2D) l).outChannels();
            if (l instanceof Conv2D c && layers.get(next) instanceof Dense d) spatial = d.inFeatures() / c.outChannels();
            int[] keep = strongest(net.get(i), units - (int) Math.round(fraction * units));   // norms of the original weights
            layers.set(i, shrinkOutputs(l, keep));
            layers.set(next, shrinkInputs(layers.get(next), keep, spatial));
        }
        return Sequential.of(layers);
    }

    /** The indices (ascending) of the {@code n} units with the largest L1 norm of incoming weights. */
    static int[] strongest(Layer l, int n) {
        INDArray w = l instanceof Dense d ? d.weight().value() : ((Conv2D) l).weight().value();
        int units = Weights.channels(w.shape());
        double[] norm = new double[units], v = Quantization.values(w);
        for (int i = 0; i < v.length; i++) norm[Weights.channelOf(i, w.shape())] += Math.abs(v[i]);
        return IntStream.range(0, units).boxed().sorted(Comparator.comparingDouble(u -> -norm[u])).limit(Math.max(1, n)).mapToInt(Integer::intValue).sorted().toArray();
    }

    private static Layer shrinkOutputs(Layer l, int[] keep) {
        if (l instanceof Dense d) {
            Dense out = new Dense(d.inFeatures(), keep.length);
            out.weight().set(d.weight().value().getColumns(keep));
            out.bias().set(d.bias().value().getColumns(keep));
            return out;
        }
        Conv2D c = (Conv2D) l;
        Conv2D out = new Conv2D(c.inChannels(), keep.length, c.kernelSize(), c.stride(), c.padding());
        out.weight().set(Nd4j.pullRows(c.weight().value().reshape(c.outChannels(), -1), 1, keep).reshape(out.weight().value().shape()));
        out.bias().set(c.bias().value().reshape(1, -1).getColumns(keep).reshape(out.bias().value().shape()));
        return out;
    }

    private static Layer shrinkInputs(Layer l, int[] keep, int spatial) {
        if (l instanceof Dense d) {
            int[] rows = Arrays.stream(keep).flatMap(u -> IntStream.range(u * spatial, (u + 1) * spatial)).toArray();
            Dense out = new Dense(rows.length, d.outFeatures());
            out.weight().set(d.weight().value().getRows(rows));
            out.bias().set(d.bias().value());
            return out;
        }
        Conv2D c = (Conv2D) l;
        Conv2D out = new Conv2D(keep.length, c.outChannels(), c.kernelSize(), c.stride(), c.padding());
        INDArray w = c.weight().value(), kept = Nd4j.create(w.dataType(), c.outChannels(), keep.length, c.kernelSize(), c.kernelSize());
        for (int j = 0; j < keep.length; j++)
            kept.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(j))
                    .assign(w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(keep[j])));
        out.weight().set(kept);
        out.bias().set(c.bias().value());
        return out;
    }
}
