package org.nnbook.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An R package's lazy-load database: the pair of files {@code NAME.rdx} (the index) and
 * {@code NAME.rdb} (the records), in which an installed package keeps its data sets
 * ({@code data/Rdata.rdx}, {@code data/Rdata.rdb}).
 *
 * <p>The index is one serialized, gzip-compressed object: a list whose {@code variables} maps each
 * object's name to its record's byte offset and length in the {@code .rdb}, and whose
 * {@code compressed} says how records are compressed. A record is a 4-byte big-endian length of the
 * uncompressed bytes, then (for zlib, R's default) the zlib stream of one serialized object. Read with
 * {@link RSerialization}.
 */
public final class RLazyLoadDb {
    private final Path rdb;
    private final Map<String, long[]> variables = new LinkedHashMap<>();
    private final int compression;

    /**
     * The database of {@code rdx} and the {@code .rdb} beside it.
     *
     * @throws DataFileException when either file is missing or not a lazy-load database
     */
    public RLazyLoadDb(Path rdx) {
        String name = rdx.getFileName().toString();
        if (!name.endsWith(".rdx")) throw new IllegalArgumentException("Expected the index file NAME.rdx of a lazy-load database, got " + rdx + ".");
        this.rdb = rdx.resolveSibling(name.substring(0, name.length() - 4) + ".rdb");
        for (Path p : List.of(rdx, rdb))
            if (!Files.isRegularFile(p)) throw new DataFileException(p.toString(), "Missing file " + p + " (a lazy-load database is a .rdx and a .rdb).");
        RObject index;
        try {
            index = RSerialization.read(Files.readAllBytes(rdx));
        } catch (IOException e) {
            throw new DataFileException(rdx.toString(), rdx + " is not an R lazy-load index: " + e.getMessage() + ".", e);
        }
        try {
            RObject vars = index.get("variables");
            String[] names = vars.names();
            for (int i = 0; i < names.length; i++) {
                double[] offsetLength = vars.elements().get(i).doubles();
                variables.put(names[i], new long[] {(long) offsetLength[0], (long) offsetLength[1]});
            }
            RObject c = index.get("compressed");
            this.compression = c.type() == RObject.Type.LOGICAL ? c.ints()[0] : (int) c.doubles()[0];
        } catch (RuntimeException e) {
            throw new DataFileException(rdx.toString(), rdx + " does not look like an R lazy-load index (" + e.getMessage() + ").", e);
        }
    }

    /** The names of the objects it holds, in the index's order. */
    public List<String> names() { return new ArrayList<>(variables.keySet()); }

    /**
     * The object called {@code name}.
     *
     * @throws DataFileException when the record is corrupt or truncated (naming the .rdb file)
     */
    public RObject get(String name) {
        long[] at = variables.get(name);
        if (at == null) throw new IllegalArgumentException("No object '" + name + "' in " + rdb + "; it holds " + names() + ".");
        byte[] record = new byte[(int) at[1]];
        try (RandomAccessFile f = new RandomAccessFile(rdb.toFile(), "r")) {
            if (at[0] + at[1] > f.length())
                throw new DataFileException(rdb.toString(), rdb + " is truncated: object '" + name + "' needs bytes " + at[0] + " to "
                        + (at[0] + at[1]) + " but the file has " + f.length() + ".");
            f.seek(at[0]);
            f.readFully(record);
            return RSerialization.read(new ByteArrayInputStream(decompress(record)));
        } catch (IOException | DataFormatException e) {
            throw new DataFileException(rdb.toString(), rdb + ": object '" + name + "' cannot be read (" + e.getMessage() + ").", e);
        }
    }

    /** A record's serialized bytes: a big-endian length, then the data, zlib-compressed (or stored, type '0'). */
    byte[] decompress(byte[] record) throws IOException, DataFormatException {
        int n = (record[0] & 0xFF) << 24 | (record[1] & 0xFF) << 16 | (record[2] & 0xFF) << 8 | record[3] & 0xFF;
        int start = 4;
        if (compression == 2 || compression == 3) {           // a byte saying how this record is compressed
            char how = (char) record[4];
            start = 5;
            if (how == '0') return Arrays.copyOfRange(record, 5, 5 + n);
            if (how != 'Z') throw new IOException("a record compressed with '" + how + "' (bzip2 or xz); this reader knows zlib only");
        }
        Inflater inflater = new Inflater();
        inflater.setInput(record, start, record.length - start);
        byte[] out = new byte[n];
        int got = 0;
        while (got < n && !inflater.finished()) {
            int k = inflater.inflate(out, got, n - got);
            if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
            got += k;
        }
        inflater.end();
        if (got != n) throw new IOException("the record decompresses to " + got + " bytes, not the " + n + " its header says");
        return out;
    }
}
