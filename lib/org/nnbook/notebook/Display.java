package org.nnbook.notebook;

/**
 * An output area of the notebook that code can fill and later replace in place: the base of live
 * progress displays. {@link #kernel()} finds the running Jupyter kernel's own display functions.
 *
 * <pre>{@code
 * Display d = Display.kernel();
 * if (d.available()) {
 *     Object id = d.show("starting...");           // a new output under the running cell
 *     d.update(id, history.chart());               // replaced, in place, by an image
 * }
 * }</pre>
 *
 * <p>A {@code CharSequence} is shown as {@code text/plain}; anything else is rendered by the kernel
 * as it would render a cell's value (a {@code BufferedImage} as {@code image/png}). An update
 * replaces the whole output; a saved notebook ({@code jupyter nbconvert --execute}, or the browser's
 * save) keeps the last state only.
 */
public interface Display {

    /** True when values can be shown (inside a Jupyter kernel); false in a plain JVM. */
    boolean available();

    /**
     * Shows {@code value} as a new output and returns its handle for {@link #update}; {@code null}
     * when the display is not available (or the kernel refused), so the caller can fall back to text.
     */
    Object show(Object value);

    /** Replaces the output of {@code handle} (from {@link #show}) by {@code value}; a null handle is ignored. */
    void update(Object handle, Object value);

    /**
     * The display of the Java kernel running this code, found by reflection — the rapaio kernel's
     * {@code Global}, IJava's or JJava's {@code Display} — or one whose {@link #available()} is false
     * outside a kernel. The library needs none of the kernels to compile or run.
     */
    static Display kernel() { return KernelDisplay.find(); }

    /** A display that is never available: code given it prints text instead (e.g. in tests). */
    static Display none() { return KernelDisplay.NONE; }
}
