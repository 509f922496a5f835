package dev.cerulean.bench.automl;

import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.data.TableStep;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classification and regression tables of the shared data folder (see its README), their targets and
 * the seeded 80/20 split every AutoML benchmark (ours and H2O's) uses.
 */
public final class BenchData {
    /** Seed of the 80/20 split. */
    public static final long SPLIT_SEED = 20_240_601L;

    private BenchData() {
    }

    /**
     * A benchmark dataset.
     *
     * @param name   short name
     * @param file   file in the data folder
     * @param target target column
     * @param task   {@code classification} or {@code regression}
     * @param note   how the table was prepared
     */
    public record Dataset(String name, String file, String target, String task, String note) {
        /** Whether the target has two classes (AUC is then the reported metric). */
        public boolean binary() {
            return List.of("adult", "telco_churn", "sk_breast_cancer", "flights").contains(name);
        }

        /** The metric reported: AUC_weighted (binary), accuracy (multiclass), normalized RMSE (regression). */
        public String metric() {
            return task.equals("regression") ? "normalized_root_mean_squared_error" : binary() ? "AUC_weighted" : "accuracy";
        }
    }

    /** Every dataset, in the README's order. */
    public static final List<Dataset> ALL = List.of(
            new Dataset("adult", "adult.csv", "income", "classification", ""),
            new Dataset("telco_churn", "telco_churn.csv", "churn", "classification", ""),
            new Dataset("sk_breast_cancer", "sk_breast_cancer.csv", "target", "classification", ""),
            new Dataset("flights", "flights_3m.csv.gz", "delayed", "classification",
                    "a seeded 6.67% sample (about 200,000 of 3 million rows); target delayed = delay > 15 minutes; delay dropped"),
            new Dataset("sk_iris", "sk_iris.csv", "target", "classification", ""),
            new Dataset("sk_wine", "sk_wine.csv", "target", "classification", ""),
            new Dataset("sk_digits", "sk_digits.csv", "target", "classification", ""),
            new Dataset("penguins", "penguins.csv", "species", "classification", ""),
            new Dataset("sk_diabetes", "sk_diabetes.csv", "target", "regression", ""),
            new Dataset("vega_cars", "vega_cars.csv", "Miles_per_Gallon", "regression", "8 rows without a target dropped"),
            new Dataset("concrete", "concrete.csv", "compressive_strength", "regression", ""),
            new Dataset("ames_housing", "ames_housing.csv", "Sale_Price", "regression", ""));

    /**
     * The data folder: the system property {@code cerulean.data}, else {@code shared/data} beside the
     * repository (the folder holding {@code samples/data}, found from the working directory up).
     */
    public static Path dataDir() {
        String given = System.getProperty("cerulean.data");
        if (given != null) {
            return Path.of(given);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.isDirectory(p.resolve("samples/data"))) {
                return p.resolveSibling("shared").resolve("data");
            }
        }
        throw new IllegalStateException("run from inside the repository, or set -Dcerulean.data=FOLDER");
    }

    /** Loads a dataset ready for training: the target present in every row. */
    public static Frame load(Dataset d) {
        Path file = dataDir().resolve(d.file());
        if (!Files.exists(file)) {
            throw new IllegalStateException("no data file " + file + " (set -Dcerulean.data)");
        }
        if (d.name().equals("flights")) {
            TableSource s = TableSource.of(file).withSteps(List.of(new TableStep.Sample(200_000 / 3_000_000.0, 42)));
            Frame f = FrameReader.read(s);
            NumericColumn delay = (NumericColumn) f.column("delay");
            String[] y = new String[f.rowCount()];
            for (int i = 0; i < y.length; i++) {
                y[i] = delay.value(i) > 15 ? "delayed" : "on_time";
            }
            return f.drop(List.of("delay")).with(StringColumn.categorical("delayed", y));
        }
        Frame f = FrameReader.read(TableSource.of(file));
        FrameColumn t = f.column(d.target());
        if (t.missingCount() > 0) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                if (!t.isMissing(i)) {
                    keep.add(i);
                }
            }
            f = f.take(keep.stream().mapToInt(Integer::intValue).toArray());
        }
        return f;
    }

    /** The seeded 80/20 split, stratified by class for classification: {train rows, test rows}. */
    public static Fold split(Dataset d, Frame f) {
        int[] labels = null;
        if (d.task().equals("classification")) {
            FrameColumn t = f.column(d.target());
            Map<String, Integer> codes = new TreeMap<>();
            labels = new int[f.rowCount()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = codes.computeIfAbsent(String.valueOf(t.get(i)), k -> codes.size());
            }
        }
        return Splits.trainValidation(f.rowCount(), 0.2, labels, SPLIT_SEED);
    }

    /**
     * The folder the split tables are written to for the H2O peer ({@code cerulean.bench.splits}, default
     * {@code target/automl-splits}).
     */
    public static Path splitDir() {
        return Path.of(System.getProperty("cerulean.bench.splits", "target/automl-splits"));
    }

    /** Writes the split as {@code <name>-train.csv} and {@code <name>-test.csv} (header, empty fields for missing). */
    public static void exportSplit(Dataset d, Frame train, Frame test) {
        try {
            Files.createDirectories(splitDir());
            writeCsv(train, splitDir().resolve(d.name() + "-train.csv"));
            writeCsv(test, splitDir().resolve(d.name() + "-test.csv"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes a frame as CSV: a header, strings quoted, an empty field for a missing value. */
    public static void writeCsv(Frame f, Path file) throws IOException {
        try (var w = Files.newBufferedWriter(file)) {
            List<FrameColumn> cols = f.columns();
            for (int c = 0; c < cols.size(); c++) {
                w.write((c == 0 ? "" : ",") + quote(cols.get(c).name()));
            }
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < f.rowCount(); r++) {
                sb.setLength(0);
                for (int c = 0; c < cols.size(); c++) {
                    if (c > 0) {
                        sb.append(',');
                    }
                    FrameColumn col = cols.get(c);
                    Object v = col.get(r);
                    if (v == null) {
                        continue;
                    }
                    if (v instanceof Double x) {
                        sb.append(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString(x.longValue()) : Double.toString(x));
                    } else if (v instanceof java.time.Instant t) {
                        sb.append(java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC).format(
                                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
                    } else {
                        sb.append(quote(v.toString()));
                    }
                }
                sb.append('\n');
                w.write(sb.toString());
            }
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** The load average line of {@code /proc/loadavg}. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unavailable";
        }
    }
}
