package org.nnbook.io;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.io.TempDir;
import org.nnbook.core.Parameter;
import org.nnbook.core.Seed;
import org.nnbook.core.Sequential;
import org.nnbook.data.Dataset;
import org.nnbook.layers.Dense;
import org.nnbook.loss.CrossEntropy;
import org.nnbook.optim.Adam;
import org.nnbook.train.Trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A fine-tuned model — new head, frozen body, per-layer learning-rate multipliers — saves and loads with all of it. */
class FineTunedModelIOTest {
    @TempDir
    Path dir;

    @Test
    void aFineTunedModelRoundTripsWithItsFlagsAndMultipliers() throws IOException {
        Dataset train = ModelIOTest.blobs(120, 2);
        Path pretrainedFile = dir.resolve("pretrained.nnb"), tunedFile = dir.resolve("tuned.nnb");
        ModelIO.save(ModelIOTest.mlp(), pretrainedFile);
        assertFalse(Files.readString(pretrainedFile, StandardCharsets.ISO_8859_1).contains("lr_multiplier"), "no multipliers, no entries");

        Sequential pretrained = ModelIO.load(pretrainedFile, Sequential.class);
        Seed.set(4);
        Sequential tuned = pretrained.withLayer(2, new Dense(16, 3)).freeze(0, 1).lrMultiplier(2, 3, 0.25);
        tuned.get(0).parameters().get(1).trainable(true).lrMultiplier(0.5);            // the first bias trains, slowly
        new Trainer(tuned, new CrossEntropy(), new Adam(0.01)).epochs(2).batchSize(32).quiet().fit(train);
        ModelIO.save(tuned, tunedFile);

        Sequential loaded = ModelIO.load(tunedFile, Sequential.class);
        ModelIOTest.assertSameModel(tuned, loaded, train.x());
        List<Parameter> a = tuned.parameters(), b = loaded.parameters();
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).lrMultiplier(), b.get(i).lrMultiplier(), a.get(i).name());
        assertEquals(List.of(false, true, true, true), b.stream().map(Parameter::isTrainable).toList());
        assertEquals(List.of(1.0, 0.5, 0.25, 0.25), b.stream().map(Parameter::lrMultiplier).toList());
        List<Map<String, Object>> entries = ModelIOTest.tensorEntries(tunedFile);
        assertEquals(0.5, entries.get(1).get("lr_multiplier"));
        assertFalse(entries.get(0).containsKey("lr_multiplier"), "a multiplier of 1 is not written");
    }

    @Test
    void aCopyHasItsOwnParametersWithTheSameValuesFlagsAndMultipliers() {
        Dataset train = ModelIOTest.blobs(120, 2);
        Sequential original = ModelIOTest.mlp().freeze(0, 1).lrMultiplier(2, 3, 0.25);
        Sequential copy = ModelIO.copy(original);
        ModelIOTest.assertSameModel(original, copy, train.x());
        List<Parameter> a = original.parameters(), b = copy.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertNotSame(a.get(i).value(), b.get(i).value());
            assertEquals(a.get(i).isTrainable(), b.get(i).isTrainable());
            assertEquals(a.get(i).lrMultiplier(), b.get(i).lrMultiplier());
        }
        List<INDArray> before = a.stream().map(p -> p.value().dup()).toList();
        new Trainer(copy, new CrossEntropy(), new Adam(0.01)).epochs(2).batchSize(32).quiet().fit(train);   // training the copy...
        for (int i = 0; i < a.size(); i++) assertEquals(before.get(i), a.get(i).value(), "...leaves the original as it was");
        assertNotEquals(before.get(2), b.get(2).value(), "the copy did train");
        assertThrows(IllegalArgumentException.class, () -> ModelIO.copy(null));
    }

    @Test
    void aNegativeMultiplierInAFileIsAnError() throws IOException {
        Path file = dir.resolve("m.nnb");
        Sequential net = ModelIOTest.mlp();
        net.get(0).parameters().get(0).lrMultiplier(0.5);
        ModelIO.save(net, file);
        Files.write(file, ModelIOTest.withHeader(Files.readAllBytes(file), h -> h.replace("\"lr_multiplier\":0.5", "\"lr_multiplier\":-0.5")));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelIO.load(file));
        assertTrue(e.getMessage().contains("lr_multiplier"), e.getMessage());
    }
}
