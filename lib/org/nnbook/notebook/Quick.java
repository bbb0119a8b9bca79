package org.nnbook.notebook;

/**
 * Quick mode: with the environment variable {@code NNBOOK_QUICK=1} (or the system property
 * {@code nnbook.quick=1}) notebooks use less data and fewer epochs, so the tests run them in seconds.
 * Full mode, the default, is what a class runs.
 */
public final class Quick {
    private Quick() {}

    /** True in quick mode. */
    public static boolean on() {
        String v = System.getProperty("nnbook.quick", System.getenv("NNBOOK_QUICK"));
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** {@code quick} in quick mode, {@code full} otherwise: {@code int epochs = Quick.pick(1, 10);} */
    public static <T> T pick(T quick, T full) { return on() ? quick : full; }

    /**
     * Switches quick mode on ({@code true}) or off for the cells run after this call, e.g. on a busy
     * Binder: put {@code Quick.use(true);} in a cell and run the notebook from there.
     */
    public static void use(boolean quick) { System.setProperty("nnbook.quick", quick ? "1" : "0"); }

    /** "quick" or "full", for messages. */
    public static String mode() { return on() ? "quick" : "full"; }
}
