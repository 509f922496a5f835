package dev.cerulean.bench.ml;

import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shared pieces: finding the data and the results folder, a hand-prepared matrix, the report. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** The repository root: the nearest folder upwards with samples/data. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("samples/data"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("run from inside the repository (no samples/data found)");
    }

    /** Adult (48,842 rows), from the repository's samples. */
    static Frame adult() {
        return FrameReader.read(TableSource.of(root().resolve("samples/data/adult.csv")));
    }

    /** 0/1 labels for Adult's income (&gt;50K is 1), the order Training uses (sorted labels). */
    static double[] incomeLabels(Frame adult) {
        FrameColumn c = adult.column("income");
        double[] y = new double[adult.rowCount()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ">50K".equals(c.get(i)) ? 1 : 0;
        }
        return y;
    }

    /**
     * What a user of the raw library would write: numbers as they are, each categorical column as
     * integer codes in order of first appearance (missing as NaN), row-major.
     */
    record RawMatrix(double[] values, int rows, int cols, List<String> names, int[] categorical) {
        RawMatrix take(int[] idx) {
            double[] out = new double[idx.length * cols];
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(values, idx[i] * cols, out, i * cols, cols);
            }
            return new RawMatrix(out, idx.length, cols, names, categorical);
        }
    }

    static RawMatrix rawMatrix(Frame features) {
        int n = features.rowCount();
        int d = features.columnCount();
        double[] v = new double[n * d];
        List<Integer> cats = new ArrayList<>();
        List<FrameColumn> cols = features.columns();
        for (int j = 0; j < d; j++) {
            FrameColumn c = cols.get(j);
            if (c instanceof NumericColumn num) {
                for (int i = 0; i < n; i++) {
                    v[i * d + j] = num.value(i);
                }
            } else {
                cats.add(j);
                Map<String, Integer> codes = new HashMap<>();
                String[] s = ((StringColumn) c).values();
                for (int i = 0; i < n; i++) {
                    v[i * d + j] = s[i] == null ? Double.NaN : codes.computeIfAbsent(s[i], k -> codes.size());
                }
            }
        }
        return new RawMatrix(v, n, d, features.names(), cats.stream().mapToInt(Integer::intValue).toArray());
    }

    static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Writes {@code bench/results/<name>.md} with a header naming the machine, Java, date and command, and prints it. */
    static void report(String name, String title, String body) {
        String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
        String md = "# " + title + "\n\n"
                + "- machine: " + cores + " cores (`nproc` " + nproc() + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "\n"
                + "- load average at the end (shared machine; other jobs were running): " + loadAverage() + "\n"
                + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "- date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
                + "- command: `mvn -B -q -pl cerulean-bench -am compile exec:java -Dexec.skip -Dexec.mainClass=dev.cerulean.bench.ml."
                + name + "`\n\n" + body;
        System.out.println(md);
        try {
            Path dir = root().resolve("bench/results");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unavailable";
        }
    }

    private static String nproc() {
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }

    static String fmt(double v, int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
