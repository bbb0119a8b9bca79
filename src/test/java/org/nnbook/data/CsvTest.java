package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvTest {
    @TempDir
    Path tmp;

    private static final String PETS = "name,weight,legs,kind\r\n"
            + "Rex,30.5,4,dog\r\n"
            + "\"Tweety, jr.\",0.1,2,bird\r\n"
            + "Tom,4,4,cat\r\n"
            + "\r\n"
            + "\"Say \"\"hi\"\"\",NA,4,dog\r\n"
            + "Felix,5, 4 ,cat\r\n";

    @Test
    void parsesHeaderQuotesAndLineEnds() {
        Csv t = Csv.parse(PETS, "pets.csv");
        assertEquals(List.of("name", "weight", "legs", "kind"), t.columns());
        assertEquals(5, t.numRows());
        assertEquals("Tweety, jr.", t.get(1, "name"));
        assertEquals("Say \"hi\"", t.get(3, "name"));
        assertEquals("4", t.get(4, "legs"), "unquoted cells are trimmed");
        assertEquals(List.of("dog", "bird", "cat", "dog", "cat"), t.column("kind"));
        assertEquals(List.of("a", "b"), Csv.parse("\uFEFFa,b\n1,2", "bom.csv").columns(), "byte-order mark skipped, no final newline needed");
    }

    @Test
    void labelColumnBecomesSortedClassesAndOtherColumnsFeatures() {
        Csv t = Csv.parse(PETS, "pets.csv").select("weight", "legs", "kind").dropMissing();
        assertEquals(4, t.numRows(), "the row with NA is dropped");
        Dataset d = t.toDataset("kind");
        assertEquals(List.of("bird", "cat", "dog"), d.classNames());
        assertArrayEquals(new int[]{2, 0, 1, 1}, d.labels());
        assertArrayEquals(new long[]{4, 2}, d.x().shape());
        assertArrayEquals(new float[]{0.1f, 2}, d.x().getRow(1).toFloatVector());
        assertEquals(List.of("weight", "legs"), t.featureNames("kind"));
        Dataset ordered = t.toDataset("kind", List.of("dog", "cat", "bird"));
        assertArrayEquals(new int[]{0, 2, 1, 1}, ordered.labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.toDataset("kind", List.of("dog", "cat")));
        assertTrue(e.getMessage().contains("'bird'") && e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void integerLabelsSortNumerically() {
        Dataset d = Csv.parse("a,b\n1,10\n2,2\n3,1\n4,10\n", "t").toDataset("b");
        assertEquals(List.of("1", "2", "10"), d.classNames());
        assertArrayEquals(new int[]{2, 1, 0, 2}, d.labels());
    }

    @Test
    void regressionTarget() {
        Dataset d = Csv.parse(PETS, "pets.csv").select("legs", "weight").dropMissing().toRegression("weight");
        assertArrayEquals(new long[]{4, 1}, d.y().shape());
        assertEquals(30.5f, d.y().getFloat(0, 0));
        assertEquals(List.of("weight"), d.classNames());
    }

    @Test
    void missingValuesAreAnErrorUnlessDropped() {
        Csv t = Csv.parse(PETS, "pets.csv").select("weight", "legs", "kind");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.toDataset("kind"));
        String m = e.getMessage();
        assertTrue(m.contains("pets.csv, line 6") && m.contains("'weight'") && m.contains("'NA'") && m.contains("dropMissing()"), m);
        assertTrue(Csv.isMissing("") && Csv.isMissing("NA") && Csv.isMissing("NaN") && !Csv.isMissing("0"));
    }

    @Test
    void textFeaturesAndBadFilesAreClearErrors() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Csv.parse(PETS, "pets.csv").dropMissing().toDataset("kind"));
        assertTrue(e.getMessage().contains("column 'name' (column 1 of the file) holds 'Rex', expected a number") && e.getMessage().contains("select("), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.parse(PETS, "pets.csv").toDataset("species"));
        assertTrue(e.getMessage().contains("no column 'species'") && e.getMessage().contains("[name, weight, legs, kind]"), e.getMessage());
        DataFileException d = assertThrows(DataFileException.class, () -> Csv.parse("a,b\n1,2\n3\n", "short.csv"));
        assertTrue(d.getMessage().contains("short.csv, line 3: 1 cells, but the header has 2 columns"), d.getMessage());
        assertThrows(DataFileException.class, () -> Csv.parse("a,a\n1,2\n", "dup.csv"));
        assertThrows(DataFileException.class, () -> Csv.parse("a,b\n\"1,2\n", "open.csv"));
        assertThrows(DataFileException.class, () -> Csv.parse("", "empty.csv"));
        Path missing = tmp.resolve("nope.csv");
        d = assertThrows(DataFileException.class, () -> Csv.read(missing));
        assertTrue(d.getMessage().contains(missing.toString()), d.getMessage());
        Path ok = Files.writeString(tmp.resolve("ok.csv"), "x,y\n1,a\n2,b\n");
        assertEquals(2, Csv.read(ok).toDataset("y").size());
    }

    /** x of a one-feature table whose column v holds {@code cells}, one per row. */
    private static float[] feature(String... cells) {
        StringBuilder text = new StringBuilder("id,v,y\n");
        for (int i = 0; i < cells.length; i++) text.append(i).append(',').append(cells[i]).append(",a\n");
        return Csv.parse(text.toString(), "nums.csv").select("v", "y").toDataset("y").x().toFloatVector();
    }

    @Test
    void plainDecimalsParseToTheNearestFloat() {
        assertArrayEquals(new float[]{1e-3f, -250f, 0.5f, 5f, 12f, -0.5f, 7f, -0f, 3.25f, 1.5e-3f, 1e-3f},
                feature("1e-3", "-2.5E+2", ".5", "5.", "12", "-.5", "+7", "-0", "\" 3.25 \"", "1.5e-3", "0.001"));
        assertEquals(Float.MAX_VALUE, feature("3.4028235e38")[0], "float32's largest value, as Java prints it, still fits");
        assertEquals(-Float.MAX_VALUE, feature("-3.4028235E+38")[0]);
    }

    /** The error for a table whose column v holds {@code cell} on line 3 (file column 2, feature column 1). */
    private static String rejection(String cell) {
        Csv t = Csv.parse("id,v,y\n0,1,a\n1," + cell + ",b\n", "nums.csv").select("v", "y");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.toDataset("y"), cell);
        String m = e.getMessage();
        String text = cell.startsWith("\"") ? cell.substring(1, cell.length() - 1) : cell;
        assertTrue(m.startsWith("nums.csv, line 3: column 'v' (column 2 of the file) holds '" + text + "'"), m);
        return m;
    }

    @Test
    void valuesBeyondFloat32AreErrorsNotInfinity() {
        for (String cell : new String[]{"1e39", "-1e39", "3.5e38", "1e999999999"}) {
            String m = rejection(cell);
            assertTrue(m.contains("beyond float32's range") && m.contains("at most 3.4028235E38") && m.contains("rescale"), m);
        }
    }

    @Test
    void infinitiesAreErrors() {
        for (String cell : new String[]{"Infinity", "-Infinity", "+Infinity", "inf", "-inf", "INF"}) {
            String m = rejection(cell);
            assertTrue(m.contains("an infinite value; expected a finite number") && m.contains("dropMissing()"), m);
        }
    }

    @Test
    void javaOnlyAndLocaleNumberSyntaxIsAnError() {
        for (String cell : new String[]{"0x1p3", "2f", "1d", "1_000", "\"1,5\"", "\"1,000\"", "1e", "--1", "1.2.3", "0x10"}) {
            String m = rejection(cell);
            assertTrue(m.contains("expected a number in plain decimal notation") && m.contains("Rewrite the value in the file"), m);
        }
        for (String cell : new String[]{"\"N A\"", ".", "-"}) {
            String m = rejection(cell);
            assertTrue(m.contains("expected a number in plain decimal notation") && m.contains("leave this column out with select("),
                    "without a digit the hint is the one for text columns: " + m);
        }
    }

    @Test
    void missingValuesStillCountAsMissingNotAsBadNumbers() {
        for (String cell : new String[]{"", "NA", "NaN", "nan"}) {
            Csv t = Csv.parse("id,v,y\n0,1,a\n1," + cell + ",b\n", "nums.csv").select("v", "y");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.toDataset("y"));
            assertTrue(e.getMessage().contains("has a missing value ('" + cell + "')"), e.getMessage());
            assertEquals(1, t.dropMissing().toDataset("y").size());
        }
    }

    @Test
    void regressionTargetsAreCheckedToo() {
        Csv t = Csv.parse("x,target\n1,2\n2,1e39\n", "reg.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.toRegression("target"));
        assertTrue(e.getMessage().startsWith("reg.csv, line 3: column 'target' (column 2 of the file) holds '1e39'"), e.getMessage());
    }
}
