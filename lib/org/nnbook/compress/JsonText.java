package org.nnbook.compress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON (RFC 8259) of a compressed file's header, written and read without a JSON library:
 * objects as {@code Map<String, Object>} in key order, arrays as {@code List<Object>}, strings,
 * whole numbers as {@code Long}, other numbers as {@code Double}, booleans and null.
 */
final class JsonText {
    private final String s;
    private int at;

    private JsonText(String s) { this.s = s; }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        if (v == null || v instanceof Boolean) sb.append(v);
        else if (v instanceof Integer || v instanceof Long) sb.append(((Number) v).longValue());
        else if (v instanceof Number n) {
            if (!Double.isFinite(n.doubleValue())) throw new IllegalArgumentException("JSON has no " + n + ".");
            sb.append(n.doubleValue());
        } else if (v instanceof String str) {
            sb.append('"');
            for (char c : str.toCharArray()) {
                if (c == '"' || c == '\\') sb.append('\\').append(c);
                else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                else sb.append(c);
            }
            sb.append('"');
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep);
                write(String.valueOf(e.getKey()), sb);
                sb.append(':');
                write(e.getValue(), sb);
                sep = ",";
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                write(l.get(i), sb);
            }
            sb.append(']');
        } else throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** The value in {@code text}; IllegalArgumentException with the position where it is not JSON. */
    static Object parse(String text) {
        JsonText p = new JsonText(text);
        Object v = p.value();
        p.skipSpace();
        if (p.at != text.length()) throw p.fail("text after the end");
        return v;
    }

    private Object value() {
        skipSpace();
        if (at >= s.length()) throw fail("unexpected end");
        char c = s.charAt(at);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            at++;
            if (next('}')) return m;
            do {
                skipSpace();
                if (at >= s.length() || s.charAt(at) != '"') throw fail("expected a key");
                String k = string();
                if (!next(':')) throw fail("expected ':'");
                m.put(k, value());
            } while (next(','));
            if (!next('}')) throw fail("expected ',' or '}'");
            return m;
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            at++;
            if (next(']')) return l;
            do l.add(value()); while (next(','));
            if (!next(']')) throw fail("expected ',' or ']'");
            return l;
        }
        if (c == '"') return string();
        for (String word : new String[]{"true", "false", "null"})
            if (s.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        int start = at;
        while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) at++;
        String num = s.substring(start, at);
        try {
            return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
        } catch (NumberFormatException e) {
            at = start;
            throw fail("not a value");
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        at++;
        while (at < s.length()) {
            char c = s.charAt(at++);
            if (c == '"') return sb.toString();
            if (c != '\\') { sb.append(c); continue; }
            if (at >= s.length()) break;
            char e = s.charAt(at++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (at + 4 > s.length()) throw fail("short \\u escape");
                    sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> sb.append(e);
            }
        }
        throw fail("unterminated string");
    }

    private boolean next(char c) {
        skipSpace();
        if (at < s.length() && s.charAt(at) == c) { at++; return true; }
        return false;
    }

    private void skipSpace() { while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++; }

    private IllegalArgumentException fail(String what) { return new IllegalArgumentException("not JSON at character " + at + ": " + what); }
}
