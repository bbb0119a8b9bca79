package org.nnbook.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of R's serialization format (what {@code saveRDS}, {@code save} and R's lazy-load
 * databases write; "R Internals", section 1.8), enough for data frames of integer, numeric, logical,
 * character and factor columns: the XDR binary form (big-endian), versions 2 and 3, plain or gzip-compressed.
 *
 * <p>The stream: {@code "X\n"}, then the format version, the writing R version and the oldest R that
 * can read it (three ints); version 3 adds the native encoding (an int length and its bytes). Then one
 * item, recursively: an int of flags (type in the low 8 bits; bit 8 "is an object", bit 9 "has
 * attributes", bit 10 "has a tag"; a string's encoding in bits 12 and up), then the type's contents:
 * vectors as a length and their elements (ints, IEEE doubles, or strings each as a length and bytes,
 * -1 for NA), pairlists (attributes, tags) as attributes, tag, value, rest. Symbols and environments
 * enter a table that later items refer back to by number ({@code REFSXP}). R 3.5+ may write compact
 * sequences ({@code 1:n}) as ALTREP objects; the two compact sequences and the wrappers are expanded.
 * Functions, byte code and environments are read past and come back as {@link RObject.Type#OTHER}.
 */
public final class RSerialization {
    // R's SEXP types (Rinternals.h) and the serializer's pseudo-types (serialize.c)
    static final int NILSXP = 0, SYMSXP = 1, LISTSXP = 2, CLOSXP = 3, ENVSXP = 4, PROMSXP = 5, LANGSXP = 6, SPECIALSXP = 7,
            BUILTINSXP = 8, CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14, CPLXSXP = 15, STRSXP = 16, DOTSXP = 17,
            VECSXP = 19, EXPRSXP = 20, BCODESXP = 21, EXTPTRSXP = 22, WEAKREFSXP = 23, RAWSXP = 24, S4SXP = 25;
    static final int REFSXP = 255, NILVALUE_SXP = 254, GLOBALENV_SXP = 253, UNBOUNDVALUE_SXP = 252, MISSINGARG_SXP = 251,
            BASENAMESPACE_SXP = 250, NAMESPACESXP = 249, PACKAGESXP = 248, PERSISTSXP = 247, EMPTYENV_SXP = 242,
            BASEENV_SXP = 241, ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP_SXP = 238;
    static final int IS_OBJECT = 1 << 8, HAS_ATTR = 1 << 9, HAS_TAG = 1 << 10, LATIN1 = 1 << 2;

    private final DataInputStream in;
    private final List<RObject> refs = new ArrayList<>();

    private RSerialization(InputStream in) { this.in = new DataInputStream(in); }

    /**
     * The one object in {@code in}: a serialized stream ({@code saveRDS}, a lazy-load record), gzip-compressed
     * or not, or an {@code .rda} file of {@code save} (then a pairlist of the saved objects, their names as names).
     *
     * @throws IOException when the bytes are not R's XDR serialization format or end too soon
     */
    public static RObject read(InputStream stream) throws IOException {
        BufferedInputStream b = new BufferedInputStream(stream);
        b.mark(2);
        int m0 = b.read(), m1 = b.read();
        b.reset();
        InputStream plain = m0 == 0x1f && m1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(b)) : b;
        plain.mark(5);
        byte[] head = plain.readNBytes(5);
        if (!new String(head, StandardCharsets.ISO_8859_1).matches("RDX[23]\n")) plain.reset();    // save()'s header before the stream
        return new RSerialization(plain).readStream();
    }

    /** The one object in {@code bytes} (see {@link #read(InputStream)}). */
    public static RObject read(byte[] bytes) throws IOException { return read(new java.io.ByteArrayInputStream(bytes)); }

    private RObject readStream() throws IOException {
        byte[] format = in.readNBytes(2);
        if (format.length < 2 || format[0] != 'X' || format[1] != '\n')
            throw new IOException("not R's XDR serialization format: it starts with " + printable(format) + ", not \"X\\n\""
                    + (format.length == 2 && (format[0] == 'A' || format[0] == 'B') ? " (this is R's " + (format[0] == 'A' ? "ASCII" : "native binary")
                    + " form, which this reader does not read: save it with saveRDS's default, xdr = TRUE)" : ""));
        int version = in.readInt();
        in.readInt();                                        // the R version that wrote it
        in.readInt();                                        // the oldest R version that reads it
        if (version == 3) in.skipNBytes(in.readInt());      // the native encoding, e.g. "UTF-8"
        else if (version != 2) throw new IOException("serialization format version " + version + "; this reader knows versions 2 and 3.");
        return readItem();
    }

    private RObject readItem() throws IOException { return readItem(in.readInt()); }

    private RObject readItem(int flags) throws IOException {
        int type = flags & 0xFF;
        boolean hasAttr = (flags & HAS_ATTR) != 0, hasTag = (flags & HAS_TAG) != 0;
        switch (type) {
            case NILVALUE_SXP: return RObject.NULL;
            case EMPTYENV_SXP: case BASEENV_SXP: case GLOBALENV_SXP: case UNBOUNDVALUE_SXP: case MISSINGARG_SXP: case BASENAMESPACE_SXP:
                return other("special value " + type);
            case REFSXP: {
                int index = flags >> 8 == 0 ? in.readInt() : flags >> 8;
                if (index < 1 || index > refs.size()) throw new IOException("reference " + index + " to an object not read yet (" + refs.size() + " read)");
                return refs.get(index - 1);
            }
            case PERSISTSXP: case NAMESPACESXP: case PACKAGESXP: {
                RObject names = new RObject(RObject.Type.CHARACTER, readStringVector(), Map.of());
                RObject o = new RObject(RObject.Type.OTHER, names, Map.of());
                refs.add(o);
                return o;
            }
            case SYMSXP: {
                RObject o = new RObject(RObject.Type.SYMBOL, readItem().value(), Map.of());   // its name, a CHARSXP
                refs.add(o);
                return o;
            }
            case ENVSXP: {
                RObject o = other("environment");
                refs.add(o);
                in.readInt();                                // locked
                readItem(); readItem(); readItem(); readItem();      // enclosure, frame, hash table, attributes
                return o;
            }
            case LISTSXP: case LANGSXP: case CLOSXP: case PROMSXP: case DOTSXP: case ATTRLANGSXP: case ATTRLISTSXP:
                return readPairlist(type, hasAttr, hasTag);
            case ALTREP_SXP: return readAltrep();
            case EXTPTRSXP: {
                RObject o = other("external pointer");
                refs.add(o);
                readItem(); readItem();                      // protected value, tag
                return withAttributes(o, hasAttr);
            }
            case WEAKREFSXP: {
                RObject o = other("weak reference");
                refs.add(o);
                return withAttributes(o, hasAttr);
            }
            case SPECIALSXP: case BUILTINSXP: in.skipNBytes(in.readInt()); return other("builtin");
            case CHARSXP: return new RObject(RObject.Type.OTHER, readChars(flags), Map.of());
            case LGLSXP: case INTSXP: {
                int[] v = new int[readLength()];
                for (int i = 0; i < v.length; i++) v[i] = in.readInt();
                return withAttributes(new RObject(type == LGLSXP ? RObject.Type.LOGICAL : RObject.Type.INTEGER, v, Map.of()), hasAttr);
            }
            case REALSXP: {
                double[] v = new double[readLength()];
                for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
                return withAttributes(new RObject(RObject.Type.DOUBLE, v, Map.of()), hasAttr);
            }
            case CPLXSXP: in.skipNBytes(16L * readLength()); return withAttributes(other("complex vector"), hasAttr);
            case RAWSXP: in.skipNBytes(readLength()); return withAttributes(other("raw vector"), hasAttr);
            case STRSXP: {
                String[] v = new String[readLength()];
                for (int i = 0; i < v.length; i++) {
                    int f = in.readInt();
                    if ((f & 0xFF) != CHARSXP) throw new IOException("a character vector's element has type " + (f & 0xFF) + ", not a string");
                    v[i] = readChars(f);
                }
                return withAttributes(new RObject(RObject.Type.CHARACTER, v, Map.of()), hasAttr);
            }
            case VECSXP: case EXPRSXP: {
                int n = readLength();
                List<RObject> v = new ArrayList<>(n);
                for (int i = 0; i < n; i++) v.add(readItem());
                return withAttributes(new RObject(RObject.Type.LIST, v, Map.of()), hasAttr);
            }
            case S4SXP: return withAttributes(other("S4 object"), hasAttr);
            case BCODESXP: throw new IOException("byte code (a compiled R function): this reader reads data, not functions");
            default: throw new IOException("unknown item type " + type + " (flags 0x" + Integer.toHexString(flags) + "): not R's serialization format?");
        }
    }

    /** Reads a vector length: an int, or -1 and then two ints for a long vector (which this reader refuses). */
    private int readLength() throws IOException {
        int n = in.readInt();
        if (n == -1) {
            long upper = in.readInt() & 0xFFFFFFFFL, lower = in.readInt() & 0xFFFFFFFFL;
            throw new IOException("a long vector of " + (upper << 32 | lower) + " elements: more than a Java array holds");
        }
        if (n < 0) throw new IOException("a vector of negative length " + n);
        return n;
    }

    /**
     * A pairlist (or a call, a function, a promise): each cell's attributes, tag, value, then the rest
     * of the list, itself an item; a pairlist's cells are read in a loop, not by recursion.
     */
    private RObject readPairlist(int type, boolean hasAttr, boolean hasTag) throws IOException {
        List<RObject> values = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        Map<String, RObject> attributes = new LinkedHashMap<>();
        for (boolean first = true; ; first = false) {
            Map<String, RObject> a = hasAttr ? toAttributes(readItem()) : Map.of();
            if (first) attributes.putAll(a);
            RObject tag = hasTag ? readItem() : RObject.NULL;
            tags.add(tag.type() == RObject.Type.SYMBOL ? (String) tag.value() : "");
            values.add(readItem());
            int flags = in.readInt();
            if (type != LISTSXP || (flags & 0xFF) != LISTSXP) {       // the rest is not one more cell of a pairlist
                if ((flags & 0xFF) != NILVALUE_SXP) readItem(flags);     // a call's arguments, a function's body: read past
                break;
            }
            hasAttr = (flags & HAS_ATTR) != 0;
            hasTag = (flags & HAS_TAG) != 0;
        }
        if (type != LISTSXP) return other("language object");
        if (tags.stream().anyMatch(t -> !t.isEmpty()))
            attributes.put("names", new RObject(RObject.Type.CHARACTER, tags.toArray(new String[0]), Map.of()));
        return new RObject(RObject.Type.PAIRLIST, values, attributes);
    }

    /** An ALTREP object: its class (a pairlist: class symbol, package symbol, type), its state, its attributes. */
    private RObject readAltrep() throws IOException {
        RObject info = readItem(), state = readItem(), attr = readItem();
        String cls = (String) info.elements().get(0).value();
        Map<String, RObject> attributes = toAttributes(attr);
        switch (cls) {
            case "compact_intseq": case "compact_realseq": {
                double[] s = state.doubles();                 // length, first value, increment
                int n = (int) s[0];
                if (cls.equals("compact_intseq")) {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = (int) (s[1] + i * s[2]);
                    return new RObject(RObject.Type.INTEGER, v, attributes);
                }
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = s[1] + i * s[2];
                return new RObject(RObject.Type.DOUBLE, v, attributes);
            }
            case "wrap_integer": case "wrap_logical": case "wrap_real": case "wrap_string": case "wrap_list": {
                RObject x = state.elements().get(0);           // state: list(the wrapped vector, metadata)
                return x.withAttributes(attributes.isEmpty() ? x.attributes() : attributes);
            }
            default:
                throw new IOException("an ALTREP object of class " + cls + ", which this reader does not expand"
                        + " (it knows compact_intseq, compact_realseq and the wrap_* classes)");
        }
    }

    /** A CHARSXP's contents: a length (-1 for NA) and bytes, UTF-8 unless marked Latin-1. */
    private String readChars(int flags) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0) throw new IOException("a string of negative length " + n);
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) throw new EOFException("the data ends inside a string of " + n + " bytes");
        Charset cs = (flags >> 12 & LATIN1) != 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        return new String(bytes, cs);
    }

    /** The names of a package or namespace reference, or of a persistent object: an int 0, a length, strings. */
    private String[] readStringVector() throws IOException {
        if (in.readInt() != 0) throw new IOException("a names vector that does not start with 0");
        String[] v = new String[in.readInt()];
        for (int i = 0; i < v.length; i++) v[i] = (String) readItem().value();
        return v;
    }

    private RObject withAttributes(RObject o, boolean hasAttr) throws IOException {
        return hasAttr ? o.withAttributes(toAttributes(readItem())) : o;
    }

    /** An attribute pairlist as a map from tag to value. */
    private static Map<String, RObject> toAttributes(RObject pairlist) {
        Map<String, RObject> map = new LinkedHashMap<>();
        if (pairlist.type() != RObject.Type.PAIRLIST) return map;
        String[] names = pairlist.names();
        for (int i = 0; i < names.length; i++) map.put(names[i], pairlist.elements().get(i));
        return map;
    }

    private static RObject other(String what) { return new RObject(RObject.Type.OTHER, what, Map.of()); }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) sb.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xFF));
        return sb.append('"').toString();
    }
}
