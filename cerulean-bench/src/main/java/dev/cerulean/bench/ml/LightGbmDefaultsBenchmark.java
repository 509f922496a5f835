package dev.cerulean.bench.ml;

import dev.cerulean.bench.automl.BenchData;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.learn.LightGbmParams;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.MetricNames;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.train.TrainResult;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in {@code lightgbm} trainer with its defaults against scikit-learn's HistGradientBoosting with
 * its defaults, on the classification and regression tables of the shared data folder: repeated k-fold
 * cross-validation (stratified for classification), the same folds for every contender. Contenders: the
 * trainer with its current defaults ({@code {}}), with LightGBM's library defaults (the trainer's defaults
 * before they were chosen from the data: {@link LightGbmParams#LIBRARY_DEFAULTS}), and
 * {@code HistGradientBoostingClassifier/Regressor()} run by Debian's python3-sklearn through
 * {@code bench/sklearn_hgb.py}. Cerulean trains each fold as {@code cerulean train} does (Training, no
 * inner cross-validation); scikit-learn's predictions are read back and scored by Cerulean's metrics, so
 * one piece of code measures both.
 *
 * <p>Run: {@code bench/run lightgbm-defaults [--datasets a,b] [--repeats 3] [--folds 5] [--no-adult-full]
 * [--config name=key:value,key:value ...]}. Extra {@code --config}s are further contenders (for exploring
 * defaults). Writes {@code bench/results/LightGbmDefaultsBenchmark.md}.
 */
public final class LightGbmDefaultsBenchmark {
    private static final long SEED = 42;
    /** Rows of the Adult subsample in the small-table comparison. */
    private static final int ADULT_SAMPLE = 5_000;
    private static final String PYTHON = System.getProperty("cerulean.python", "/usr/bin/python3");

    private LightGbmDefaultsBenchmark() {
    }

    /** A contender trained by Cerulean: hyperparameters as a user would give them. */
    record Config(String name, Map<String, Object> hyperparameters) {
    }

    /** Per-fold values of the two reported metrics, per contender. */
    record Scores(List<double[]> primary, List<double[]> secondary, double[] seconds) {
    }

    /** A dataset's outcome. */
    record Row(String name, int rows, int columns, Task task, int folds, String primary, String secondary,
            Map<String, double[]> primaryByContender, Map<String, double[]> secondaryByContender, Map<String, Double> seconds) {
    }

    public static void main(String[] args) throws Exception {
        List<String> only = null;
        int repeats = 3;
        int k = 5;
        boolean adultFull = true;
        List<Config> configs = new ArrayList<>();
        configs.add(new Config("new defaults", Map.of()));
        configs.add(new Config("old defaults", LightGbmParams.LIBRARY_DEFAULTS));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--datasets" -> only = List.of(args[++i].split(","));
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--folds" -> k = Integer.parseInt(args[++i]);
                case "--no-adult-full" -> adultFull = false;
                case "--config" -> configs.add(parseConfig(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --datasets a,b,"
                        + " --repeats N, --folds K, --no-adult-full, --config name=key:value,...");
            }
        }
        List<Row> small = new ArrayList<>();
        for (BenchData.Dataset d : BenchData.ALL) {
            if (d.name().equals("flights") || only != null && !only.contains(d.name()) && !only.contains(label(d))) {
                continue;
            }
            Frame f = BenchData.load(d);
            if (d.name().equals("adult")) {
                f = f.take(Splits.permutation(f.rowCount(), SEED));
                f = f.take(java.util.Arrays.copyOf(range(f.rowCount()), ADULT_SAMPLE));
            }
            small.add(run(label(d), d, f, configs, repeats, k));
        }
        Row full = null;
        if (adultFull && (only == null || only.contains("adult_full"))) {
            BenchData.Dataset adult = BenchData.ALL.get(0);
            full = run("adult (full)", adult, BenchData.load(adult), configs, 1, k);
        }
        BenchSupport.report("LightGbmDefaultsBenchmark", "LightGBM defaults against scikit-learn's HistGradientBoosting defaults",
                markdown(small, full, configs, repeats, k));
    }

    private static String label(BenchData.Dataset d) {
        return d.name().equals("adult") ? "adult_5k" : d.name();
    }

    static Config parseConfig(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--config takes name=key:value,key:value, got " + text);
        }
        Map<String, Object> hp = new LinkedHashMap<>();
        String rest = text.substring(eq + 1);
        if (!rest.isBlank()) {
            for (String kv : rest.split(",")) {
                String[] p = kv.split(":", 2);
                hp.put(p[0].strip(), p[1].strip());
            }
        }
        return new Config(text.substring(0, eq), hp);
    }

    private static Row run(String name, BenchData.Dataset d, Frame frame, List<Config> configs, int repeats, int k)
            throws IOException, InterruptedException {
        Training.EncodedTarget t = Training.encodeTarget(frame.column(d.target()), null, TrainSpec.DEFAULT_MAX_CLASSES);
        Task task = t.task();
        int classes = task.isClassification() ? t.classes().size() : 0;
        List<Fold> folds = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            folds.addAll(task.isClassification() ? Splits.stratifiedKFold(ints(t.y()), k, SEED + r)
                    : Splits.kFold(frame.rowCount(), k, SEED + r));
        }
        String primary = task == Task.BINARY ? MetricNames.AUC_WEIGHTED : task == Task.MULTICLASS ? MetricNames.ACCURACY
                : MetricNames.RMSE;
        String secondary = task.isClassification() ? MetricNames.LOG_LOSS : MetricNames.R2;
        Map<String, double[]> p1 = new LinkedHashMap<>();
        Map<String, double[]> p2 = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();

        for (Config c : configs) {
            double[] a = new double[folds.size()];
            double[] b = new double[folds.size()];
            long t0 = System.nanoTime();
            for (int fi = 0; fi < folds.size(); fi++) {
                Fold fold = folds.get(fi);
                TrainResult res = Training.train(TrainSpec.builder().frame(frame.take(fold.train())).target(d.target())
                        .task(task).algorithm("lightgbm").hyperparameters(c.hyperparameters()).seed(SEED).cvFolds(0)
                        .threads(1).build());
                try (CeruleanModel m = res.model()) {
                    Predictions p = m.predict(frame.take(fold.test()));
                    Map<String, Double> metrics = Metrics.compute(task, pick(t.y(), fold.test()), values(p, classes), classes);
                    a[fi] = metrics.get(primary);
                    b[fi] = metrics.get(secondary);
                }
            }
            seconds.put(c.name(), (System.nanoTime() - t0) / 1e9);
            p1.put(c.name(), a);
            p2.put(c.name(), b);
            System.err.printf(Locale.ROOT, "%s %s: %s %.5f, %s %.5f%n", name, c.name(), primary, mean(a), secondary, mean(b));
        }

        long t0 = System.nanoTime();
        double[][] hgb = sklearn(frame, d.target(), t, folds, classes);
        seconds.put("sklearn", (System.nanoTime() - t0) / 1e9);
        double[] a = new double[folds.size()];
        double[] b = new double[folds.size()];
        for (int fi = 0; fi < folds.size(); fi++) {
            Map<String, Double> metrics = Metrics.compute(task, pick(t.y(), folds.get(fi).test()), hgb[fi], classes);
            a[fi] = metrics.get(primary);
            b[fi] = metrics.get(secondary);
        }
        p1.put("sklearn", a);
        p2.put("sklearn", b);
        System.err.printf(Locale.ROOT, "%s sklearn: %s %.5f, %s %.5f%n", name, primary, mean(a), secondary, mean(b));
        return new Row(name, frame.rowCount(), frame.columnCount() - 1, task, folds.size(), primary, secondary, p1, p2, seconds);
    }

    /** Writes the table and folds, runs {@code bench/sklearn_hgb.py}, and returns each fold's predictions (Cerulean's layout). */
    private static double[][] sklearn(Frame frame, String target, Training.EncodedTarget t, List<Fold> folds, int classes)
            throws IOException, InterruptedException {
        Path dir = BenchSupport.root().resolve("target/lightgbm-defaults");
        Files.createDirectories(dir);
        Frame data = frame.drop(List.of(target)).with(NumericColumn.of("__target__", t.y()));
        BenchData.writeCsv(data, dir.resolve("data.csv"));
        StringBuilder sb = new StringBuilder("fold,row\n");
        for (int fi = 0; fi < folds.size(); fi++) {
            for (int r : folds.get(fi).test()) {
                sb.append(fi).append(',').append(r).append('\n');
            }
        }
        Files.writeString(dir.resolve("folds.csv"), sb);
        Files.writeString(dir.resolve("task.txt"), t.task().name().toLowerCase(Locale.ROOT) + " " + classes + "\n");
        Files.deleteIfExists(dir.resolve("predictions.csv"));
        ProcessBuilder pb = new ProcessBuilder(PYTHON, BenchSupport.root().resolve("bench/sklearn_hgb.py").toString(),
                dir.toString(), Long.toString(SEED)).inheritIO();
        // One thread, as the Cerulean side: a fair and quieter neighbour on a shared machine.
        pb.environment().put("OMP_NUM_THREADS", "1");
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("bench/sklearn_hgb.py failed (exit " + rc + "); is python3-sklearn installed"
                    + " (apt-get install -y python3-sklearn)?");
        }
        int width = classes == 0 ? 1 : classes;
        double[][] out = new double[folds.size()][];
        Map<Integer, Integer>[] position = positions(folds);
        for (int fi = 0; fi < folds.size(); fi++) {
            out[fi] = new double[folds.get(fi).test().length * width];
        }
        List<String> lines = Files.readAllLines(dir.resolve("predictions.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] s = line.split(",");
            int fi = Integer.parseInt(s[0]);
            int at = position[fi].get(Integer.parseInt(s[1]));
            for (int j = 0; j < width; j++) {
                out[fi][at * width + j] = Double.parseDouble(s[2 + j]);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Integer>[] positions(List<Fold> folds) {
        Map<Integer, Integer>[] m = new Map[folds.size()];
        for (int fi = 0; fi < folds.size(); fi++) {
            m[fi] = new java.util.HashMap<>();
            int[] test = folds.get(fi).test();
            for (int i = 0; i < test.length; i++) {
                m[fi].put(test[i], i);
            }
        }
        return m;
    }

    private static double[] values(Predictions p, int classes) {
        if (classes == 0) {
            double[] v = new double[p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.value(i);
            }
            return v;
        }
        double[] v = new double[p.size() * classes];
        for (int i = 0; i < p.size(); i++) {
            for (int c = 0; c < classes; c++) {
                v[i * classes + c] = p.probability(i, c);
            }
        }
        return v;
    }

    private static String markdown(List<Row> small, Row full, List<Config> configs, int repeats, int k) {
        StringBuilder md = new StringBuilder();
        md.append("Each table: ").append(repeats).append(" × ").append(k)
                .append("-fold cross-validation (stratified for classification, seeds ").append(SEED).append("..")
                .append(SEED + repeats - 1).append("), the same folds for every contender. **new**: `lightgbm` with no")
                .append(" hyperparameters (`cerulean train --data X --target y`); **old**: LightGBM's library defaults, the")
                .append(" trainer's defaults before (`").append(libraryDefaults()).append("`); **HGB**: scikit-learn")
                .append(" `HistGradientBoostingClassifier/Regressor()` (Debian python3-sklearn, `bench/sklearn_hgb.py`).")
                .append(" Metrics by Cerulean's code on each fold's test rows, averaged over folds; ± is the standard")
                .append(" error of the paired per-fold difference. AUC and accuracy: higher is better; RMSE and log loss:")
                .append(" lower. Adult is a seeded ").append(ADULT_SAMPLE).append("-row sample here. Seconds: wall time of all")
                .append(" folds, one thread each, on a shared machine (other jobs were running).\n\n")
                .append("The new defaults (`LightGbmParams.resolve`): from ")
                .append(LightGbmParams.AUTO_STOPPING_MIN_ROWS_CLASSIFICATION).append(" training rows (classification) or ")
                .append(LightGbmParams.AUTO_STOPPING_MIN_ROWS_REGRESSION).append(" (regression), early stopping with patience ")
                .append(LightGbmParams.AUTO_PATIENCE).append(" under a cap of ").append(LightGbmParams.AUTO_MAX_ROUNDS)
                .append(" rounds, watching a seeded, stratified tenth of the fit's rows, then a refit on every row for the best")
                .append(" rounds scaled by the row ratio; below those sizes LightGBM's ").append(LightGbmParams.FIXED_ROUNDS)
                .append(" rounds. The other values are LightGBM's, as before.\n\n");
        md.append(table(small, configs, true));
        md.append(verdict(small));
        if (full != null) {
            md.append("\n### Large table: Adult, all 48,842 rows (1 × ").append(k).append(" folds)\n\n");
            md.append(table(List.of(full), configs, true));
        }
        return md.toString();
    }

    private static String table(List<Row> rows, List<Config> configs, boolean secondary) {
        StringBuilder md = new StringBuilder();
        md.append("| dataset | rows | task | metric | new | old | HGB |");
        for (Config c : configs.subList(2, configs.size())) {
            md.append(' ').append(c.name()).append(" |");
        }
        md.append(" new − HGB | new − old | new / HGB | seconds new / old / HGB |\n|---|---|---|---|---|---|---|");
        md.append("---|".repeat(configs.size() - 2)).append("---|---|---|---|\n");
        for (Row r : rows) {
            line(md, r, r.primary(), r.primaryByContender(), configs, true);
            if (secondary) {
                line(md, r, r.secondary(), r.secondaryByContender(), configs, false);
            }
        }
        return md.toString();
    }

    private static void line(StringBuilder md, Row r, String metric, Map<String, double[]> by, List<Config> configs, boolean first) {
        double[] n = by.get("new defaults");
        double[] o = by.get("old defaults");
        double[] h = by.get("sklearn");
        md.append("| ").append(first ? r.name() : "").append(" | ").append(first ? Integer.toString(r.rows()) : "").append(" | ")
                .append(first ? r.task().name().toLowerCase(Locale.ROOT) : "").append(" | ").append(short_(metric)).append(" | ")
                .append(fmt(mean(n))).append(" | ").append(fmt(mean(o))).append(" | ").append(fmt(mean(h))).append(" |");
        for (Config c : configs.subList(2, configs.size())) {
            md.append(' ').append(fmt(mean(by.get(c.name())))).append(" |");
        }
        md.append(' ').append(diff(n, h)).append(" | ").append(diff(n, o)).append(" | ")
                .append(String.format(Locale.ROOT, "%.3f", mean(n) / mean(h))).append(" | ");
        if (first) {
            md.append(String.format(Locale.ROOT, "%.1f / %.1f / %.1f", r.seconds().get("new defaults"),
                    r.seconds().get("old defaults"), r.seconds().get("sklearn")));
        }
        md.append(" |\n");
    }

    /** On how many tables the new defaults match or beat HGB and the old defaults, by the first metric's mean. */
    private static String verdict(List<Row> rows) {
        int newVsHgb = 0;
        int oldVsHgb = 0;
        int newVsOld = 0;
        List<String> behind = new ArrayList<>();
        for (Row r : rows) {
            double n = mean(r.primaryByContender().get("new defaults"));
            double h = mean(r.primaryByContender().get("sklearn"));
            double o = mean(r.primaryByContender().get("old defaults"));
            if (atLeast(r.primary(), n, h)) {
                newVsHgb++;
            } else {
                behind.add(r.name() + " (" + diff(r.primaryByContender().get("new defaults"), r.primaryByContender().get("sklearn"))
                        + ")");
            }
            oldVsHgb += atLeast(r.primary(), o, h) ? 1 : 0;
            newVsOld += atLeast(r.primary(), n, o) ? 1 : 0;
        }
        return "\nBy the first metric's mean: the new defaults match or beat HGB on **" + newVsHgb + " of " + rows.size()
                + "** tables" + (behind.isEmpty() ? "" : " (behind on " + String.join(", ", behind) + ")") + "; the old defaults did on "
                + oldVsHgb + " of " + rows.size() + "; the new defaults match or beat the old on " + newVsOld + " of " + rows.size()
                + ".\n";
    }

    private static boolean atLeast(String metric, double a, double b) {
        return MetricNames.higherIsBetter(metric) ? a >= b : a <= b;
    }

    /** LightGBM's library defaults in the order of the trainer's hyperparameter list. */
    private static String libraryDefaults() {
        List<String> parts = new ArrayList<>();
        for (var def : LightGbmParams.DEFS) {
            Object v = LightGbmParams.LIBRARY_DEFAULTS.get(def.name());
            if (v != null) {
                parts.add(def.name() + ": " + v);
            }
        }
        return String.join(", ", parts);
    }

    private static String short_(String metric) {
        return switch (metric) {
            case MetricNames.AUC_WEIGHTED -> "AUC";
            case MetricNames.RMSE -> "RMSE";
            case MetricNames.R2 -> "R2";
            case MetricNames.LOG_LOSS -> "log loss";
            default -> metric;
        };
    }

    private static String diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        double m = mean(d);
        double var = 0;
        for (double v : d) {
            var += (v - m) * (v - m);
        }
        double se = d.length > 1 ? Math.sqrt(var / (d.length - 1) / d.length) : 0;
        return Math.abs(m) >= 10 || se >= 10 ? String.format(Locale.ROOT, "%+.1f ± %.1f", m, se)
                : String.format(Locale.ROOT, "%+.4f ± %.4f", m, se);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] ints(double[] y) {
        int[] r = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = (int) y[i];
        }
        return r;
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
