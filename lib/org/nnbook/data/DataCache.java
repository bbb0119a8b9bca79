package org.nnbook.data;

import java.nio.file.Path;

/**
 * Where fetched data sets live: the folder named by the environment variable {@code NNBOOK_DATA}
 * (or the system property {@code nnbook.data}) if set, else {@code ~/.nnbook/data}. Each set has a
 * sub-folder, e.g. {@code mnist/}. The fetch step {@code datasets/fetch} fills the same folders.
 */
public final class DataCache {
    private DataCache() {}

    /** The cache's root folder (it may not exist yet). */
    public static Path root() {
        String dir = System.getProperty("nnbook.data", System.getenv("NNBOOK_DATA"));
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of(System.getProperty("user.home"), ".nnbook", "data");
    }

    /** The folder of data set {@code name}, e.g. {@code dir("mnist")}. */
    public static Path dir(String name) { return root().resolve(name); }
}
