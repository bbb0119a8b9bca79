package org.nnbook.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Splits#perClass}: k examples of each class, seeded, nested for growing k, and an error when a class has fewer. */
class PerClassTest {

    /** Row i of the data as a string, to recognise the same example in two draws. */
    private static Set<String> rows(Dataset d) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < d.size(); i++) s.add(Arrays.toString(d.x().getRow(i).toFloatVector()));
        return s;
    }

    @Test
    void kOfEachClassNestedAndSeeded() {
        Dataset digits = SmallDigits.load();
        Dataset ten = Splits.perClass(digits, 10, 3), fifty = Splits.perClass(digits, 50, 3);
        assertEquals(100, ten.size());
        int[] count = new int[10];
        for (int l : ten.labels()) count[l]++;
        for (int c : count) assertEquals(10, c);
        assertTrue(rows(fifty).containsAll(rows(ten)), "the 10 of each class are among the 50");
        assertEquals(rows(ten), rows(Splits.perClass(digits, 10, 3)), "the same seed, the same examples");
        assertNotEquals(rows(ten), rows(Splits.perClass(digits, 10, 4)));
        assertFalse(Arrays.equals(ten.labels(), Arrays.stream(ten.labels()).sorted().toArray()), "not grouped by class");
    }

    @Test
    void tooFewOfAClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.perClass(SmallDigits.load(), 175, 1));
        assertTrue(e.getMessage().contains("class 8 has 174 examples"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.perClass(SmallDigits.load(), 0, 1));
    }
}
