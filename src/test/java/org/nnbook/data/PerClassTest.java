package org.nnbook.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Splits#perClass}: k examples of each class, seeded, nested for growing k, and an error when a class has fewer; {@link Splits#classes}: some classes, relabelled. */
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

    @Test
    void someClassesRelabelledInTheOrderGiven() {
        Dataset digits = SmallDigits.load();
        Dataset odd = Splits.classes(digits, 9, 1, 3);
        assertEquals(3, odd.numClasses());
        assertEquals(java.util.List.of("9", "1", "3"), odd.classNames());
        int[] count = new int[3], all = new int[10];
        for (int l : odd.labels()) count[l]++;
        for (int l : digits.labels()) all[l]++;
        assertArrayEquals(new int[]{all[9], all[1], all[3]}, count);
        int first = 0;
        while (digits.labels()[first] != 9 && digits.labels()[first] != 1 && digits.labels()[first] != 3) first++;
        assertEquals(digits.x().getRow(first), odd.x().getRow(0), "the examples keep their order");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.classes(digits, 3, 10));
        assertTrue(e.getMessage().contains("class 10 does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.classes(digits, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Splits.classes(digits, 3));
    }
}
