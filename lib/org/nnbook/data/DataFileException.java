package org.nnbook.data;

/**
 * A data file is missing, corrupt (wrong checksum, bad header) or truncated. The message names the
 * file, what was expected, what was found, and the command that fixes it.
 */
public final class DataFileException extends RuntimeException {
    private final String file;

    public DataFileException(String file, String message) { this(file, message, null); }

    public DataFileException(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file (path or resource name) the problem is about. */
    public String file() { return file; }

    /** The same error with advice on how to fix it appended to the message. */
    public DataFileException withFix(String fix) {
        DataFileException e = new DataFileException(file, getMessage() + " " + fix, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
