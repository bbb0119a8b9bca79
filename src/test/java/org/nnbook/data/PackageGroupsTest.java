package org.nnbook.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The groups of packages that DebianDescriptions keeps in one part of its split, and the seeded hash that places them. */
class PackageGroupsTest {

    @Test
    void groupsAreConnectedComponentsAndPartsFollowTheFractions() {
        PackageGroups g = new PackageGroups();
        g.link("zz", "m1");
        g.link("bb", "m1");
        g.link("bb", "m2");
        g.link("cc", "m2");
        g.link("dd", "m3");
        assertEquals("bb", g.group("zz"));
        assertEquals("bb", g.group("cc"));
        assertEquals("dd", g.group("dd"));
        assertEquals("never-linked", g.group("never-linked"));
        int[] n = new int[3];
        for (int i = 0; i < 20000; i++) n[new PackageGroups().part("package-" + i, 7).ordinal()]++;
        assertEquals(16000, n[0], 300, Arrays.toString(n));
        assertEquals(2000, n[1], 200, Arrays.toString(n));
        assertEquals(2000, n[2], 200, Arrays.toString(n));
    }

    @Test
    void theHashIsStableAndDependsOnTheSeed() {
        assertEquals(PackageGroups.uniform("hello", 42), PackageGroups.uniform("hello", 42));
        assertNotEquals(PackageGroups.uniform("hello", 42), PackageGroups.uniform("hello", 43));
        assertNotEquals(PackageGroups.uniform("hello", 42), PackageGroups.uniform("hellp", 42));
        double u = PackageGroups.uniform("anything", -5);
        assertTrue(u >= 0 && u < 1, "in [0, 1): " + u);
    }
}
