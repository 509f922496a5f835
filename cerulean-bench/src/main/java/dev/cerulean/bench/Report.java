package dev.cerulean.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;

/** Timing statistics and the Markdown a benchmark writes to {@code bench/results/<name>.md}. */
public final class Report {
    private Report() {
    }

    /** Median of a sample. */
    public static double median(double[] xs) {
        return quantile(xs, 0.5);
    }

    /** Linear-interpolated quantile of a sample. */
    public static double quantile(double[] xs, double q) {
        double[] s = xs.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    /** The machine line every result file starts with. */
    public static String machine() {
        return String.format(Locale.ROOT, "%d cores, Java %s (%s), %s %s, %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vendor"), System.getProperty("os.name"),
                System.getProperty("os.arch"), LocalDate.now());
    }

    /** Writes a result file and echoes it. */
    public static void write(String name, String markdown) throws IOException {
        Path dir = Path.of(System.getProperty("cerulean.bench.results", "bench/results"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".md"), markdown);
        System.out.println(markdown);
    }

    public static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }
}
