package org.nnbook.data;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where fetched data sets live. Each set has a sub-folder, e.g. {@code mnist/}; the fetch step
 * {@code datasets/fetch} fills the same folders, and {@code datasets/fetch where} prints the root it uses.
 *
 * <p>The rule, the same in Java and in the shell scripts:
 * <ol>
 *   <li>the system property {@code nnbook.data} (Java only), if set and not blank;</li>
 *   <li>else the environment variable {@code NNBOOK_DATA}, if set and not blank;</li>
 *   <li>else {@code $HOME/.nnbook/data}, if the environment variable {@code HOME} is set and not blank;</li>
 *   <li>else (Java only) {@code <user.home>/.nnbook/data}.</li>
 * </ol>
 * {@code $HOME} comes before the JVM's {@code user.home} because the JVM takes that from the account
 * database, not from {@code $HOME}: with {@code HOME=/tmp/h} the shell fetches into
 * {@code /tmp/h/.nnbook/data}, and Java must look there too.
 */
public final class DataCache {
    private DataCache() {}

    /** The cache's root folder (it may not exist yet), by the rule above. */
    public static Path root() {
        return root(System.getProperty("nnbook.data"), System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The rule above as a pure function: {@code property} is the value of {@code nnbook.data} (or null),
     * {@code env} the environment, {@code userHome} the JVM's {@code user.home}.
     */
    static Path root(String property, Map<String, String> env, String userHome) {
        if (isSet(property)) return Path.of(property);
        if (isSet(env.get("NNBOOK_DATA"))) return Path.of(env.get("NNBOOK_DATA"));
        String home = isSet(env.get("HOME")) ? env.get("HOME") : userHome;
        return Path.of(home, ".nnbook", "data");
    }

    /** The folder of data set {@code name}, e.g. {@code dir("mnist")}. */
    public static Path dir(String name) { return root().resolve(name); }

    private static boolean isSet(String value) { return value != null && !value.isBlank(); }
}
