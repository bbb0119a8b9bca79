package org.nnbook.io;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class JsonTest {

    @Test
    void roundTripsTheValuesAHeaderHolds() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Dense");
        m.put("n", 784L);
        m.put("eps", 1e-5);
        m.put("p", 0.1);
        m.put("big", 1L << 40);
        m.put("flag", true);
        m.put("none", null);
        m.put("text", "quote \" backslash \\ newline \n tab \t é ∑ \u0001");
        m.put("list", List.of(1L, 2.5, List.of(), Map.of()));
        String json = Json.write(m);
        assertEquals(m, Json.parse(json));
        assertEquals(0.1 + 0.2, (Double) Json.parse(Json.write(0.1 + 0.2)), 0.0, "doubles round-trip exactly");
    }

    @Test
    void integersAndEnumsAreWrittenPlainly() {
        assertEquals("[1,2,-3,\"SAME\"]", Json.write(List.of(1, 2L, (short) -3, org.nnbook.layers.Padding.SAME)));
        assertEquals("{\"a\":1.0E-5}", Json.write(Map.of("a", 1e-5)));
    }

    @Test
    void readsWhiteSpaceAndEscapes() {
        assertEquals(Map.of("a", List.of(1L, -2.5e3, "x/y\u00e9")), Json.parse(" { \"a\" : [ 1 , -2.5E3 , \"x\\/y\\u00e9\" ] } "));
    }

    @Test
    void badJsonSaysWhere() {
        for (String bad : new String[]{"", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "1 2", "{\"a\":1,}", "-"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad JSON at character "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    }
}
