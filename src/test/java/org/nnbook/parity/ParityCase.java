package org.nnbook.parity;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * One comparison of nnbook with PyTorch. {@link #prepare} draws the inputs, writes them into the
 * case's folder as {@code .npy} files and returns what the Python script needs to know (its
 * <i>spec</i>: type, kind, options, how many parameters and steps); {@link #run} computes nnbook's
 * results, named like the files the script writes them back to: the script saves its result
 * {@code step0.y} as {@code torch.step0.y.npy}. Every case runs twice, with the fast paths of
 * {@code org.nnbook.kernels} and without, against the same inputs and the same PyTorch result.
 */
abstract class ParityCase {
    final String name;
    final String kind;
    final Map<String, Object> opts;

    /** A case {@code name} of the script's {@code kind} with its options (layer sizes, hyper-parameters). */
    ParityCase(String name, String kind, Map<String, Object> opts) {
        this.name = name;
        this.kind = kind;
        this.opts = opts;
    }

    /** Draws the inputs from {@code random}, writes them into {@code dir}, and returns the spec for the script. */
    abstract Map<String, Object> prepare(Path dir, Random random) throws IOException;

    /** nnbook's results by file name ("step0.y", "loss", ...): new arrays, repeatable (each run starts from the same state). */
    abstract Map<String, INDArray> run();

    /** The spec's common fields: type ("layer", "loss" or "optimizer"), kind and options. */
    Map<String, Object> spec(String type) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("type", type);
        spec.put("kind", kind);
        spec.put("opts", opts);
        return spec;
    }

    /** Standard normal values, DOUBLE, from {@code random} (ND4J's generator cannot be seeded with 0). */
    static INDArray randn(Random random, long... shape) { return draw(random::nextGaussian, shape); }

    /** Uniform values in [0, 1), DOUBLE. */
    static INDArray uniform(Random random, long... shape) { return draw(random::nextDouble, shape); }

    private static INDArray draw(java.util.function.DoubleSupplier next, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = next.getAsDouble();
        return Nd4j.create(v, shape, 'c');
    }

    /** Whole numbers in [0, bound), INT. */
    static INDArray ids(Random random, int bound, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = random.nextInt(bound);
        return Nd4j.createFromArray(v).reshape(shape);
    }

    /** One-hot rows (..., classes) of random classes, DOUBLE. */
    static INDArray oneHot(Random random, int classes, long... leading) {
        INDArray ids = ids(random, classes, leading).reshape(-1);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, ids.length(), classes);
        for (int i = 0; i < ids.length(); i++) out.putScalar(i, ids.getInt(i), 1.0);
        long[] shape = java.util.Arrays.copyOf(leading, leading.length + 1);
        shape[leading.length] = classes;
        return out.reshape(shape);
    }

    @Override
    public String toString() { return name; }
}
