package org.nnbook.data;

import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Four small classic tables, shipped inside the nnbook jar (no download): each a {@link Dataset} with
 * x (N, F) float32 in the file's column order and y one-hot with named classes.
 *
 * <table>
 *   <caption>The sets</caption>
 *   <tr><th>loader</th><th>N</th><th>F</th><th>classes</th></tr>
 *   <tr><td>{@link #iris()}</td><td>150</td><td>4</td><td>setosa, versicolor, virginica</td></tr>
 *   <tr><td>{@link #wine()}</td><td>178</td><td>13</td><td>class_0, class_1, class_2 (three cultivars)</td></tr>
 *   <tr><td>{@link #breastCancer()}</td><td>569</td><td>30</td><td>malignant, benign</td></tr>
 *   <tr><td>{@link #penguins()}</td><td>342</td><td>4</td><td>Adelie, Chinstrap, Gentoo</td></tr>
 * </table>
 *
 * <p>{@link #csv(String)} gives the whole table (e.g. the penguins' island and sex columns) to choose
 * columns from. Sources, licences and checksums: {@code datasets/README.md}; the files are
 * {@code datasets/tabular/*.csv}, read from the class path at {@code org/nnbook/data/tabular/}, or from
 * the folder named by the system property {@code nnbook.tabular} when set (for development). Every
 * read is checked against the file's SHA-256.
 */
public final class Tabular {
    /** File name to SHA-256. */
    static final Map<String, String> SHA = Map.of(
            "iris", "b6b8efc86732bc48c9fbddba53e2c191fd4f263c0ee98e2b1b7d3543e8d2121d",
            "wine", "d3fcd1284adcc1c3c1ecc37221dbf2e73d7c3f7a132fbd36525ab1b97baa741b",
            "breast_cancer", "518936fa92ca3d8a78c420aee22030c4e519ffcba3be15dd23e83f2fc22e20e5",
            "penguins", "f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93");

    static final String FIX = "The tables come from datasets/tabular/ (made by datasets/make-tabular); rebuild the jar with"
            + " `mvn package` from the repository root, or set -Dnnbook.tabular=<that folder>.";

    private Tabular() {}

    /** Fisher's iris flowers: sepal and petal length and width (cm) of 50 plants of each of 3 species. */
    public static Dataset iris() { return csv("iris").toDataset("species"); }

    /** Chemical analysis of 178 Italian wines (13 measurements) from three cultivars. */
    public static Dataset wine() { return csv("wine").toDataset("cultivar"); }

    /**
     * Breast Cancer Wisconsin (Diagnostic): 30 measurements of cell nuclei in 569 biopsy images;
     * 212 malignant, 357 benign. Classes in scikit-learn's order: 0 malignant, 1 benign.
     */
    public static Dataset breastCancer() { return csv("breast_cancer").toDataset("diagnosis", List.of("malignant", "benign")); }

    /**
     * Palmer penguins: bill length and depth (mm), flipper length (mm) and body mass (g) of three
     * species. The 2 of 344 rows without measurements are dropped (a choice made here, explicitly).
     */
    public static Dataset penguins() {
        return csv("penguins").select("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "species")
                .dropMissing().toDataset("species");
    }

    /** The whole table {@code name}: "iris", "wine", "breast_cancer" or "penguins". */
    public static Csv csv(String name) {
        String sha = SHA.get(name);
        if (sha == null) throw new IllegalArgumentException("Tabular has no table '" + name + "'; it has " + SHA.keySet() + ".");
        String file = name + ".csv";
        String dir = System.getProperty("nnbook.tabular");
        String where;
        byte[] bytes;
        try {
            if (dir != null && !dir.isBlank()) {
                Path p = Path.of(dir, file);
                where = p.toString();
                if (!Files.isRegularFile(p)) throw new DataFileException(where, "Table not found: " + where + ". " + FIX);
                bytes = Files.readAllBytes(p);
            } else {
                where = "resource org/nnbook/data/tabular/" + file;
                try (InputStream in = Tabular.class.getResourceAsStream("tabular/" + file)) {
                    if (in == null) throw new DataFileException(where, "The table is missing from the class path: no " + where + ". " + FIX);
                    bytes = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file, "Cannot read " + file + ": " + e + ". " + FIX, e);
        }
        String found = IdxFile.sha256(bytes);
        if (!found.equals(sha))
            throw new DataFileException(where, where + " is corrupt or not the expected file: expected SHA-256 " + sha + ", found " + found + ". " + FIX);
        return Csv.read(new java.io.ByteArrayInputStream(bytes), where);
    }
}
