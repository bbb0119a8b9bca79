package org.nnbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.nnbook.data.RSerialization.*;

/** R's serialization format, from byte sequences written by hand (RBytes) and from the real dslabs file. */
class RSerializationTest {

    @Test
    void aNamedIntegerVector() throws IOException {
        // c(a = 1L, b = NA) in format version 2
        byte[] b = RBytes.version2().flags(INTSXP, false, true).ints(1, RObject.NA_INTEGER)
                .attributeCell("names", 0).strings("a", "b").nil().bytes();
        RObject x = RSerialization.read(b);
        assertEquals(RObject.Type.INTEGER, x.type());
        assertArrayEquals(new int[] {1, RObject.NA_INTEGER}, x.ints());
        assertArrayEquals(new String[] {"a", "b"}, x.names());
        assertArrayEquals(new double[] {1, Double.NaN}, x.doubles());
    }

    /**
     * data.frame(id = 1:3 (as R 3.5+ writes it: a compact ALTREP sequence), score = c(0.5, 2, NA),
     * name = c("é", NA, "c"), kind = factor(c("x", "y", "x"))), gzip-compressed, format version 3.
     * Symbols are written once and referred to afterwards: names = 1, class = 2, levels = 3, row.names = 4.
     */
    static byte[] dataFrame() { return dataFrameBytes().gzipped(); }

    static RBytes dataFrameBytes() {
        RBytes r = RBytes.version3().flags(VECSXP, true, true).i(4);
        r.i(ALTREP_SXP);                                                                   // id = 1:3
        r.i(LISTSXP).symbol("compact_intseq").i(LISTSXP).symbol("base").i(LISTSXP).flags(INTSXP, false, false).ints(13).nil();
        r.flags(REALSXP, false, false).doubles(3, 1, 1).nil();                           // state: length, start, step; no attributes
        // symbols so far: compact_intseq = 1, base = 2
        r.flags(REALSXP, false, false).doubles(0.5, 2, Double.NaN);
        r.strings("é", null, "c");
        r.flags(INTSXP, true, true).ints(1, 2, 1)                                          // a factor: codes, levels, class
                .attributeCell("levels", 0).strings("x", "y")
                .attributeCell("class", 0).strings("factor").nil();
        // symbols: levels = 3, class = 4
        r.attributeCell("names", 0).strings("id", "score", "name", "kind")
                .attributeCell("class", 4).strings("data.frame")
                .attributeCell("row.names", 0).flags(INTSXP, false, false).ints(RObject.NA_INTEGER, -3).nil();
        return r;
    }

    @Test
    void aDataFrameOfIntegerNumericCharacterAndFactorColumns() throws IOException {
        RObject df = RSerialization.read(dataFrame());
        assertTrue(df.isDataFrame(), df.toString());
        assertEquals(3, df.rows());
        assertArrayEquals(new String[] {"id", "score", "name", "kind"}, df.names());
        assertArrayEquals(new int[] {1, 2, 3}, df.get("id").ints());
        assertArrayEquals(new double[] {0.5, 2, Double.NaN}, df.get("score").doubles());
        assertArrayEquals(new String[] {"é", null, "c"}, df.get("name").strings());
        assertTrue(df.get("kind").isFactor());
        assertArrayEquals(new String[] {"x", "y", "x"}, df.get("kind").strings());
        assertArrayEquals(new int[] {1, 2, 1}, df.get("kind").ints());
        assertArrayEquals(new int[] {RObject.NA_INTEGER, -3}, df.attribute("row.names").ints());
        var e = assertThrows(IllegalArgumentException.class, () -> df.get("age"));
        assertTrue(e.getMessage().contains("[id, score, name, kind]"), e.getMessage());
    }

    @Test
    void whatIsNotXdrOrEndsTooSoonIsAnError() {
        var ascii = assertThrows(IOException.class, () -> RSerialization.read("A\n3\n".getBytes()));
        assertTrue(ascii.getMessage().contains("ASCII"), ascii.getMessage());
        var version = assertThrows(IOException.class, () -> RSerialization.read(new RBytes().raw("X\n").i(4).i(0).i(0).bytes()));
        assertTrue(version.getMessage().contains("version 4"), version.getMessage());
        byte[] whole = RBytes.version2().flags(REALSXP, false, false).doubles(1, 2, 3).bytes();
        assertThrows(java.io.EOFException.class, () -> RSerialization.read(java.util.Arrays.copyOf(whole, whole.length - 3)));
        var badRef = assertThrows(IOException.class, () -> RSerialization.read(RBytes.version2().ref(1).bytes()));
        assertTrue(badRef.getMessage().contains("reference 1"), badRef.getMessage());
    }

    @Test
    void aLazyLoadDatabaseIndexesRecordsByName(@TempDir Path dir) throws IOException {
        byte[] first = RBytes.version3().flags(REALSXP, false, false).doubles(3.5).record();
        byte[] dfZ = dataFrameBytes().record();
        Files.write(dir.resolve("Rdata.rdb"), concat(first, dfZ));
        // list(variables = list(x = c(0, n1), frame = c(n1, n2)), references = list(), compressed = TRUE)
        byte[] index = RBytes.version3().flags(VECSXP, false, true).i(3)
                .flags(VECSXP, false, true).i(2)
                .flags(INTSXP, false, false).ints(0, first.length)
                .flags(INTSXP, false, false).ints(first.length, dfZ.length)
                .attributeCell("names", 0).strings("x", "frame").nil()
                .flags(VECSXP, false, false).i(0)
                .flags(LGLSXP, false, false).ints(1)
                .attributeCell("names", 1).strings("variables", "references", "compressed").nil()
                .gzipped();
        Files.write(dir.resolve("Rdata.rdx"), index);
        RLazyLoadDb db = new RLazyLoadDb(dir.resolve("Rdata.rdx"));
        assertEquals(List.of("x", "frame"), db.names());
        assertArrayEquals(new double[] {3.5}, db.get("x").doubles());
        assertArrayEquals(new String[] {"x", "y", "x"}, db.get("frame").get("kind").strings());

        Files.write(dir.resolve("Rdata.rdb"), java.util.Arrays.copyOf(concat(first, dfZ), first.length + 5));    // truncated
        var truncated = assertThrows(DataFileException.class, () -> db.get("frame"));
        assertTrue(truncated.getMessage().contains("Rdata.rdb") && truncated.getMessage().contains("truncated"), truncated.getMessage());
        byte[] garbled = concat(first, dfZ);
        for (int i = first.length + 6; i < garbled.length; i++) garbled[i] ^= 0x5A;
        Files.write(dir.resolve("Rdata.rdb"), garbled);
        var corrupt = assertThrows(DataFileException.class, () -> db.get("frame"));
        assertEquals(dir.resolve("Rdata.rdb").toString(), corrupt.file());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
