package dev.cerulean.bench.h2o;

import ai.h2o.automl.AutoML;
import ai.h2o.automl.AutoMLBuildSpec;
import hex.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import water.DKV;
import water.H2O;
import water.Key;
import water.fvec.Frame;
import water.fvec.NFSFileVec;
import water.fvec.Vec;
import water.parser.ParseDataset;

/**
 * H2O-3's AutoML (LeDell and Poirier, "H2O AutoML: Scalable Automatic Machine Learning", AutoML Workshop at
 * ICML 2020) on the same splits and budget as Cerulean's AutoML benchmark: it reads the train/test tables
 * {@code AutoMlBenchmark} wrote ({@code target/automl-splits}), runs H2O AutoML with {@code max_runtime_secs}
 * equal to the budget and the same seed, scores the leader once on the test table, and writes
 * {@code bench/results/automl-h2o.md} with Cerulean's numbers (from {@code bench/results/automl.csv}) beside
 * H2O's. H2O sorts its leaderboard by AUC (binary), mean per-class error (multiclass) and RMSE (regression),
 * the metrics closest to the ones reported. It runs in one JVM with {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 * and an {@code -ice_root} under {@code target/} (see {@code bench/run automl-h2o}).
 */
public final class H2oAutoMlBenchmark {
    private H2oAutoMlBenchmark() {
    }

    /** Cerulean's row of {@code automl.csv}. */
    record Ours(String dataset, String metric, double lightgbm, double automl, double seconds, String best) {
    }

    public static void main(String[] args) throws Exception {
        double budgetMinutes = 5;
        List<String> only = null;
        int threads = 2;
        Path splits = Path.of("target/automl-splits");
        Path results = Path.of(System.getProperty("cerulean.bench.results", "bench/results"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--budget-minutes" -> budgetMinutes = Double.parseDouble(args[++i]);
                case "--datasets" -> only = List.of(args[++i].split(","));
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--splits" -> splits = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --budget-minutes N, --datasets a,b, --threads N, --splits DIR");
            }
        }
        Map<String, Ours> ours = readOurs(results.resolve("automl.csv"));
        Path ice = Files.createDirectories(Path.of("target/h2o-ice"));
        water.H2OStarter.start(new String[] {"-name", "cerulean-bench-h2o", "-ip", "127.0.0.1", "-port", "54321", "-ice_root",
            ice.toAbsolutePath().toString(), "-nthreads", Integer.toString(threads), "-log_level", "WARN"}, false);
        H2O.waitForCloudSize(1, 60_000);
        String loadStart = loadAverage();
        List<String> rows = new ArrayList<>();
        int beatH2o = 0;
        int lostToH2o = 0;
        for (Map.Entry<String, String[]> d : DATASETS.entrySet()) {
            String name = d.getKey();
            if (only != null && !only.contains(name)) {
                continue;
            }
            Path train = splits.resolve(name + "-train.csv");
            Path test = splits.resolve(name + "-test.csv");
            if (!Files.exists(train) || !Files.exists(test)) {
                rows.add("| " + name + " | | | not run: no split tables in " + splits + " (run AutoMlBenchmark first) | | |");
                continue;
            }
            String target = d.getValue()[0];
            String task = d.getValue()[1];
            String metric = d.getValue()[2];
            long t0 = System.nanoTime();
            String leader;
            double score;
            try {
                Frame tr = parse(train, "train_" + name, target, task);
                Frame te = parse(test, "test_" + name, target, task);
                AutoMLBuildSpec spec = new AutoMLBuildSpec();
                spec.input_spec.training_frame = tr._key;
                spec.input_spec.response_column = target;
                spec.input_spec.sort_metric = metric.equals("AUC_weighted") ? "AUC" : metric.equals("accuracy")
                        ? "mean_per_class_error" : "RMSE";
                spec.build_control.project_name = "bench_" + name;
                spec.build_control.stopping_criteria.set_max_runtime_secs(budgetMinutes * 60);
                spec.build_control.stopping_criteria.set_seed(1);
                AutoML aml = AutoML.startAutoML(spec);
                aml.get();
                Model<?, ?, ?> best = aml.leader();
                leader = best._parms.algoName() + " (" + best._key + ")";
                Frame pred = best.score(te);
                score = score(te, pred, target, metric);
                pred.remove();
            } catch (RuntimeException e) {
                rows.add("| " + name + " | | | failed: " + e.toString().replace('|', '/') + " | | |");
                System.err.println(name + " failed: " + e);
                continue;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Ours o = ours.get(name);
            String oursText = o == null ? "—" : fmt(o.automl(), 5);
            String verdict = "—";
            if (o != null) {
                boolean lower = metric.equals("normalized_root_mean_squared_error");
                boolean better = lower ? o.automl() < score : o.automl() > score;
                boolean worse = lower ? o.automl() > score : o.automl() < score;
                verdict = better ? "Cerulean" : worse ? "**H2O**" : "tie";
                beatH2o += better ? 1 : 0;
                lostToH2o += worse ? 1 : 0;
            }
            rows.add("| " + name + " | " + (metric.equals("normalized_root_mean_squared_error") ? "NRMSE" : metric) + " | "
                    + (o == null ? "—" : fmt(o.lightgbm(), 5)) + " | " + oursText + " | " + fmt(score, 5) + " | " + verdict + " | "
                    + leader.replace('|', '/') + " | " + fmt(seconds, 0) + " s" + (o == null ? "" : " / " + fmt(o.seconds(), 0) + " s")
                    + " |");
            System.err.printf(Locale.ROOT, "%s: H2O %.5f (%s, %.0f s), Cerulean %s%n", name, score, leader, seconds, oursText);
            write(results, rows, budgetMinutes, threads, loadStart, beatH2o, lostToH2o, false);
        }
        write(results, rows, budgetMinutes, threads, loadStart, beatH2o, lostToH2o, true);
        H2O.orderlyShutdown(10_000);
        System.exit(0);
    }

