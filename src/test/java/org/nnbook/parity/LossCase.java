package org.nnbook.parity;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnbook.loss.Loss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A loss against the torch loss (reduction "mean"): files {@code yhat} and {@code target}; results
 * {@code loss} (shape (1)) and {@code grad} = dL/d(yHat).
 */
final class LossCase extends ParityCase {
    private final Supplier<Loss> make;
    private final Function<Random, INDArray> yHat, target;
    private INDArray z, y;

    LossCase(String name, String kind, Map<String, Object> opts, Supplier<Loss> make,
             Function<Random, INDArray> yHat, Function<Random, INDArray> target) {
        super(name, kind, opts);
        this.make = make;
        this.yHat = yHat;
        this.target = target;
    }

    @Override
    Map<String, Object> prepare(Path dir, Random random) throws IOException {
        z = yHat.apply(random);
        y = target.apply(random);
        Npy.write(dir.resolve("yhat.npy"), z);
        Npy.write(dir.resolve("target.npy"), y);
        return spec("loss");
    }

    @Override
    Map<String, INDArray> run() {
        Loss loss = make.get();
        double value = loss.forward(z.dup(), y.dup());
        return Map.of("loss", Nd4j.createFromArray(value), "grad", loss.backward().dup());
    }
}
