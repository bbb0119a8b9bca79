package org.nnbook.search;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ParamsTest {

    private static Params params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", 0.003162277);
        m.put("hidden", 128);
        m.put("act", "relu");
        m.put("augment", true);
        m.put("decay", 1.5e-5);
        return new Params(m);
    }

    @Test
    void typedGetters() {
        Params p = params();
        assertEquals(0.003162277, p.getDouble("lr"));
        assertEquals(128, p.getInt("hidden"));
        assertEquals(128.0, p.getDouble("hidden"), "an int widens to a double");
        assertEquals("relu", p.getString("act"));
        assertTrue(p.getBoolean("augment"));
        assertEquals(128, p.get("hidden"));
    }

    @Test
    void unknownNameListsTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> params().getDouble("learningRate"));
        assertTrue(e.getMessage().contains("'learningRate'") && e.getMessage().contains("[lr, hidden, act, augment, decay]"), e.getMessage());
    }

    @Test
    void wrongTypeSaysWhichGetterFits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> params().getInt("lr"));
        assertTrue(e.getMessage().contains("Double") && e.getMessage().contains("p.getDouble(\"lr\")"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> params().getDouble("act"));
        assertTrue(e.getMessage().contains("p.getString(\"act\")"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> params().getString("hidden"));
        assertTrue(e.getMessage().contains("p.getInt(\"hidden\")"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> params().getBoolean("act"));
    }

    @Test
    void printsCompactly() {
        assertEquals("lr=0.00316, hidden=128, act=relu, augment=true, decay=1.5e-5", params().toString());
        assertEquals("0.1", Params.format(0.1));
        assertEquals("2.5", Params.format(2.5));
        assertEquals("3e-4", Params.format(3e-4));
        assertEquals("1e-4", Params.format(1.0000000000000005e-4));
        assertEquals("100", Params.format(100.0));
    }

    @Test
    void valueEquality() {
        assertEquals(params(), params());
        assertEquals(params().hashCode(), params().hashCode());
        assertThrows(IllegalArgumentException.class, () -> new Params(Map.of()));
    }
}