    /** name to {target, task, reported metric}, as in Cerulean's BenchData. */
    static final Map<String, String[]> DATASETS = new LinkedHashMap<>();

    static {
        DATASETS.put("adult", new String[] {"income", "classification", "AUC_weighted"});
        DATASETS.put("telco_churn", new String[] {"churn", "classification", "AUC_weighted"});
        DATASETS.put("sk_breast_cancer", new String[] {"target", "classification", "AUC_weighted"});
        DATASETS.put("flights", new String[] {"delayed", "classification", "AUC_weighted"});
        DATASETS.put("sk_iris", new String[] {"target", "classification", "accuracy"});
        DATASETS.put("sk_wine", new String[] {"target", "classification", "accuracy"});
        DATASETS.put("sk_digits", new String[] {"target", "classification", "accuracy"});
        DATASETS.put("penguins", new String[] {"species", "classification", "accuracy"});
        DATASETS.put("sk_diabetes", new String[] {"target", "regression", "normalized_root_mean_squared_error"});
        DATASETS.put("vega_cars", new String[] {"Miles_per_Gallon", "regression", "normalized_root_mean_squared_error"});
        DATASETS.put("concrete", new String[] {"compressive_strength", "regression", "normalized_root_mean_squared_error"});
        DATASETS.put("ames_housing", new String[] {"Sale_Price", "regression", "normalized_root_mean_squared_error"});
    }

    static Frame parse(Path csv, String key, String target, String task) {
        NFSFileVec nfs = NFSFileVec.make(csv.toFile().getAbsoluteFile());
        Frame f = ParseDataset.parse(Key.make(key), nfs._key);
        int idx = f.find(target);
        if (idx < 0) {
            throw new IllegalStateException(csv + " has no column " + target);
        }
        if (task.equals("classification") && !f.vec(idx).isCategorical()) {
            Vec old = f.replace(idx, f.vec(idx).toCategoricalVec());
            old.remove();
            DKV.put(f);
        }
        return f;
    }

