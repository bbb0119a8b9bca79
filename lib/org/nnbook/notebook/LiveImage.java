package org.nnbook.notebook;

import java.awt.image.BufferedImage;

/**
 * One image output of the running cell that a training loop replaces in place, e.g. a grid of the
 * samples a generator draws after each epoch. Outside a kernel it shows nothing (the loop's printed
 * lines remain).
 *
 * <pre>{@code
 * LiveImage live = new LiveImage();
 * for (int epoch = 1; epoch <= epochs; epoch++) { ...; live.show(Charts.images(model.sample(32), 8)); }
 * }</pre>
 */
public final class LiveImage {
    private final Display display;
    private Object handle;

    /** An output of the kernel's display. */
    public LiveImage() { this(Display.kernel()); }

    public LiveImage(Display display) { this.display = display; }

    /** Shows {@code image}: a new output the first time, the same output replaced afterwards; returns whether anything was shown. */
    public boolean show(BufferedImage image) {
        if (!display.available()) return false;
        if (handle == null) handle = display.show(image);
        else display.update(handle, image);
        return handle != null;
    }
}
