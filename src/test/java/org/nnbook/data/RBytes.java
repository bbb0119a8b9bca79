package org.nnbook.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Writes R's XDR serialization format by hand, item by item, as "R Internals" 1.8 describes it: test input for the reader. */
final class RBytes {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    /** "X\n", then format version 3 (R 4.1.1 wrote it, R 3.5.0 reads it) and the native encoding UTF-8. */
    static RBytes version3() { return new RBytes().raw("X\n").i(3).i(0x040101).i(0x030500).i(5).raw("UTF-8"); }

    /** "X\n", then format version 2. */
    static RBytes version2() { return new RBytes().raw("X\n").i(2).i(0x030602).i(0x020300); }

    RBytes i(int v) {
        try { out.writeInt(v); } catch (IOException e) { throw new UncheckedIOException(e); }
        return this;
    }

    RBytes d(double v) {
        try { out.writeDouble(v); } catch (IOException e) { throw new UncheckedIOException(e); }
        return this;
    }

    RBytes raw(String s) {
        bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A vector's flags: its type, with "has attributes" and "is an object" when asked. */
    RBytes flags(int type, boolean object, boolean attributes) {
        return i(type | (object ? RSerialization.IS_OBJECT : 0) | (attributes ? RSerialization.HAS_ATTR : 0));
    }

    /** A CHARSXP: UTF-8 ("levels" 1 << 3 in bits 12 and up), or NA (length -1) for null. */
    RBytes chars(String s) {
        if (s == null) return i(RSerialization.CHARSXP).i(-1);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i(RSerialization.CHARSXP | (8 << 12)).i(b.length);
        bytes.writeBytes(b);
        return this;
    }

    /** A new symbol (entered in the reference table by the reader). */
    RBytes symbol(String name) { return i(RSerialization.SYMSXP).chars(name); }

    /** A reference to the {@code index}-th (1-based) entry of the reference table, packed in the flags. */
    RBytes ref(int index) { return i(RSerialization.REFSXP | index << 8); }

    /** One attribute cell: a tagged pairlist cell whose tag is a new symbol (or a reference when {@code ref} > 0). */
    RBytes attributeCell(String name, int ref) {
        i(RSerialization.LISTSXP | RSerialization.HAS_TAG);
        return ref > 0 ? ref(ref) : symbol(name);
    }

    RBytes nil() { return i(RSerialization.NILVALUE_SXP); }

    RBytes ints(int... v) {
        i(v.length);
        for (int x : v) i(x);
        return this;
    }

    RBytes doubles(double... v) {
        i(v.length);
        for (double x : v) d(x);
        return this;
    }

    RBytes strings(String... v) {
        i(RSerialization.STRSXP).i(v.length);
        for (String s : v) chars(s);
        return this;
    }

    byte[] bytes() { return bytes.toByteArray(); }

    byte[] gzipped() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** A lazy-load record: the big-endian length of the bytes, then their zlib stream. */
    byte[] record() {
        byte[] plain = bytes();
        Deflater d = new Deflater();
        d.setInput(plain);
        d.finish();
        byte[] buf = new byte[plain.length + 64];
        int n = d.deflate(buf);
        d.end();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (plain.length >>> 24), (byte) (plain.length >>> 16), (byte) (plain.length >>> 8), (byte) plain.length});
        b.write(buf, 0, n);
        return b.toByteArray();
    }
}
