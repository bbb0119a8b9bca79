package org.nnbook.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@link Display} through a Java kernel's static display functions, reached by reflection so that
 * the library compiles and runs without any kernel. Each supported kernel has a class with
 * {@code String display(...)} (returns a display id) and {@code void updateDisplay(id, ...)}:
 *
 * <ul>
 *   <li>rapaio-jupyter-kernel: {@code org.rapaio.jupyter.kernel.global.Global}, with the MIME type
 *       first: {@code display(String mime, Object)}, {@code updateDisplay(String id, String mime, Object)};
 *       a null MIME type means "render as a cell value".</li>
 *   <li>IJava ({@code io.github.spencerpark.ijava.runtime.Display}) and JJava
 *       ({@code org.dflib.jjava.runtime.Display}, later {@code org.dflib.jjava.jupyter.kernel.BaseNotebookStatics}):
 *       {@code display(Object, String... mimes)}, {@code updateDisplay(String id, Object, String... mimes)}.</li>
 * </ul>
 *
 * The class is looked up through this class's own loader, the one that loaded the library from the
 * kernel's class path, whose parents know the kernel. If a call fails (e.g. the class is there but
 * no kernel runs), the display turns itself off and {@link #show} returns null from then on.
 */
final class KernelDisplay implements Display {
    static final String RAPAIO = "org.rapaio.jupyter.kernel.global.Global";
    static final String[] IJAVA_LIKE = {"io.github.spencerpark.ijava.runtime.Display", "org.dflib.jjava.runtime.Display",
            "org.dflib.jjava.jupyter.kernel.BaseNotebookStatics"};
    static final Display NONE = new KernelDisplay(null, null, null, null, null);
    // Text is sent as text/plain explicitly: a kernel's default for values may be HTML only.
    private static final String TEXT = "text/plain";
    private static volatile Display found;

    private final String kernel;
    // rapaio: display(mime, value), updateDisplay(id, mime, value); IJava/JJava: display(value, mimes...),
    // updateDisplay(id, value, mimes...) for text, and display(value), updateDisplay(id, value) for the rest
    private final Method display, update, displayValue, updateValue;
    private volatile boolean broken;

    private KernelDisplay(String kernel, Method display, Method update, Method displayValue, Method updateValue) {
        this.kernel = kernel;
        this.display = display;
        this.update = update;
        this.displayValue = displayValue;
        this.updateValue = updateValue;
    }

    /** The first kernel found (looked up once), or {@link #NONE}. */
    static Display find() {
        Display d = found;
        if (d == null) found = d = lookUp(KernelDisplay.class.getClassLoader());
        return d;
    }

    static Display lookUp(ClassLoader loader) { return lookUp(loader, RAPAIO, IJAVA_LIKE); }

    /** The first of these classes that {@code loader} knows and that has the expected methods; {@link #NONE} if none. */
    static Display lookUp(ClassLoader loader, String rapaioLike, String... ijavaLike) {
        Class<?> c = load(rapaioLike, loader);
        if (c != null) {
            try {
                return new KernelDisplay(rapaioLike, c.getMethod("display", String.class, Object.class),
                        c.getMethod("updateDisplay", String.class, String.class, Object.class), null, null);
            } catch (NoSuchMethodException e) { /* another version: try the others */ }
        }
        for (String name : ijavaLike) {
            c = load(name, loader);
            if (c == null) continue;
            try {
                return new KernelDisplay(name, c.getMethod("display", Object.class, String[].class),
                        c.getMethod("updateDisplay", String.class, Object.class, String[].class),
                        c.getMethod("display", Object.class), c.getMethod("updateDisplay", String.class, Object.class));
            } catch (NoSuchMethodException e) { /* not this one */ }
        }
        return NONE;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @Override
    public boolean available() { return display != null && !broken; }

    @Override
    public Object show(Object value) {
        if (!available()) return null;
        boolean text = value instanceof CharSequence;
        Object id = displayValue == null ? call(display, text ? TEXT : null, value)
                : text ? call(display, value, new String[]{TEXT}) : call(displayValue, value);
        return id instanceof String ? id : null;
    }

    @Override
    public void update(Object handle, Object value) {
        if (handle == null || !available()) return;
        boolean text = value instanceof CharSequence;
        if (updateValue == null) call(update, handle, text ? TEXT : null, value);
        else if (text) call(update, handle, value, new String[]{TEXT});
        else call(updateValue, handle, value);
    }

    private Object call(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
            broken = true;   // e.g. the class is on the class path but no kernel runs: fall back to text
            return null;
        }
    }

    @Override
    public String toString() { return kernel == null ? "Display(none)" : "Display(" + kernel + (broken ? ", off" : "") + ")"; }
}
