package org.nnbook.core;

/**
 * A tensor reached a layer with the wrong shape. The message names the layer, the expected and the
 * actual shape, and the likely fix.
 */
public final class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) { super(message); }

    /** The same error, with where it happened (e.g. "layer 2 of Sequential") put in front. */
    public ShapeException at(String where) {
        if (getMessage().startsWith("[")) return this;
        ShapeException e = new ShapeException("[" + where + "] " + getMessage());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
