package org.nnbook.io;

import java.nio.file.Path;

/**
 * A model file could not be saved or loaded: missing, not an nnbook model, written by a newer
 * nnbook, truncated, corrupt (checksum), or describing a layer this nnbook does not know. The
 * message names the file, what was expected, what was found, and what to do.
 */
public final class ModelFileException extends RuntimeException {
    private final Path file;

    public ModelFileException(Path file, String message) { this(file, message, null); }

    public ModelFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /** The file the problem is about. */
    public Path file() { return file; }
}
