package dev.cerulean.ml.frame;

import java.util.HashSet;
import java.util.Set;

/**
 * The heuristic that tells free text from categorical labels in a string column: text has long values
 * made of several words, most of them distinct. Override it per column with {@link
 * FrameReader.Options#kinds()} or {@link Frame#withKinds}.
 */
public final class KindGuess {
    /** Mean words per value at or above which a mostly-distinct column is text. */
    public static final double TEXT_MIN_MEAN_WORDS = 3.0;
    /** Share of distinct values at or above which a wordy column is text. */
    public static final double TEXT_MIN_DISTINCT_RATIO = 0.3;
    /** Mean length (characters) at or above which a column is text regardless of distinctness. */
    public static final double TEXT_MIN_MEAN_LENGTH = 50.0;

    private KindGuess() {
    }

    private static int wordCount(String v) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < v.length(); i++) {
            boolean space = Character.isWhitespace(v.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /**
     * TEXT when the non-missing values average at least {@value #TEXT_MIN_MEAN_LENGTH} characters, or
     * at least {@value #TEXT_MIN_MEAN_WORDS} words with at least {@value #TEXT_MIN_DISTINCT_RATIO} of
     * them distinct; CATEGORICAL otherwise (also when all are missing).
     */
    public static ColumnKind forStrings(String[] values) {
        long chars = 0;
        long words = 0;
        int n = 0;
        Set<String> distinct = new HashSet<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            n++;
            chars += v.length();
            words += wordCount(v);
            if (distinct.size() <= values.length) {
                distinct.add(v);
            }
        }
        if (n == 0) {
            return ColumnKind.CATEGORICAL;
        }
        double meanLength = (double) chars / n;
        double meanWords = (double) words / n;
        double distinctRatio = (double) distinct.size() / n;
        if (meanLength >= TEXT_MIN_MEAN_LENGTH || meanWords >= TEXT_MIN_MEAN_WORDS && distinctRatio >= TEXT_MIN_DISTINCT_RATIO) {
            return ColumnKind.TEXT;
        }
        return ColumnKind.CATEGORICAL;
    }
}
