package org.nnbook.notebook;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The kernel adapter without a kernel: outside Jupyter nothing is available; with stand-ins for the
 * kernels' classes (same method signatures as rapaio's Global and IJava's Display) the reflective
 * calls go through with the right MIME types.
 */
class DisplayTest {
    static final List<String> calls = new ArrayList<>();

    /** Has rapaio's signatures: display(mime, value), updateDisplay(id, mime, value). */
    public static final class FakeRapaio {
        public static String display(String mime, Object value) {
            calls.add("display " + mime + " " + kind(value));
            return "id" + calls.size();
        }

        public static void updateDisplay(String id, String mime, Object value) { calls.add("update " + id + " " + mime + " " + kind(value)); }
    }

    /** Has IJava's signatures: display(value[, mimes...]), updateDisplay(id, value[, mimes...]). */
    public static final class FakeIJava {
        public static String display(Object value) { calls.add("display " + kind(value)); return "id" + calls.size(); }

        public static String display(Object value, String... as) { calls.add("display " + String.join(",", as) + " " + kind(value)); return "id" + calls.size(); }

        public static void updateDisplay(String id, Object value) { calls.add("update " + id + " " + kind(value)); }

        public static void updateDisplay(String id, Object value, String... as) { calls.add("update " + id + " " + String.join(",", as) + " " + kind(value)); }
    }

    /** Like a kernel class on the class path of a JVM where no kernel runs. */
    public static final class NoKernel {
        public static String display(String mime, Object value) { throw new NullPointerException("no kernel running"); }

        public static void updateDisplay(String id, String mime, Object value) { throw new NullPointerException("no kernel running"); }
    }

    static String kind(Object v) { return v instanceof BufferedImage ? "image" : v.toString(); }

    @BeforeEach
    void clear() { calls.clear(); }

    private static ClassLoader loader() { return DisplayTest.class.getClassLoader(); }

    @Test
    void outsideAKernelNothingIsAvailable() {
        Display d = Display.kernel();
        assertFalse(d.available(), d.toString());
        assertNull(d.show("hello"));
        d.update(null, "ignored");
        d.update("some-id", "ignored");
        assertFalse(Display.none().available());
        assertNull(Display.none().show("x"));
    }

    @Test
    void rapaioStyleSendsTextAsPlainTextAndImagesAsValues() {
        Display d = KernelDisplay.lookUp(loader(), FakeRapaio.class.getName());
        assertTrue(d.available());
        Object text = d.show("epoch 1/3");
        Object image = d.show(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
        d.update(text, "done");
        d.update(image, new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
        assertEquals(List.of("display text/plain epoch 1/3", "display null image", "update id1 text/plain done", "update id2 null image"), calls);
        assertEquals("id1", text);
    }

    @Test
    void ijavaStyleIsFoundWhenRapaioIsAbsent() {
        Display d = KernelDisplay.lookUp(loader(), "no.such.Global", "no.such.Display", FakeIJava.class.getName());
        assertTrue(d.available());
        Object text = d.show("loss 0.5");
        Object image = d.show(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
        d.update(text, "loss 0.4");
        d.update(image, new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
        assertEquals(List.of("display text/plain loss 0.5", "display image", "update id1 text/plain loss 0.4", "update id2 image"), calls);
    }

    @Test
    void aFailingKernelTurnsTheDisplayOff() {
        Display d = KernelDisplay.lookUp(loader(), NoKernel.class.getName());
        assertTrue(d.available());
        assertNull(d.show("x"));
        assertFalse(d.available(), "after a failed call the caller falls back to text");
    }

    @Test
    void aClassWithoutTheMethodsIsSkipped() {
        Display d = KernelDisplay.lookUp(loader(), String.class.getName(), Integer.class.getName());
        assertFalse(d.available());
    }
}
