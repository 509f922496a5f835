package dev.cerulean.core.spec;

import java.util.Collection;
import java.util.Locale;

/** Nearest-name suggestions for misspelt fields and values (Damerau–Levenshtein distance). */
public final class Suggest {
    private Suggest() {
    }

    /** The candidate closest to {@code word}, or null when none is close enough to be a likely typo. */
    public static String nearest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        int allowed = Math.max(2, Math.min(word.length(), best.length()) / 3);
        if (bestDistance <= allowed) {
            return best;
        }
        // An abbreviation ("desc" for "description") names the one candidate it begins.
        if (w.length() >= 3) {
            String only = null;
            for (String c : candidates) {
                if (c.toLowerCase(Locale.ROOT).startsWith(w)) {
                    if (only != null) {
                        return null;
                    }
                    only = c;
                }
            }
            return only;
        }
        return null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
