package org.nnbook.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Python string rules that the reference implementations of the metrics (sacreBLEU, rouge-score)
 * rely on, written out so that {@link Bleu}, {@link ChrF} and {@link Rouge} give the same numbers:
 * {@code str.split()} and {@code str.rstrip()} use Python's white space (29 code points, wider than
 * Java's {@code \s}), and {@code f"{x:.2f}"} rounds the exact binary value half to even.
 */
final class PyText {
    private PyText() {}

    /** Whether {@code cp} is white space for Python's {@code str.isspace()}. */
    static boolean isSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Python's {@code s.split()}: the runs of non-space characters. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                if (start >= 0) { out.add(s.substring(start, i)); start = -1; }
            } else if (start < 0) start = i;
            i += Character.charCount(cp);
        }
        if (start >= 0) out.add(s.substring(start));
        return out;
    }

    /** Python's {@code s.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** Python's {@code f"{x:.{digits}f}"}. */
    static String fixed(double x, int digits) {
        if (!Double.isFinite(x)) return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
        return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