    /** The reported metric of the leader's predictions on the test frame. */
    static double score(Frame test, Frame pred, String target, String metric) {
        Vec y = test.vec(target);
        int n = (int) test.numRows();
        if (metric.equals("normalized_root_mean_squared_error")) {
            double se = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double a = y.at(i);
                double e = a - pred.vec(0).at(i);
                se += e * e;
                min = Math.min(min, a);
                max = Math.max(max, a);
            }
            return Math.sqrt(se / n) / (max - min);
        }
        String[] truth = y.domain();
        String[] predDomain = pred.vec(0).domain();
        if (metric.equals("accuracy")) {
            int correct = 0;
            for (int i = 0; i < n; i++) {
                if (truth[(int) y.at8(i)].equals(predDomain[(int) pred.vec(0).at8(i)])) {
                    correct++;
                }
            }
            return correct / (double) n;
        }
        // Binary AUC: the probability of the second predicted level against being that level (Mann-Whitney).
        String positive = predDomain[1];
        double[] s = new double[n];
        boolean[] pos = new boolean[n];
        int p = 0;
        for (int i = 0; i < n; i++) {
            s[i] = pred.vec(2).at(i);
            pos[i] = truth[(int) y.at8(i)].equals(positive);
            p += pos[i] ? 1 : 0;
        }
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (pos[i]) {
                int lo = lower(sorted, s[i]);
                int hi = upper(sorted, s[i]);
                rankSum += (lo + 1 + hi) / 2.0;
            }
        }
        return (rankSum - p * (p + 1) / 2.0) / ((double) p * (n - p));
    }

    private static int lower(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upper(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static Map<String, Ours> readOurs(Path csv) throws IOException {
        Map<String, Ours> out = new LinkedHashMap<>();
        if (!Files.exists(csv)) {
            return out;
        }
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            out.put(f[0], new Ours(f[0], f[1], Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), f[7]));
        }
        return out;
    }

    static void write(Path dir, List<String> rows, double budget, int threads, String loadStart, int beat, int lost, boolean done)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# AutoML: Cerulean against H2O-3 AutoML 3.44.0.1 at the same budget\n\n")
                .append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(", ").append(LocalDate.now()).append('\n')
                .append("- load average at the start: ").append(loadStart).append("; at the end: ").append(loadAverage())
                .append(" (a shared 2-core machine: other jobs ran meanwhile)\n")
                .append("- budget: ").append(fmt(budget, 1)).append(" minutes per dataset for each system (H2O: `max_runtime_secs`,")
                .append(" Cerulean: `limits.timeout`), ").append(threads).append(" threads each, seed 1, run one after the other\n")
                .append("- data: the same seeded 80/20 split tables (`AutoMlBenchmark` writes them); metric on the held-out 20% as in")
                .append(" `automl.md`: AUC_weighted (binary), accuracy (multiclass), normalized RMSE (regression, lower is better)\n")
                .append("- command: `bench/run automl --budget-minutes ").append(fmt(budget, 1)).append("`, then `bench/run automl-h2o")
                .append(" --budget-minutes ").append(fmt(budget, 1)).append("`").append(done ? "" : " (in progress)").append("\n\n")
                .append("| dataset | metric | LightGBM default | Cerulean AutoML | H2O AutoML | better | H2O's leader |")
                .append(" wall time H2O / Cerulean |\n|---|---|---|---|---|---|---|---|\n");
        for (String r : rows) {
            md.append(r).append('\n');
        }
        md.append("\nCerulean better on ").append(beat).append(", H2O better on ").append(lost).append(".\n");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("automl-h2o.md"), md.toString());
        System.out.println(md);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unavailable";
        }
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
