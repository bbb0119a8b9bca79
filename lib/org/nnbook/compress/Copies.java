package org.nnbook.compress;

import org.nnbook.core.Model;
import org.nnbook.io.ModelIO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Independent copies of models, made by saving and loading them (so every layer ModelIO knows can be copied). */
final class Copies {
    private Copies() {}

    /** A new model with the same architecture, values and state as {@code model}, sharing no arrays with it. */
    static <M extends Model> M of(M model) {
        ActivationQuantizer.register();
        Path tmp = null;
        try {
            tmp = Files.createTempFile("nnbook-copy-", ".nnb");
            ModelIO.save(model, tmp);
            @SuppressWarnings("unchecked") M copy = (M) ModelIO.load(tmp, model.getClass());
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + model + " through a temporary file: " + e.getMessage(), e);
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }
}
