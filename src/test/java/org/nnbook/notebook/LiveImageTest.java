package org.nnbook.notebook;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LiveImageTest {

    /** A display that records what it was asked to do. */
    private static final class Recorder implements Display {
        final List<String> calls = new ArrayList<>();
        public boolean available() { return true; }
        public Object show(Object value) { calls.add("show"); return "h1"; }
        public void update(Object handle, Object value) { calls.add("update " + handle); }
    }

    @Test
    void showsOnceThenReplacesInPlace() {
        Recorder r = new Recorder();
        LiveImage live = new LiveImage(r);
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        assertTrue(live.show(img));
        assertTrue(live.show(img));
        assertTrue(live.show(img));
        assertEquals(List.of("show", "update h1", "update h1"), r.calls);
    }

    @Test
    void showsNothingOutsideAKernel() {
        assertFalse(new LiveImage(Display.none()).show(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)));
    }
}
