package org.nnbook.data;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Groups of Debian packages that must stay in one part of a split: packages linked through a shared
 * description ({@code Description-md5}), and a package with several descriptions, are one group (the
 * connected components of the package-description graph, by union-find). A group goes to a part by a seeded
 * hash of its first package name (in {@link String#compareTo} order), so the assignment does not depend on
 * the order of the files or on the other packages: {@link DebianDescriptions}' split.
 */
final class PackageGroups {
    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, String> first = new HashMap<>();    // root -> its first package name

    /** Puts package {@code pkg} and description {@code md5} in one group. */
    void link(String pkg, String md5) {
        String a = root("p " + pkg), b = root("m " + md5);
        String fa = first.getOrDefault(a, pkg), fb = first.get(b);
        String f = fb == null || fa.compareTo(fb) <= 0 ? fa : fb;
        if (!a.equals(b)) {
            parent.put(b, a);
            first.remove(b);
        }
        first.put(a, f);
    }

    /** The group of {@code pkg}, named by its first package name ({@code pkg} itself if it was never linked). */
    String group(String pkg) { return first.getOrDefault(root("p " + pkg), pkg); }

    /** The part of the split {@code pkg}'s group goes to, by {@code seed}: 80 % train, 10 % validation, 10 % test. */
    DebianDescriptions.Part part(String pkg, long seed) {
        double u = uniform(group(pkg), seed);
        return u < DebianDescriptions.TRAIN_FRACTION ? DebianDescriptions.Part.TRAIN
                : u < DebianDescriptions.TRAIN_FRACTION + DebianDescriptions.VALIDATION_FRACTION ? DebianDescriptions.Part.VALIDATION
                : DebianDescriptions.Part.TEST;
    }

    /** A number in [0, 1) from {@code key} and {@code seed}: FNV-1a over the UTF-8 bytes, then SplitMix64's finaliser. */
    static double uniform(String key, long seed) {
        long h = 0xcbf29ce484222325L ^ (seed * 0x9E3779B97F4A7C15L);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    private String root(String node) {
        String r = node;
        for (String p; (p = parent.get(r)) != null; ) r = p;
        for (String n = node, p; !n.equals(r); n = p) {       // path compression
            p = parent.get(n);
            parent.put(n, r);
        }
        return r;
    }
}
