package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TabularTest {
    @TempDir
    Path tmp;

    /**
     * Until the pom packs datasets/tabular into the jar, the tests read the source folder (the
     * surefire working directory is the repository root).
     */
    static void useSourceFolderIfNotPacked() {
        if (Tabular.class.getResource("tabular/iris.csv") == null && System.getProperty("nnbook.tabular") == null)
            System.setProperty("nnbook.tabular", Path.of("datasets", "tabular").toAbsolutePath().toString());
    }

    static Dataset iris() {
        useSourceFolderIfNotPacked();
        return Tabular.iris();
    }

    private static int[] counts(Dataset d) {
        int[] c = new int[d.numClasses()];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    @Test
    void irisIsFishersIris() {
        Dataset d = iris();
        assertArrayEquals(new long[]{150, 4}, d.x().shape());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[]{50, 50, 50}, counts(d));
        assertArrayEquals(new float[]{5.1f, 3.5f, 1.4f, 0.2f}, d.x().getRow(0).toFloatVector());
        // the published means: 5.84, 3.05, 3.76, 1.20
        double[] mean = d.x().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).mean(0).toDoubleVector();
        assertArrayEquals(new double[]{5.843, 3.057, 3.758, 1.199}, mean, 1e-3);
    }

    @Test
    void wineBreastCancerAndPenguins() {
        useSourceFolderIfNotPacked();
        Dataset wine = Tabular.wine();
        assertArrayEquals(new long[]{178, 13}, wine.x().shape());
        assertArrayEquals(new int[]{59, 71, 48}, counts(wine));
        assertEquals(List.of("class_0", "class_1", "class_2"), wine.classNames());
        assertEquals(1065f, wine.x().getFloat(0, 12), "proline of the first wine");

        Dataset bc = Tabular.breastCancer();
        assertArrayEquals(new long[]{569, 30}, bc.x().shape());
        assertEquals(List.of("malignant", "benign"), bc.classNames());
        assertArrayEquals(new int[]{212, 357}, counts(bc));
        assertEquals(0, bc.labels()[0], "the first row is malignant, as in scikit-learn");

        Dataset p = Tabular.penguins();
        assertArrayEquals(new long[]{342, 4}, p.x().shape(), "the 2 rows without measurements are dropped");
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), p.classNames());
        assertArrayEquals(new int[]{151, 68, 123}, counts(p));
        assertFalse(p.x().isNaN().any());
        Csv all = Tabular.csv("penguins");
        assertEquals(344, all.numRows());
        assertEquals(List.of("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"), all.columns());
        assertEquals(333, all.dropMissing().numRows(), "11 rows lack the sex (2 of them everything)");
    }

    @Test
    void standardizedIrisThroughASplit() {
        Split s = Splits.stratified(iris(), 0.8, 1);
        Standardizer scaler = Standardizer.fit(s.train());
        Dataset test = scaler.apply(s.test());
        assertArrayEquals(new long[]{30, 4}, test.x().shape());
        assertEquals(0, scaler.apply(s.train()).x().meanNumber().doubleValue(), 1e-5);
    }

    @Test
    void unknownMissingOrCorruptTablesAreClearErrors() throws IOException {
        useSourceFolderIfNotPacked();
        assertThrows(IllegalArgumentException.class, () -> Tabular.csv("titanic"));
        String before = System.getProperty("nnbook.tabular");
        try {
            System.setProperty("nnbook.tabular", tmp.toString());
            DataFileException e = assertThrows(DataFileException.class, Tabular::iris);
            assertTrue(e.getMessage().contains(tmp.resolve("iris.csv").toString()) && e.getMessage().contains("datasets/make-tabular"), e.getMessage());
            Files.writeString(tmp.resolve("iris.csv"), "sepal_length_cm,species\n5.1,setosa\n");
            e = assertThrows(DataFileException.class, Tabular::iris);
            assertTrue(e.getMessage().contains("expected SHA-256 " + Tabular.SHA.get("iris")), e.getMessage());
        } finally {
            if (before == null) System.clearProperty("nnbook.tabular");
            else System.setProperty("nnbook.tabular", before);
        }
    }
}
