package dev.cerulean.ml;

import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Shared fixtures: the sample tables shipped in the repository and seeded synthetic data. */
public final class TestData {
    private TestData() {
    }

    /** A file under samples/data, found from the module directory or the repository root. */
    public static Path sample(String name) {
        for (Path p : new Path[] {Path.of("../samples/data", name), Path.of("samples/data", name)}) {
            if (Files.exists(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("sample data " + name + " not found");
    }

    /** A sample table as a frame. */
    public static Frame frame(String name) {
        return FrameReader.read(TableSource.of(sample(name)));
    }

    /** The first {@code rows} rows of a sample table. */
    public static Frame frame(String name, long rows) {
        return FrameReader.read(TableSource.of(sample(name)), new FrameReader.Options(null, null, rows));
    }

    /**
     * A seeded binary problem: y = 1 when 1.5 x0 - x1 + 0.5 x2 + noise &gt; 0; x3, x4 are noise.
     *
     * @return row-major x (n × 5) followed by labels, as {x, y}
     */
    public static double[][] binary(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * 5];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = r.nextDouble() * 2 - 1;
            }
            double s = 1.5 * x[i * 5] - x[i * 5 + 1] + 0.5 * x[i * 5 + 2] + 0.3 * (r.nextDouble() - 0.5);
            y[i] = s > 0 ? 1 : 0;
        }
        return new double[][] {x, y};
    }

    /** A binary table whose target is spelled {@code pos}/{@code neg}, with a Yes/No input and a zip code with leading zeros. */
    public static Path labelled(Path dir, String pos, String neg) throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        StringBuilder sb = new StringBuilder("x,member,zip,answer\n");
        for (int i = 0; i < 240; i++) {
            double x = rnd.nextDouble() * 2 - 1;
            boolean positive = x + 0.2 * (rnd.nextDouble() - 0.5) > 0;
            String member = positive == rnd.nextDouble() < 0.8 ? "Yes" : "No";
            sb.append(x).append(',').append(member).append(',').append(i % 3 == 0 ? "00123" : "04567").append(',')
                    .append(positive ? pos : neg).append('\n');
        }
        Path f = dir.resolve("labels-" + pos + ".csv");
        Files.writeString(f, sb);
        return f;
    }
}
