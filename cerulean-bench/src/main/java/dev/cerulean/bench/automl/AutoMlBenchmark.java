package dev.cerulean.bench.automl;

import dev.cerulean.bench.Report;
import dev.cerulean.ml.automl.AutoMl;
import dev.cerulean.ml.automl.AutoMlLimits;
import dev.cerulean.ml.automl.AutoMlListener;
import dev.cerulean.ml.automl.AutoMlResult;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.automl.AutoMlTask;
import dev.cerulean.core.CancelToken;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.train.TrainResult;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import dev.cerulean.ml.validation.Fold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AutoML against the built-in LightGBM with default hyperparameters, on every classification and regression
 * table of the shared data folder: a seeded, stratified 80/20 split; both train on the 80% in the same run;
 * the held-out 20% is scored once with each. Reported: AUC_weighted for binary targets, accuracy for
 * multiclass, normalized RMSE for regression (r2 beside it). AutoML optimises that same metric.
 *
 * <p>Run: {@code bench/run automl [--budget-minutes 5] [--datasets adult,sk_iris] [--threads 2]}; writes
 * {@code bench/results/automl.md} and {@code bench/results/automl.csv} (read by the H2O peer benchmark).
 */
public final class AutoMlBenchmark {
    private AutoMlBenchmark() {
    }

    /** One dataset's outcome. */
    record Row(BenchData.Dataset d, int trainRows, int testRows, int columns, double lightgbm, double lightgbmR2,
            double lightgbmSeconds, double automl, double automlR2, double automlSeconds, String best, int trials, String stop) {
    }

    public static void main(String[] args) throws IOException {
        double budgetMinutes = 5;
        List<String> only = null;
        int threads = 2;
        boolean exportOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--budget-minutes" -> budgetMinutes = Double.parseDouble(args[++i]);
                case "--datasets" -> only = List.of(args[++i].split(","));
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--export-splits-only" -> exportOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --budget-minutes N, --datasets a,b, --threads N, --export-splits-only");
            }
        }
        if (exportOnly) {
            for (BenchData.Dataset d : BenchData.ALL) {
                if (only == null || only.contains(d.name())) {
                    Frame all = BenchData.load(d);
                    Fold split = BenchData.split(d, all);
                    BenchData.exportSplit(d, all.take(split.train()), all.take(split.test()));
                }
            }
            return;
        }
        List<Row> rows = new ArrayList<>();
        String loadStart = BenchData.loadAverage();
        for (BenchData.Dataset d : BenchData.ALL) {
            if (only != null && !only.contains(d.name())) {
                continue;
            }
            rows.add(run(d, budgetMinutes, threads));
            write(rows, budgetMinutes, threads, loadStart, false);
        }
        write(rows, budgetMinutes, threads, loadStart, true);
    }

    static Row run(BenchData.Dataset d, double budgetMinutes, int threads) {
        Frame all = BenchData.load(d);
        Fold split = BenchData.split(d, all);
        Frame train = all.take(split.train());
        Frame test = all.take(split.test());
        BenchData.exportSplit(d, train, test);
        System.err.printf(Locale.ROOT, "%s: %d train, %d test rows%n", d.name(), train.rowCount(), test.rowCount());

        long t0 = System.nanoTime();
        TrainResult lgbm = Training.train(TrainSpec.builder().frame(train).target(d.target()).algorithm("lightgbm")
                .task(d.task().equals("regression") ? Task.REGRESSION : null).cvFolds(0).seed(1).build());
        double lgbmSeconds = (System.nanoTime() - t0) / 1e9;
        double[] lgbmScores = score(lgbm.model(), test, d);
        lgbm.model().close();

        t0 = System.nanoTime();
        AutoMlSpec spec = AutoMlSpec.builder().task(AutoMlTask.parse(d.task())).primaryMetric(d.metric()).trainingData(train)
                .target(d.target()).limits(AutoMlLimits.DEFAULT.withTimeout(Duration.ofMillis((long) (budgetMinutes * 60_000))))
                .seed(1).threads(threads).build();
        AutoMlResult r = AutoMl.run(spec, new AutoMlListener() {
            @Override
            public void bestSoFar(BestSoFar e) {
                System.err.printf(Locale.ROOT, "  %s: best %s trial %d %s = %.5f%n", d.name(), e.algorithm(), e.trialId(), e.metric(),
                        e.value());
            }
        }, CancelToken.none());
        double automlSeconds = (System.nanoTime() - t0) / 1e9;
        double[] automlScores = score(r.bestModel(), test, d);
        String best = r.best().algorithm() + (r.best().learner().equals("ensemble") ? " (" + r.best().hyperparameters().size()
                + " entries)" : "");
        long trials = r.leaderboard().stream().filter(t -> !t.learner().equals("ensemble")).count();
        r.close();
        System.err.printf(Locale.ROOT, "  %s: LightGBM %.5f, AutoML %.5f (%s, %d trials, %.0f s)%n", d.name(), lgbmScores[0],
                automlScores[0], best, trials, automlSeconds);
        return new Row(d, train.rowCount(), test.rowCount(), train.columnCount() - 1, lgbmScores[0], lgbmScores[1], lgbmSeconds,
                automlScores[0], automlScores[1], automlSeconds, best, (int) trials, r.stopReason().name().toLowerCase(Locale.ROOT));
    }

    /** {reported metric, r2 (regression) or NaN} on the test rows. */
    static double[] score(Model m, Frame test, BenchData.Dataset d) {
        double[] pred = m.predict(test).raw();
        double[] y = new double[test.rowCount()];
        var t = test.column(d.target());
        for (int i = 0; i < y.length; i++) {
            y[i] = m.task() == Task.REGRESSION ? ((Number) t.get(i)).doubleValue() : m.classes().indexOf(label(t.get(i)));
        }
        Map<String, Double> metrics = Metrics.compute(m.task(), y, pred, m.classes().size());
        return new double[] {metrics.get(d.metric()), m.task() == Task.REGRESSION ? metrics.get("r2_score") : Double.NaN};
    }

    private static String label(Object v) {
        if (v instanceof Double x && x == Math.rint(x)) {
            return Long.toString(x.longValue());
        }
        return String.valueOf(v);
    }

    static boolean better(Row r, double a, double b) {
        return r.d().task().equals("regression") ? a < b : a > b;
    }

    static void write(List<Row> rows, double budget, int threads, String loadStart, boolean done) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# AutoML vs the built-in LightGBM with default hyperparameters\n\n")
                .append("- machine: ").append(Report.machine()).append('\n')
                .append("- load average at the start: ").append(loadStart).append("; at the end: ").append(BenchData.loadAverage())
                .append(" (a shared 2-core machine: other jobs ran meanwhile)\n")
                .append("- budget: ").append(fmt(budget, 1)).append(" minutes of AutoML per dataset (`limits.timeout`), ")
                .append(threads).append(" threads; LightGBM defaults: 100 rounds, 31 leaves, lr 0.1, 1 thread\n")
                .append("- split: seeded (").append(BenchData.SPLIT_SEED).append(") 80/20, stratified by class for classification;")
                .append(" both train on the 80% and score the 20% once\n")
                .append("- metric on the held-out 20%: AUC_weighted (binary), accuracy (multiclass), normalized RMSE (regression,")
                .append(" lower is better; r2 in brackets); AutoML's primary_metric is set to the same metric\n")
                .append("- command: `bench/run automl --budget-minutes ").append(fmt(budget, 1)).append("`")
                .append(done ? "" : " (in progress)").append("\n\n")
                .append("| dataset | train rows | cols | metric | LightGBM default | AutoML | AutoML better? | AutoML's model | trials |")
                .append(" AutoML wall time |\n|---|---|---|---|---|---|---|---|---|---|\n");
        int better = 0;
        int worse = 0;
        for (Row r : rows) {
            boolean reg = r.d().task().equals("regression");
            boolean b = better(r, r.automl(), r.lightgbm());
            boolean w = better(r, r.lightgbm(), r.automl());
            better += b ? 1 : 0;
            worse += w ? 1 : 0;
            md.append("| ").append(r.d().name()).append(" | ").append(r.trainRows()).append(" | ").append(r.columns()).append(" | ")
                    .append(r.d().metric().equals("normalized_root_mean_squared_error") ? "NRMSE" : r.d().metric()).append(" | ")
                    .append(fmt(r.lightgbm(), 5)).append(reg ? " (" + fmt(r.lightgbmR2(), 4) + ")" : "").append(" | ")
                    .append(fmt(r.automl(), 5)).append(reg ? " (" + fmt(r.automlR2(), 4) + ")" : "").append(" | ")
                    .append(b ? "yes" : w ? "**no**" : "tie").append(" | ").append(r.best()).append(" | ").append(r.trials())
                    .append(" | ").append(fmt(r.automlSeconds(), 0)).append(" s |\n");
        }
        md.append("\nAutoML better on ").append(better).append(" of ").append(rows.size()).append(" datasets, worse on ").append(worse)
                .append(".\n");
        List<String> notes = new ArrayList<>();
        for (Row r : rows) {
            if (!r.d().note().isEmpty()) {
                notes.add("- " + r.d().name() + ": " + r.d().note());
            }
        }
        if (!notes.isEmpty()) {
            md.append("\nData notes:\n").append(String.join("\n", notes)).append('\n');
        }
        Report.write("automl", md.toString());
        StringBuilder csv = new StringBuilder("dataset,metric,train_rows,test_rows,lightgbm,automl,automl_seconds,best\n");
        for (Row r : rows) {
            csv.append(r.d().name()).append(',').append(r.d().metric()).append(',').append(r.trainRows()).append(',')
                    .append(r.testRows()).append(',').append(r.lightgbm()).append(',').append(r.automl()).append(',')
                    .append(fmt(r.automlSeconds(), 1)).append(',').append(r.best().replace(',', ';')).append('\n');
        }
        Path dir = Path.of(System.getProperty("cerulean.bench.results", "bench/results"));
        Files.writeString(dir.resolve("automl.csv"), csv.toString());
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
